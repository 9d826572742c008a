/**
 * The server's topics (topic-list.ts, read from the files) are the same as the public site's
 * (the topics collection): every file, in the same order, with the same frontmatter contract.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { asSlug, parseTopicFile, topicFileNames, topicSlugOf, topicSlugs, topicTitle, topicsInOrder } from '../../src/lib/content/topic-list.ts';

const DIR = 'src/content/topics';
const onDisk = readdirSync(DIR)
	.filter((f) => f.endsWith('.mdx'))
	.map((f) => ({ id: f.replace(/\.mdx$/, ''), data: parseYaml(/^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(`${DIR}/${f}`, 'utf8'))![1]!) as { title: string; order: number } }));

describe('topicsInOrder (the server’s topics)', () => {
	test('every topic file, in the collection’s order (order, then title)', () => {
		const expected = [...onDisk].sort((a, b) => a.data.order - b.data.order || a.data.title.localeCompare(b.data.title, 'de'));
		expect(topicsInOrder().map((t) => [t.id, t.data.title])).toEqual(expected.map((t) => [t.id, t.data.title]));
		expect(topicSlugs()).toHaveLength(onDisk.length);
		expect(onDisk.length).toBeGreaterThanOrEqual(6);
	});

	test('a title by slug; a slug whose file is gone stays readable as itself', () => {
		for (const { id, data } of onDisk) expect(topicTitle(id)).toBe(data.title);
		expect(topicTitle('ein-frueheres-thema')).toBe('ein-frueheres-thema');
	});

	test('callers get a fresh array', () => {
		const first = topicsInOrder();
		first.pop();
		expect(topicsInOrder()).toHaveLength(onDisk.length);
	});

	test('a broken topic file is named with what is wrong, in German', () => {
		expect(() => parseTopicFile('src/content/topics/kaputt.mdx', 'Kein Kopfteil')).toThrow('Themendatei src/content/topics/kaputt.mdx: Kopfteil (---) fehlt.');
		expect(() => parseTopicFile('src/content/topics/kurz.mdx', '---\ntitle: "Ab"\nsummary: "zu kurz"\norder: 1\nquestions: []\n---\n')).toThrow(/^Themendatei src\/content\/topics\/kurz\.mdx: title: /);
		const valid = readFileSync(`${DIR}/${onDisk[0]!.id}.mdx`, 'utf8');
		expect(parseTopicFile(`/anywhere/${onDisk[0]!.id}.mdx`, valid).id).toBe(onDisk[0]!.id);
		// Astro's glob loader would slugify such a name, so the stored slugs would no longer match.
		for (const name of ['Energie.mdx', 'industrie 4.0.mdx', 'über-uns.mdx']) {
			expect(() => parseTopicFile(`src/content/topics/${name}`, valid), name).toThrow(/Der Dateiname ist der Slug des Themas/);
		}
	});

	test('a byte-order mark, blank lines before the frontmatter and Windows line ends are read as Astro reads them', () => {
		const valid = readFileSync(`${DIR}/${onDisk[0]!.id}.mdx`, 'utf8');
		const expected = parseTopicFile(`${DIR}/${onDisk[0]!.id}.mdx`, valid).data;
		for (const variant of [`\uFEFF${valid}`, `\n\n${valid}`, valid.replace(/\n/g, '\r\n')]) {
			expect(parseTopicFile(`${DIR}/${onDisk[0]!.id}.mdx`, variant).data).toEqual(expected);
		}
	});

	test('a file name that is no slug is refused with the name to rename it to (the build refuses it too: content.config.ts)', () => {
		expect(topicSlugOf('src/content/topics/fachkraefte-ausbildung.mdx')).toBe('fachkraefte-ausbildung');
		expect(() => topicSlugOf('src/content/topics/fachkräfte-ausbildung.mdx')).toThrow(
			'Themendatei src/content/topics/fachkräfte-ausbildung.mdx: Der Dateiname ist der Slug des Themas und darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten (keine Umlaute, kein ß, keine Großbuchstaben, keine Leerzeichen). Bitte die Datei umbenennen in fachkraefte-ausbildung.mdx.',
		);
		for (const [name, slug] of [
			['Energie.mdx', 'energie'],
			['industrie 4.0.mdx', 'industrie-4-0'],
			['Über uns.mdx', 'ueber-uns'],
			['Straßenbau_Öl.mdx', 'strassenbau-oel'],
			['café-gründung.mdx', 'cafe-gruendung'],
			['fachka\u0308fte.mdx', 'fachkaefte'], // ä as macOS may write it: a and ¨
		]) {
			expect(() => topicSlugOf(`src/content/topics/${name}`), name).toThrow(`Bitte die Datei umbenennen in ${slug}.mdx.`);
		}
		expect(asSlug('  Führung & Nachfolge ')).toBe('fuehrung-nachfolge');
	});

	test('topicFileNames: every topic file, without reading it', () => {
		expect(topicFileNames()).toEqual(onDisk.map((t) => t.id).sort());
	});

	test('every topic file’s name is already a slug', () => {
		for (const { id } of onDisk) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
	});
});
