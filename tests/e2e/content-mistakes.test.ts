/**
 * Content mistakes that Astro alone would let through fail the build, with a German message
 * naming the file: a misspelt topic in an article (Astro only logs an English line, and the
 * article drops off the topic's page), a topic file whose name is not a slug (the site would
 * build, the server then answer 500 on /mitmachen/), and a public page that loads server code
 * (astro.config.mjs, prerenderWithoutServerCode). Each in its own copy of the project. The
 * messages themselves are checked in tests/unit/content-schemas.test.ts and topic-list.test.ts.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { buildIn, copyProject } from '../helpers/build-copy.ts';

const copies: string[] = [];
afterAll(() => {
	for (const copy of copies) rmSync(copy, { recursive: true, force: true });
});

/** Builds a copy of the project after `change` (given the copy's folder); exit code and output. */
async function buildWith(name: string, change: (copy: string) => void) {
	const copy = copyProject(`content-mistake-${name}`);
	copies.push(copy);
	change(copy);
	return buildIn(copy);
}

describe('the build refuses', () => {
	test.concurrent('an article naming a topic that has no file', async () => {
		const { code, output } = await buildWith('topic-reference', (copy) => {
			const file = join(copy, 'src/content/articles/skeptisch-angereist.mdx');
			writeFileSync(file, readFileSync(file, 'utf8').replace(/^topics:\n/m, 'topics:\n  - unternehmensführung\n'));
		});
		expect(code, output).not.toBe(0);
		expect(output).toContain('articles → skeptisch-angereist');
		expect(output).toContain('src/content/articles/skeptisch-angereist.mdx');
		expect(output).toMatch(/topics\.0\*?\*?: Ein Thema „unternehmensführung“ gibt es nicht \(keine Datei src\/content\/topics\/unternehmensführung\.mdx\)\. Gemeint ist wohl „unternehmensfuehrung“\. Möglich sind: digitalisierung-automatisierung, energieeffizienz, /);
	}, 120_000);

	test.concurrent('a topic file whose name is not a slug', async () => {
		const { code, output } = await buildWith('topic-file-name', (copy) => {
			const topic = readFileSync(join(copy, 'src/content/topics/energieeffizienz.mdx'), 'utf8').replace(/^order: \d+$/m, 'order: 99');
			writeFileSync(join(copy, 'src/content/topics/fachkräfte-ausbildung.mdx'), topic);
		});
		expect(code, output).not.toBe(0);
		expect(output).toContain('Themendatei src/content/topics/fachkräfte-ausbildung.mdx: Der Dateiname ist der Slug des Themas');
		expect(output).toContain('Bitte die Datei umbenennen in fachkraefte-ausbildung.mdx.');
	}, 120_000);

	test.concurrent('a public page that loads server code', async () => {
		const { code, output } = await buildWith('server-code', (copy) => {
			const file = join(copy, 'src/pages/stimmen.astro');
			const page = readFileSync(file, 'utf8');
			writeFileSync(file, page.replace('---\n', "---\nimport { getConfig } from '../lib/server/config.ts';\nawait getConfig();\n"));
		});
		expect(code, output).not.toBe(0);
		expect(output).toContain('src/pages/stimmen.astro gehört zu einer vorgerenderten öffentlichen Seite und lädt Server-Code (../lib/server/config.ts).');
	}, 120_000);
});
