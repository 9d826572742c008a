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
	// A proxy may write "[2001:db8::1]:443" or "192.0.2.1:443": the port is no part of the client.
	const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
	const bare = bracketed ? bracketed[1]! : /^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(ip) ? ip.split(':')[0]! : ip;
	if (!bare.includes(':')) return bare;
	const groups = ipv6Groups(bare.split('%')[0]!.toLowerCase()); // without a zone ("fe80::1%eth0")
	if (!groups) return bare;
	// An IPv4 client written as IPv6 (::ffff:192.0.2.1, ::ffff:c000:201): one client, by its IPv4 address.
	if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.');
	return `${groups
		.slice(0, 4)
		.map((g) => g.toString(16))
		.join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (an IPv4 tail counts as two), or null if it is none. */
function ipv6Groups(address: string): number[] | null {
	const halves = address.split('::');
	if (halves.length > 2) return null;
	const parse = (part: string): number[] | null => {
		if (part === '') return [];
		const groups: number[] = [];
		const pieces = part.split(':');
		for (const [i, piece] of pieces.entries()) {
			const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(piece);
			if (v4 && i === pieces.length - 1) {
				const bytes = v4.slice(1).map(Number);
				if (bytes.some((b) => b > 255)) return null;
				groups.push((bytes[0]! << 8) | bytes[1]!, (bytes[2]! << 8) | bytes[3]!);
			} else if (/^[0-9a-f]{1,4}$/.test(piece)) groups.push(parseInt(piece, 16));
			else return null;
		}
		return groups;
	};
	const front = parse(halves[0]!);
	const back = halves.length === 2 ? parse(halves[1]!) : [];
	if (!front || !back) return null;
	if (halves.length === 1) return front.length === 8 ? front : null;
	const missing = 8 - front.length - back.length;
	return missing >= 1 ? [...front, ...Array<number>(missing).fill(0), ...back] : null;
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
