/** Layout promises that axe cannot check: narrow screens, keyboard focus, print, meta. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, inject, test } from 'vitest';
import { useBrowser, openPage } from '../helpers/browser.ts';
import { DEMO_COORDINATOR, demoMember, get, login } from '../helpers/http.ts';
import { publicRoutes } from '../helpers/public-routes.ts';
import { readPlaceholderCounts } from '../../scripts/lib/build-notices.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

/** WCAG contrast ratio of two opaque colours given as "rgb(r, g, b)". */
function contrast(a: string, b: string): number {
	const luminance = (color: string) => {
		const [r, g, bl] = color.match(/\d+/g)!.slice(0, 3).map((c) => {
			const s = Number(c) / 255;
			return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
		});
		return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
	};
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (light! + 0.05) / (dark! + 0.05);
}

describe('layout', () => {
	test('no page scrolls sideways at 320 px', async () => {
		const { page, close } = await openPage(browser(), { viewport: { width: 320, height: 640 } });
		try {
			const overflowing: string[] = [];
			for (const { path } of publicRoutes()) {
				await page.goto(baseURL + path);
				const width = await page.evaluate(() => document.documentElement.scrollWidth);
				if (width > 320) overflowing.push(`${path}: ${width}px`);
			}
			expect(overflowing).toEqual([]);
		} finally {
			await close();
		}
	});

	test('portal and office pages do not scroll sideways at 320 px either, nor do their tables', async () => {
		const pages: [email: string, paths: string[]][] = [
			[demoMember(21), ['/portal/', '/portal/interessen/', '/portal/profil/', '/portal/daten/']],
			[DEMO_COORDINATOR, ['/koordination/', '/koordination/bewerbungen/', '/koordination/bewerbungen/antrag3333333333/', '/koordination/mitglieder/', '/koordination/mitglieder/demouser00000023/', '/koordination/protokoll/', '/koordination/team/']],
		];
		const overflowing: string[] = [];
		for (const [email, paths] of pages) {
			const { page, context, close } = await openPage(browser(), { viewport: { width: 320, height: 640 } });
			try {
				const cookie = await login(baseURL, email);
				const [name, value] = cookie.split('=') as [string, string];
				await context.addCookies([{ name, value, url: baseURL }]);
				// An export is logged: the Protokoll then has a table to lay out, whatever ran before.
				if (email === DEMO_COORDINATOR) expect((await get(baseURL, '/koordination/export/?datei=mitglieder&format=csv', cookie)).status).toBe(200);
				for (const path of paths) {
					const response = await page.goto(baseURL + path);
					expect(response?.status(), path).toBe(200);
					const width = await page.evaluate(() => document.documentElement.scrollWidth);
					if (width > 320) overflowing.push(`${path}: ${width}px`);
					// Nor a table in a box that scrolls sideways without a hint (its last columns off screen),
					// also when a cell holds one long word, as an e-mail address is (other tests add such rows).
					await page.locator('.table-wrap td:last-child').evaluateAll((cells) => {
						for (const cell of cells.slice(0, 1)) cell.append(' sehr.lange.adresse.ohne.leerzeichen@beispiel-unternehmen.example.org');
					});
					const cutOff = await page.locator('.table-wrap').evaluateAll((wraps) => wraps.filter((w) => w.scrollWidth > w.clientWidth + 1).length);
					if (cutOff > 0) overflowing.push(`${path}: ${cutOff} Tabelle(n) seitlich verschiebbar`);
				}
			} finally {
				await close();
			}
		}
		expect(overflowing).toEqual([]);
	});

	test('signed in, the header leaves out what is for visitors, so a phone shows the portal first', async () => {
		const { page, context, close } = await openPage(browser(), { viewport: { width: 375, height: 800 } });
		try {
			const header = page.locator('header.site-header');
			await page.goto(`${baseURL}/portal/anmelden/`);
			expect(await header.getByRole('searchbox').count()).toBe(1);
			expect(await header.getByRole('link', { name: 'Mitmachen' }).count()).toBe(1);
			const [name, value] = (await login(baseURL, demoMember(21))).split('=') as [string, string];
			await context.addCookies([{ name, value, url: baseURL }]);
			await page.goto(`${baseURL}/portal/`);
			expect(await header.getByRole('searchbox').count()).toBe(0);
			expect(await header.getByRole('link', { name: 'Mitmachen' }).count()).toBe(0);
			// The public pages and the search stay a tap away (the next test opens "Website").
			expect(await header.getByText('Website', { exact: true }).isVisible()).toBe(true);
			expect(await page.locator('footer').getByRole('link', { name: 'Suche' }).count()).toBe(1);
			// Who is signed in, and the way out, stand in a landmark of their own (axe's region rule).
			const account = page.getByRole('region', { name: 'Ihr Konto' });
			expect(await account.getByText(/Angemeldet als /).count()).toBe(1);
			expect(await account.getByRole('button', { name: 'Abmelden' }).count()).toBe(1);
			// The portal's navigation moves up: about 200 px down with the visitors' header, 77 px with
			// the public links behind "Website" (measured at 375 px; two lines of them stood above it before).
			const top = await page.getByRole('navigation', { name: 'Portal' }).evaluate((nav) => nav.getBoundingClientRect().top);
			expect(top).toBeLessThan(100);
		} finally {
			await close();
		}
	});

	test('keyboard users reach the skip link first and see where focus is', async () => {
		const { page, close } = await openPage(browser());
		try {
			await page.goto(`${baseURL}/`);
			await page.keyboard.press('Tab');
			const focused = page.locator(':focus');
			expect(await focused.textContent()).toBe('Zum Inhalt springen');
			const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
			expect(outline).not.toBe('none');
			await page.keyboard.press('Enter');
			expect(await page.evaluate(() => document.activeElement?.id)).toBe('inhalt');
		} finally {
			await close();
		}
	});

	test('articles print without navigation', async () => {
		const { page, close } = await openPage(browser());
		try {
			await page.goto(`${baseURL}/artikel/so-entsteht-eine-fokusgruppe/`);
			await page.emulateMedia({ media: 'print' });
			expect(await page.locator('.site-header').isVisible()).toBe(false);
			expect(await page.locator('.site-footer').isVisible()).toBe(false);
			expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
		} finally {
			await close();
		}
	});

	test('every page has a canonical URL and Open Graph tags', async () => {
		for (const { path } of publicRoutes()) {
			const html = await (await fetch(baseURL + path)).text();
			const canonical = /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];
			expect(canonical && new URL(canonical).pathname, path).toBe(path);
			for (const property of ['og:title', 'og:description', 'og:url', 'og:type', 'og:locale']) {
				expect(html, `${path} ${property}`).toContain(`property="${property}"`);
			}
			expect(html).toMatch(/<meta name="description" content="[^"]{50,}"/);
		}
	});

	test('a page kept out of search engines (404, portal) names no canonical address and no og:url', async () => {
		for (const path of ['/gibt-es-nicht/', '/portal/anmelden/']) {
			const html = await (await fetch(baseURL + path)).text();
			expect(html, path).toContain('<meta name="robots" content="noindex">');
			expect(html, path).not.toContain('rel="canonical"');
			expect(html, path).not.toContain('property="og:url"');
		}
	});

	test('the main navigation marks the page itself as "page" and its section as "true"', async () => {
		const state = async (path: string, label: string) => {
			const html = await (await fetch(baseURL + path)).text();
			const nav = /<nav aria-label="Hauptnavigation"[\s\S]*?<\/nav>/.exec(html)![0];
			const link = new RegExp(`<a [^>]*>\\s*${label}\\s*</a>`).exec(nav)![0];
			return /aria-current="([^"]+)"/.exec(link)?.[1] ?? null;
		};
		expect(await state('/themen/', 'Themen')).toBe('page');
		expect(await state('/themen/energieeffizienz/', 'Themen')).toBe('true');
		expect(await state('/artikel/idee-des-netzwerkforums/', 'Artikel')).toBe('true');
		expect(await state('/artikel/idee-des-netzwerkforums/', 'Themen')).toBeNull();
		expect(await state('/', 'Themen')).toBeNull();
	});

	test('signed in, the public site\'s links are labelled as such above the office\'s or the portal\'s own', async () => {
		for (const email of [DEMO_COORDINATOR, demoMember(9)]) {
			const html = await (await fetch(`${baseURL}${email === DEMO_COORDINATOR ? '/koordination/' : '/portal/'}`, { headers: { cookie: await login(baseURL, email) } })).text();
			const nav = /<nav aria-label="Öffentliche Website"[\s\S]*?<\/nav>/.exec(html)?.[0];
			expect(nav, email).toMatch(/<span class="nav-label"[^>]*>Website:<\/span>/);
			expect(nav, email).toMatch(/>\s*Fokusgruppen\s*</);
			expect(html, email).not.toContain('aria-label="Hauptnavigation"');
		}
		expect(await (await fetch(`${baseURL}/fokusgruppen/`)).text(), 'public pages keep their main navigation').toContain('<nav aria-label="Hauptnavigation"');
	});

	test('signed in on a phone, the public links wait behind "Website"; wider, they stand in a row', async () => {
		const { page, context, close } = await openPage(browser(), { viewport: { width: 320, height: 640 } });
		try {
			const [name, value] = (await login(baseURL, demoMember(9))).split('=') as [string, string];
			await context.addCookies([{ name, value, url: baseURL }]);
			await page.goto(`${baseURL}/portal/`);
			const publicNav = page.getByRole('navigation', { name: 'Öffentliche Website' });
			const articles = publicNav.getByRole('link', { name: 'Artikel' });
			const menu = publicNav.getByText('Website', { exact: true });
			expect(await articles.isVisible(), 'closed at 320 px').toBe(false);
			// The portal's own navigation and the heading are in the first screen (they were below 280 px).
			expect((await page.getByRole('heading', { level: 1 }).boundingBox())!.y).toBeLessThan(320);
			const brand = (await page.getByRole('link', { name: /Startseite/ }).boundingBox())!;
			expect((await menu.boundingBox())!.y, 'brand and menu share a line').toBeLessThan(brand.y + brand.height);

			await menu.click();
			expect(await articles.isVisible(), 'open after a tap').toBe(true);
			expect(await page.evaluate(() => document.documentElement.scrollWidth), 'the open panel fits').toBeLessThanOrEqual(320);
			await page.keyboard.press('Escape');
			expect(await articles.isVisible(), 'Escape closes it').toBe(false);
			expect(await page.evaluate(() => document.activeElement?.textContent), 'and returns the focus to its button').toBe('Website');
			await menu.click();
			await page.getByRole('heading', { level: 1 }).click();
			expect(await articles.isVisible(), 'a tap elsewhere closes it').toBe(false);
			await menu.click();
			await publicNav.getByRole('link', { name: 'Kontakt' }).focus();
			await page.keyboard.press('Tab');
			expect(await articles.isVisible(), 'the focus moving on past it closes it').toBe(false);
			await page.keyboard.press('Escape');
			expect(await page.evaluate(() => document.activeElement?.textContent), 'Escape elsewhere leaves the focus where it is').not.toBe('Website');

			// Opened, then the phone is turned: the links stand in the header's row, not in a panel a screen further down.
			await menu.click();
			await page.setViewportSize({ width: 1024, height: 640 });
			expect(await articles.isVisible(), 'always shown on a wide screen').toBe(true);
			expect(await menu.isVisible(), 'without the button').toBe(false);
			const wide = (await articles.boundingBox())!;
			expect(wide.y, 'in the header row').toBeLessThan(brand.y + brand.height + 40);
		} finally {
			await close();
		}
	});

	test('the footer names its second navigation for all it holds, not just the legal pages', async () => {
		const { page, close } = await openPage(browser());
		try {
			await page.goto(`${baseURL}/`);
			const nav = page.getByRole('contentinfo').getByRole('navigation', { name: 'Service und Rechtliches' });
			for (const name of ['Suche', 'Impressum', 'Datenschutz', 'RSS-Feed', 'Mitgliederportal']) {
				expect(await nav.getByRole('link', { name }).count(), name).toBe(1);
			}
		} finally {
			await close();
		}
	});

	test('search fields have a border of at least 3:1 against their background (WCAG 1.4.11)', async () => {
		const { page, close } = await openPage(browser());
		try {
			await page.goto(`${baseURL}/suche/`);
			for (const selector of ['#q', '#site-search']) {
				const [border, background] = await page.locator(selector).evaluate((input) => {
					let behind: Element | null = input.parentElement;
					while (behind && getComputedStyle(behind).backgroundColor === 'rgba(0, 0, 0, 0)') behind = behind.parentElement;
					return [getComputedStyle(input).borderTopColor, behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)'];
				});
				expect(contrast(border!, background!), `${selector}: ${border} auf ${background}`).toBeGreaterThanOrEqual(3);
			}
		} finally {
			await close();
		}
	});

	test('articles show author, date, reading time and topics', async () => {
		const { page, close } = await openPage(browser());
		try {
			await page.goto(`${baseURL}/artikel/idee-des-netzwerkforums/`);
			const header = page.locator('article header');
			expect(await header.textContent()).toMatch(/Text: Koordinierungsstelle des ThZM-Netzwerkforums ·/);
			expect(await header.textContent()).toMatch(/\d+ Min\. Lesezeit/);
			expect(await header.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(await header.getByRole('list', { name: 'Themen' }).getByRole('link').count()).toBeGreaterThan(0);
			expect(await page.getByRole('heading', { name: 'Weiterlesen' }).count()).toBe(1);
		} finally {
			await close();
		}
	});

	test('member voices are marked as summaries; in this local build, pending consent shows as a preview', async () => {
		const files = readdirSync('src/content/testimonials').filter((name) => name.endsWith('.yaml'));
		const pending = files.filter((name) => (parseYaml(readFileSync(join('src/content/testimonials', name), 'utf8')) as { consent: { status: string } }).consent.status === 'ausstehend');
		const html = await (await fetch(`${baseURL}/stimmen/`)).text();
		expect(html.match(/class="card voice/g)?.length).toBe(files.length);
		expect(html.match(/Sinngemäß zusammengefasst/g)?.length).toBe(files.length);
		expect(html.match(/Vorschau: Die Einwilligung der Person ist noch nicht bestätigt/g)?.length ?? 0).toBe(pending.length);
		expect(html.match(/veröffentlicht mit Einwilligung/g)?.length ?? 0).toBe(files.length - pending.length);
	});

	test('every fact still missing on a page is a visible placeholder, as many as its file has (filled ones vanish)', async () => {
		const { page, close } = await openPage(browser());
		try {
			for (const [name, count] of Object.entries(readPlaceholderCounts('src/content/pages'))) {
				await page.goto(`${baseURL}/${name}/`);
				const placeholders = page.locator('[data-placeholder]');
				expect(await placeholders.count(), name).toBe(count);
				for (const placeholder of await placeholders.all()) {
					expect(await placeholder.isVisible(), name).toBe(true);
					expect(await placeholder.textContent(), name).toMatch(/^Platzhalter: \S/);
				}
			}
			await page.goto(`${baseURL}/impressum/`);
			expect(await page.textContent('main')).toMatch(/§\s*5 DDG/);
			expect(await page.textContent('main')).toMatch(/§\s*18 Abs\. 2 MStV/);
		} finally {
			await close();
		}
	});
});
