/**
 * What the server entry serves from dist/client before Astro: which address finds which file,
 * which policy a prerendered page gets, and that the faster digest gives the same bytes.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { staticRoutes } from '../../scripts/lib/static-files.ts';
import { installSyncDigest } from '../../scripts/lib/sync-digest.ts';
import { parsePrerenderedHeaders, prerenderedHeadersFor } from '../../src/lib/server/prerendered-headers.ts';

describe('static routes', () => {
	const routes = staticRoutes(['index.html', 'kontakt/index.html', '_astro/site.abc123.css', 'rss.xml', '.env', 'x/.git/config', '.well-known/security.txt']);

	test('a folder page answers at the folder, with and without the slash, and at index.html', () => {
		expect(routes.get('/')).toBe('index.html');
		expect(routes.get('/index.html')).toBe('index.html');
		expect(routes.get('/kontakt/')).toBe('kontakt/index.html');
		expect(routes.get('/kontakt')).toBe('kontakt/index.html');
		expect(routes.get('/kontakt/index.html')).toBe('kontakt/index.html');
	});

	test('files answer at their own path only', () => {
		expect(routes.get('/_astro/site.abc123.css')).toBe('_astro/site.abc123.css');
		expect(routes.get('/rss.xml')).toBe('rss.xml');
		expect(routes.get('/rss.xml/')).toBeUndefined();
		expect(routes.get('')).toBeUndefined();
	});

	test('hidden files are never served, the well-known folder is', () => {
		expect(routes.get('/.env')).toBeUndefined();
		expect(routes.get('/x/.git/config')).toBeUndefined();
		expect(routes.get('/.well-known/security.txt')).toBe('.well-known/security.txt');
	});
});

describe('prerendered headers', () => {
	const map = parsePrerenderedHeaders([{ pathname: '/kontakt', headers: [{ key: 'Content-Security-Policy', value: "default-src 'self'" }] }]);

	test('one page, whichever way it is addressed', () => {
		for (const path of ['/kontakt', '/kontakt/', '/kontakt/index.html', '/kontakt.html']) {
			expect(prerenderedHeadersFor(map, path), path).toEqual({ 'Content-Security-Policy': "default-src 'self'" });
		}
		expect(prerenderedHeadersFor(map, '/kontaktformular/')).toBeNull();
	});
});

describe('synchronous SHA-2 digest', () => {
	test('gives the bytes crypto.subtle gives, for every SHA-2 size and input shape, without calling it', async () => {
		const original = globalThis.crypto.subtle;
		let originalCalls = 0;
		const patched = { digest: (...args: Parameters<SubtleCrypto['digest']>) => (originalCalls++, original.digest(...args)) } as SubtleCrypto;
		installSyncDigest(patched);
		await fc.assert(
			fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom('SHA-256', 'SHA-384', 'SHA-512', 'sha-256'), fc.nat(8), async (bytes, algorithm, offset) => {
				const backing = new Uint8Array(bytes.length + offset);
				backing.set(bytes, offset);
				const view = backing.subarray(offset);
				const expected = Buffer.from(await original.digest(algorithm, bytes as Uint8Array<ArrayBuffer>));
				expect(Buffer.from(await patched.digest(algorithm, view))).toEqual(expected);
				expect(Buffer.from(await patched.digest({ name: algorithm }, view.slice().buffer as ArrayBuffer))).toEqual(expected);
			}),
			{ numRuns: 200 },
		);
		expect(originalCalls).toBe(0);
	});

	test('what is not a buffer goes to the original, which rejects it as before', async () => {
		const patched = { digest: globalThis.crypto.subtle.digest.bind(globalThis.crypto.subtle) } as SubtleCrypto;
		installSyncDigest(patched);
		await expect(patched.digest('SHA-256', 'text' as unknown as BufferSource)).rejects.toThrow();
		await expect(patched.digest({} as AlgorithmIdentifier, new Uint8Array(1))).rejects.toThrow();
	});

	test('leaves other algorithms to the original', async () => {
		const patched = { digest: () => Promise.resolve(new ArrayBuffer(1)) } as unknown as SubtleCrypto;
		installSyncDigest(patched);
		expect((await patched.digest('SHA-1', new Uint8Array(3))).byteLength).toBe(1);
	});
});
