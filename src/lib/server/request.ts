/** Facts about the current request that several modules need. */
import type { APIContext } from 'astro';
import { getConfig } from './config.ts';

/** The client's address; behind a trusted proxy the first X-Forwarded-For entry. */
export async function clientIp(ctx: Pick<APIContext, 'request' | 'clientAddress'>): Promise<string> {
	const { trustProxy } = await getConfig();
	if (trustProxy) {
		const forwarded = ctx.request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
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
