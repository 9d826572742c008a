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

	test('a word that appears nowhere says so in German', async () => {
		const { page, close } = await search('Quantenchromodynamik');
		try {
			expect(await page.getByRole('status').textContent()).toMatch(/Keine Treffer/);
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
