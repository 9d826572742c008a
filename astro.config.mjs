// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import node from '@astrojs/node';
import sitemap from '@astrojs/sitemap';

// The public address of the site. Canonical URLs, Open Graph, RSS and the sitemap are built
// from it, so a production build must set SITE_URL (astro:env is not available in this file).
const SITE_URL = process.env.SITE_URL ?? 'http://localhost:4321';

export default defineConfig({
	site: SITE_URL,
	trailingSlash: 'always',
	adapter: node({ mode: 'standalone' }),
	integrations: [
		mdx(),
		react(),
		// Only prerendered public pages belong in the sitemap; on-demand routes never appear here.
		sitemap({ filter: (page) => !page.includes('/mitmachen/danke/') }),
	],
	// Auth sessions live in our own database table, not in Astro's session store.
	session: false,
	// 'jsx' (the Astro 7 default) glues inline elements on separate lines together.
	compressHTML: true,
	markdown: { syntaxHighlight: 'prism' },
	security: {
		checkOrigin: true,
		csp: {
			directives: [
				"default-src 'self'",
				"img-src 'self' data:",
				"font-src 'self'",
				"connect-src 'self'",
				"form-action 'self'",
				"base-uri 'self'",
				"object-src 'none'",
			],
			// Pagefind compiles its WebAssembly search core in the browser.
			scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
		},
	},
	devToolbar: { enabled: false },
});
