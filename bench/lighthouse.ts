/**
 * Lighthouse 12.2.3 scores (performance, accessibility, best-practices, seo; 0–100) for the
 * built site: the home page, one article page and one topic page, each with Lighthouse's
 * default mobile settings and with its desktop preset (core/config/desktop-config.js).
 * For every category below 100 it lists the audits that did not pass (id, title, score,
 * value, weight in the category), so they can be fixed.
 *
 * Builds first (node scripts/build.ts) if dist/server/entry.mjs is missing or --build is given
 * (warns if dist/ is older than the sources), starts the built server through
 * tests/helpers/server.ts (free loopback port, throw-away database in bench/.tmp/) and
 * Debian's /usr/bin/chromium (override with CHROMIUM_PATH) through chrome-launcher; both are
 * stopped at the end.
 *
 * Run: node bench/lighthouse.ts [--build] [path …]    e.g. node bench/lighthouse.ts / /kontakt/
 * (Node 24: /work/main/node_modules/.bin/node). Scores vary a little between runs; the script
 * prints them and never fails on them.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { ROOT, ensureBuild, table } from './lib.ts';

process.chdir(ROOT); // startServer uses paths relative to the project root
process.env.ASTRO_TELEMETRY_DISABLED = '1';
const { startServer } = await import('../tests/helpers/server.ts');

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const CHROME_FLAGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--no-first-run',
	'--disable-sync',
];
const PRESETS = [
	{ name: 'mobil', config: undefined },
	{ name: 'desktop', config: desktopConfig },
] as const;

/** The first subpage (alphabetically) under dist/client/<section>/. */
function firstSubpage(section: string): string | undefined {
	const dir = join(ROOT, 'dist/client', section);
	const slug = readdirSync(dir, { withFileTypes: true })
		.filter((e) => e.isDirectory())
		.map((e) => e.name)
		.sort()[0];
	return slug ? `/${section}/${slug}/` : undefined;
}

await ensureBuild('dist/server/entry.mjs');
const requested = process.argv.slice(2).filter((a) => a.startsWith('/'));
const paths = requested.length
	? requested
	: ['/', firstSubpage('artikel'), firstSubpage('themen')].filter((p): p is string => Boolean(p));

interface Row {
	path: string;
	preset: string;
	scores: Record<string, number | null>;
	failing: Map<string, string[]>;
	warnings: string[];
}

type Audit = {
	id: string;
	title: string;
	score: number | null;
	scoreDisplayMode: string;
	displayValue?: string;
	errorMessage?: string;
	details?: { items?: Record<string, unknown>[] };
};
type Lhr = {
	categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
	audits: Record<string, Audit>;
	runWarnings: string[];
	runtimeError?: { code: string; message: string };
};

const SKIPPED_MODES = new Set(['notApplicable', 'manual', 'informative']);

const MAX_ITEMS = 5;
/** One line for a details item of a failing audit: what and where. */
function describe(item: Record<string, unknown>): string {
	const node = (item.node ?? (typeof item.source === 'object' ? item.source : undefined)) as
		{ snippet?: string; selector?: string } | undefined;
	const source = item.sourceLocation as { url?: string; line?: number } | undefined;
	const parts = [
		typeof item.source === 'string' ? `[${item.source}]` : '',
		typeof item.description === 'string' ? item.description : '',
		node?.snippet ?? '',
		typeof item.url === 'string'
			? item.url
			: source?.url
				? `${source.url}:${source.line ?? ''}`
				: '',
		typeof item.wastedBytes === 'number'
			? `${Math.round(item.wastedBytes / 1000)} KB einsparbar`
			: '',
	].filter(Boolean);
	return (parts.join(' ') || JSON.stringify(item)).replace(/\s+/g, ' ').slice(0, 300);
}

/**
 * Audits of a category that did not pass. Audits that errored are listed only when they cost
 * the category its score (weight > 0); otherwise they are just counted: with Chromium 156,
 * Lighthouse 12.2.3's trace engine fails on some diagnostics now and then (e.g. "reading
 * 'frame_sequence'"), which does not change the score.
 */
function failingAudits(lhr: Lhr, category: string): string[] {
	const lines: string[] = [];
	let erroredUnweighted = 0;
	for (const ref of lhr.categories[category]?.auditRefs ?? []) {
		const audit = lhr.audits[ref.id];
		if (!audit || SKIPPED_MODES.has(audit.scoreDisplayMode)) continue;
		if (audit.scoreDisplayMode === 'error') {
			if (ref.weight > 0)
				lines.push(`${audit.id} — ${audit.title} (Fehler: ${audit.errorMessage ?? '?'})`);
			else erroredUnweighted++;
			continue;
		}
		if (audit.score === null || audit.score >= 1) continue;
		const value = audit.displayValue ? `, ${audit.displayValue}` : '';
		const weight = ref.weight ? `, Gewicht ${Math.round(ref.weight * 10) / 10}` : '';
		lines.push(
			`${audit.id} — ${audit.title} (Score ${Math.round(audit.score * 100)}${value}${weight})`,
		);
		for (const item of (audit.details?.items ?? []).slice(0, MAX_ITEMS))
			lines.push(`    · ${describe(item)}`);
		const more = (audit.details?.items?.length ?? 0) - MAX_ITEMS;
		if (more > 0) lines.push(`    · … und ${more} weitere`);
	}
	if (erroredUnweighted)
		lines.push(
			`(${erroredUnweighted} Diagnose-Audits ohne Gewicht mit Fehler, ohne Einfluss auf den Score)`,
		);
	return lines;
}

/** A run whose trace broke (e.g. NO_NAVSTART) leaves categories without score: run it again. */
const broken = (lhr: Lhr | undefined) =>
	!lhr ||
	Boolean(lhr.runtimeError) ||
	CATEGORIES.some((c) => (lhr.categories[c]?.score ?? null) === null);
const ATTEMPTS = 3;

// The server migrates its database at start: give it a throw-away one, not db/netzwerkforum.db.
const scratch = join(ROOT, 'bench/.tmp', `lighthouse-${process.pid}`);
mkdirSync(scratch, { recursive: true });
const serverEnv = {
	DATABASE_URL: `file:${join(scratch, 'netzwerkforum.db')}`,
	OUTBOX_DIR: join(scratch, 'outbox'),
};
let server = await startServer(serverEnv).catch((error: unknown) => {
	rmSync(scratch, { recursive: true, force: true });
	throw error;
});
let chrome: chromeLauncher.LaunchedChrome | undefined;
const rows: Row[] = [];
const stopAll = async () => {
	try {
		chrome?.kill();
	} catch {
		// already gone
	}
	chrome = undefined;
	await server.stop();
	rmSync(scratch, { recursive: true, force: true });
	// bench/.tmp/ is shared with build-scale.ts: remove it only when nothing else is in it.
	if (readdirSync(dirname(scratch)).length === 0)
		rmSync(dirname(scratch), { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => void stopAll().then(() => process.exit(130)));
}

try {
	chrome = await chromeLauncher.launch({
		chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		chromeFlags: CHROME_FLAGS,
		logLevel: 'silent',
	});
	console.log(`Lighthouse 12.2.3 gegen ${server.baseURL} (Chromium über Port ${chrome.port})\n`);
	for (const path of paths) {
		for (const preset of PRESETS) {
			process.stdout.write(`${path} (${preset.name}) … `);
			let lhr: Lhr | undefined;
			let attempt = 0;
			const retried: string[] = [];
			while (attempt++ < ATTEMPTS) {
				// A concurrent `npm run build` rewrites dist/ under the running server and can take it down.
				if (server.process.exitCode !== null) {
					retried.push(`Server war beendet (Code ${server.process.exitCode}), neu gestartet`);
					server = await startServer(serverEnv);
				}
				const result = await lighthouse(
					server.baseURL + path,
					{ port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] },
					preset.config,
				);
				lhr = result?.lhr as unknown as Lhr | undefined;
				if (!broken(lhr)) break;
				if (attempt < ATTEMPTS)
					retried.push(
						`Lauf ${attempt} unvollständig (${lhr?.runtimeError?.code ?? 'Kategorie ohne Score'}), wiederholt`,
					);
			}
			if (!lhr) {
				console.log('kein Ergebnis');
				continue;
			}
			const row: Row = {
				path,
				preset: preset.name,
				scores: {},
				failing: new Map(),
				warnings: [...retried, ...lhr.runWarnings],
			};
			if (lhr.runtimeError)
				row.warnings.push(`${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
			for (const category of CATEGORIES) {
				const score = lhr.categories[category]?.score ?? null;
				row.scores[category] = score === null ? null : Math.round(score * 100);
				if (score === null || score < 1) row.failing.set(category, failingAudits(lhr, category));
			}
			rows.push(row);
			console.log(CATEGORIES.map((c) => `${c} ${row.scores[c] ?? '–'}`).join(', '));
		}
	}
} finally {
	await stopAll();
}

console.log(
	'\nScores 0–100 (mobil = Lighthouse-Standard mit Moto-G-Power-Emulation und 4G-Drosselung; desktop = desktop-config):\n',
);
console.log(
	table([
		['Seite', 'Preset', 'Performance', 'Barrierefreiheit', 'Best Practices', 'SEO'],
		...rows.map((r) => [r.path, r.preset, ...CATEGORIES.map((c) => r.scores[c] ?? '–')]),
	]),
);

const withFailures = rows.filter((r) => r.failing.size > 0);
if (withFailures.length === 0) console.log('\nAlle Kategorien auf allen Seiten bei 100.');
for (const row of withFailures) {
	console.log(`\n${row.path} (${row.preset}):`);
	for (const [category, audits] of row.failing) {
		console.log(`  ${category} ${row.scores[category] ?? '–'}:`);
		for (const line of audits.length ? audits : ['(kein einzelnes Audit unter 100 gefunden)']) {
			console.log(line.startsWith('    · ') ? `    ${line}` : `    - ${line}`);
		}
	}
}
const warned = rows.filter((r) => r.warnings.length > 0);
for (const row of warned) {
	console.log(`\nWarnungen ${row.path} (${row.preset}):`);
	for (const w of row.warnings) console.log(`  - ${w}`);
}
