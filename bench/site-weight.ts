/**
 * Site weight: bytes a first visit of each public prerendered page transfers.
 *
 * For every index.html under dist/client (plus 404.html, without pagefind/) it adds up the HTML,
 * the stylesheets (<link rel=stylesheet>, CSS @import), scripts (<script src>, islands'
 * component-url/renderer-url, static `import`/`export … from` of chunks, recursively), preloads
 * (rel=preload/modulepreload) and fonts (url() in the CSS files and inline <style>), each file
 * once per page, both raw and gzip-compressed at zlib level 9 (what a compressing server sends).
 * Dynamic import() targets (e.g. /pagefind/pagefind.js on /suche/) are listed but not counted.
 * KB = 1000 bytes.
 *
 * Run: node bench/site-weight.ts [--build]      (Node 24: /work/main/node_modules/.bin/node)
 * Builds first (node scripts/build.ts) if dist/client is missing or --build is given; warns if
 * dist/ is older than the sources. Prints figures, never fails on them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, ensureBuild, kb, table, walk } from './lib.ts';

type Kind = 'html' | 'css' | 'js' | 'font' | 'other';

interface PageWeight {
	route: string;
	gzip: Record<Kind, number>;
	raw: Record<Kind, number>;
	files: number;
	externalJs: boolean;
	inlineJs: number;
	dynamicImports: Set<string>;
	missing: Set<string>;
}

const CLIENT = join(ROOT, 'dist/client');
const ORIGIN = 'http://site.invalid';
const FONT_EXT = new Set(['.woff2', '.woff', '.ttf', '.otf', '.eot']);
const JS_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript']);

const kindOf = (path: string): Kind => {
	const ext = extname(path).toLowerCase();
	if (ext === '.css') return 'css';
	if (ext === '.js' || ext === '.mjs') return 'js';
	if (FONT_EXT.has(ext)) return 'font';
	if (ext === '.html') return 'html';
	return 'other';
};

const sizes = new Map<string, { raw: number; gzip: number }>();
function sizeOf(file: string) {
	let size = sizes.get(file);
	if (!size) {
		const bytes = readFileSync(file);
		size = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
		sizes.set(file, size);
	}
	return size;
}

function attributes(source: string): Record<string, string> {
	const attrs: Record<string, string> = {};
	for (const m of source.matchAll(/([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g)) {
		const value = m[2] ?? '';
		attrs[m[1]!.toLowerCase()] = value.replace(/^["']|["']$/g, '').replaceAll('&amp;', '&');
	}
	return attrs;
}

/** Same-origin URL → file under dist/client (undefined for other origins and data: URLs). */
function toFile(ref: string, base: string): { url: string; file: string } | undefined {
	if (!ref || ref.startsWith('data:') || ref.startsWith('#')) return undefined;
	const url = new URL(ref, base);
	if (url.origin !== ORIGIN) return undefined;
	let file = join(CLIENT, decodeURIComponent(url.pathname));
	if (url.pathname.endsWith('/')) file = join(file, 'index.html');
	return { url: url.href, file };
}

const cssUrls = (css: string) =>
	[...css.matchAll(/url\(\s*(["']?)([^"')]+)\1\s*\)/g)].map((m) => m[2]!.trim());
const cssImports = (css: string) =>
	[...css.matchAll(/@import\s+(?:url\(\s*)?["']?([^"')\s;]+)/g)].map((m) => m[1]!);
/** Static `import … from "x"`, `import "x"`, `export … from "x"` (minified or not). */
const staticImports = (js: string) =>
	[
		...js.matchAll(
			/(?<![\w$.])(?:import\s*|(?:import|export)(?![\w$])[^"'`();]*?(?<![\w$])from\s*)["']([^"']+\.m?js)["']/g,
		),
	].map((m) => m[1]!);
const dynamicImports = (js: string) =>
	[...js.matchAll(/(?<![\w$.])import\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]!);

function measurePage(htmlFile: string): PageWeight {
	const rel = relative(CLIENT, htmlFile);
	const route =
		rel === 'index.html'
			? '/'
			: rel.endsWith('/index.html')
				? `/${rel.slice(0, -'index.html'.length)}`
				: `/${rel}`;
	const pageUrl = ORIGIN + route;
	const zero = (): Record<Kind, number> => ({ html: 0, css: 0, js: 0, font: 0, other: 0 });
	const page: PageWeight = {
		route,
		gzip: zero(),
		raw: zero(),
		files: 0,
		externalJs: false,
		inlineJs: 0,
		dynamicImports: new Set(),
		missing: new Set(),
	};
	const seen = new Set<string>();

	const add = (ref: string, base: string, as?: Kind) => {
		const target = toFile(ref, base);
		if (!target || seen.has(target.file)) return;
		seen.add(target.file);
		if (!existsSync(target.file)) {
			page.missing.add(new URL(target.url).pathname);
			return;
		}
		const kind = as && kindOf(target.file) === 'other' ? as : kindOf(target.file);
		const size = sizeOf(target.file);
		page.raw[kind] += size.raw;
		page.gzip[kind] += size.gzip;
		page.files++;
		if (kind === 'css') {
			const css = readFileSync(target.file, 'utf8');
			for (const imported of cssImports(css)) add(imported, target.url, 'css');
			for (const u of cssUrls(css))
				if (FONT_EXT.has(extname(u.split(/[?#]/)[0]!).toLowerCase())) add(u, target.url, 'font');
		} else if (kind === 'js') {
			page.externalJs = true;
			const js = readFileSync(target.file, 'utf8');
			for (const imported of staticImports(js)) add(imported, target.url, 'js');
			for (const d of dynamicImports(js)) page.dynamicImports.add(new URL(d, target.url).pathname);
		}
	};

	add(route, ORIGIN + '/');
	const html = readFileSync(htmlFile, 'utf8');
	const withoutComments = html.replace(/<!--[\s\S]*?-->/g, '');

	for (const m of withoutComments.matchAll(/<(link|script|astro-island)\b([^>]*)>/gi)) {
		const tag = m[1]!.toLowerCase();
		const attrs = attributes(m[2]!);
		if (tag === 'link') {
			const rels = (attrs.rel ?? '').toLowerCase().split(/\s+/);
			if (rels.includes('stylesheet')) add(attrs.href ?? '', pageUrl, 'css');
			else if (rels.includes('modulepreload')) add(attrs.href ?? '', pageUrl, 'js');
			else if (rels.includes('preload')) {
				const as =
					attrs.as === 'style'
						? 'css'
						: attrs.as === 'script'
							? 'js'
							: attrs.as === 'font'
								? 'font'
								: undefined;
				add(attrs.href ?? '', pageUrl, as);
			}
		} else if (tag === 'script') {
			if (attrs.src) add(attrs.src, pageUrl, 'js');
		} else {
			if (attrs['component-url']) add(attrs['component-url'], pageUrl, 'js');
			if (attrs['renderer-url']) add(attrs['renderer-url'], pageUrl, 'js');
		}
	}
	for (const m of withoutComments.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
		const attrs = attributes(m[1]!);
		if (attrs.src || !JS_TYPES.has((attrs.type ?? '').toLowerCase()) || !m[2]!.trim()) continue;
		page.inlineJs += Buffer.byteLength(m[2]!);
		for (const imported of staticImports(m[2]!)) add(imported, pageUrl, 'js');
		for (const d of dynamicImports(m[2]!)) page.dynamicImports.add(new URL(d, pageUrl).pathname);
	}
	for (const m of withoutComments.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) {
		for (const imported of cssImports(m[1]!)) add(imported, pageUrl, 'css');
		for (const u of cssUrls(m[1]!))
			if (FONT_EXT.has(extname(u.split(/[?#]/)[0]!).toLowerCase())) add(u, pageUrl, 'font');
	}
	return page;
}

await ensureBuild('dist/client');

const htmlFiles = walk(CLIENT).filter((file) => {
	const rel = relative(CLIENT, file);
	if (rel.startsWith('pagefind/')) return false;
	return rel === '404.html' || rel === 'index.html' || rel.endsWith('/index.html');
});
const pages = htmlFiles.map(measurePage).sort((a, b) => a.route.localeCompare(b.route));
const total = (r: Record<Kind, number>) => r.html + r.css + r.js + r.font + r.other;
const jsNote = (p: PageWeight) =>
	p.externalJs && p.inlineJs
		? 'extern+inline'
		: p.externalJs
			? 'extern'
			: p.inlineJs
				? `inline ${kb(p.inlineJs)}`
				: '–';

console.log(
	`Seitengewicht beim ersten Besuch, ${pages.length} vorgerenderte Seiten aus dist/client`,
);
console.log(
	'Alle Werte in KB = 1000 Byte; Spalten HTML…Summe gzip sind gzip -9, "Summe roh" unkomprimiert.',
);
console.log(
	'JS-Art: "–" kein Skript, "extern" JS-Dateien, "inline X" Inline-Skript mit X KB roh (im HTML enthalten).\n',
);
console.log(
	table([
		['Route', 'HTML', 'CSS', 'JS', 'Fonts', 'Summe gzip', 'Summe roh', 'Dateien', 'JS-Art'],
		...pages.map((p) => [
			p.route,
			kb(p.gzip.html),
			kb(p.gzip.css),
			kb(p.gzip.js),
			kb(p.gzip.font),
			kb(total(p.gzip)),
			kb(total(p.raw)),
			p.files,
			jsNote(p),
		]),
	]),
);

const others = pages.filter((p) => p.gzip.other > 0);
if (others.length) {
	console.log('\nWeitere vorgeladene Dateien (in den Summen enthalten):');
	for (const p of others) console.log(`  ${p.route}: ${kb(p.gzip.other)} KB gzip`);
}
const dynamic = pages.filter((p) => p.dynamicImports.size > 0);
if (dynamic.length) {
	console.log('\nDynamische Importe (nicht mitgezählt, laden erst zur Laufzeit):');
	for (const p of dynamic) console.log(`  ${p.route}: ${[...p.dynamicImports].join(', ')}`);
}
const missing = pages.filter((p) => p.missing.size > 0);
if (missing.length) {
	console.log('\nReferenziert, aber nicht in dist/client gefunden (nicht mitgezählt):');
	for (const p of missing) console.log(`  ${p.route}: ${[...p.missing].join(', ')}`);
}

const home = pages.find((p) => p.route === '/');
const articles = pages.filter((p) => /^\/artikel\/[^/]+\/$/.test(p.route));
const largestArticle = articles.sort((a, b) => total(b.gzip) - total(a.gzip))[0];
const goal = (label: string, p: PageWeight | undefined) =>
	p
		? `${label}: ${kb(total(p.gzip))} KB (Ziel < 50 KB)${label === 'Artikelseite' ? `  [${p.route}, größte von ${articles.length}]` : ''}  → ${total(p.gzip) < 50_000 ? 'erreicht' : 'verfehlt'}`
		: `${label}: nicht gefunden`;
console.log('');
console.log(goal('Startseite', home));
console.log(goal('Artikelseite', largestArticle));

const noJs = pages.filter((p) => !p.externalJs && p.inlineJs === 0);
const noExternalJs = pages.filter((p) => !p.externalJs);
console.log(
	`\nSeiten mit 0 Byte JavaScript (weder Datei noch Inline-Skript): ${noJs.length} von ${pages.length}`,
);
console.log(
	`Seiten ohne JavaScript-Datei (Inline-Skripte zugelassen): ${noExternalJs.length} von ${pages.length}`,
);
const withJs = pages.filter((p) => !noJs.includes(p));
if (withJs.length) console.log(`Mit JavaScript: ${withJs.map((p) => p.route).join(', ')}`);
