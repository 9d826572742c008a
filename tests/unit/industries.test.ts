import { describe, expect, test } from 'vitest';
import { industriesMatching, parseIndustry, unknownIndustryMessage } from '../../src/lib/reference/industries.ts';

const codes = (input: string) => industriesMatching(input).map((c) => c.code);

describe('a branch typed in own words', () => {
	test('is read by code, by the picked option, or by its exact title', () => {
		expect(parseIndustry('24.53')?.label).toBe('Leichtmetallgießereien');
		expect(parseIndustry('24.53 – Leichtmetallgießereien')?.code).toBe('24.53');
		expect(parseIndustry('leichtmetallgießereien')?.code).toBe('24.53');
		expect(parseIndustry('Gießerei')).toBeNull();
	});

	test('finds the classes whose title contains its words, with or without ß and umlauts', () => {
		expect(codes('Gießerei')).toEqual(['24.51', '24.52', '24.53', '24.54']);
		expect(codes('giesserei')).toEqual(['24.51', '24.52', '24.53', '24.54']);
		expect(codes('Leichtmetall-Gießerei'), 'the class matching both words first').toEqual(expect.arrayContaining(['24.53']));
		expect(codes('Leichtmetall-Gießerei')[0]).toBe('24.53');
		// A short stem does not match inside other words: "Eisen" is no "Reis".
		expect(codes('Eisen')).toContain('24.51');
		expect(codes('Eisen').some((code) => code.startsWith('01.'))).toBe(false);
		expect(codes('Öfen')).toContain('28.21');
		// A word that names a division, not a class: that division's classes.
		expect(codes('Maschinenbau').every((code) => code.startsWith('28.'))).toBe(true);
		expect(codes('Maschinenbau')).toHaveLength(4);
		expect(codes('Zauberei')).toEqual([]);
		expect(codes('IT')).toEqual([]);
	});

	test('the refusal suggests them, or gives the example when nothing matches', () => {
		expect(unknownIndustryMessage(' Gießerei ')).toBe(
			'Bitte wählen Sie Ihre Branche aus der Liste. Passend zu „Gießerei“ etwa: „24.51 – Eisengießereien“, „24.52 – Stahlgießereien“, „24.53 – Leichtmetallgießereien“, „24.54 – Buntmetallgießereien“.',
		);
		expect(unknownIndustryMessage('Zauberei')).toMatch(/^Bitte wählen Sie Ihre Branche aus der Liste, z\. B\. „28\.41/);
	});
});
