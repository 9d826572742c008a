/**
 * Build cost per page: the project with N synthetic articles vs. Astro's blog example with the
 * same N posts.
 *
 * For each N (default 100 and 1000) it
 *  (a) copies the project's build inputs (src, public, db code, astro.config.mjs, tsconfig.json,
 *      package.json, …; not node_modules, dist, tests, bench, .git, database/env files) into
 *      bench/.tmp/<name>/ (inside the project, so Node finds /work/main/node_modules by walking
 *      up; a node_modules symlink is deliberately avoided: Vite resolves it to the real path and
 *      Astro would then share its cache, node_modules/.astro/data-store.json, with the real
 *      project), adds N synthetic articles (bench/synthetic-articles.ts) as .md (like the blog
 *      example's posts; the articles collection takes .md and .mdx), then times
 *      `astro build` and `pagefind --site dist/client` separately (wall clock, cold: fresh copy,
 *      no cache), counts the generated HTML pages and sums the bytes of dist/client/pagefind;
 *  (b) does the same for a minimal re-creation of Astro's blog example (bench/blog-baseline.ts,
 *      static, no adapter) with the same N posts as .md, indexed with `pagefind --site dist`.
 * A small untimed warm-up build runs first so neither side pays for a cold disk cache.
 * Temp dirs are removed afterwards. ASTRO_TELEMETRY_DISABLED=1.
 *
 * Each measurement is repeated (--runs=R, default 3, each time in a fresh copy); the table shows
 * the median of the build and of the index times, and a line per variant the median of each Vite
 * build (the public pages, the server, the browser's code): the fixed costs a static blog lacks. --mdx-baseline adds a third variant: the blog
 * example with the same posts as .mdx, to separate the cost of MDX from the rest of the project.
 *
 * Run: node bench/build-scale.ts [N …] [--runs=R] [--mdx-baseline]
 *      e.g. node bench/build-scale.ts 100 --runs=1
 * (Node 24: /work/main/node_modules/.bin/node). Prints figures, never fails on them.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { writeBlogExample } from './blog-baseline.ts';
import { NODE, ROOT, dec, dirBytes, kb, table, timed, walk } from './lib.ts';
import { projectMdx, syntheticArticle, type SyntheticArticle } from './synthetic-articles.ts';

const ASTRO = join(ROOT, 'node_modules/astro/bin/astro.mjs');
const PAGEFIND = join(ROOT, 'node_modules/pagefind/lib/runner/bin.cjs');
const TMP = join(ROOT, 'bench/.tmp');
// Copied: every top-level entry except these (src imports e.g. db/schema.ts, so copy broadly).
const NOT_COPIED = new Set([
	'node_modules',
	'dist',
	'builds',
	'.astro',
	'.git',
	'.ci',
	'.tmp',
	'.vitest',
	'bench',
	'tests',
	'test-results',
]);
// Data, not build input (as in .gitignore): databases, mail outbox, backups, env files.
const isData = (rel: string) =>
	/(^|\/)\.env(\.|$)/.test(rel) ||
	/\.log$/.test(rel) ||
	/^db\/(.*\.db(-\w+)?|outbox|backups)$/.test(rel);

const args = process.argv.slice(2);
const runsArg = args.find((a) => a.startsWith('--runs='));
const RUNS = Math.max(1, Number(runsArg?.slice('--runs='.length)) || 3);
const sizes = args
	.filter((a) => !a.startsWith('--'))
	.map(Number)
	.filter((n) => Number.isInteger(n) && n > 0);
const NS = sizes.length ? [...new Set(sizes)].sort((a, b) => a - b) : [100, 1000];
const MDX_BASELINE = args.includes('--mdx-baseline');

interface Result {
	pages: number;
	buildMs: number;
	/** Phases of `astro build` from its own log: Vite bundling (all environments) and prerendering. */
	bundleMs: number;
	/** Bundling per Vite environment, in Astro's order: prerender, server (with an adapter), client. */
	bundlesMs: number[];
	renderMs: number;
	indexMs: number;
	indexBytes: number;
	indexedPages: string;
}

const created = new Set<string>();
function cleanup() {
	for (const dir of created) rmSync(dir, { recursive: true, force: true });
	created.clear();
	if (existsSync(TMP) && readdirSync(TMP).length === 0)
		rmSync(TMP, { recursive: true, force: true });
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		cleanup();
		process.exit(130);
	});
}

function tempDir(name: string): string {
	const dir = join(TMP, `${name}-${process.pid}`);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	created.add(dir);
	return dir;
}

function removeDir(dir: string) {
	rmSync(dir, { recursive: true, force: true });
	created.delete(dir);
}

const topicSlugs = readdirSync(join(ROOT, 'src/content/topics'))
	.filter((f) => /\.mdx?$/.test(f))
	.map((f) => f.replace(/\.mdx?$/, ''))
	.sort();

function writeProject(dir: string, articles: readonly SyntheticArticle[]) {
	for (const entry of readdirSync(ROOT)) {
		if (NOT_COPIED.has(entry) || isData(entry)) continue;
		cpSync(join(ROOT, entry), join(dir, entry), {
			recursive: true,
			filter: (source) => !isData(relative(ROOT, source)),
		});
	}
	const target = join(dir, 'src/content/articles');
	mkdirSync(target, { recursive: true });
	for (const article of articles)
		writeFileSync(join(target, `${article.slug}.md`), projectMdx(article));
}

/** Runs astro build and pagefind in `dir`; `site` is the folder with the prerendered HTML. */
async function measure(label: string, dir: string, site: string): Promise<Result> {
	const build = await timed(NODE, [ASTRO, 'build'], { cwd: dir, quiet: true });
	if (build.code !== 0) {
		console.error(build.output.slice(-4000));
		throw new Error(`${label}: astro build schlug fehl (Exit-Code ${build.code})`);
	}
	const index = await timed(NODE, [PAGEFIND, '--site', site], { cwd: dir, quiet: true });
	if (index.code !== 0) {
		console.error(index.output.slice(-4000));
		throw new Error(`${label}: pagefind schlug fehl (Exit-Code ${index.code})`);
	}
	const siteDir = join(dir, site);
	const pages = walk(siteDir).filter(
		(f) => f.endsWith('.html') && !relative(siteDir, f).startsWith('pagefind/'),
	).length;
	const indexed = /Indexed (\d+) pages?/i.exec(index.output)?.[1] ?? '?';
	return {
		pages,
		buildMs: build.ms,
		...buildPhases(build.output),
		indexMs: index.ms,
		indexBytes: dirBytes(join(siteDir, 'pagefind')),
		indexedPages: indexed,
	};
}

const toMs = (value: string, unit: string) => Number(value) * (unit === 's' ? 1000 : 1);

/**
 * Astro logs "[vite] ✓ built in …" per bundled environment and, after "generating static
 * routes" (static sites) or "prerendering static routes" (with an adapter), a bare
 * "✓ Completed in …" for the pages. What is left of the wall clock is
 * start-up, content sync, type generation and writing the output.
 */
function buildPhases(log: string): { bundleMs: number; bundlesMs: number[]; renderMs: number } {
	const bundlesMs = [...log.matchAll(/\[vite\] ✓ built in ([\d.]+)(ms|s)/g)].map(([, value, unit]) => toMs(value!, unit!));
	const rendered = /(?:generating|prerendering) static routes[\s\S]*?^\S+ ✓ Completed in ([\d.]+)(ms|s)/m.exec(log);
	return { bundleMs: bundlesMs.reduce((a, b) => a + b, 0), bundlesMs, renderMs: rendered ? toMs(rendered[1]!, rendered[2]!) : Number.NaN };
}

/** What Astro bundled, in its order: the prerender build, the server (only with an adapter), the browser's code. */
const bundleNames = (count: number) => (count === 3 ? ['öffentliche Seiten', 'Server', 'Browser'] : count === 2 ? ['öffentliche Seiten', 'Browser'] : []);

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const medianOf = (runs: Result[]): Result => ({
	...runs[0]!,
	buildMs: median(runs.map((r) => r.buildMs)),
	bundleMs: median(runs.map((r) => r.bundleMs)),
	bundlesMs: runs[0]!.bundlesMs.map((_, i) => median(runs.map((r) => r.bundlesMs[i] ?? Number.NaN))),
	renderMs: median(runs.map((r) => r.renderMs)),
	indexMs: median(runs.map((r) => r.indexMs)),
});

const perPage = (r: Result) => (r.buildMs + r.indexMs) / r.pages;
const ms = (n: number) => String(Math.round(n));

console.log(
	`Build-Skalierung: Projekt vs. Astro-Blog-Beispiel, N = ${NS.join(', ')} synthetische Artikel, ${RUNS} Lauf/Läufe je N`,
);
console.log(`Node ${process.version}, Themen: ${topicSlugs.join(', ')}\n`);

interface Variant {
	name: string;
	/** Writes the site into `dir` and names the folder with the prerendered HTML. */
	write: (dir: string, articles: readonly SyntheticArticle[]) => string;
}
const VARIANTS: Variant[] = [
	{ name: 'Projekt', write: (dir, articles) => (writeProject(dir, articles), 'dist/client') },
	{ name: 'Blog-Beispiel', write: (dir, articles) => (writeBlogExample(dir, articles), 'dist') },
	...(MDX_BASELINE
		? [
				{
					name: 'Blog-Beispiel (.mdx)',
					write: (dir: string, articles: readonly SyntheticArticle[]) => (
						writeBlogExample(dir, articles, 'mdx'),
						'dist'
					),
				},
			]
		: []),
];

const results: { n: number; byVariant: Map<string, Result> }[] = [];
try {
	{
		const dir = tempDir('warmup');
		writeBlogExample(
			dir,
			Array.from({ length: 5 }, (_, i) => syntheticArticle(i, topicSlugs)),
		);
		process.stdout.write('Aufwärmlauf (Blog-Beispiel mit 5 Beiträgen, nicht gewertet) … ');
		await measure('Aufwärmlauf', dir, 'dist');
		removeDir(dir);
		console.log('fertig');
	}
	for (const n of NS) {
		const articles = Array.from({ length: n }, (_, i) => syntheticArticle(i, topicSlugs));
		const runs = new Map<string, Result[]>(VARIANTS.map((v) => [v.name, []]));
		// Alternate the variants so drift (thermal, other load) hits all alike.
		for (let run = 1; run <= RUNS; run++) {
			for (const variant of VARIANTS) {
				const dir = tempDir(`${variant.name.replace(/\W+/g, '-').toLowerCase()}-${n}`);
				const site = variant.write(dir, articles);
				process.stdout.write(`N=${n} Lauf ${run}/${RUNS}: ${variant.name} … `);
				const result = await measure(`${variant.name} N=${n}`, dir, site);
				removeDir(dir);
				runs.get(variant.name)!.push(result);
				console.log(
					`${result.pages} Seiten, Build ${ms(result.buildMs)} ms, Pagefind ${ms(result.indexMs)} ms`,
				);
			}
		}
		results.push({ n, byVariant: new Map([...runs].map(([name, r]) => [name, medianOf(r)])) });
	}
} finally {
	cleanup();
}

console.log(
	`\nZeiten = Wanduhr, Median aus ${RUNS} Lauf/Läufen; ms/Seite = (astro build + pagefind) / HTML-Seiten; KB = 1000 Byte.\n` +
		'„davon bündeln“ = Vite-Builds laut Astro-Log (beim Projekt Server, Inseln im Browser, Vorrendern), „davon Seiten“ = Vorrendern der Seiten.\n' +
		'Das Projekt rendert mit build.concurrency = 4 (astro.config.mjs), das Blog-Beispiel wie ausgeliefert mit 1.\n',
);
const rows: (string | number)[][] = [
	['N', 'Variante', 'Seiten', 'astro build ms', 'davon bündeln', 'davon Seiten', 'pagefind ms', 'ms/Seite', 'indiziert', 'Index KB'],
];
for (const { n, byVariant } of results) {
	for (const [name, r] of byVariant) {
		rows.push([
			n,
			name,
			r.pages,
			ms(r.buildMs),
			ms(r.bundleMs),
			ms(r.renderMs),
			ms(r.indexMs),
			dec(perPage(r), 2),
			r.indexedPages,
			kb(r.indexBytes),
		]);
	}
}
console.log(table(rows));
console.log('\n„davon bündeln“ je Vite-Build (Median, ms):');
for (const { n, byVariant } of results) {
	for (const [name, r] of byVariant) {
		const names = bundleNames(r.bundlesMs.length);
		const parts = r.bundlesMs.map((value, i) => `${names[i] ?? `Build ${i + 1}`} ${ms(value)}`);
		console.log(`  N=${n} ${name}: ${parts.join(' · ')}`);
	}
}
console.log('');
const compare = (a: Result, b: Result) =>
	`${dec(perPage(a) / perPage(b), 2)} × (ms/Seite ${dec(perPage(a), 2)} vs. ${dec(perPage(b), 2)}; ` +
	`Build allein ${dec(a.buildMs / a.pages / (b.buildMs / b.pages), 2)} ×, ` +
	`Pagefind allein ${dec(a.indexMs / a.pages / (b.indexMs / b.pages), 2)} ×)`;
for (const { n, byVariant } of results) {
	const project = byVariant.get('Projekt')!;
	const blog = byVariant.get('Blog-Beispiel')!;
	const ratio = perPage(project) / perPage(blog);
	console.log(`N=${n}: Projekt/Blog-Beispiel = ${compare(project, blog)}`);
	console.log(`        Ziel: ≤ 1,2 × Blog-Beispiel → ${ratio <= 1.2 ? 'erreicht' : 'verfehlt'}`);
	const blogMdx = byVariant.get('Blog-Beispiel (.mdx)');
	if (blogMdx) {
		console.log(`        Projekt/Blog-Beispiel (.mdx) = ${compare(project, blogMdx)}`);
		console.log(`        Blog-Beispiel .mdx/.md = ${compare(blogMdx, blog)}`);
	}
}

// What one more page costs, between two sizes: fixed costs (start-up, bundling the server and
// the islands) fall out, so this is the cost that grows with the site.
const total = (r: Result) => r.buildMs + r.indexMs;
for (let i = 1; i < results.length; i++) {
	const [smaller, larger] = [results[i - 1]!, results[i]!];
	const extra = (name: string) => {
		const [a, b] = [smaller.byVariant.get(name)!, larger.byVariant.get(name)!];
		return (total(b) - total(a)) / (b.pages - a.pages);
	};
	const [project, blog] = [extra('Projekt'), extra('Blog-Beispiel')];
	// Equal sizes, or noise larger than the growth, leave nothing to compare.
	if (!Number.isFinite(project) || !Number.isFinite(blog) || blog <= 0) continue;
	console.log(
		`Je weitere Seite (N=${smaller.n} → ${larger.n}, ohne feste Kosten, bei linearem Wachstum): Projekt ${dec(project, 2)} ms, ` +
			`Blog-Beispiel ${dec(blog, 2)} ms = ${dec(project / blog, 2)} ×`,
	);
}
