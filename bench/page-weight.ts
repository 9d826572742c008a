/**
 * Bytes a first visit of a page transfers, from its HTML and the files in dist/client it pulls in:
 * stylesheets (<link rel=stylesheet>, CSS @import), scripts (<script src>, islands'
 * component-url/renderer-url, static `import`/`export … from` of chunks, recursively), preloads
 * (rel=preload/modulepreload) and fonts (url() in the CSS files and inline <style>), each file
 * once per page, both raw and gzip-compressed at zlib level 9 (what a compressing server sends).
 * Dynamic import() targets are listed but not counted. Shared by site-weight.ts (prerendered
 * pages) and portal-weight.ts (pages behind the login).
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './lib.ts';

export type Kind = 'html' | 'css' | 'js' | 'font' | 'other';

export interface PageWeight {
	route: string;
	gzip: Record<Kind, number>;
	raw: Record<Kind, number>;
	files: number;
	externalJs: boolean;
	inlineJs: number;
	dynamicImports: Set<string>;
	missing: Set<string>;
}

export const CLIENT = join(ROOT, 'dist/client');
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

/**
 * What a first visit of the page at `route` with this `html` transfers: the HTML itself plus every
 * stylesheet, script and font it pulls in from dist/client, each file once.
 */
export function measurePage(route: string, html: string): PageWeight {
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

	const htmlBytes = Buffer.from(html);
	page.raw.html += htmlBytes.length;
	page.gzip.html += gzipSync(htmlBytes, { level: 9 }).length;
	page.files++;
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

export const totalBytes = (r: Record<Kind, number>) => r.html + r.css + r.js + r.font + r.other;
