/**
 * The page cache (src/lib/server/page-cache.ts): a page is served only at the change count it
 * was rendered at and only while fresh; no page stays once it can no longer be served; the least
 * recently used pages go first when the count or the bytes run over. What is kept at all: whole
 * HTML pages with status 200 that set no cookie of their own.
 */
import { describe, expect, test } from 'vitest';
import type { APIContext } from 'astro';
import { cachedOrRendered, PageStore } from '../../src/lib/server/page-cache.ts';

const page = (text: string, version = 1, renderedAt = 0) => ({ version, renderedAt, headers: [['content-type', 'text/html']] as [string, string][], body: new TextEncoder().encode(text) });
const textOf = (kept: ReturnType<PageStore['get']>) => (kept ? new TextDecoder().decode(kept.body) : null);

describe('PageStore', () => {
	test('serves a page at the count it was rendered at, and not after the count moved on', () => {
		const store = new PageStore(10, 1000, 30_000);
		store.set('a /portal/', page('Übersicht', 7), 0);
		expect(textOf(store.get('a /portal/', 7, 1000))).toBe('Übersicht');
		expect(store.get('a /portal/', 8, 1000)).toBeNull();
		// Gone, not only hidden: the count never goes back.
		expect(store.get('a /portal/', 7, 1000)).toBeNull();
		expect(store.size).toBe(0);
		expect(store.bytes).toBe(0);
	});

	test('keys are whole: another session or another address finds nothing', () => {
		const store = new PageStore(10, 1000, 30_000);
		store.set('a /portal/', page('A'), 0);
		expect(store.get('b /portal/', 1, 0)).toBeNull();
		expect(store.get('a /portal/?ergebnis=zugesagt', 1, 0)).toBeNull();
		expect(textOf(store.get('a /portal/', 1, 0))).toBe('A');
	});

	test('a page is served for freshMs after it was rendered, not at freshMs', () => {
		const store = new PageStore(10, 1000, 30_000);
		store.set('a /portal/', page('A', 1, 5000), 5000);
		expect(textOf(store.get('a /portal/', 1, 5000 + 29_999))).toBe('A');
		expect(store.get('a /portal/', 1, 5000 + 30_000)).toBeNull();
	});

	test('over the page count, the least recently used goes; a hit counts as use', () => {
		const store = new PageStore(2, 1000, 30_000);
		store.set('a', page('A'), 0);
		store.set('b', page('B'), 0);
		store.get('a', 1, 0);
		store.set('c', page('C'), 0);
		expect(store.get('b', 1, 0)).toBeNull();
		expect(textOf(store.get('a', 1, 0))).toBe('A');
		expect(textOf(store.get('c', 1, 0))).toBe('C');
		expect(store.size).toBe(2);
	});

	test('over the bytes, the oldest go until the rest fits; a page larger than all is not kept', () => {
		const store = new PageStore(10, 10, 30_000);
		store.set('a', page('aaaa'), 0);
		store.set('b', page('bbbb'), 0);
		store.set('c', page('cccc'), 0);
		expect(store.bytes).toBe(8);
		expect(store.get('a', 1, 0)).toBeNull();
		store.set('huge', page('x'.repeat(11)), 0);
		expect(store.get('huge', 1, 0)).toBeNull();
		expect(store.size).toBe(2);
	});

	test('storing again under a key replaces the page and its bytes', () => {
		const store = new PageStore(10, 1000, 30_000);
		store.set('a', page('alt', 1), 0);
		store.set('a', page('neu!', 2), 0);
		expect(store.bytes).toBe(4);
		expect(textOf(store.get('a', 2, 0))).toBe('neu!');
	});

	test('a newer count lets go of every page of an older one, and a page rendered at an older count is not kept', () => {
		const store = new PageStore(10, 1000, 30_000);
		store.set('a', page('A', 3), 0);
		store.set('b', page('B', 3), 0);
		expect(store.get('c', 4, 0)).toBeNull();
		expect(store.size).toBe(0);
		store.set('late', page('rendered before the write', 3), 0);
		expect(store.size).toBe(0);
		store.set('d', page('D', 4), 0);
		expect(store.size).toBe(1);
	});

	test('a page that can no longer be served goes at the next store or sweep, asked for or not', () => {
		const store = new PageStore(10, 1000, 30_000);
		store.set('a', page('A', 1, 0), 0);
		store.set('b', page('B', 1, 20_000), 20_000);
		store.sweep(29_999);
		expect(store.size).toBe(2);
		store.set('c', page('C', 1, 30_000), 30_000);
		expect(store.get('a', 1, 30_000)).toBeNull();
		expect(store.size).toBe(2);
		store.sweep(60_000);
		expect(store.size).toBe(0);
		expect(store.bytes).toBe(0);
	});
});

describe('cachedOrRendered', () => {
	/** A request's context as the middleware passes it, with the cookies the response will set. */
	function context(path: string, cookies: string[] = []) {
		const ctx = { url: new URL(`http://localhost${path}`), request: new Request(`http://localhost${path}`), cookies: { headers: () => cookies.values() } };
		return { ctx: ctx as unknown as APIContext, cookies };
	}
	/** A page rendering `body` as `type` with `status`; counts its renders. */
	function page(body: string, type = 'text/html; charset=utf-8', status = 200, setsCookie?: string[]) {
		const next = Object.assign(
			async () => {
				next.renders++;
				setsCookie?.push('weiter=1; Path=/');
				return new Response(`${body} ${next.renders}`, { status, headers: { 'content-type': type } });
			},
			{ renders: 0 },
		);
		return next;
	}
	const twice = async (session: string, path: string, render: ReturnType<typeof page>, version: number | null = 1, cookies?: string[]) => {
		const texts = [];
		for (let i = 0; i < 2; i++) texts.push(await (await cachedOrRendered(context(path, cookies).ctx, render, session, version)).text());
		return texts;
	};

	test('a whole HTML page is rendered once and then served as kept, status and headers alike', async () => {
		const render = page('Übersicht');
		expect(await twice('s1', '/portal/', render)).toEqual(['Übersicht 1', 'Übersicht 1']);
		expect(render.renders).toBe(1);
		const kept = await cachedOrRendered(context('/portal/').ctx, render, 's1', 1);
		expect(kept.status).toBe(200);
		expect(kept.headers.get('content-type')).toBe('text/html; charset=utf-8');
	});

	test('not kept: another status, another type, a page that set a cookie, a request without count', async () => {
		const notFound = page('Nicht gefunden', 'text/html', 404);
		expect(await twice('s2', '/portal/x/', notFound)).toEqual(['Nicht gefunden 1', 'Nicht gefunden 2']);
		const json = page('{}', 'application/json');
		expect(await twice('s2', '/portal/sitzung.json', json)).toEqual(['{} 1', '{} 2']);
		const cookies: string[] = [];
		const withCookie = page('Mit Cookie', 'text/html', 200, cookies);
		expect(await twice('s2', '/portal/profil/', withCookie, 1, cookies)).toEqual(['Mit Cookie 1', 'Mit Cookie 2']);
		const noCount = page('Ohne Zähler');
		expect(await twice('s2', '/portal/interessen/', noCount, null)).toEqual(['Ohne Zähler 1', 'Ohne Zähler 2']);
	});

	test('a new count renders anew; another session renders its own', async () => {
		const render = page('Seite');
		await cachedOrRendered(context('/portal/daten/').ctx, render, 's3', 1);
		expect(await (await cachedOrRendered(context('/portal/daten/').ctx, render, 's3', 2)).text()).toBe('Seite 2');
		expect(await (await cachedOrRendered(context('/portal/daten/').ctx, render, 's4', 2)).text()).toBe('Seite 3');
	});
});
