// @ts-check
import { defineConfig, envField } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import node from '@astrojs/node';
import sitemap from '@astrojs/sitemap';
import { MAX_REQUEST_BODY_BYTES } from './src/lib/server/body-limit.ts';
import { voicesForSite } from './src/lib/content/voices.ts';
import { readVoiceConsents } from './scripts/lib/build-notices.ts';

// The public address of the site. Canonical URLs, Open Graph, RSS and the sitemap are built
// from it, so a production build must set SITE_URL (astro:env is not available in this file).
const SITE_URL = process.env.SITE_URL ?? 'http://localhost:4321';
const site = new URL(SITE_URL);
const VOICES_SHOWN = voicesForSite(readVoiceConsents('src/content/testimonials'), SITE_URL).shown.length > 0;

/**
 * Astro's server finds a page's module through `() => import("…")` on every request, and Node
 * resolves that specifier anew each time (package scope, format) before it finds the module
 * already loaded: about 3 % of a dashboard view's CPU (bench/portal-profile.ts). These loaders
 * keep the first promise; a failed load is not kept, so the next request tries again. When a
 * later Astro writes its page map differently, nothing matches and pages load as before.
 */
const rememberPageModules = () => ({
	name: 'netzwerkforum:remember-page-modules',
	transform: {
		filter: { id: /^\0virtual:astro:pages$/ },
		/** @param {string} code */
		handler(code) {
			const loaders = /const (_page\d+) = \(\) => import\(("[^"]+")\);/g;
			if (!loaders.test(code)) return null;
			const remember = 'const remember = (load) => { let loading; return () => (loading ??= load().catch((error) => { loading = undefined; throw error; })); };';
			return { code: `${remember}\n${code.replace(loaders, 'const $1 = remember(() => import($2));')}`, map: null };
		},
	},
});

/**
 * The prerendered pages are the public site: they read content, never the database, and the
 * middleware returns before it loads the session code (`ctx.isPrerendered`). Astro bundles the
 * actions into the prerender build all the same, and with them every server module: about a
 * hundred modules, nearly half a second of every build (bench/build-scale.ts, "davon bündeln").
 * In that one build the actions load as none and the modules of src/lib/server as empty ones,
 * and any import of server code but the middleware's fails the build with a German message:
 * the public site stays apart from the database.
 */
const prerenderWithoutServerCode = () => ({
	name: 'netzwerkforum:prerender-without-server-code',
	apply: 'build',
	enforce: 'pre',
	/** @param {{ name: string }} environment */
	applyToEnvironment: (environment) => environment.name === 'prerender',
	resolveId: {
		filter: { id: /(^|\/)server\/[^/?]+\.ts$/ },
		/**
		 * @this {{ error: (message: string) => never }}
		 * @param {string} source
		 * @param {string | undefined} importer
		 */
		handler(source, importer) {
			if (!importer || importer.endsWith('/src/middleware.ts')) return null;
			const file = importer.startsWith(process.cwd()) ? importer.slice(process.cwd().length + 1) : importer;
			return this.error(
				`${file} gehört zu einer vorgerenderten öffentlichen Seite und lädt Server-Code (${source}). ` +
					'Öffentliche Seiten entstehen beim Build, ohne Datenbank: Was sie brauchen, gehört nach src/lib/content oder src/lib/site.ts.',
			);
		},
	},
	load: {
		filter: { id: /\/src\/(actions\/index|lib\/server\/[^?]+)\.ts$/ },
		/** @param {string} id */
		handler: (id) => (id.endsWith('/src/actions/index.ts') ? 'export const server = {};' : 'export {};'),
	},
});

/**
 * `__DEV_SERVER__`: true only under `astro dev`, written into the code when it is bundled. The
 * dev server renders draft articles (the editor's preview); a build must never. Vite's DEV and
 * MODE follow NODE_ENV (under vitest, a build of a copy saw DEV true and published a draft), and
 * Astro reads any other `import.meta.env.X` from the environment at run time: hence a plain name.
 */
const devServerFlag = () => ({
	name: 'netzwerkforum:dev-server-flag',
	hooks: {
		/** @param {{ command: string; updateConfig: (config: object) => unknown }} options */
		'astro:config:setup': ({ command, updateConfig }) => {
			updateConfig({ vite: { define: { __DEV_SERVER__: JSON.stringify(command === 'dev') } } });
		},
	},
});

// Runtime configuration, read through astro:env and parsed in src/lib/server/config.ts (which
// also holds the defaults, so command-line scripts share them). All optional strings here.
const serverVariable = () => envField.string({ context: 'server', access: 'secret', optional: true });
const ENV_VARIABLES = [
	'DATABASE_URL',
	'DATABASE_AUTH_TOKEN',
	'SITE_URL',
	'DEMO',
	'TRUST_PROXY',
	'SMTP_URL',
	'MAIL_FROM',
	'OFFICE_EMAIL',
	'OUTBOX_DIR',
	'BACKUP_DIR',
	'BACKUP_KEEP',
	'BACKUP_MAX_DAYS',
	'RATE_LIMITS',
	'PASSWORD_HASH_CONCURRENCY',
	'WEB_CONCURRENCY',
	'COORDINATOR_SECOND_FACTOR',
	'BREACHED_PASSWORDS_URL',
];

export default defineConfig({
	site: SITE_URL,
	// Pages are linked with a trailing slash; files such as /portal/termine.ics have none.
	trailingSlash: 'ignore',
	// Middleware mode: scripts/serve.ts is the server and serves the built files itself.
	// staticHeaders: prerendered pages get their CSP as a response header (frame-ancestors needs one).
	// Pages are rendered whole, then sent as one encoded body with its length: cheaper than a web
	// stream of small chunks (bench/cpu-per-request.ts), and no page here is slow to finish.
	// bodySizeLimit: a body beyond it (chunked, without a length) is cut off; scripts/serve.ts
	// refuses a declared larger one before anything is read.
	adapter: node({ mode: 'middleware', staticHeaders: true, experimentalDisableStreaming: true, bodySizeLimit: MAX_REQUEST_BODY_BYTES }),
	integrations: [
		devServerFlag(),
		mdx(),
		react(),
		// Only prerendered public pages belong in the sitemap; on-demand routes never appear here.
		// An empty /stimmen/ (no voice with confirmed consent in a build for the real site) stays out too.
		sitemap({
			filter: (page) => !/\/(portal|koordination|mitmachen\/danke)\//.test(new URL(page).pathname) && (VOICES_SHOWN || new URL(page).pathname !== '/stimmen/'),
		}),
	],
	env: { schema: Object.fromEntries(ENV_VARIABLES.map((name) => [name, serverVariable()])) },
	// Auth sessions live in our own database table, not in Astro's session store.
	session: false,
	// 'jsx' (the Astro 7 default) glues inline elements on separate lines together.
	compressHTML: true,
	markdown: { syntaxHighlight: 'prism' },
	security: {
		// Cross-site writes are refused for every content type in scripts/serve.ts
		// (src/lib/server/csrf.ts). Astro's own check is off because it rejects the
		// `Origin: null` that browsers send from no-referrer pages (the token pages), where
		// `Sec-Fetch-Site: same-origin` proves the request is ours.
		checkOrigin: false,
		// Behind a TLS-terminating proxy, X-Forwarded-Host/-Proto count only for these hosts.
		allowedDomains: [{ hostname: site.hostname, protocol: site.protocol.replace(':', '') }],
		csp: {
			directives: [
				"default-src 'self'",
				"img-src 'self' data:",
				"font-src 'self'",
				"connect-src 'self'",
				"form-action 'self'",
				"base-uri 'self'",
				"object-src 'none'",
				"frame-ancestors 'none'",
			],
			// Pagefind compiles its WebAssembly search core in the browser.
			scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
		},
	},
	devToolbar: { enabled: false },
	// Prerendering awaits file writes and hashes for the CSP between pages; four pages in flight
	// keep the CPU busy meanwhile (bench/build-scale.ts: about a third less time for the pages).
	build: { concurrency: 4 },
	vite: {
		plugins: [rememberPageModules(), prerenderWithoutServerCode()],
		// Every MDX file Astro compiles starts with the directive "use astro:head-inject", and the
		// bundler (Rolldown) warned once per file that it may not keep it: a dozen boxes each build,
		// about Astro's own code, that buried real warnings and errors. Only that check is off
		// (MODULE_LEVEL_DIRECTIVE, which a dependency's "use client" would raise as well).
		build: { rolldownOptions: { checks: { moduleLevelDirective: false } } },
	},
});
