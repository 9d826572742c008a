import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BOM, escapeCell, LIST_SEPARATOR, parseCsv, toCsv } from '../../src/lib/export/csv.ts';

const columns = [
	{ header: 'Name', value: (r: { name: string; list: string[] }) => r.name },
	{ header: 'Liste', value: (r: { name: string; list: string[] }) => r.list },
];

describe('toCsv', () => {
	test('German spreadsheet format: BOM, semicolons, CRLF, umlauts intact', () => {
		const csv = toCsv([{ name: 'Müller & Söhne GmbH', list: ['energieeffizienz', 'kundenbindung'] }], columns);
		expect(csv.startsWith(BOM)).toBe(true);
		expect(csv).toBe(`${BOM}Name;Liste\r\nMüller & Söhne GmbH;energieeffizienz${LIST_SEPARATOR}kundenbindung\r\n`);
	});

	test.each([
		['=SUMME(A1:A9)', "'=SUMME(A1:A9)"],
		['+49 361 123', "'+49 361 123"],
		['-1', "'-1"],
		['@heute', "'@heute"],
		['\tTab', "'\tTab"],
		['a;b', '"a;b"'],
		['Er sagte "ja"', '"Er sagte ""ja"""'],
		['zwei\nZeilen', '"zwei\nZeilen"'],
		['harmlos', 'harmlos'],
	])('escapes %j as %j', (input, expected) => {
		expect(escapeCell(input)).toBe(expected);
	});
});

describe('round trip', () => {
	test('every string survives export and import unchanged (fast-check, 500 runs)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ name: fc.string({ unit: 'binary', maxLength: 40 }), list: fc.array(fc.stringMatching(/^[a-z-]{1,12}$/), { maxLength: 3 }) }), { maxLength: 8 }),
				(rows) => {
					const parsed = parseCsv(toCsv(rows, columns));
					expect(parsed[0]).toEqual(['Name', 'Liste']);
					expect(parsed.slice(1)).toEqual(rows.map((r) => [r.name, r.list.join(LIST_SEPARATOR)]));
				},
			),
			{ numRuns: 500 },
		);
	});
});
