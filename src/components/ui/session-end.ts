/**
 * The warning before a session ends without use (WCAG 2.2.1): two minutes before, the page asks
 * the server how long the session really has left (another tab may have used it meanwhile) and
 * then opens the layout's dialog with "Angemeldet bleiben". Once the session has ended, the
 * dialog says so and how to keep what the page holds: sign in in another tab, come back, send.
 * Asking does not lengthen the session; only "Angemeldet bleiben" (or any page view) does.
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
	// On the page's own clock: the server's may differ from the computer's.
	let deadline = performance.now() + Number(dialog.dataset['secondsLeft']) * 1000;
	let shown: Shown | null = null;
	let asking = false;

	async function ask(extend: boolean): Promise<TimeLeft> {
		const response = await fetch(extend ? `${statusUrl}?verlaengern` : statusUrl, { cache: 'no-store', credentials: 'same-origin' });
		if (!response.ok) throw new Error(`Status ${response.status}`);
		const left = (await response.json()) as TimeLeft;
		deadline = performance.now() + left.seconds * 1000;
		return left;
	}

	function show(state: Shown, left: TimeLeft): void {
		const endsAt = new Date(Date.now() + left.seconds * 1000).toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit' });
		for (const time of dialog!.querySelectorAll('[data-ends-at]')) time.textContent = endsAt;
		for (const part of dialog!.querySelectorAll<HTMLElement>('[data-state]')) part.hidden = part.dataset['state'] !== state;
		dialog!.querySelector('h2')!.textContent = state === 'ended' ? 'Ihre Anmeldung ist abgelaufen' : 'Ihre Anmeldung endet bald';
		shown = state;
		if (!dialog!.open) dialog!.showModal();
	}

	async function check(): Promise<void> {
		if (asking || deadline - performance.now() > WARN_BEFORE_MS) return;
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
	// A tab in the background checks seldom; coming back to it checks at once.
	doc.addEventListener('visibilitychange', () => {
		if (doc.visibilityState === 'visible') void check();
	});
}
