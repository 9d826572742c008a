/**
 * The frontmatter contracts, checked against the real content files and against typical
 * editor mistakes. (getCollection() is empty under Vitest, so the files are parsed here.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { z } from 'astro/zod';
import { articleSchema, pageSchema, testimonialSchema, topicSchema } from '../../src/lib/content/schemas.ts';
import { CENTRAL_TOPICS, topicFileSlugs } from '../helpers/topics.ts';

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

const topicFiles = files('src/content/topics', /\.mdx$/);
const topicIds = topicFileSlugs();

const validVoice = {
	person: 'Erika Beispiel',
	position: 'Geschäftsführerin',
	company: 'Beispiel GmbH',
	town: 'Erfurt',
	statement: 'Für Erika Beispiel sei das Forum ein Ort, an dem sie offen über Führung und Nachfolge sprechen könne.',
	consent: { status: 'bestätigt', date: '2026-01-15', record: 'Ordner Stimmen, Blatt 3' },
	order: 1,
};

describe('content files', () => {
	// The schemas check topic references against the topic files themselves (schemas.ts), so
	// the files are parsed whole, references included.
	test.each(topicFiles)('%s matches the topic schema', (file) => {
		expect(firstIssue(topicSchema, frontmatter(file))).toBe('ok');
	});

	test.each(files('src/content/articles', /\.mdx?$/))('%s matches the article schema and names real topics', (file) => {
		expect(firstIssue(articleSchema, frontmatter(file))).toBe('ok');
	});

	test.each(files('src/content/testimonials', /\.yaml$/))('%s matches the testimonial schema', (file) => {
		expect(firstIssue(testimonialSchema, parseYaml(readFileSync(file, 'utf8')))).toBe('ok');
	});

	test.each(files('src/content/pages', /\.mdx$/))('%s matches the page schema', (file) => {
		expect(firstIssue(pageSchema, frontmatter(file))).toBe('ok');
	});

	test('the six central topics are there, each topic with its own place in the order', () => {
		expect(topicIds).toEqual(expect.arrayContaining(CENTRAL_TOPICS));
		const orders = topicFiles.map((f) => (frontmatter(f) as { order: number }).order);
		expect(new Set(orders).size, 'zwei Themen mit derselben order').toBe(orders.length);
	});
});

describe('topic references', () => {
	test('a topic is referenced by its file name; a misspelt one is named, with the one meant and all there are', () => {
		expect(firstIssue(articleSchema, { ...validArticle, topics: ['energieeffizienz'] })).toBe('ok');
		expect(articleSchema.parse({ ...validArticle, topics: ['energieeffizienz'] }).topics).toEqual([{ id: 'energieeffizienz', collection: 'topics' }]);
		expect(firstIssue(articleSchema, { ...validArticle, topics: ['energieeffizienz', 'unternehmensführung'] })).toBe(
			`topics.1: Ein Thema „unternehmensführung“ gibt es nicht (keine Datei src/content/topics/unternehmensführung.mdx). Gemeint ist wohl „unternehmensfuehrung“. Möglich sind: ${topicIds.join(', ')}.`,
		);
		expect(firstIssue(articleSchema, { ...validArticle, topics: ['fuehrung'] })).toMatch(/^topics\.0: Ein Thema „fuehrung“ gibt es nicht \(keine Datei src\/content\/topics\/fuehrung\.mdx\)\. Möglich sind: /);
	});

	test('voices are held to the same topics', () => {
		expect(firstIssue(testimonialSchema, { ...validVoice, topics: ['Energieeffizienz'] })).toMatch(/^topics\.0: Ein Thema „Energieeffizienz“ gibt es nicht.* Gemeint ist wohl „energieeffizienz“/);
	});
});

describe('articleSchema', () => {
	test('accepts a minimal article and fills in the defaults', () => {
		const parsed = articleSchema.parse(validArticle);
		expect(parsed.draft).toBe(false);
		expect(parsed.pubDate).toEqual(new Date('2026-05-01'));
	});

	test.each([
		[{ ...validArticle, title: 'Kurz' }, 'title: zu kurz: 4 Zeichen, nötig sind mindestens 10.'],
		[{ ...validArticle, description: 'x'.repeat(175) }, 'description: zu lang: 175 Zeichen, erlaubt sind höchstens 170. Bitte um 5 Zeichen kürzen.'],
		[{ ...validArticle, description: 42 }, 'description: bitte einen Text von 50 bis 170 Zeichen angeben (in Anführungszeichen)'],
		[{ ...validArticle, pubDate: 'nächsten Dienstag' }, 'pubDate: „nächsten Dienstag“ ist kein Datum. Datum bitte als JJJJ-MM-TT (z. B. 2026-11-28) oder TT.MM.JJJJ angeben.'],
		[{ ...validArticle, readingTime: 5 }, ': unbekanntes Feld „readingTime“. Möglich sind: title, description, pubDate, updatedDate, author, topics, draft'],
		[{ ...validArticle, draft: 'ja' }, 'draft: bitte true oder false angeben (oder das Feld weglassen: dann false)'],
		[{ ...validArticle, author: undefined }, 'author: fehlt: bitte einen Text von 3 bis 80 Zeichen angeben'],
		[{ ...validArticle, title: undefined }, 'title: fehlt: bitte einen Text von 10 bis 90 Zeichen angeben'],
		[{ ...validArticle, topics: 'energieeffizienz' }, 'topics: bitte als Liste angeben, jede Zeile mit „- “ beginnend'],
		[{ ...validArticle, topics: Array(7).fill('energieeffizienz') }, 'topics: 7 angegeben, erlaubt sind höchstens 6 Themen'],
	])('rejects bad frontmatter with a German message naming the field and what to write (%#)', (data, expected) => {
		expect(firstIssue(articleSchema, data)).toBe(expected);
	});
});

describe('date fields', () => {
	const pubDate = (value: unknown) => articleSchema.safeParse({ ...validArticle, pubDate: value });
	const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

	test('YYYY-MM-DD and the German TT.MM.JJJJ, day before month (not as JavaScript reads 03.04.2026)', () => {
		expect(pubDate('2026-11-28').data?.pubDate).toEqual(day('2026-11-28'));
		expect(pubDate('28.11.2026').data?.pubDate).toEqual(day('2026-11-28'));
		expect(pubDate('03.04.2026').data?.pubDate).toEqual(day('2026-04-03'));
		expect(pubDate('3.4.2026').data?.pubDate).toEqual(day('2026-04-03'));
		// Astro's YAML reader turns an unquoted 2026-11-28 into a Date before the schema sees it.
		expect(pubDate(day('2026-11-28')).data?.pubDate).toEqual(day('2026-11-28'));
	});

	test.each(['31.02.2026', '2026-02-30', '29.02.2027', '00.01.2026', '12.13.2026'])('%s, a day that does not exist, is refused', (value) => {
		expect(firstIssue(articleSchema, { ...validArticle, pubDate: value })).toBe(`pubDate: Den Tag „${value}“ gibt es nicht: bitte Tag und Monat prüfen.`);
	});

	test('29.02. in a leap year is a day', () => {
		expect(pubDate('29.02.2028').data?.pubDate).toEqual(day('2028-02-29'));
	});

	test.each([['4. März 2026'], ['2026/03/04'], ['03-04-2026'], ['20260304'], [''], [20260304], [true]])('%s is answered with the formats', (value) => {
		expect(firstIssue(articleSchema, { ...validArticle, pubDate: value })).toMatch(/^pubDate: .*Datum bitte als JJJJ-MM-TT \(z\. B\. 2026-11-28\) oder TT\.MM\.JJJJ angeben\.$/);
	});

	test('a missing date says so, with the formats', () => {
		expect(firstIssue(articleSchema, { ...validArticle, pubDate: undefined })).toBe('pubDate: fehlt: Datum bitte als JJJJ-MM-TT (z. B. 2026-11-28) oder TT.MM.JJJJ angeben');
	});

	test('every date field reads the same formats', () => {
		expect(articleSchema.parse({ ...validArticle, updatedDate: '03.04.2026' }).updatedDate).toEqual(day('2026-04-03'));
		const page = { title: 'Impressum', description: 'Wer diese Website betreibt und wer für ihre Inhalte verantwortlich ist.' };
		expect(pageSchema.parse({ ...page, updatedDate: '03.04.2026' }).updatedDate).toEqual(day('2026-04-03'));
		expect(firstIssue(pageSchema, { ...page, updatedDate: '31.04.2026' })).toBe('updatedDate: Den Tag „31.04.2026“ gibt es nicht: bitte Tag und Monat prüfen.');
		const consent = testimonialSchema.parse({ ...validVoice, consent: { ...validVoice.consent, date: '03.04.2026' } }).consent;
		expect(consent.status === 'bestätigt' && consent.date).toEqual(day('2026-04-03'));
	});
});

describe('testimonialSchema', () => {
	const valid = validVoice;

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

	describe('a consent date in the future is refused: consent cannot be on file before it is given', () => {
		const withDate = (date: string) => ({ ...valid, consent: { ...valid.consent, date } });
		afterEach(() => vi.useRealTimers());

		test('today counts, tomorrow does not', () => {
			vi.useFakeTimers({ now: new Date('2026-11-28T12:00:00Z') });
			expect(firstIssue(testimonialSchema, withDate('28.11.2026'))).toBe('ok');
			expect(firstIssue(testimonialSchema, withDate('2026-11-29'))).toBe(
				'consent.date: Der 29.11.2026 liegt in der Zukunft: bitte den Tag eintragen, an dem die Einwilligung einging.',
			);
			expect(firstIssue(testimonialSchema, withDate('01.01.2027'))).toMatch(/^consent\.date: Der 01\.01\.2027 liegt in der Zukunft/);
		});

		test('"today" is the day in Germany, already the 29th at half past midnight there', () => {
			vi.useFakeTimers({ now: new Date('2026-11-28T23:30:00Z') });
			expect(firstIssue(testimonialSchema, withDate('29.11.2026'))).toBe('ok');
		});
	});

	test('a consent status other than „bestätigt“ or „ausstehend“ is answered with the two there are', () => {
		expect(firstIssue(testimonialSchema, { ...valid, consent: { status: 'bestaetigt', date: '2026-01-15', record: 'Ordner Stimmen, Blatt 3' } })).toBe(
			'consent.status: status bitte „bestätigt“ (die Einwilligung liegt vor; dazu date und record) oder „ausstehend“ (dazu nur record) angeben',
		);
		const { consent: _, ...withoutConsent } = valid;
		expect(firstIssue(testimonialSchema, withoutConsent)).toMatch(/^consent: fehlt: ohne dokumentierte Einwilligung erscheint keine Stimme\. Bitte status „bestätigt“/);
		expect(firstIssue(testimonialSchema, { ...valid, consent: { status: 'bestätigt', record: 'Ordner Stimmen, Blatt 3' } })).toBe(
			'consent.date: fehlt: Datum bitte als JJJJ-MM-TT (z. B. 2026-11-28) oder TT.MM.JJJJ angeben',
		);
		expect(firstIssue(testimonialSchema, { ...valid, consent: { status: 'ausstehend', date: '2026-11-25', record: 'Anfrage läuft' } })).toBe(
			'consent: unbekanntes Feld „date“. Möglich sind: status, record (ein Datum erst, wenn die Einwilligung bestätigt ist)',
		);
	});

	test('a voice can only be a summary, never a direct quote', () => {
		expect(firstIssue(testimonialSchema, valid)).toBe('ok');
		expect(firstIssue(testimonialSchema, { ...valid, statementForm: 'quote' })).toMatch(/^statementForm: /);
	});
});

describe('topicSchema', () => {
	const topic = { title: 'Ein Thema', summary: 'Eine Zusammenfassung, die lang genug ist, um zu tragen.', order: 7, questions: ['Wie fangen wir an?'] };

	test('needs at least three typical questions', () => {
		expect(firstIssue(topicSchema, topic)).toBe('questions: 1 angegeben, erlaubt sind 3 bis 8 Fragen');
	});

	test('the order is a whole number from 1, and missing fields say so', () => {
		const questions = ['Wie fangen wir an?', 'Wer macht mit?', 'Was kostet es?'];
		expect(firstIssue(topicSchema, { ...topic, questions })).toBe('ok');
		expect(firstIssue(topicSchema, { ...topic, questions, order: '7' })).toBe('order: bitte eine ganze Zahl ab 1 (ohne Anführungszeichen) angeben');
		expect(firstIssue(topicSchema, { ...topic, questions, order: undefined })).toBe('order: fehlt: bitte eine ganze Zahl ab 1 (ohne Anführungszeichen) angeben');
		expect(firstIssue(topicSchema, { ...topic, questions: undefined })).toBe('questions: fehlt: bitte eine Liste von 3 bis 8 Fragen angeben');
	});
});

describe('no English message reaches an editor', () => {
	// Every kind of mistake the field types know, in each schema: zod's own messages are English.
	test.each([
		[articleSchema, { title: 1, description: [], pubDate: {}, updatedDate: 'gestern', author: null, topics: [3], draft: 'nein', extra: 1 }],
		[testimonialSchema, { person: '', position: 'x'.repeat(81), company: 1, town: undefined, statement: 'kurz', statementForm: 'quote', topics: {}, consent: 'ja', order: 0 }],
		[testimonialSchema, { ...validVoice, consent: { status: 'bestätigt', date: '2999-01-01', record: 3, extra: true } }],
		[pageSchema, { title: [], description: 'kurz', updatedDate: 5, searchable: 'ja', callToApply: 1 }],
		[topicSchema, { title: 'x', summary: 5, order: 1.5, questions: ['zu kurz', 4] }],
		[topicSchema, null],
	] as [z.ZodType, unknown][])('%#', (schema, data) => {
		const result = schema.safeParse(data);
		expect(result.success).toBe(false);
		for (const issue of result.error!.issues) expect(issue.message).not.toMatch(/\b(Invalid|Expected|expected|received|Too)\b/);
	});
});
