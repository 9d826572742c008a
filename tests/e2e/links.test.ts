/** Crawls the public site from the home page: no internal link may lead nowhere. */
import { expect, inject, test } from 'vitest';
import { publicRoutes } from '../helpers/public-routes.ts';

const baseURL = inject('baseURL');
const origin = new URL(baseURL).origin;

function links(html: string, from: URL): URL[] {
	const found: URL[] = [];
	for (const match of html.matchAll(/<(?:a|link)\b[^>]*\shref="([^"]+)"/g)) {
		const href = match[1]!.replaceAll('&amp;', '&');
		if (/^(mailto|tel|javascript):/.test(href)) continue;
		const url = new URL(href, from);
		url.hash = '';
		if (url.origin === origin) found.push(url);
	}
	return found;
}

test('every internal link on every reachable page resolves', async () => {
	const seen = new Map<string, number>();
	const brokenOn: string[] = [];
	const queue: { url: URL; from: string }[] = [{ url: new URL('/', baseURL), from: '(start)' }];
	while (queue.length > 0) {
		const { url, from } = queue.shift()!;
		const key = url.pathname + url.search;
		if (seen.has(key)) continue;
		const response = await fetch(url, { redirect: 'manual' });
		seen.set(key, response.status);
		if (response.status !== 200) {
			brokenOn.push(`${key} → ${response.status} (verlinkt auf ${from})`);
			continue;
		}
		const type = response.headers.get('content-type') ?? '';
		if (!type.includes('text/html')) continue;
		for (const next of links(await response.text(), url)) queue.push({ url: next, from: key });
	}
	expect(brokenOn).toEqual([]);
	// The crawl reached every public page from the home page alone.
	const reached = new Set(seen.keys());
	const unreachable = publicRoutes().map((r) => r.path).filter((p) => !reached.has(p));
	expect(unreachable, 'von der Startseite nicht erreichbar').toEqual([]);
	console.log(`Link-Crawl: ${seen.size} Adressen geprüft, ${brokenOn.length} defekt`);
});
