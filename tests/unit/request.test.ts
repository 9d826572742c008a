import { describe, expect, test } from 'vitest';
import { forwardedClient, perIpKey, safeNextPath } from '../../src/lib/server/request.ts';

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

describe('perIpKey', () => {
	// An IPv6 client holds a /64: its per-IP limits count by that network, not by each address.
	test.each([
		['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
		['2001:db8:1:2::9', '2001:db8:1:2::/64'],
		['2001:0DB8:0001:0002:aaaa::1', '2001:db8:1:2::/64'],
		['2001:db8::', '2001:db8:0:0::/64'],
		['::1', '0:0:0:0::/64'],
		['fe80::1%eth0', 'fe80:0:0:0::/64'],
		['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
		['::ffff:192.0.2.1', '192.0.2.1'],
		['::ffff:c000:201', '192.0.2.1'],
		['0:0:0:0:0:ffff:c000:201', '192.0.2.1'],
		['[2001:db8:1:2::1]:443', '2001:db8:1:2::/64'],
		['[2001:db8:1:2::1]', '2001:db8:1:2::/64'],
		['192.0.2.1:443', '192.0.2.1'],
		['192.0.2.1', '192.0.2.1'],
		['unknown', 'unknown'],
		['1::2::3', '1::2::3'],
		['2001:db8:1:2:3:4:5:6:7', '2001:db8:1:2:3:4:5:6:7'],
	])('%s counts as %s', (ip, key) => {
		expect(perIpKey(ip)).toBe(key);
	});
});
