import { describe, expect, test } from 'vitest';
import { countWords, readingMinutes, WORDS_PER_MINUTE } from '../../src/lib/content/reading-time.ts';

describe('countWords', () => {
	test('counts German words, not Markdown syntax, link targets or frontmatter', () => {
		const mdx = [
			'---',
			'title: "Nicht mitzählen"',
			'---',
			"import Placeholder from '../x.astro';",
			'## Überschrift mit Umlauten',
			'Ein [Link](/themen/energieeffizienz/) und **fett** – sowie <Placeholder label="nein" />.',
			'- Punkt eins',
		].join('\n');
		// Überschrift mit Umlauten (3) + Ein Link und fett sowie (5) + Punkt eins (2)
		expect(countWords(mdx)).toBe(10);
	});

	test('an empty text has no words', () => {
		expect(countWords('')).toBe(0);
	});
});

describe('readingMinutes', () => {
	const words = (n: number) => Array.from({ length: n }, () => 'Wort').join(' ');

	test('rounds up to whole minutes', () => {
		expect(readingMinutes(words(WORDS_PER_MINUTE))).toBe(1);
		expect(readingMinutes(words(WORDS_PER_MINUTE + 1))).toBe(2);
		expect(readingMinutes(words(5 * WORDS_PER_MINUTE))).toBe(5);
	});

	test('is at least one minute', () => {
		expect(readingMinutes('')).toBe(1);
	});
});
