/** Blocked days as people type them: German or ISO dates, only days the calendar has. */
import { describe, expect, test } from 'vitest';
import { dateList, isoDate } from '../../src/lib/forms/fields.ts';

describe('isoDate', () => {
	test.each([
		['24.12.2026', '2026-12-24'],
		['1.5.2027', '2027-05-01'],
		['2026-12-24', '2026-12-24'],
		['29.02.2028', '2028-02-29'],
	])('%s is %s', (typed, iso) => expect(isoDate(typed)).toBe(iso));

	test.each(['31.02.2026', '2026-02-29', '24.12.26', '12/24/2026', 'morgen', '2026-13-01', ''])('%s is no date', (typed) => expect(isoDate(typed)).toBeNull());
});

describe('dateList', () => {
	test('separated by spaces, lines, commas or semicolons; empty is none', () => {
		expect(dateList.parse('24.12.2026, 2027-01-05;\n6.1.2027')).toEqual(['2026-12-24', '2027-01-05', '2027-01-06']);
		expect(dateList.parse('')).toEqual([]);
		expect(dateList.parse(null)).toEqual([]);
	});

	test('names every entry that is no date at once, in German', () => {
		const result = dateList.safeParse('24.12.2026 31.02.2027 morgen');
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]?.message).toBe('„31.02.2027“ und „morgen“ sind keine Daten wie 24.12.2026.');
		expect(dateList.safeParse('1.1.2027 gestern').error?.issues[0]?.message).toBe('„gestern“ ist kein Datum wie 24.12.2026.');
		expect(dateList.safeParse('a b c').error?.issues[0]?.message).toBe('„a“, „b“ und „c“ sind keine Daten wie 24.12.2026.');
	});
});
