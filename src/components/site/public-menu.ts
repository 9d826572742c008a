/**
 * The signed-in header's "Website" disclosure (SiteHeader.astro) works without a script; this
 * closes it the way people expect a menu to close: with Escape (the focus returns to its
 * button) and with a click or tap anywhere else, so an opened panel does not stay over the page.
 */
export function closePublicMenuOnLeave(doc: Document): void {
	const openMenus = () => doc.querySelectorAll<HTMLDetailsElement>('details.public-menu[open]');
	doc.addEventListener('click', (event) => {
		for (const menu of openMenus()) if (!(event.target instanceof Node && menu.contains(event.target))) menu.open = false;
	});
	doc.addEventListener('keydown', (event) => {
		if (event.key !== 'Escape') return;
		for (const menu of openMenus()) {
			menu.open = false;
			menu.querySelector('summary')?.focus();
		}
	});
}
