/** Facts about the current request that several modules need. */
import type { APIContext } from 'astro';
import { getConfig } from './config.ts';

/**
 * The address the trusted proxy saw, from X-Forwarded-For: the last entry, which that proxy
 * appended itself. Entries before it come from the client, who can write anything there: taking
 * the first would let anyone pick a fresh address for every attempt and pass every per-IP limit.
 */
export function forwardedClient(header: string | null | undefined): string | null {
	const entries = header?.split(',').map((entry) => entry.trim()).filter(Boolean) ?? [];
	return entries.at(-1) ?? null;
}

/** Headers a proxy sets to say where a request came from; anyone else can send them too. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port'] as const;

/**
 * Removes the forwarding headers of a request that reached the server directly (no TRUST_PROXY):
 * they are the client's own words, and Astro would take the client's address (for every per-IP
 * limit) from X-Forwarded-For whenever the Host names the site.
 */
export function dropForwardingHeaders(headers: Record<string, string | string[] | undefined>): void {
	for (const name of FORWARDING_HEADERS) delete headers[name];
}

/** The client's address; behind a trusted proxy (TRUST_PROXY) the one it forwards. */
export async function clientIp(ctx: Pick<APIContext, 'request' | 'clientAddress'>): Promise<string> {
	const { trustProxy } = await getConfig();
	if (trustProxy) {
		const forwarded = forwardedClient(ctx.request.headers.get('x-forwarded-for'));
		if (forwarded) return forwarded;
	}
	try {
		return ctx.clientAddress;
	} catch {
		return 'unknown';
	}
}

export async function requestContext(ctx: Pick<APIContext, 'request' | 'clientAddress'>) {
	return { ip: await clientIp(ctx), userAgent: ctx.request.headers.get('user-agent') };
}

/**
 * A same-site path to continue to after login, or null. Rejects absolute and
 * protocol-relative URLs, backslash tricks and `javascript:` (security checklist V4).
 */
export function safeNextPath(raw: string | null | undefined): string | null {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return null;
	try {
		const base = 'http://same.invalid';
		const url = new URL(raw, base);
		return url.origin === base ? url.pathname + url.search : null;
	} catch {
		return null;
	}
}
