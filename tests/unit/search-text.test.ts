import { describe, expect, test } from 'vitest';
import { matchesSearch } from '../../src/lib/search-text.ts';

describe('matchesSearch', () => {
	test('finds a name however its umlauts and ß are typed, in any case', () => {
		for (const typed of ['Böttcher', 'böttcher', 'BÖTTCHER', 'Boettcher', 'Bottcher', 'ttch']) {
			expect(matchesSearch(['Karl Böttcher'], typed), typed).toBe(true);
		}
		expect(matchesSearch(['Hauptstraße 1'], 'strasse')).toBe(true);
		expect(matchesSearch(['Mühlhausen'], 'Muehlhausen')).toBe(true);
		expect(matchesSearch(['Mühlhausen'], 'Muhlhausen')).toBe(true);
		// Stored as o + combining diaeresis (pasted from a Mac).
		expect(matchesSearch(['Karl Bo\u0308ttcher'], 'Boettcher')).toBe(true);
		expect(matchesSearch(['Karl Bo\u0308ttcher'], 'Böttcher')).toBe(true);
	});

	test('written-out umlauts in the stored text are found by the plain letters too', () => {
		expect(matchesSearch(['Goethe GmbH'], 'Göthe')).toBe(true);
		expect(matchesSearch(['Goethe GmbH'], 'goethe')).toBe(true);
	});

	test('any of the texts may match; empty ones are skipped; an empty search matches all', () => {
		expect(matchesSearch([null, undefined, 'Jena', '13.30'], '13.30')).toBe(true);
		expect(matchesSearch(['Jena', 'Erfurt'], 'Gera')).toBe(false);
		expect(matchesSearch(['Jena'], '  ')).toBe(true);
	});
});
