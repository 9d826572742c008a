/**
 * What /suche/ keeps of Pagefind's results and how it counts them. The excerpts are shaped like
 * Pagefind's (escaped text, <mark> around each hit), taken from searches over this site.
 */
import { describe, expect, test } from 'vitest';
import { MAX_SHOWN, hasCloseMatch, isRelevantResult, relevantResults, searchWords, statusText } from '../../src/lib/content/search-results.ts';

const excerpt = (...marked: string[]) => `Vorher ${marked.map((word) => `<mark>${word}</mark>`).join(' und ')} danach.`;

describe('relevant results', () => {
	test('a fallback to a short prefix of an unknown word is dropped', () => {
		expect(isRelevantResult(excerpt('im', 'Im'), 'Impressum')).toBe(false);
		expect(isRelevantResult(excerpt('C“'), 'Cookie')).toBe(false);
		expect(isRelevantResult(excerpt('Daten'), 'Datenschutz')).toBe(true);
		expect(isRelevantResult(excerpt('Date'), 'Datenschutz')).toBe(true);
		expect(isRelevantResult(excerpt('Dat'), 'Datenschutz')).toBe(false);
	});

	test('word forms, compounds, case and umlauts still count', () => {
		expect(isRelevantResult(excerpt('Fokusgruppe.'), 'Fokusgruppen')).toBe(true);
		expect(isRelevantResult(excerpt('Energieeffizienz'), 'Energie')).toBe(true);
		expect(isRelevantResult(excerpt('gastgebende'), 'Gastgeber')).toBe(true);
		expect(isRelevantResult(excerpt('Haus'), 'Häuser')).toBe(true);
		expect(isRelevantResult(excerpt('„Straße“'), 'strasse')).toBe(true);
		expect(isRelevantResult(excerpt('UNTERNEHMEN'), 'unternehmerisch')).toBe(true);
	});

	test('a part of a hyphenated word counts, and so does the whole', () => {
		expect(isRelevantResult(excerpt('IT-Dienstleister'), 'Dienstleister')).toBe(true);
		expect(isRelevantResult(excerpt('ERP-System'), 'System')).toBe(true);
		expect(isRelevantResult(excerpt('IT-Dienstleister'), 'IT-Dienstleister')).toBe(true);
		expect(isRelevantResult(excerpt('Ein-/Ausgang'), 'Ausgang')).toBe(true);
		expect(isRelevantResult(excerpt('IT-Dienstleister'), 'Impressum'), 'a short part is no more of a hit than before').toBe(false);
	});

	test('a search word shorter than four letters must match whole', () => {
		expect(isRelevantResult(excerpt('im'), 'im')).toBe(true);
		expect(isRelevantResult(excerpt('Impuls'), 'im')).toBe(true);
		expect(isRelevantResult(excerpt('in'), 'im')).toBe(false);
	});

	test('with several words, one real hit is enough', () => {
		expect(isRelevantResult(excerpt('im', 'Vertrauen'), 'Impressum Vertrauen')).toBe(true);
		expect(isRelevantResult(excerpt('im'), 'Impressum Vertrauen')).toBe(false);
	});

	test('an excerpt without any highlight is no hit; without search words (a topic alone) everything is', () => {
		expect(isRelevantResult('Kein Wort markiert.', 'Vertrauen')).toBe(false);
		expect(isRelevantResult('Kein Wort markiert.', '   ')).toBe(true);
	});

	test('escaped text in a highlight is read as text', () => {
		expect(isRelevantResult(excerpt('&quot;Kunden&quot;'), 'Kundenbindung')).toBe(true);
	});

	test('keeps the order of the results it keeps', () => {
		const results = [
			{ url: '/a/', excerpt: excerpt('im') },
			{ url: '/b/', excerpt: excerpt('Impressum') },
			{ url: '/c/', excerpt: excerpt('Im') },
			{ url: '/d/', excerpt: excerpt('Impressums') },
		];
		expect(relevantResults(results, 'Impressum').map((r) => r.url)).toEqual(['/b/', '/d/']);
	});

	test('search words are split on spaces and compared without case, umlauts and quotes', () => {
		expect(searchWords('  „Führung“   Thüringen ')).toEqual(['fuhrung', 'thuringen']);
	});
});

describe('the word itself, or only words that begin alike', () => {
	test('a form of the word counts as the word; a compound sharing its first part does not', () => {
		expect(hasCloseMatch([excerpt('Mitglieder')], 'Mitgliedsbeitrag')).toBe(false);
		expect(hasCloseMatch([excerpt('gehen')], 'Geheimhaltung')).toBe(false);
		expect(hasCloseMatch([excerpt('Mitarbeiter')], 'Mitarbeitern')).toBe(true);
		expect(hasCloseMatch([excerpt('kostet')], 'Kosten')).toBe(true);
		expect(hasCloseMatch([excerpt('Fachkräftemangel')], 'Fachkr')).toBe(true);
		expect(hasCloseMatch([excerpt('im')], 'im')).toBe(true);
	});

	test('one result with the word is enough, with one of several search words', () => {
		expect(hasCloseMatch([excerpt('Mitglieder'), excerpt('Vertrauen')], 'Mitgliedsbeitrag Vertrauen')).toBe(true);
		expect(hasCloseMatch([excerpt('Mitglieder'), excerpt('Mitgliedsbeiträge')], 'Mitgliedsbeitrag')).toBe(true);
	});
});

describe('status line', () => {
	test('no hits', () => {
		expect(statusText({ term: 'Impressum', found: 0, complete: true })).toMatch(/^Keine Treffer für „Impressum“/);
	});

	test('one hit and several hits, all shown', () => {
		expect(statusText({ term: 'Cookie', found: 1, complete: true })).toBe('Ein Treffer für „Cookie“.');
		expect(statusText({ term: 'Vertrauen', found: MAX_SHOWN, complete: true })).toBe(`${MAX_SHOWN} Treffer für „Vertrauen“.`);
	});

	test('more hits than shown: says how many are shown', () => {
		expect(statusText({ term: 'Unternehmen', found: 35, complete: true })).toBe(
			`35 Treffer für „Unternehmen“. Angezeigt werden die ersten ${MAX_SHOWN}; ein genaueres Suchwort oder ein Thema grenzt die Liste ein.`,
		);
		// Not every result was read: the count is a lower bound and says so.
		expect(statusText({ term: 'Unternehmen', found: MAX_SHOWN + 1, complete: false })).toMatch(new RegExp(`^Mehr als ${MAX_SHOWN} Treffer für „Unternehmen“\\. Angezeigt werden die ersten ${MAX_SHOWN};`));
	});

	test('hits only for words that begin alike say that the word itself is on no page', () => {
		expect(statusText({ term: 'Mitgliedsbeitrag', found: 12, complete: true, onlyAlike: true })).toBe('„Mitgliedsbeitrag“ selbst steht auf keiner Seite. 12 Treffer für Wörter, die ähnlich beginnen.');
	});

	test('a topic alone counts pages, in the singular for one', () => {
		expect(statusText({ term: '', found: 1, complete: true })).toBe('Eine Seite zum gewählten Thema.');
		expect(statusText({ term: '', found: 3, complete: true })).toBe('3 Seiten zum gewählten Thema.');
		expect(statusText({ term: '', found: 0, complete: true })).toBe('Zum gewählten Thema gibt es keine Seiten.');
		expect(statusText({ term: '', found: 25, complete: true })).toMatch(/^25 Seiten zum gewählten Thema\. Angezeigt werden die ersten 20;/);
	});
});
