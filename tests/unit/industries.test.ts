import { describe, expect, test } from 'vitest';
import { industriesMatching, parseIndustry, TRADE_WORDS, unknownIndustryMessage } from '../../src/lib/reference/industries.ts';

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
	});

	test('finds the field inside a compound word, only at the start of a title word', () => {
		// "Werkzeug|bau": the classes of tools and machine tools, not of every building trade.
		expect(codes('Werkzeugbau')[0]).toBe('25.73');
		expect(codes('Werkzeugbau').every((code) => ['25.73', '28.24', '28.41', '28.49'].includes(code))).toBe(true);
		expect(codes('Kunststofftechnik').every((code) => code.startsWith('22.'))).toBe(true);
		expect(codes('Oberflächentechnik')).toEqual(['25.61']);
		// "Fein|mechanik": an ending that begins a title's word.
		expect(codes('Feinmechanik')).toEqual(['25.62']);
		// "Sonder|maschinenbau" names division 28.
		expect(codes('Sondermaschinenbau').every((code) => code.startsWith('28.'))).toBe(true);
		// A part is no match inside another word: "Laser" is no "Glaserei", "Schweiß" no "Schwein".
		expect(codes('Lasertechnik')).toEqual([]);
		expect(codes('Schweißtechnik').filter((code) => code.startsWith('01.') || code.startsWith('10.')), 'welding, not pigs').toEqual([]);
		// A generic ending alone says nothing: "Blech|bearbeitung" is not "erste Bearbeitung von Blei".
		expect(codes('Softwareentwicklung')).not.toContain('72.11');
	});

	test('knows the trade names people use for their branch', () => {
		expect(codes('CNC-Zerspanung')).toEqual(['25.62']);
		expect(codes('Lohnfertigung')).toEqual(['25.62']);
		expect(codes('Galvanik')).toEqual(['25.61']);
		expect(codes('Feinoptik')).toEqual(['26.70']);
		expect(codes('Steuerungstechnik')).toEqual(['27.12', '27.90']);
		expect(codes('Bäckerei')).toEqual(['10.71']);
		// Foundries name what they cast.
		expect(codes('Feinguss')).toEqual(['24.51', '24.52', '24.53', '24.54']);
		expect(codes('Alu-Druckguss')).toEqual(['24.53', '24.54']);
		expect(codes('Metallguss')[0]).toBe('24.51');
		// Machining, welding and stamping shops name what they do to metal: the usual class comes first.
		for (const shop of ['Metallbearbeitung', 'Metallverarbeitung', 'Drehteile', 'Schweißtechnik', 'Präzisionstechnik']) expect(codes(shop)[0], shop).toBe('25.62');
		expect(codes('Stanzerei')).toEqual(['25.50']);
		expect(codes('Gesenkschmiede')[0]).toBe('25.50');
		// Short ones only as words of their own.
		expect(codes('IT-Dienstleister')[0]).toBe('62.02');
		expect(codes('Digitalisierung')).not.toContain('62.02');
		expect(codes('Sondermaschinenbau').slice(0, 2)).toEqual(['28.99', '28.29']);
		// The most specific trade word in a compound comes first.
		expect(codes('Landmaschinenbau')[0]).toBe('28.30');
		expect(codes('Elektroanlagenbau')[0]).toBe('43.21');
	});

	test('the trade table is written as the matching reads it: lower case, umlauts and ß spelled out', () => {
		expect(Object.keys(TRADE_WORDS).filter((key) => !/^[a-z]+$/.test(key))).toEqual([]);
	});

	test('every class a trade name points to exists', () => {
		const named = Object.values(TRADE_WORDS).flat();
		expect(named.length).toBeGreaterThan(40);
		expect(named.filter((code) => parseIndustry(code) === null)).toEqual([]);
	});

	test('the refusal points to the suggestions below the field, or gives the example when nothing matches', () => {
		expect(unknownIndustryMessage(' Gießerei ')).toBe(
			'„Gießerei“ steht so nicht in der Liste. Bitte wählen Sie eine der passenden Branchen unter dem Feld oder tippen Sie ein anderes Stichwort.',
		);
		expect(unknownIndustryMessage('Zauberei')).toMatch(/^Bitte wählen Sie Ihre Branche aus der Liste, z\. B\. „25\.62 – Mechanik a\. n\. g\.“ für eine Dreherei/);
	});
});
