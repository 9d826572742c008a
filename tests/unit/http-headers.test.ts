import { describe, expect, test } from 'vitest';
import { securityHeaders } from '../../src/lib/server/http-headers.ts';

describe('securityHeaders', () => {
	test('always forbid sniffing and framing and limit the referrer', () => {
		const headers = securityHeaders({ secure: false });
		expect(headers['X-Content-Type-Options']).toBe('nosniff');
		expect(headers['X-Frame-Options']).toBe('DENY');
		expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
	});

	test('HSTS only over https, where a browser will honour it', () => {
		expect(securityHeaders({ secure: false })['Strict-Transport-Security']).toBeUndefined();
		expect(securityHeaders({ secure: true })['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
	});
});
