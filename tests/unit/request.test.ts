import { describe, expect, test } from 'vitest';
import { forwardedClient, safeNextPath } from '../../src/lib/server/request.ts';

describe('safeNextPath', () => {
	// Django's open-redirect list (security checklist V4), plus backslash variants.
	test.each([
		'http://example.com',
		'http:///example.com',
		'https://example.com',
		'ftp://example.com',
		'///example.com',
		'//example.com',
		'javascript:alert("XSS")',
		'/\\example.com',
		'\\\\example.com',
		'',
		'portal/',
	])('rejects %j', (raw) => {
		expect(safeNextPath(raw)).toBeNull();
	});

	test.each([
		['/portal/', '/portal/'],
		['/portal/profil/?tab=1', '/portal/profil/?tab=1'],
		['/koordination/gruppen/abc/', '/koordination/gruppen/abc/'],
	])('keeps %j', (raw, expected) => {
		expect(safeNextPath(raw)).toBe(expected);
	});
});

describe('forwardedClient', () => {
	test.each([
		// The proxy appends the address it saw; whatever the client sent stands before it.
		['203.0.113.9', '203.0.113.9'],
		['1.2.3.4, 203.0.113.9', '203.0.113.9'],
		['irgendwas,  203.0.113.9 ', '203.0.113.9'],
		['2001:db8::1', '2001:db8::1'],
		['203.0.113.9,', '203.0.113.9'],
		['', null],
		[null, null],
	])('%j → %j', (header, expected) => {
		expect(forwardedClient(header)).toBe(expected);
	});
});
