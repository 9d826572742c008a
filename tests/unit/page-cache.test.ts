/**
 * The page cache's store (src/lib/server/page-cache.ts): a page is served only at the change
 * count it was rendered at and only while fresh; the least recently used pages go first when
 * the count or the bytes run over.
 */
import { describe, expect, test } from 'vitest';
import { PageStore } from '../../src/lib/server/page-cache.ts';

const page = (text: string, version = 1, renderedAt = 0) => ({ version, renderedAt, headers: [['content-type', 'text/html']] as [string, string][], body: new TextEncoder().encode(text) });
const textOf = (kept: ReturnType<PageStore['get']>) => (kept ? new TextDecoder().decode(kept.body) : null);

describe('PageStore', () => {
	test('serves a page at the count it was rendered at, and not after the count moved on', () => {
		const store = new PageStore(10, 1000, 30_000);
		store.set('a /portal/', page('Übersicht', 7));
		expect(textOf(store.get('a /portal/', 7, 1000))).toBe('Übersicht');
		expect(store.get('a /portal/', 8, 1000)).toBeNull();
		// Gone, not only hidden: the count never goes back.
		expect(store.get('a /portal/', 7, 1000)).toBeNull();
		expect(store.size).toBe(0);
		expect(store.bytes).toBe(0);
	});

	test('keys are whole: another session or another address finds nothing', () => {
		const store = new PageStore(10, 1000, 30_000);
		store.set('a /portal/', page('A'));
		expect(store.get('b /portal/', 1, 0)).toBeNull();
		expect(store.get('a /portal/?ergebnis=zugesagt', 1, 0)).toBeNull();
		expect(textOf(store.get('a /portal/', 1, 0))).toBe('A');
	});

	test('a page is served for freshMs after it was rendered, not at freshMs', () => {
		const store = new PageStore(10, 1000, 30_000);
		store.set('a /portal/', page('A', 1, 5000));
		expect(textOf(store.get('a /portal/', 1, 5000 + 29_999))).toBe('A');
		expect(store.get('a /portal/', 1, 5000 + 30_000)).toBeNull();
	});

	test('over the page count, the least recently used goes; a hit counts as use', () => {
		const store = new PageStore(2, 1000, 30_000);
		store.set('a', page('A'));
		store.set('b', page('B'));
		store.get('a', 1, 0);
		store.set('c', page('C'));
		expect(store.get('b', 1, 0)).toBeNull();
		expect(textOf(store.get('a', 1, 0))).toBe('A');
		expect(textOf(store.get('c', 1, 0))).toBe('C');
		expect(store.size).toBe(2);
	});

	test('over the bytes, the oldest go until the rest fits; a page larger than all is not kept', () => {
		const store = new PageStore(10, 10, 30_000);
		store.set('a', page('aaaa'));
		store.set('b', page('bbbb'));
		store.set('c', page('cccc'));
		expect(store.bytes).toBe(8);
		expect(store.get('a', 1, 0)).toBeNull();
		store.set('huge', page('x'.repeat(11)));
		expect(store.get('huge', 1, 0)).toBeNull();
		expect(store.size).toBe(2);
	});

	test('storing again under a key replaces the page and its bytes', () => {
		const store = new PageStore(10, 1000, 30_000);
		store.set('a', page('alt', 1));
		store.set('a', page('neu!', 2));
		expect(store.bytes).toBe(4);
		expect(textOf(store.get('a', 2, 0))).toBe('neu!');
	});
});
