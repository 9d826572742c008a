/**
 * Astro hashes every inline style and script of an on-demand page for its content security
 * policy, on every request, with `crypto.subtle.digest`. In Node that call goes through the
 * libuv thread pool and back (a tenth of the CPU of an authenticated page under load, and it
 * queues behind argon2 hashes). For the SHA-2 family the same bytes come out of a synchronous
 * `createHash` in a fraction of the time; other algorithms keep the original. Installed once by
 * the server entry, never inside the app bundle.
 */
import { createHash } from 'node:crypto';

const NODE_NAMES: Record<string, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };
const INSTALLED = Symbol.for('netzwerkforum.syncDigest');

type Digest = SubtleCrypto['digest'];

/** Bytes of a buffer or view; null for anything else, which the original rejects as it always did. */
function bytesOf(data: unknown): Uint8Array | null {
	if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
	if (data instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && data instanceof SharedArrayBuffer)) return new Uint8Array(data);
	return null;
}

export function installSyncDigest(subtle: SubtleCrypto = globalThis.crypto.subtle): void {
	const marked = subtle as SubtleCrypto & { [INSTALLED]?: true };
	if (marked[INSTALLED]) return;
	marked[INSTALLED] = true;
	const original: Digest = subtle.digest.bind(subtle);
	subtle.digest = ((algorithm: AlgorithmIdentifier, data: BufferSource) => {
		try {
			const name = NODE_NAMES[String(typeof algorithm === 'string' ? algorithm : algorithm.name).toUpperCase()];
			const bytes = bytesOf(data);
			if (name && bytes) {
				const hash = createHash(name).update(bytes).digest();
				return Promise.resolve(hash.buffer.slice(hash.byteOffset, hash.byteOffset + hash.byteLength));
			}
		} catch {
			// Whatever the synchronous path cannot take, the original answers (or rejects) as before.
		}
		return original(algorithm, data);
	}) as Digest;
}
