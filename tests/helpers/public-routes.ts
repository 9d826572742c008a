/**
 * The public routes the site must have, derived from the source tree (not from the build), so
 * that tests of the sitemap, the crawl and the pages cannot agree with a broken build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface PublicRoute {
	path: string;
	/** The heading the page must show, where the source says it. */
	heading?: string | undefined;
}

/** Fixed routes and the text of their h1. */
export const STATIC_ROUTES: PublicRoute[] = [
	{ path: '/', heading: 'Unternehmerischer Austausch im geschützten Kreis' },
	{ path: '/themen/', heading: 'Themen' },
	{ path: '/artikel/', heading: 'Artikel' },
	{ path: '/stimmen/', heading: 'Stimmen aus dem Forum' },
	{ path: '/suche/', heading: 'Suche' },
	{ path: '/mitmachen/', heading: 'Mitmachen' },
	{ path: '/mitglieder/', heading: 'Mitglieder' },
];

/** The only public page allowed to ship JavaScript. */
export const PAGES_WITH_JAVASCRIPT = new Set(['/suche/']);

function frontmatterField(source: string, field: string): string | undefined {
	const frontmatter = /^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? '';
	const raw = new RegExp(`^${field}:\\s*(.+)$`, 'm').exec(frontmatter)?.[1]?.trim();
	return raw?.replace(/^(["'])(.*)\1$/, '$2');
}

function entries(dir: string): { id: string; source: string }[] {
	return readdirSync(dir)
		.filter((name) => /\.mdx?$/.test(name) && !name.startsWith('_'))
		.map((name) => ({ id: basename(name).replace(/\.mdx?$/, ''), source: readFileSync(join(dir, name), 'utf8') }));
}

export function contentRoutes(root = '.'): PublicRoute[] {
	const routes: PublicRoute[] = [];
	for (const { id, source } of entries(join(root, 'src/content/pages'))) {
		routes.push({ path: `/${id}/`, heading: frontmatterField(source, 'title') });
	}
	for (const { id, source } of entries(join(root, 'src/content/topics'))) {
		routes.push({ path: `/themen/${id}/`, heading: frontmatterField(source, 'title') });
	}
	for (const { id, source } of entries(join(root, 'src/content/articles'))) {
		if (frontmatterField(source, 'draft') === 'true') continue;
		routes.push({ path: `/artikel/${id}/`, heading: frontmatterField(source, 'title') });
	}
	return routes;
}

export function publicRoutes(root = '.'): PublicRoute[] {
	return [...STATIC_ROUTES, ...contentRoutes(root)];
}

export function publishedArticleIds(root = '.'): string[] {
	return entries(join(root, 'src/content/articles'))
		.filter(({ source }) => frontmatterField(source, 'draft') !== 'true')
		.map(({ id }) => id);
}

/** Topic slugs an article's frontmatter lists (block or inline YAML list). */
export function articleTopics(id: string, root = '.'): string[] {
	const dir = join(root, 'src/content/articles');
	const file = readdirSync(dir).find((name) => name === `${id}.md` || name === `${id}.mdx`)!;
	const source = readFileSync(join(dir, file), 'utf8');
	const frontmatter = /^---\n([\s\S]*?)\n---/.exec(source)?.[1] ?? '';
	const inline = /^topics:\s*\[(.*)\]\s*$/m.exec(frontmatter)?.[1];
	if (inline !== undefined) return inline.split(',').map((t) => t.trim().replace(/^["']|["']$/g, '')).filter(Boolean);
	const block = /^topics:\s*\n((?:\s+-\s.*\n?)*)/m.exec(frontmatter)?.[1] ?? '';
	return [...block.matchAll(/-\s*["']?([\w-]+)["']?/g)].map((m) => m[1]!);
}
