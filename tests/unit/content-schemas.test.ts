/**
 * The frontmatter contracts, checked against the real content files and against typical
 * editor mistakes. (getCollection() is empty under Vitest, so the files are parsed here.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, test } from 'vitest';
import { z } from 'astro/zod';
import { articleSchema, pageSchema, testimonialSchema, topicSchema } from '../../src/lib/content/schemas.ts';

function frontmatter(file: string): unknown {
	const source = readFileSync(file, 'utf8');
	const match = /^---\n([\s\S]*?)\n---/.exec(source);
	if (!match) throw new Error(`${file}: kein Frontmatter`);
	return parseYaml(match[1]!);
}

const files = (dir: string, ext: RegExp) =>
	readdirSync(dir).filter((f) => ext.test(f) && !f.startsWith('_')).map((f) => join(dir, f));

/** The first issue as an editor would read it: "field: message". */
function firstIssue(schema: z.ZodType, data: unknown): string {
	const result = schema.safeParse(data);
	if (result.success) return 'ok';
	const issue = result.error.issues[0]!;
	return `${issue.path.join('.')}: ${issue.message}`;
}

const validArticle = {
	title: 'Ein Titel mit Substanz',
	description: 'Eine Beschreibung, die lang genug ist, um in Listen und Vorschauen zu tragen.',
	pubDate: '2026-05-01',
	author: 'Koordinierungsstelle Netzwerkforum',
	topics: [],
};

describe('content files', () => {
	// reference() only resolves inside Astro's build, so topics are validated there; here
	// they are checked to name existing topic files.
	const topicIds = new Set(files('src/content/topics', /\.mdx$/).map((f) => f.replace(/^.*\/|\.mdx$/g, '')));
	const withoutRefs = (data: any) => ({ ...data, topics: [] });

	test.each(files('src/content/topics', /\.mdx$/))('%s matches the topic schema', (file) => {
		expect(firstIssue(topicSchema, frontmatter(file))).toBe('ok');
	});

	test.each(files('src/content/articles', /\.mdx?$/))('%s matches the article schema and names real topics', (file) => {
		const data = frontmatter(file) as { topics: string[] };
		expect(firstIssue(articleSchema, withoutRefs(data))).toBe('ok');
		expect(data.topics.filter((t) => !topicIds.has(t))).toEqual([]);
	});

	test.each(files('src/content/testimonials', /\.yaml$/))('%s matches the testimonial schema', (file) => {
		const data = parseYaml(readFileSync(file, 'utf8')) as { topics: string[] };
		expect(firstIssue(testimonialSchema, withoutRefs(data))).toBe('ok');
		expect(data.topics.filter((t) => !topicIds.has(t))).toEqual([]);
	});

	test.each(files('src/content/pages', /\.mdx$/))('%s matches the page schema', (file) => {
		expect(firstIssue(pageSchema, frontmatter(file))).toBe('ok');
	});

	test('there are the six central topics, ordered 1–6', () => {
		const orders = files('src/content/topics', /\.mdx$/).map((f) => (frontmatter(f) as { order: number }).order);
		expect(orders.sort()).toEqual([1, 2, 3, 4, 5, 6]);
	});
});

describe('articleSchema', () => {
	test('accepts a minimal article and fills in the defaults', () => {
		const parsed = articleSchema.parse(validArticle);
		expect(parsed.draft).toBe(false);
		expect(parsed.pubDate).toEqual(new Date('2026-05-01'));
	});

	test.each([
		[{ ...validArticle, title: 'Kurz' }, /^title: /],
		[{ ...validArticle, description: 'x'.repeat(171) }, /^description: /],
		[{ ...validArticle, pubDate: 'nächsten Dienstag' }, /^pubDate: /],
		[{ ...validArticle, readingTime: 5 }, /readingTime/],
		[{ ...validArticle, draft: 'ja' }, /^draft: /],
		[{ ...validArticle, author: undefined }, /^author: /],
	])('rejects bad frontmatter with a message naming the field (%#)', (data, expected) => {
		expect(firstIssue(articleSchema, data)).toMatch(expected);
	});
});

describe('testimonialSchema', () => {
	const valid = {
		person: 'Erika Beispiel',
		position: 'Geschäftsführerin',
		company: 'Beispiel GmbH',
		town: 'Erfurt',
		statement: 'Für Erika Beispiel sei das Forum ein Ort, an dem sie offen über Führung und Nachfolge sprechen könne.',
		consent: { status: 'bestätigt', date: '2026-01-15', record: 'Ordner Stimmen, Blatt 3' },
		order: 1,
	};

	test('a voice without recorded consent is rejected', () => {
		const { consent: _, ...withoutConsent } = valid;
		expect(firstIssue(testimonialSchema, withoutConsent)).toMatch(/^consent: /);
	});

	test('consent is either confirmed with its date and where it is filed, or pending without a date', () => {
		expect(firstIssue(testimonialSchema, valid)).toBe('ok');
		const pending = { status: 'ausstehend', record: 'Anfrage an die Person läuft' };
		expect(firstIssue(testimonialSchema, { ...valid, consent: pending })).toBe('ok');
		expect(firstIssue(testimonialSchema, { ...valid, consent: { ...pending, date: '2026-11-25' } }), 'kein Datum ohne Einwilligung').toMatch(/^consent/);
		expect(firstIssue(testimonialSchema, { ...valid, consent: { status: 'bestätigt', record: 'Ordner Stimmen, Blatt 3' } })).toMatch(/^consent\.date: /);
		expect(firstIssue(testimonialSchema, { ...valid, consent: { date: '2026-01-15', record: 'Ordner Stimmen, Blatt 3' } })).toMatch(/^consent/);
		expect(firstIssue(testimonialSchema, { ...valid, consent: { ...pending, status: 'vielleicht' } })).toMatch(/^consent/);
	});

	test('a voice can only be a summary, never a direct quote', () => {
		expect(firstIssue(testimonialSchema, valid)).toBe('ok');
		expect(firstIssue(testimonialSchema, { ...valid, statementForm: 'quote' })).toMatch(/^statementForm: /);
	});
});

describe('topicSchema', () => {
	test('needs at least three typical questions', () => {
		const topic = { title: 'Ein Thema', summary: 'Eine Zusammenfassung, die lang genug ist, um zu tragen.', order: 7, questions: ['Wie fangen wir an?'] };
		expect(firstIssue(topicSchema, topic)).toMatch(/^questions: /);
	});
});
