import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { describe, expect, test } from 'vitest';
import { codeForStep, keyForTyping, matchingStep, normalizeCode, otpauthUri, stepAt } from '../../src/lib/server/totp.ts';

// RFC 6238, appendix B: the SHA-1 key is the ASCII string "12345678901234567890".
const RFC_KEY = new TextEncoder().encode('12345678901234567890');
const at = (seconds: number) => new Date(seconds * 1000);

describe('TOTP codes', () => {
	test.each([
		[59, '94287082'],
		[1111111109, '07081804'],
		[1111111111, '14050471'],
		[1234567890, '89005924'],
		[2000000000, '69279037'],
		[20000000000, '65353130'],
	])('RFC 6238 test vector at %i s: %s', (seconds, expected) => {
		expect(codeForStep(RFC_KEY, stepAt(at(seconds)), 8)).toBe(expected);
		// Six digits are the last six of the same number.
		expect(codeForStep(RFC_KEY, stepAt(at(seconds)))).toBe(expected.slice(2));
	});

	test('a code is accepted one step early or late, not two, and only after the last used step', () => {
		const now = at(1234567890);
		const step = stepAt(now);
		expect(matchingStep(RFC_KEY, codeForStep(RFC_KEY, step), now, null)).toBe(step);
		expect(matchingStep(RFC_KEY, codeForStep(RFC_KEY, step - 1), now, null)).toBe(step - 1);
		expect(matchingStep(RFC_KEY, codeForStep(RFC_KEY, step + 1), now, null)).toBe(step + 1);
		expect(matchingStep(RFC_KEY, codeForStep(RFC_KEY, step - 2), now, null)).toBeNull();
		expect(matchingStep(RFC_KEY, codeForStep(RFC_KEY, step + 2), now, null)).toBeNull();
		// Used once: the same code (and any older one) is refused.
		expect(matchingStep(RFC_KEY, codeForStep(RFC_KEY, step), now, step)).toBeNull();
		expect(matchingStep(RFC_KEY, codeForStep(RFC_KEY, step - 1), now, step)).toBeNull();
		expect(matchingStep(RFC_KEY, codeForStep(RFC_KEY, step + 1), now, step)).toBe(step + 1);
	});

	test('what people type: spaces and a dash are fine, anything else is not a code', () => {
		expect(normalizeCode(' 123 456 ')).toBe('123456');
		expect(normalizeCode('123-456')).toBe('123456');
		for (const bad of ['', '12345', '1234567', '12345a', '１２３４５６', '123456\n7']) expect(normalizeCode(bad)).toBeNull();
		expect(matchingStep(RFC_KEY, 'abcdef', at(59), null)).toBeNull();
	});

	test('the otpauth address carries the key, issuer and account that an app shows', () => {
		const key = new Uint8Array(20).map((_, i) => i * 7);
		const uri = new URL(otpauthUri(key, 'ThZM-Netzwerkforum', 'koordination@example.org'));
		expect(uri.protocol).toBe('otpauth:');
		expect(uri.host).toBe('totp');
		expect(decodeURIComponent(uri.pathname)).toBe('/ThZM-Netzwerkforum:koordination@example.org');
		expect(uri.searchParams.get('issuer')).toBe('ThZM-Netzwerkforum');
		expect(decodeBase32IgnorePadding(uri.searchParams.get('secret')!)).toEqual(key);
		expect(decodeBase32IgnorePadding(keyForTyping(key).replaceAll(' ', ''))).toEqual(key);
		expect(keyForTyping(key)).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
	});
});
