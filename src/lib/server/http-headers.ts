/**
 * Headers for every response, static files included. The Node adapter serves prerendered
 * pages without running Astro middleware, so `scripts/serve.ts` applies these around the
 * adapter's handler. The content security policy itself comes from Astro (`security.csp`),
 * which hashes exactly the scripts and styles it emits.
 */

export interface ResponseFacts {
	/** Whether the client reached us over https (directly or through a trusted proxy). */
	secure: boolean;
	/** The decoded request path, without query (what routing sees). */
	path: string;
}

/** Pages whose address carries a one-time token: never leak it through the Referer. */
const TOKEN_PAGES = ['/portal/einladung/', '/portal/passwort-zuruecksetzen/'];
/** Personal pages and form endpoints: never stored by browsers or proxies. */
const PRIVATE_PREFIXES = ['/portal/', '/koordination/', '/_actions/', '/mitmachen/'];

/**
 * The page a path names, as its folder with a trailing slash: `/kontakt`, `/kontakt/`,
 * `/kontakt/index.html` and `/kontakt.html` (so `/404.html`) are one page, because the site
 * answers all of them (trailingSlash: 'ignore'), so all of them get that page's headers.
 */
export function pageFolder(path: string): string {
	const folder = path.endsWith('/index.html')
		? path.slice(0, -'index.html'.length)
		: path.endsWith('.html')
			? path.slice(0, -'.html'.length)
			: path;
	return folder.endsWith('/') ? folder : `${folder}/`;
}

export function responseHeaders({ secure, path }: ResponseFacts): Record<string, string> {
	const folder = pageFolder(path);
	const headers: Record<string, string> = {
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': TOKEN_PAGES.includes(folder) ? 'no-referrer' : 'strict-origin-when-cross-origin',
		// frame-ancestors in a <meta> CSP is ignored, so framing is refused here as well.
		'X-Frame-Options': 'DENY',
		'Cross-Origin-Opener-Policy': 'same-origin',
		'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), interest-cohort=()',
	};
	if (secure) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
	if (PRIVATE_PREFIXES.some((prefix) => folder.startsWith(prefix))) headers['Cache-Control'] = 'no-store';
	// Build assets carry a content hash in their name: they never change under one URL.
	if (path.startsWith('/_astro/')) headers['Cache-Control'] = 'public, max-age=31536000, immutable';
	return headers;
}
