/**
 * Plain forms behind the login: while a field holds a change that was not sent, leaving the page
 * (a link, a reload, sending another form of the same page) makes the browser ask first, so a
 * half-written message or an edited address is not lost without a word. Sending the changed form
 * itself is no leaving. A field counts as changed when it differs from what the page brought: a
 * refused form comes back with its entries as the page's own values, so it starts unchanged.
 * The islands with state of their own (ranking, group board) warn through useLeaveWarning.
 */

/** The option a single select shows when the page loads: the marked one, else the first. */
function defaultIndex(select: HTMLSelectElement): number {
	const marked = [...select.options].findIndex((option) => option.defaultSelected);
	return marked === -1 ? 0 : marked;
}

function isChanged(element: Element): boolean {
	if (element instanceof HTMLInputElement) {
		// A password confirms an action and is worth nothing unsent; password managers also fill them in unasked.
		if (['hidden', 'submit', 'button', 'reset', 'image', 'password'].includes(element.type)) return false;
		if (element.type === 'checkbox' || element.type === 'radio') return element.checked !== element.defaultChecked;
		return element.value !== element.defaultValue;
	}
	if (element instanceof HTMLTextAreaElement) return element.value !== element.defaultValue;
	if (element instanceof HTMLSelectElement) {
		if (element.multiple) return [...element.options].some((option) => option.selected !== option.defaultSelected);
		return element.selectedIndex !== defaultIndex(element);
	}
	return false;
}

export const hasUnsentChanges = (form: HTMLFormElement): boolean => [...form.elements].some(isChanged);

export function warnBeforeLosingChanges(doc: Document): void {
	const window = doc.defaultView;
	if (!window) return;
	let sending: HTMLFormElement | null = null;
	// On the window, so after the document's listeners: a form an island sends itself, or one whose
	// sending an island's question stopped (useLeaveWarning), has been prevented by then and leaves nothing.
	window.addEventListener('submit', (event) => {
		if (event.target instanceof HTMLFormElement && !event.defaultPrevented) sending = event.target;
	});
	// A navigation that did not happen after all (the browser's question answered with "stay").
	window.addEventListener('pageshow', () => (sending = null));
	const ask = (event: BeforeUnloadEvent) => {
		// Signed-in pages only: on the sign-in pages, a typed address must not hold up "Passwort vergessen?".
		// An island's forms are its own state, and it warns for them itself: asking here too would ask twice.
		// So is a plain form an island replaced (hidden): the island took over what it held.
		const forms = [...doc.querySelectorAll<HTMLFormElement>('[data-unsaved-warning] form[method="POST" i]')].filter((form) => !form.closest('astro-island') && !form.closest('[hidden]'));
		if (forms.some((form) => form !== sending && hasUnsentChanges(form))) event.preventDefault();
		sending = null;
	};
	// Listening only once something was typed keeps untouched pages fit for the back/forward cache.
	const listen = () => window.addEventListener('beforeunload', ask);
	doc.addEventListener('input', listen, { once: true });
	doc.addEventListener('change', listen, { once: true });
}
