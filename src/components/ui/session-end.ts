/**
 * The warning before a session ends without use (WCAG 2.2.1): two minutes before, the page asks
 * the server how long the session really has left (another tab may have used it meanwhile) and
 * then opens the layout's dialog with "Angemeldet bleiben". Once the session has ended, the
 * dialog says so and how to keep what the page holds: sign in in another tab, come back, send.
 * Asking does not lengthen the session; only "Angemeldet bleiben" (or any page view) does.
 * Closing the warning without an answer (Escape) brings no second warning, only the notice
 * once the session has ended.
 * The dialog and its texts are rendered by layouts/Portal.astro, only for sessions that can end
 * within the day.
 */

/** Time to decide, well above the 20 seconds WCAG asks for. */
const WARN_BEFORE_MS = 2 * 60 * 1000;
const CHECK_EVERY_MS = 10 * 1000;

type Shown = 'warning' | 'final' | 'ended';
interface TimeLeft {
	seconds: number;
	extendable: boolean;
}

export function warnBeforeSessionEnds(doc: Document): void {
	const dialog = doc.querySelector<HTMLDialogElement>('dialog#sitzungsende');
	if (!dialog) return;
	const statusUrl = dialog.dataset['statusUrl']!;
	// The computer's clock, counting only from what the server said: the two may differ. Not
	// performance.now(), which stands still while a laptop sleeps (the session does not).
	let deadline = Date.now() + Number(dialog.dataset['secondsLeft']) * 1000;
	let shown: Shown | null = null;
	let asking = false;

	async function ask(extend: boolean): Promise<TimeLeft> {
		const response = await fetch(extend ? `${statusUrl}?verlaengern` : statusUrl, { cache: 'no-store', credentials: 'same-origin' });
		if (!response.ok) throw new Error(`Status ${response.status}`);
		const left = (await response.json()) as TimeLeft;
		deadline = Date.now() + left.seconds * 1000;
		return left;
	}

	function show(state: Shown, left: TimeLeft): void {
		const endsAt = new Date(Date.now() + left.seconds * 1000).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit' });
		for (const time of dialog!.querySelectorAll('[data-ends-at]')) time.textContent = endsAt;
		for (const part of dialog!.querySelectorAll<HTMLElement>('[data-state]')) part.hidden = part.dataset['state'] !== state;
		dialog!.querySelector('h2')!.textContent = state === 'ended' ? 'Ihre Anmeldung ist abgelaufen' : 'Ihre Anmeldung endet bald';
		const changed = dialog!.open && shown !== state;
		shown = state;
		if (!dialog!.open) dialog!.showModal();
		// Opened, the dialog puts the focus on its first control; changed while open, the button that
		// had it may be hidden now: the new text's first control takes it, and a screen reader reads from there.
		else if (changed) dialog!.querySelector<HTMLElement>(`[data-state="${state}"] a, [data-state="${state}"] button`)?.focus();
	}

	/** `always`: ask the server whatever the page expects (back from the background or from sleep). */
	async function check(always = false): Promise<void> {
		if (asking || (!always && deadline - Date.now() > WARN_BEFORE_MS)) return;
		asking = true;
		try {
			const left = await ask(false);
			if (left.seconds === 0) {
				if (shown !== 'ended') show('ended', left);
			} else if (left.seconds * 1000 > WARN_BEFORE_MS) {
				// Used meanwhile, in another tab or by signing in again there.
				shown = null;
				if (dialog!.open) dialog!.close();
			} else if (shown === null) {
				show(left.extendable ? 'warning' : 'final', left);
			}
		} catch {
			// Offline or the server restarting: the next check asks again.
		} finally {
			asking = false;
		}
	}

	dialog.querySelector('[data-extend]')?.addEventListener('click', async () => {
		try {
			const left = await ask(true);
			if (left.seconds * 1000 > WARN_BEFORE_MS) {
				shown = null;
				dialog.close();
			} else show(left.seconds === 0 ? 'ended' : 'final', left);
		} catch {
			// Nothing changed; the dialog stays and the button can be pressed again.
		}
	});
	setInterval(() => void check(), CHECK_EVERY_MS);
	void check();
	// A tab in the background checks seldom, and timers stop while a computer sleeps: coming back asks at once.
	doc.addEventListener('visibilitychange', () => {
		if (doc.visibilityState === 'visible') void check(true);
	});
}
