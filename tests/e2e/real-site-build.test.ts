/**
 * A build for the real site (SITE_URL set to a public address), made in a copy of the project so
 * the build the other e2e tests serve stays as it is: member voices whose consent is pending
 * appear nowhere (pages, search index), /stimmen/ says that none are published yet, and the
 * build says once how many it left out. The local build's previews are checked in layout.test.ts.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { placeholderNotice, readBuiltFor, readPlaceholderCounts } from '../../scripts/lib/build-notices.ts';
import { withheldVoicesNotice } from '../../src/lib/content/voices.ts';
import { buildIn, copyProject } from '../helpers/build-copy.ts';
import { startServer } from '../helpers/server.ts';

const REAL_SITE = 'https://netzwerkforum.example.de';
let copy = '';

const voiceFiles = readdirSync('src/content/testimonials').filter((name) => name.endsWith('.yaml'));
const voices = voiceFiles.map((name) => parseYaml(readFileSync(join('src/content/testimonials', name), 'utf8')) as { person: string; consent: { status: string } });
const pending = voices.filter((v) => v.consent.status === 'ausstehend');

function htmlFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'pagefind' ? [] : htmlFiles(path);
		return entry.name.endsWith('.html') ? [path] : [];
	});
}

const built = (path: string) => readFileSync(join(copy, 'dist/client', path), 'utf8');
let output = '';

beforeAll(async () => {
	copy = copyProject('real-site-build');
	// SITE as Vitest sets it: a variable of that name must not decide which voices a build shows.
	const build = await buildIn(copy, { SITE_URL: REAL_SITE, SITE: 'http://localhost:4321', NODE_ENV: 'production' });
	output = build.output;
	expect(build.code, output).toBe(0);
}, 180_000);

afterAll(() => {
	rmSync(copy, { recursive: true, force: true });
});

describe('a build for the real site', () => {
	test('is made for its address and warns of nothing but the voices it left out and the placeholders left', () => {
		expect(built('index.html')).toContain(`<link rel="canonical" href="${REAL_SITE}/"`);
		// What the production server compares with its own SITE_URL before it starts.
		expect(readBuiltFor(copy)).toBe(REAL_SITE);
		expect(output).not.toMatch(/SITE_URL ist nicht gesetzt/);
		// Nor do the bundler's warnings about Astro's own "use astro:head-inject" (astro.config.mjs).
		expect(output).not.toMatch(/MODULE_LEVEL_DIRECTIVE|\[WARN\]/);
		// One line while placeholders are left in the files, none once the office has filled them all.
		const placeholders = placeholderNotice(readPlaceholderCounts('src/content/pages'));
		if (placeholders) expect(output.split(placeholders).length - 1, 'genau eine Zeile zu den Platzhaltern').toBe(1);
		else expect(output).not.toMatch(/Platzhalter/);
		if (pending.length > 0) {
			expect(output.split(withheldVoicesNotice(pending.length)).length - 1, 'genau eine Zeile zu den Stimmen').toBe(1);
		} else {
			expect(output).not.toMatch(/Stimme/);
		}
	});

	test('shows no voice whose consent is pending, on any page or in the search index', () => {
		expect(pending.length, 'Testvoraussetzung: ausstehende Stimmen in src/content/testimonials').toBeGreaterThan(0);
		const pages = htmlFiles(join(copy, 'dist/client'));
		expect(pages.length).toBeGreaterThan(10);
		for (const page of pages) {
			const html = readFileSync(page, 'utf8');
			for (const voice of pending) expect(html, `${voice.person} in ${page}`).not.toContain(voice.person);
		}
	});

	test('with no voice left, /stimmen/ says none are published yet and the home page has no empty section', () => {
		if (pending.length < voices.length) return;
		const stimmen = built('stimmen/index.html');
		expect(stimmen).toContain('Noch sind hier keine Stimmen veröffentlicht.');
		expect(stimmen).not.toMatch(/class="cards/);
		expect(stimmen, 'eine leere Seite gehört nicht in den Suchindex').not.toContain('data-pagefind-body');
		expect(built('index.html')).not.toContain('Was Mitglieder schätzen');
		expect(built('index.html')).not.toContain('Alle Stimmen aus dem Forum');
		// Nor does an empty page stand in the navigation, the sitemap or search engines.
		for (const page of ['index.html', 'stimmen/index.html', 'artikel/index.html']) expect(built(page), page).not.toContain('href="/stimmen/"');
		expect(built('sitemap-0.xml')).not.toContain('/stimmen/');
		expect(built('sitemap-0.xml')).toContain(`${REAL_SITE}/themen/`);
		expect(stimmen).toMatch(/<meta name="robots" content="noindex/);
		for (const topic of readdirSync(join(copy, 'dist/client/themen'), { withFileTypes: true }).filter((e) => e.isDirectory())) {
			expect(built(`themen/${topic.name}/index.html`), topic.name).not.toContain('voices-heading');
		}
	});
});

describe('a build while a server runs', () => {
	test('leaves the running server its whole build, pages, scripts and styles, until it is restarted', async () => {
		const server = await startServer({}, { cwd: copy });
		// The server marks its build as in use, so later builds do not prune it (scripts/lib/build-swap.ts).
		const markers = join(realpathSync(join(copy, 'dist')), '.servers');
		expect(readdirSync(markers)).toHaveLength(1);
		try {
			const pageAndStyles = async () => {
				const html = await (await fetch(`${server.baseURL}/portal/anmelden/`)).text();
				const styles = [...html.matchAll(/href="(\/_astro\/[^"]+\.css)"/g)].map((m) => m[1]!);
				return { html, styles, statuses: await Promise.all([`/portal/anmelden/`, '/', ...styles].map(async (path) => (await fetch(`${server.baseURL}${path}`)).status)) };
			};
			const before = await pageAndStyles();
			expect(before.styles.length).toBeGreaterThan(0);
			// A change that gives the sign-in page's code and the styles new names.
			appendFileSync(join(copy, 'src/styles/global.css'), '\n.neu-im-build { color: inherit; }\n');
			appendFileSync(join(copy, 'src/pages/portal/anmelden.astro'), '\n<!-- neu im Build -->\n');
			const rebuilt = await buildIn(copy, { SITE_URL: REAL_SITE, NODE_ENV: 'production' });
			expect(rebuilt.code, rebuilt.output).toBe(0);
			expect(readFileSync(join(copy, 'dist/client/index.html'), 'utf8'), 'dist is the new build').not.toBe(before.html);
			const after = await pageAndStyles();
			expect(after.statuses, 'everything still answers from the build the server started with').toEqual(before.statuses.map(() => 200));
			expect(after.styles).toEqual(before.styles);
		} finally {
			await server.stop();
		}
		expect(readdirSync(markers), 'the mark goes with the server').toEqual([]);
	}, 180_000);
});

describe('a build that fails', () => {
	test('without SITE_URL after a build for the real site: refused before building, dist/ unchanged', async () => {
		const before = built('index.html');
		const builds = readdirSync(join(copy, 'builds'));
		const refused = await buildIn(copy, { SITE_URL: '', NODE_ENV: 'production' });
		expect(refused.code, refused.output).toBe(1);
		expect(refused.output).toContain(`SITE_URL ist nicht gesetzt, der Build in Gebrauch ist aber für ${REAL_SITE} gemacht`);
		expect(built('index.html')).toBe(before);
		expect(readdirSync(join(copy, 'builds'))).toEqual(builds);
	});

	test('leaves the last good build in dist/ as it was, so a running server goes on showing it', async () => {
		const before = built('index.html');
		const builds = readdirSync(join(copy, 'builds'));
		// The mistake an editor makes: a "<" that MDX takes for the start of a component.
		const article = readdirSync(join(copy, 'src/content/articles')).find((name) => name.endsWith('.mdx'))!;
		appendFileSync(join(copy, 'src/content/articles', article), '\nBetriebe mit <10 Beschäftigten\n');
		const failed = await buildIn(copy, { SITE_URL: REAL_SITE, NODE_ENV: 'production' });
		expect(failed.code, failed.output).not.toBe(0);
		expect(failed.output).toContain('dist/ ist unverändert: Ein laufender Server zeigt weiter den letzten gelungenen Build.');
		expect(built('index.html')).toBe(before);
		expect(existsSync(join(copy, 'dist/server/entry.mjs'))).toBe(true);
		expect(readdirSync(join(copy, 'builds')), 'the failed build is cleared away').toEqual(builds);
	}, 180_000);
});
