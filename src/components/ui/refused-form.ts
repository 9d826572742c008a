/**
 * A refused form marks its message or first faulty field with `autofocus` (claimAutofocus), a
 * form that went through its success message. HTML skips autofocus when the address names a
 * #fragment, which is how the pages with several forms open at the one that was sent: there this
 * puts the focus where autofocus would have, so the message is read out too. It waits for the page to load: scrolling to the fragment moves the
 * focus to the page itself when the target (a heading) cannot take it.
 */
export function focusRefusedForm(doc: Document): void {
	const focus = () => {
		const refused = doc.querySelector<HTMLElement>('[autofocus]');
		if (refused && doc.location.hash && (doc.activeElement === null || doc.activeElement === doc.body)) refused.focus();
	};
	const window = doc.defaultView;
	if (doc.readyState === 'complete' || !window) setTimeout(focus);
	else window.addEventListener('load', () => setTimeout(focus), { once: true });
}
