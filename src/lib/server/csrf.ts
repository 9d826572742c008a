/**
 * Cross-site request forgery guard for every non-safe request, JSON included (Astro's own
 * origin check leaves JSON to CORS). A write is accepted only when the browser says it comes
 * from this site:
 * - `Sec-Fetch-Site`, which scripts cannot forge, must be `same-origin` where it is sent.
 * - `Origin` must equal the site's origin or the origin the request was sent to. Pages with
 *   `Referrer-Policy: no-referrer` (the token pages) make browsers send `Origin: null` on
 *   their own form posts: that passes only together with `Sec-Fetch-Site: same-origin`.
 * - A request with neither header is refused.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface WriteRequest {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	/** The request reached us over https (directly or via a trusted proxy). */
	secure: boolean;
	siteOrigin: string;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function isCrossSiteWrite({ method, headers, secure, siteOrigin }: WriteRequest): boolean {
	if (SAFE_METHODS.has(method.toUpperCase())) return false;
	const fetchSite = first(headers['sec-fetch-site']);
	if (fetchSite && fetchSite !== 'same-origin') return true;
	const origin = first(headers.origin);
	if (!origin || origin === 'null') return fetchSite !== 'same-origin';
	const host = first(headers.host);
	const requestOrigin = host ? `${secure ? 'https' : 'http'}://${host}` : null;
	return origin !== siteOrigin && origin !== requestOrigin;
}
