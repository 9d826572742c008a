/**
 * Every public route in real Chromium: German, a heading, no JavaScript on content pages,
 * no cookies, nothing requested from any other host, and no WCAG 2.1 AA violation.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { describe, expect, inject, test } from 'vitest';
import { useBrowser, openPage } from '../helpers/browser.ts';
import { DEMO_COMPANIES } from '../../db/seed/demo.ts';
import { PAGES_WITH_JAVASCRIPT, publicRoutes } from '../helpers/public-routes.ts';
import { CENTRAL_TOPICS, topicFileSlugs } from '../helpers/topics.ts';

const baseURL = inject('baseURL');
const routes = publicRoutes();
const browser = useBrowser();

describe('public routes', () => {
	test('the route list covers every kind of public page', () => {
		const paths = routes.map((r) => r.path);
		for (const expected of ['/', '/fokusgruppen/', '/impressum/', '/datenschutz/', '/barrierefreiheit/', '/kontakt/']) {
			expect(paths, `${expected} fehlt in der Routenliste`).toContain(expected);
		}
		// A topic is one file (README): every file has its page, and the six central topics are there.
		const topicPaths = paths.filter((p) => p.startsWith('/themen/') && p !== '/themen/');
		expect(topicPaths.sort()).toEqual(topicFileSlugs().map((slug) => `/themen/${slug}/`));
		for (const slug of CENTRAL_TOPICS) expect(topicPaths).toContain(`/themen/${slug}/`);
		expect(paths.filter((p) => p.startsWith('/artikel/') && p !== '/artikel/').length).toBeGreaterThanOrEqual(3);
	});

	test.each(routes)('$path renders in German with its heading, no cookie, nothing third-party', async ({ path, heading }) => {
		const { page, context, requests, close } = await openPage(browser());
		try {
			const response = await page.goto(baseURL + path);
			expect(response?.status(), `${path} status`).toBe(200);
			expect(await page.locator('html').getAttribute('lang')).toBe('de');
			const h1 = page.getByRole('heading', { level: 1 });
			await expect.poll(() => h1.count()).toBe(1);
			if (heading) expect((await h1.textContent())?.trim()).toBe(heading);
			expect(await page.title()).not.toBe('');

			const footer = page.getByRole('contentinfo');
			await expect.poll(() => footer.getByRole('link', { name: 'Impressum' }).count()).toBe(1);
			await expect.poll(() => footer.getByRole('link', { name: 'Datenschutz' }).count()).toBe(1);

			expect(response?.headers()['set-cookie'], 'kein Set-Cookie').toBeUndefined();
			expect(await context.cookies(), 'keine Cookies').toEqual([]);

			const origin = new URL(baseURL).origin;
			const foreign = requests.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'));
			expect(foreign, 'Anfragen an fremde Hosts').toEqual([]);

			const scripts = requests.filter((url) => /\.m?js(\?|$)/.test(url));
			const html = (await response?.text()) ?? '';
			if (PAGES_WITH_JAVASCRIPT.has(path)) {
				expect(html).toMatch(/<script/);
			} else {
				expect(html, `${path} enthält <script>`).not.toMatch(/<script/i);
				expect(scripts, `${path} lädt JavaScript`).toEqual([]);
			}
		} finally {
			await close();
		}
	});

	test.each(routes)('$path has no WCAG 2.1 AA violation (axe)', async ({ path }) => {
		const { page, close } = await openPage(browser());
		try {
			await page.goto(baseURL + path);
			const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
			expect(summary).toEqual([]);
		} finally {
			await close();
		}
	});

	test('the application form offers the topics of /themen/, in the same order (server and prerendered pages read them apart)', async () => {
		// Slug and title of each topic card on /themen/, and of each choice in the form.
		const cards = [...(await (await fetch(`${baseURL}/themen/`)).text()).matchAll(/<h2[^>]*>\s*<a href="\/themen\/([^/"]+)\/"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[1]!, m[2]!.trim()]);
		expect(cards.length).toBeGreaterThanOrEqual(6);
		const form = await (await fetch(`${baseURL}/mitmachen/`)).text();
		const select = /<select[^>]*name="interest1"[^>]*>([\s\S]*?)<\/select>/.exec(form)![1]!;
		const offered = [...select.matchAll(/<option value="([^"]+)"[^>]*>([^<]+)<\/option>/g)].map((m) => [m[1]!, m[2]!.trim()]);
		expect(offered).toEqual(cards);
	});

	test('/mitglieder/ names the demo companies that agreed, by name and town, and no other', async () => {
		const html = await (await fetch(`${baseURL}/mitglieder/`)).text();
		// The demo's second company agreed on its application (every third from the second on); the
		// first and third did not. (No count: other test files on this server may delete a member.)
		const [silent, agreed, alsoSilent] = DEMO_COMPANIES;
		expect(html).toMatch(new RegExp(`<strong[^>]*>${agreed!.name}</strong>, ${agreed!.town}`));
		expect(html).not.toContain(silent!.name);
		expect(html).not.toContain(alsoSilent!.name);
		// Nothing of who acts for them.
		expect(html).not.toContain(agreed!.person);
	});

	test('the invitation to apply links to how the groups work, except on that page itself', async () => {
		const cta = (html: string) => /<section class="wrap section cta[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
		const elsewhere = cta(await (await fetch(`${baseURL}/stimmen/`)).text());
		const there = cta(await (await fetch(`${baseURL}/fokusgruppen/`)).text());
		expect(elsewhere).toContain('href="/fokusgruppen/"');
		expect(there).toContain('href="/mitmachen/"');
		expect(there).not.toContain('href="/fokusgruppen/"');
	});

	test('an unknown address answers 404 with the German error page', async () => {
		const { page, close } = await openPage(browser());
		try {
			const response = await page.goto(`${baseURL}/gibt-es-nicht/`);
			expect(response?.status()).toBe(404);
			await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' }).count()).toBe(1);
			const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
			expect(result.violations.map((v) => v.id)).toEqual([]);
		} finally {
			await close();
		}
	});
});
