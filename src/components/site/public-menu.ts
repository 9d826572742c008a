/**
 * The signed-in header's "Website" disclosure (SiteHeader.astro) works without a script; this
 * closes it the way people expect a menu to close: with Escape from inside it (the focus returns
 * to its button), with a click or tap anywhere else, and when the keyboard focus moves on past
 * it, so an opened panel does not stay over the page and over where the focus went, and when
 * the screen turns between narrow and wide.
 */
export function closePublicMenuOnLeave(doc: Document): void {
	const openMenus = () => doc.querySelectorAll<HTMLDetailsElement>('details.public-menu[open]');
	const inside = (menu: HTMLDetailsElement, target: EventTarget | null) => target instanceof Node && menu.contains(target);
	doc.addEventListener('click', (event) => {
		for (const menu of openMenus()) if (!inside(menu, event.target)) menu.open = false;
	});
	doc.addEventListener('focusout', (event) => {
		// relatedTarget is null when the focus leaves the page (another window): the menu stays.
		for (const menu of openMenus()) if (inside(menu, event.target) && event.relatedTarget && !inside(menu, event.relatedTarget)) menu.open = false;
	});
	// Opened on a phone, then turned wide and back: it would come back as an open panel over the portal's menu.
	doc.defaultView?.matchMedia('(min-width: 40rem)').addEventListener('change', () => {
		for (const menu of openMenus()) menu.open = false;
	});
	doc.addEventListener('keydown', (event) => {
		if (event.key !== 'Escape') return;
		for (const menu of openMenus()) {
			if (!inside(menu, doc.activeElement)) continue;
			menu.open = false;
			menu.querySelector('summary')?.focus();
		}
	});
}
