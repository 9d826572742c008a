/**
 * Security headers for every response, static files included. The Node adapter serves
 * prerendered pages without running Astro middleware, so `scripts/serve.ts` applies these
 * around the adapter's handler. The content security policy itself comes from Astro
 * (`security.csp`), which hashes exactly the scripts and styles it emits.
 */

export interface RequestFacts {
	/** Whether the client reached us over https (directly or through a trusted proxy). */
	secure: boolean;
}

export function securityHeaders({ secure }: RequestFacts): Record<string, string> {
	const headers: Record<string, string> = {
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'strict-origin-when-cross-origin',
		// frame-ancestors cannot be set from a <meta> CSP, so framing is refused here.
		'X-Frame-Options': 'DENY',
		'Cross-Origin-Opener-Policy': 'same-origin',
		'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), interest-cohort=()',
	};
	if (secure) headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
	return headers;
}
