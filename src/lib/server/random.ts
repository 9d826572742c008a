/**
 * Randomness for identifiers and secrets: always the CSPRNG, never Math.random. A secret is
 * stored only as its hash (hashSecret) and checked in constant time (secretMatches).
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeBase64urlIgnorePadding, encodeBase64urlNoPadding } from '@oslojs/encoding';

// 32 letters without look-alikes (no l, o, 0, 1): 5 bits per character.
const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
// Upper-case for codes people type from a mail; no I, O, 0, 1.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function randomBytes(length: number): Uint8Array {
	return crypto.getRandomValues(new Uint8Array(length));
}

function fromAlphabet(alphabet: string, length: number): string {
	// 256 is a multiple of 32, so `byte % 32` (here: `>> 3`) is unbiased.
	return Array.from(randomBytes(length), (byte) => alphabet[byte >> 3]).join('');
}

/** 16 characters, 80 bits: ids that appear in URLs and are not guessable. */
export const randomId = () => fromAlphabet(ID_ALPHABET, 16);

/** 32 random bytes, base64url: the secret half of session and link tokens. */
export const randomSecret = () => {
	const bytes = randomBytes(32);
	return { bytes, encoded: encodeBase64urlNoPadding(bytes) };
};

/** What is stored of a secret: its SHA-256, as a Buffer for a blob column. */
export const hashSecret = (secret: Uint8Array) => Buffer.from(sha256(secret));

/** Whether `secret` is the one whose hash was stored; the comparison takes the same time either way. */
export const secretMatches = (secret: Uint8Array, storedHash: Uint8Array) => constantTimeEqual(sha256(secret), new Uint8Array(storedHash));

/** Reads an `id.secret` token made of randomId() and randomSecret(); null for anything else. */
export function parseIdSecretToken(token: string): { id: string; secret: Uint8Array } | null {
	const parts = token.split('.');
	if (parts.length !== 2 || !/^[a-z2-9]{16}$/.test(parts[0]!)) return null;
	try {
		const secret = decodeBase64urlIgnorePadding(parts[1]!);
		return secret.length === 32 ? { id: parts[0]!, secret } : null;
	} catch {
		return null;
	}
}

/** 10 characters, 50 bits, e.g. "K7QM-2XWP-RD": typed from a mail when a link breaks. */
export const randomCode = () => fromAlphabet(CODE_ALPHABET, 10);

export const formatCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;

/** Accepts what people type: lower case, spaces, dashes. */
export const normalizeCode = (input: string) => input.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** A typed code as the bytes of its one normal form, for hashSecret and secretMatches. */
export const codeBytes = (typed: string) => new TextEncoder().encode(normalizeCode(typed));
