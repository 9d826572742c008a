import { describe, expect, test } from 'vitest';
import { responseHeaders } from '../../src/lib/server/http-headers.ts';

describe('responseHeaders', () => {
	test('always forbid sniffing and framing and limit the referrer', () => {
		const headers = responseHeaders({ secure: false, path: '/' });
		expect(headers['X-Content-Type-Options']).toBe('nosniff');
		expect(headers['X-Frame-Options']).toBe('DENY');
		expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
		expect(headers['Cache-Control']).toBeUndefined();
	});

	test('HSTS only over https, where a browser will honour it', () => {
		expect(responseHeaders({ secure: false, path: '/' })['Strict-Transport-Security']).toBeUndefined();
		expect(responseHeaders({ secure: true, path: '/' })['Strict-Transport-Security']).toBe(
			'max-age=31536000; includeSubDomains',
		);
	});

	test('token pages send no referrer; pages behind login are never cached', () => {
		expect(responseHeaders({ secure: true, path: '/portal/einladung/' })['Referrer-Policy']).toBe('no-referrer');
		expect(responseHeaders({ secure: true, path: '/portal/passwort-zuruecksetzen/' })['Referrer-Policy']).toBe('no-referrer');
		expect(responseHeaders({ secure: true, path: '/portal/' })['Cache-Control']).toBe('no-store');
		expect(responseHeaders({ secure: true, path: '/koordination/bewerbungen/' })['Cache-Control']).toBe('no-store');
	});

	test('the same page without its trailing slash gets the same headers', () => {
		expect(responseHeaders({ secure: true, path: '/portal' })['Cache-Control']).toBe('no-store');
		expect(responseHeaders({ secure: true, path: '/koordination' })['Cache-Control']).toBe('no-store');
		expect(responseHeaders({ secure: true, path: '/portal/termine.ics' })['Cache-Control']).toBe('no-store');
		expect(responseHeaders({ secure: true, path: '/portal/einladung' })['Referrer-Policy']).toBe('no-referrer');
		expect(responseHeaders({ secure: true, path: '/portalseite/' })['Cache-Control']).toBeUndefined();
	});

	test('hashed build assets are cached for a year', () => {
		expect(responseHeaders({ secure: true, path: '/_astro/Base.abc123.css' })['Cache-Control']).toContain('immutable');
	});
});
