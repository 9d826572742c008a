/**
 * An article with `draft: true`: the editor previews it on the dev server (`npm run dev`), marked
 * as a draft and in no list; a build leaves it out of pages, lists, feed, sitemap and search.
 * One copy of the project with one draft added.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildIn, copyProject } from '../helpers/build-copy.ts';
import { freePort } from '../helpers/server.ts';

const SLUG = 'vorschau-eines-entwurfs';
const TITLE = 'Vorschau eines Entwurfs aus der Redaktion';
let copy: string;

beforeAll(() => {
	copy = copyProject('draft-preview');
	const published = readFileSync(join(copy, 'src/content/articles/skeptisch-angereist.mdx'), 'utf8');
	const draft = published.replace(/^title: .*$/m, `title: "${TITLE}"`).replace(/^draft: false$/m, 'draft: true');
	expect(draft).toContain('draft: true');
	writeFileSync(join(copy, `src/content/articles/${SLUG}.mdx`), draft);
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('a draft article', () => {
	test('is left out of the build, whatever NODE_ENV says: no page, and no list, feed, sitemap or search index names it', async () => {
		// NODE_ENV as a developer's shell may have it: Vite then calls the build DEV, which must not publish drafts.
		const { code, output } = await buildIn(copy, { NODE_ENV: 'development' });
		expect(code, output).toBe(0);
		const site = join(copy, 'dist', 'client');
		expect(existsSync(join(site, 'artikel', 'skeptisch-angereist', 'index.html')), 'the published article is built').toBe(true);
		expect(existsSync(join(site, 'artikel', SLUG))).toBe(false);
		for (const file of ['index.html', 'artikel/index.html', 'rss.xml', 'sitemap-0.xml']) {
			expect(readFileSync(join(site, file), 'utf8'), file).not.toContain(SLUG);
		}
		// Pagefind keeps one gzipped fragment per page, its URL in the JSON inside.
		const fragments = join(site, 'pagefind', 'fragment');
		const indexed = readdirSync(fragments).map((f) => gunzipSync(readFileSync(join(fragments, f))).toString('utf8'));
		expect(indexed.some((fragment) => fragment.includes('"url":"/artikel/skeptisch-angereist/"'))).toBe(true);
		expect(indexed.filter((fragment) => fragment.includes(SLUG) || fragment.includes(TITLE))).toEqual([]);
	}, 120_000);

	test('is shown on the dev server, marked as a draft, and listed nowhere there either', async () => {
		const port = await freePort();
		const PATH = [resolve('node_modules/.bin'), process.env.PATH].join(delimiter);
		// As an editor starts it, without the test runner's variables: with VITEST set, Astro's dev
		// server keeps its content store empty and answers every article with 404.
		const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST') && name !== 'NODE_ENV'));
		const dev: ChildProcess = spawn('npm', ['run', 'dev', '--', '--host', '127.0.0.1', '--port', String(port)], {
			cwd: copy,
			env: { ...env, PATH, ASTRO_TELEMETRY_DISABLED: '1' },
			detached: true,
		});
		let log = '';
		dev.stdout?.on('data', (chunk) => (log += chunk));
		dev.stderr?.on('data', (chunk) => (log += chunk));
		try {
			// Ready once a published article answers: before its content is synced, the dev server answers 404.
			await firstAnswer(`http://127.0.0.1:${port}/artikel/skeptisch-angereist/`, 90_000, () => log);
			const page = await fetch(`http://127.0.0.1:${port}/artikel/${SLUG}/`);
			expect(page.status, log).toBe(200);
			const html = await page.text();
			expect(html).toContain(TITLE);
			expect(html).toContain('Entwurf: Diese Vorschau zeigt nur der Entwicklungsserver.');
			const list = await (await fetch(`http://127.0.0.1:${port}/artikel/`)).text();
			expect(list).toContain('/artikel/skeptisch-angereist/');
			expect(list).not.toContain(SLUG);
			// A published article carries no such note.
			expect(await (await fetch(`http://127.0.0.1:${port}/artikel/skeptisch-angereist/`)).text()).not.toContain('Entwurf: Diese Vorschau');
		} finally {
			process.kill(-dev.pid!, 'SIGTERM');
		}
	}, 150_000);
});

/** Asks `url` until the server answers it with 200 (it takes a while to start), up to `limit` ms. */
async function firstAnswer(url: string, limit: number, log: () => string): Promise<void> {
	const until = Date.now() + limit;
	for (;;) {
		const status = await fetch(url).then((r) => r.status, () => 0);
		if (status === 200) return;
		if (Date.now() > until) throw new Error(`Der Entwicklungsserver antwortete nicht mit 200 (zuletzt ${status || 'gar nicht'}):\n${log()}`);
		await new Promise((wake) => setTimeout(wake, 250));
	}
}
