/**
 * Server-side secrets that are generated once, stored in the database and so shared by every
 * instance and kept across restarts. Never sent to a browser.
 */
import { hmac } from '@oslojs/crypto/hmac';
import { SHA256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import { appSecret } from '../../../db/schema.ts';
import { getDb } from './db.ts';
import { randomBytes } from './random.ts';

const cache = new Map<string, Uint8Array>();

export async function getSecret(name: string): Promise<Uint8Array> {
	const cached = cache.get(name);
	if (cached) return cached;
	const db = await getDb();
	// Insert-if-missing, then read: concurrent first starts all end up with the same value.
	await db.insert(appSecret).values({ name, value: Buffer.from(randomBytes(32)) }).onConflictDoNothing();
	const row = await db.select().from(appSecret).where(eq(appSecret.name, name)).get();
	const value = new Uint8Array(row!.value);
	cache.set(name, value);
	return value;
}

const encoder = new TextEncoder();

/** `<payload>.<signature>`, both base64url. */
export async function sign(name: string, payload: string): Promise<string> {
	const mac = hmac(SHA256, await getSecret(name), encoder.encode(payload));
	return `${encodeBase64urlNoPadding(encoder.encode(payload))}.${encodeBase64urlNoPadding(mac)}`;
}

/** The payload, if the signature is ours. */
export async function verifySigned(name: string, signed: string): Promise<string | null> {
	const [encodedPayload, encodedMac, ...rest] = signed.split('.');
	if (!encodedPayload || !encodedMac || rest.length > 0) return null;
	try {
		const payload = new TextDecoder().decode(decodeBase64urlIgnorePadding(encodedPayload));
		const expected = hmac(SHA256, await getSecret(name), encoder.encode(payload));
		return constantTimeEqual(expected, decodeBase64urlIgnorePadding(encodedMac)) ? payload : null;
	} catch {
		return null;
	}
}
