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

/**
 * The key per-IP limits count by. An IPv4 address is one client; an IPv6 client usually holds a
 * whole /64 (any rented server comes with one), and counting per address would give it a fresh
 * limit for every try. So IPv6 addresses count by their /64 network. Anything unreadable counts as it is.
 */
export function perIpKey(ip: string): string {
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
	if (mapped) return mapped[1]!;
	if (!ip.includes(':')) return ip;
	const address = ip.split('%')[0]!.toLowerCase(); // without a zone ("fe80::1%eth0")
	const [head = '', tail, ...more] = address.split('::');
	if (more.length > 0) return ip;
	// An IPv4 tail ("64:ff9b::192.0.2.1") stands for two groups.
	const groupsOf = (part: string) => (part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])));
	const front = groupsOf(head);
	const back = tail === undefined ? [] : groupsOf(tail);
	const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
	if (groups.length !== 8 || !groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return ip;
	return `${groups
		.slice(0, 4)
		.map((g) => g.replace(/^0+(?=.)/, ''))
		.join(':')}::/64`;
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
