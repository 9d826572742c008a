/**
 * Keeps a focused control from hiding under a sticky bar (WCAG 2.4.7, 2.4.11): the page's
 * scroll-padding (global.css reads --sticky-top and --sticky-bottom) is set to the height of the
 * bars inside `container` that are sticky right now, so the browser scrolls focus past them.
 * Whether a bar sticks depends on the screen (global.css), so it is measured, not assumed.
 */
import { useEffect, type RefObject } from 'react';

export function useStickyScrollPadding(container: RefObject<HTMLElement | null>, selectors: { top: string; bottom: string }): void {
	useEffect(() => {
		const root = document.documentElement;
		const stuckHeight = (selector: string) => {
			const bar = container.current?.querySelector<HTMLElement>(selector);
			if (!bar) return 0;
			const style = getComputedStyle(bar);
			return style.position === 'sticky' && style.display !== 'none' ? bar.getBoundingClientRect().height : 0;
		};
		// A little more than the bar, so the focus outline shows in full beside it.
		const padding = (height: number) => (height > 0 ? `${Math.ceil(height) + 8}px` : 'auto');
		const update = () => {
			root.style.setProperty('--sticky-top', padding(stuckHeight(selectors.top)));
			root.style.setProperty('--sticky-bottom', padding(stuckHeight(selectors.bottom)));
		};
		// A bar appearing, growing or going changes the container's size; the screen's size decides whether it sticks.
		const observer = new ResizeObserver(update);
		if (container.current) observer.observe(container.current);
		window.addEventListener('resize', update);
		update();
		return () => {
			observer.disconnect();
			window.removeEventListener('resize', update);
			root.style.removeProperty('--sticky-top');
			root.style.removeProperty('--sticky-bottom');
		};
	}, [container, selectors.top, selectors.bottom]);
}
