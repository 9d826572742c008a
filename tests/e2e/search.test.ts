/** Pagefind over the German pages: word forms, compounds, the topic filter, the no-JS path. */
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { useBrowser, openPage } from '../helpers/browser.ts';
import { articleTopics, publishedArticleIds } from '../helpers/public-routes.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

async function resultLinks(page: Page): Promise<string[]> {
	const status = page.getByRole('status');
	await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/Treffer|Seiten/);
	return page.locator('[data-search-results] li h2 a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
}

async function search(term: string): Promise<{ links: string[]; page: Page; close: () => Promise<void> }> {
	const opened = await openPage(browser());
	await opened.page.goto(`${baseURL}/suche/?q=${encodeURIComponent(term)}`);
	return { links: await resultLinks(opened.page), page: opened.page, close: opened.close };
}

describe('search', () => {
	test('"Fokusgruppen" finds pages that say "Fokusgruppe" (German stemming)', async () => {
		const { links, page, close } = await search('Fokusgruppen');
		try {
			expect(links).toContain('/artikel/so-entsteht-eine-fokusgruppe/');
			const first = await page.locator('[data-search-results] li p').first().innerHTML();
			expect(first).toMatch(/<mark>/);
		} finally {
			await close();
		}
	});

	test('"Energie" finds the energy-efficiency topic', async () => {
		const { links, close } = await search('Energie');
		try {
			expect(links).toContain('/themen/energieeffizienz/');
		} finally {
			await close();
		}
	});

	test('results fit a 320 px screen, and topic counts show only while no word is searched', async () => {
		const { page, close } = await openPage(browser(), { viewport: { width: 320, height: 640 } });
		try {
			await page.goto(`${baseURL}/suche/`);
			const filters = page.getByRole('group', { name: 'Nach Thema eingrenzen' });
			await expect.poll(() => filters.getByRole('checkbox').count()).toBeGreaterThan(0);
			expect(await filters.locator('label').first().textContent()).toMatch(/\(\d+\)$/);
			await page.goto(`${baseURL}/suche/?q=Fokusgruppen`);
			expect((await resultLinks(page)).length).toBeGreaterThan(0);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
			// Pagefind's counts for a word include matches the list drops; none are shown then.
			expect((await filters.locator('label').allTextContents()).filter((text) => /\(\d+\)/.test(text))).toEqual([]);
		} finally {
			await close();
		}
	});

	test('a word that appears nowhere says so in German', async () => {
		const { page, close } = await search('Quantenchromodynamik');
		try {
			expect(await page.getByRole('status').textContent()).toMatch(/Keine Treffer/);
		} finally {
			await close();
		}
	});

	test.each(['Impressum', 'Cookie'])('"%s", which only a short prefix matches, finds nothing and points to the legal pages', async (term) => {
		// Pagefind alone answers with every page that has "im" (or "C"): all of them must go.
		const { page, links, close } = await search(term);
		try {
			expect(links).toEqual([]);
			expect(await page.getByRole('status').textContent()).toMatch(/^Keine Treffer für/);
			const elsewhere = page.locator('[data-search-elsewhere]');
			expect(await elsewhere.isVisible()).toBe(true);
			for (const href of ['/impressum/', '/datenschutz/', '/barrierefreiheit/']) {
				expect(await elsewhere.locator(`a[href="${href}"]`).count(), href).toBe(1);
			}
		} finally {
			await close();
		}
	});

	test('every result shown highlights a word that begins like the search word', async () => {
		const { page, links, close } = await search('Vertrauen');
		try {
			expect(links.length).toBeGreaterThan(0);
			const marks = await page.locator('[data-search-results] li').evaluateAll((items) => items.map((li) => [...li.querySelectorAll('mark')].map((m) => m.textContent ?? '')));
			for (const marked of marks) expect(marked.some((word) => /^vert/i.test(word)), marked.join(', ')).toBe(true);
			expect(await page.locator('[data-search-elsewhere]').isVisible()).toBe(false);
			expect(await page.getByRole('status').textContent()).toBe(`${links.length === 1 ? 'Ein' : links.length} Treffer für „Vertrauen“.`);
		} finally {
			await close();
		}
	});

	test('a topic alone counts its pages in proper German', async () => {
		const { page, close } = await openPage(browser());
		try {
			await page.goto(`${baseURL}/suche/`);
			await page.getByRole('group', { name: 'Nach Thema eingrenzen' }).getByLabel(/Kundenbindung/).check();
			const links = await resultLinks(page);
			const status = await page.getByRole('status').textContent();
			expect(status).toBe(links.length === 1 ? 'Eine Seite zum gewählten Thema.' : `${links.length} Seiten zum gewählten Thema.`);
		} finally {
			await close();
		}
	});

	test('the topic filter narrows results to pages of that topic', async () => {
		const onTopic = new Set([
			'/themen/kundenbindung/',
			...publishedArticleIds()
				.filter((id) => articleTopics(id).includes('kundenbindung'))
				.map((id) => `/artikel/${id}/`),
		]);
		const { page, links, close } = await search('Unternehmen');
		try {
			expect(links.some((href) => !onTopic.has(href)), 'ohne Filter auch Seiten anderer Themen').toBe(true);
			await page.getByRole('group', { name: 'Nach Thema eingrenzen' }).getByLabel(/Kundenbindung/).check();
			await expect.poll(async () => (await resultLinks(page)).every((href) => onTopic.has(href))).toBe(true);
			expect((await resultLinks(page)).length).toBeGreaterThan(0);
		} finally {
			await close();
		}
	});

	test('results are public content pages only', async () => {
		const { links, close } = await search('Fokusgruppe');
		try {
			expect(links.length).toBeGreaterThan(0);
			expect(links.filter((href) => /^\/(portal|koordination|suche)\//.test(href) || href === '/404/')).toEqual([]);
		} finally {
			await close();
		}
	});

	test('the header search is a plain GET form that reaches /suche/?q= without JavaScript', async () => {
		const { page, close } = await openPage(browser(), { javaScriptEnabled: false });
		try {
			await page.goto(`${baseURL}/artikel/`);
			await page.getByRole('searchbox', { name: 'Website durchsuchen' }).fill('Vertrauen');
			await page.getByRole('search').getByRole('button', { name: 'Suchen' }).click();
			await page.waitForURL(/\/suche\/\?q=Vertrauen/);
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Suche');
			expect(await page.locator('noscript').count()).toBe(1);
		} finally {
			await close();
		}
	});
});
