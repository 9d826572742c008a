import { describe, expect, test } from 'vitest';
import { isCrossSiteWrite } from '../../src/lib/server/csrf.ts';

const site = 'https://forum.example.org';
const request = (method: string, headers: Record<string, string>) =>
	isCrossSiteWrite({ method, headers: { host: 'forum.example.org', ...headers }, secure: true, siteOrigin: site });

describe('isCrossSiteWrite', () => {
	test('reads are never blocked', () => {
		expect(request('GET', { origin: 'https://evil.example' })).toBe(false);
		expect(request('HEAD', {})).toBe(false);
	});

	test.each([
		['matching Origin', { origin: site }, false],
		['matching Origin and same-origin fetch', { origin: site, 'sec-fetch-site': 'same-origin' }, false],
		['foreign Origin', { origin: 'https://evil.example' }, true],
		['missing Origin', {}, true],
		['Origin "null" (sandboxed frame)', { origin: 'null' }, true],
		['matching Origin but cross-site fetch', { origin: site, 'sec-fetch-site': 'cross-site' }, true],
		['Origin "null" from a no-referrer page, same-origin fetch', { origin: 'null', 'sec-fetch-site': 'same-origin' }, false],
		['Origin "null" without Sec-Fetch-Site', { origin: 'null' }, true],
		['user-typed navigation (none)', { origin: site, 'sec-fetch-site': 'none' }, true],
		['same-site subdomain', { origin: 'https://shop.example.org', 'sec-fetch-site': 'same-site' }, true],
		['http downgrade of our origin', { origin: 'http://forum.example.org' }, true],
	])('POST with %s → blocked: %s', (_label, headers, blocked) => {
		expect(request('POST', headers)).toBe(blocked);
		expect(request('DELETE', headers)).toBe(blocked);
	});

	test('the origin the request was sent to counts as ours (e.g. 127.0.0.1 instead of localhost)', () => {
		expect(
			isCrossSiteWrite({ method: 'POST', headers: { host: '127.0.0.1:4321', origin: 'http://127.0.0.1:4321' }, secure: false, siteOrigin: 'http://localhost:4321' }),
		).toBe(false);
	});
});
