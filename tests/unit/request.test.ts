import { describe, expect, test } from 'vitest';
import { safeNextPath } from '../../src/lib/server/request.ts';

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
