/** RSS and sitemap are well-formed XML and list exactly what the content sources promise. */
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { describe, expect, inject, test } from 'vitest';
import { publicRoutes, publishedArticleIds } from '../helpers/public-routes.ts';

const baseURL = inject('baseURL');
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['item', 'url', 'sitemap', 'category'].includes(name) });

async function xml(path: string): Promise<{ type: string; doc: any }> {
	const response = await fetch(baseURL + path);
	expect(response.status, path).toBe(200);
	const text = await response.text();
	expect(() => SyntaxValidator.validate(text), `${path} ist kein wohlgeformtes XML`).not.toThrow();
	return { type: response.headers.get('content-type') ?? '', doc: parser.parse(text) };
}

const pathOf = (loc: string) => new URL(loc).pathname;

describe('RSS feed', () => {
	test('is RSS 2.0 in German and lists every published article once, with date and link', async () => {
		const { type, doc } = await xml('/rss.xml');
		expect(type).toMatch(/xml/);
		expect(doc.rss['@_version']).toBe('2.0');
		const channel = doc.rss.channel;
		expect(channel.language).toBe('de-de');
		expect(channel.title).toMatch(/Netzwerkforum/);
		const items = channel.item as { title: string; link: string; pubDate: string; description: string; category?: string[] }[];
		const linked = items.map((i) => pathOf(i.link)).sort();
		expect(linked).toEqual(publishedArticleIds().map((id) => `/artikel/${id}/`).sort());
		for (const item of items) {
			expect(item.title.length).toBeGreaterThan(0);
			expect(item.description.length).toBeGreaterThanOrEqual(50);
			expect(Number.isNaN(Date.parse(item.pubDate))).toBe(false);
			expect(item.category?.length ?? 0).toBeGreaterThan(0);
		}
	});
});

describe('sitemap', () => {
	test('the index points to sitemaps that list every public page and nothing else', async () => {
		const { doc: index } = await xml('/sitemap-index.xml');
		const sitemapLocs = (index.sitemapindex.sitemap as { loc: string }[]).map((s) => pathOf(s.loc));
		expect(sitemapLocs.length).toBeGreaterThan(0);
		const listed: string[] = [];
		for (const loc of sitemapLocs) {
			const { doc } = await xml(loc);
			listed.push(...(doc.urlset.url as { loc: string }[]).map((u) => pathOf(u.loc)));
		}
		expect(new Set(listed).size, 'keine doppelten Einträge').toBe(listed.length);
		expect(listed.sort()).toEqual(publicRoutes().map((r) => r.path).sort());
	});

	test('robots.txt names the sitemap and keeps crawlers out of the portal', async () => {
		const text = await (await fetch(`${baseURL}/robots.txt`)).text();
		expect(text).toMatch(/^Sitemap: https?:\/\/.+\/sitemap-index\.xml$/m);
		expect(text).toMatch(/^Disallow: \/portal\/$/m);
	});
});
