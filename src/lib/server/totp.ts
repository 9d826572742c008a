/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226): the six digits an authenticator app
 * shows for a shared key, renewed every 30 seconds. Pure: no database, no clock of its own.
 * HMAC-SHA1 and 30-second steps because that is what every authenticator app reads from an
 * `otpauth://` address without asking.
 */
import { hmac } from '@oslojs/crypto/hmac';
import { SHA1 } from '@oslojs/crypto/sha1';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';

export const TOTP_STEP_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** A key of 160 bits, the size RFC 4226 recommends for HMAC-SHA1. */
export const TOTP_KEY_BYTES = 20;

/** The time step a moment falls in. */
export const stepAt = (now: Date): number => Math.floor(now.getTime() / 1000 / TOTP_STEP_SECONDS);

/** RFC 4226: the code for one counter value, with leading zeros. */
export function codeForStep(key: Uint8Array, step: number, digits: number = TOTP_DIGITS): string {
	const counter = new Uint8Array(8);
	new DataView(counter.buffer).setBigUint64(0, BigInt(step));
	const mac = hmac(SHA1, key, counter);
	const offset = mac[mac.length - 1]! & 0x0f;
	const binary = new DataView(mac.buffer, mac.byteOffset).getUint32(offset) & 0x7fffffff;
	return String(binary % 10 ** digits).padStart(digits, '0');
}

/** What a person may type: digits, perhaps with spaces (apps show "123 456"). */
export function normalizeCode(input: string): string | null {
	const digits = input.replace(/[\s-]/g, '');
	return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(digits) ? digits : null;
}

/**
 * The step whose code `input` is, looking one step back and one ahead (a phone's clock may be
 * off by some seconds, and typing takes time), or null. Steps up to `usedUpTo` are refused: a
 * code works once, so one read over a shoulder or from a proxy log cannot be used again.
 */
export function matchingStep(key: Uint8Array, input: string, now: Date, usedUpTo: number | null): number | null {
	const code = normalizeCode(input);
	if (!code) return null;
	const current = stepAt(now);
	const entered = new TextEncoder().encode(code);
	let found: number | null = null;
	// Every candidate is compared, so the time taken does not tell which one matched.
	for (const step of [current - 1, current, current + 1]) {
		const matches = constantTimeEqual(new TextEncoder().encode(codeForStep(key, step)), entered);
		if (matches && (usedUpTo === null || step > usedUpTo) && found === null) found = step;
	}
	return found;
}

/** The address an authenticator app reads from a QR code: issuer, account and key. */
export function otpauthUri(key: Uint8Array, issuer: string, account: string): string {
	const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
	const params = new URLSearchParams({ secret: encodeBase32UpperCaseNoPadding(key), issuer, algorithm: 'SHA1', digits: String(TOTP_DIGITS), period: String(TOTP_STEP_SECONDS) });
	return `otpauth://totp/${label}?${params}`;
}

/** The key as people type it into an app by hand: base32 in groups of four. */
export function keyForTyping(key: Uint8Array): string {
	return encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, '$1 ');
}
