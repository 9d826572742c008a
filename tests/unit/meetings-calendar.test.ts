import fc from 'fast-check';
import { getHolidays, isHoliday } from 'feiertagejs';
import { describe, expect, test } from 'vitest';
import {
	berlinLocalToUtc,
	berlinOffsetMinutes,
	holidayName,
	isThuringianHoliday,
	isWorkingDay,
	MeetingInputError,
	utcToBerlinLocal,
} from '../../src/lib/meetings/index.ts';

const utc = (iso: string) => new Date(iso).toISOString();

describe('Thuringian holidays', () => {
	test('Reformationstag on 31 October, whatever the weekday', () => {
		expect(holidayName('2025-10-31')).toBe('Reformationstag');
		expect(holidayName('2026-10-31')).toBe('Reformationstag');
		expect(isWorkingDay('2025-10-31')).toBe(false);
	});

	test('Weltkindertag on 20 September since 2019 only', () => {
		expect(holidayName('2018-09-20')).toBeNull();
		expect(holidayName('2019-09-20')).toBe('Weltkindertag');
		expect(isWorkingDay('2027-09-20')).toBe(false);
	});

	test('Buß- und Bettag is a working day in Thuringia (a holiday in Saxony only)', () => {
		expect(isThuringianHoliday('2026-11-18')).toBe(false);
		expect(isWorkingDay('2026-11-18')).toBe(true);
		expect(isHoliday('2026-11-18', 'SN')).toBe(true);
	});

	test('Ostermontag and Pfingstmontag 2027', () => {
		expect(holidayName('2027-03-29')).toBe('Ostermontag');
		expect(holidayName('2027-05-17')).toBe('Pfingstmontag');
		expect(holidayName('2027-03-26')).toBe('Karfreitag');
	});

	test('Fronleichnam is not a statewide holiday for feiertagejs in Thuringia', () => {
		expect(isHoliday('2027-05-27', 'BY')).toBe(true);
		expect(isThuringianHoliday('2027-05-27')).toBe(false);
		expect(isWorkingDay('2027-05-27')).toBe(true);
	});

	test('the full list of 2027, found by asking every day of the year', () => {
		const found: Record<string, string> = {};
		for (let t = Date.UTC(2027, 0, 1); t < Date.UTC(2028, 0, 1); t += 86_400_000) {
			const date = new Date(t).toISOString().slice(0, 10);
			const name = holidayName(date);
			if (name !== null) found[date] = name;
		}
		expect(found).toEqual({
			'2027-01-01': 'Neujahrstag',
			'2027-03-26': 'Karfreitag',
			'2027-03-29': 'Ostermontag',
			'2027-05-01': 'Tag der Arbeit',
			'2027-05-06': 'Christi Himmelfahrt',
			'2027-05-17': 'Pfingstmontag',
			'2027-09-20': 'Weltkindertag',
			'2027-10-03': 'Tag der Deutschen Einheit',
			'2027-10-31': 'Reformationstag',
			'2027-12-25': '1. Weihnachtstag',
			'2027-12-26': '2. Weihnachtstag',
		});
	});

	test('agrees with the library day by day over several years', () => {
		for (const year of [2019, 2026, 2033]) {
			// The library's list for the year, read once: its isHoliday per day took seconds, near the test's time limit.
			const listed = new Set(getHolidays(year, 'TH').map((h) => h.dateString));
			const disagreeing: string[] = [];
			for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
				const date = new Date(t).toISOString().slice(0, 10);
				if (isThuringianHoliday(date) !== listed.has(date)) disagreeing.push(date);
			}
			expect(disagreeing, String(year)).toEqual([]);
			expect(listed.size, String(year)).toBeGreaterThanOrEqual(11);
		}
		// And the library's own day-by-day answer agrees with its list, on a few days of each kind.
		for (const date of ['2026-04-03', '2026-09-20', '2026-10-31', '2026-11-18', '2026-06-04']) expect(isHoliday(date, 'TH'), date).toBe(isThuringianHoliday(date));
	});

	test('working days are Monday to Friday', () => {
		expect(isWorkingDay('2026-09-04')).toBe(true); // Friday
		expect(isWorkingDay('2026-09-05')).toBe(false); // Saturday
		expect(isWorkingDay('2026-09-06')).toBe(false); // Sunday
		expect(isWorkingDay('2026-09-07')).toBe(true); // Monday
	});

	test('malformed or impossible dates are rejected', () => {
		expect(() => holidayName('2026-02-30')).toThrow(MeetingInputError);
		expect(() => isWorkingDay('31.10.2026')).toThrow(MeetingInputError);
	});
});

describe('Europe/Berlin local time', () => {
	test('winter is UTC+1, summer UTC+2', () => {
		expect(berlinLocalToUtc('2026-01-15T14:00').toISOString()).toBe(utc('2026-01-15T13:00Z'));
		expect(berlinLocalToUtc('2026-07-15T14:00').toISOString()).toBe(utc('2026-07-15T12:00Z'));
		expect(berlinLocalToUtc('2026-12-31T23:30').toISOString()).toBe(utc('2026-12-31T22:30Z'));
	});

	test('spring switch: last Sunday of March, 02:00 becomes 03:00', () => {
		// 2026-03-29 and 2027-03-28 are the last Sundays of March.
		expect(berlinLocalToUtc('2026-03-29T01:59').toISOString()).toBe(utc('2026-03-29T00:59Z'));
		expect(berlinLocalToUtc('2026-03-29T03:00').toISOString()).toBe(utc('2026-03-29T01:00Z'));
		expect(berlinLocalToUtc('2026-03-22T14:00').toISOString()).toBe(utc('2026-03-22T13:00Z'));
		expect(berlinLocalToUtc('2027-03-27T14:00').toISOString()).toBe(utc('2027-03-27T13:00Z'));
		expect(berlinLocalToUtc('2027-03-28T14:00').toISOString()).toBe(utc('2027-03-28T12:00Z'));
		// A skipped time is read with the winter offset (RFC 5545): 02:30 is 03:30 summer time.
		expect(berlinLocalToUtc('2026-03-29T02:30').toISOString()).toBe(utc('2026-03-29T01:30Z'));
		expect(utcToBerlinLocal(new Date('2026-03-29T01:30Z'))).toBe('2026-03-29T03:30');
	});

	test('autumn switch: last Sunday of October, 03:00 becomes 02:00', () => {
		// 2026-10-25 and 2027-10-31 are the last Sundays of October.
		expect(berlinLocalToUtc('2026-10-25T01:59').toISOString()).toBe(utc('2026-10-24T23:59Z'));
		expect(berlinLocalToUtc('2026-10-25T03:00').toISOString()).toBe(utc('2026-10-25T02:00Z'));
		expect(berlinLocalToUtc('2026-10-24T14:00').toISOString()).toBe(utc('2026-10-24T12:00Z'));
		expect(berlinLocalToUtc('2026-10-26T14:00').toISOString()).toBe(utc('2026-10-26T13:00Z'));
		expect(berlinLocalToUtc('2027-10-29T14:00').toISOString()).toBe(utc('2027-10-29T12:00Z'));
		expect(berlinLocalToUtc('2027-11-01T14:00').toISOString()).toBe(utc('2027-11-01T13:00Z'));
		// A time that occurs twice means the first (summer-time) occurrence.
		expect(berlinLocalToUtc('2026-10-25T02:30').toISOString()).toBe(utc('2026-10-25T00:30Z'));
		expect(utcToBerlinLocal(new Date('2026-10-25T00:30Z'))).toBe('2026-10-25T02:30');
		expect(utcToBerlinLocal(new Date('2026-10-25T01:30Z'))).toBe('2026-10-25T02:30');
		expect(berlinOffsetMinutes(new Date('2026-10-25T00:59Z'))).toBe(120);
		expect(berlinOffsetMinutes(new Date('2026-10-25T01:00Z'))).toBe(60);
	});

	test('malformed local times are rejected', () => {
		expect(() => berlinLocalToUtc('2026-07-15 14:00')).toThrow(MeetingInputError);
		expect(() => berlinLocalToUtc('2026-07-15T24:00')).toThrow(MeetingInputError);
		expect(() => berlinOffsetMinutes(new Date(Number.NaN))).toThrow(MeetingInputError);
	});

	const berlin = new Intl.DateTimeFormat('sv-SE', {
		timeZone: 'Europe/Berlin',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
	});
	const instants = fc
		.integer({ min: Date.UTC(1996, 0, 1), max: Date.UTC(2099, 11, 31) })
		.map((ms) => new Date(ms));

	test('property: agrees with the ICU time zone database from 1996 to 2099', () => {
		fc.assert(
			fc.property(instants, (instant) => {
				expect(utcToBerlinLocal(instant)).toBe(berlin.format(instant).replace(' ', 'T'));
			}),
			{ numRuns: 2000 },
		);
	});

	test('property: UTC → local → UTC loses only the second pass of the repeated autumn hour', () => {
		fc.assert(
			fc.property(instants, (instant) => {
				const local = utcToBerlinLocal(instant);
				const minute = Math.floor(instant.getTime() / 60_000) * 60_000;
				const secondOccurrence =
					berlinOffsetMinutes(instant) === 60 &&
					berlinOffsetMinutes(new Date(minute - 3_600_000)) === 120;
				if (!secondOccurrence) expect(berlinLocalToUtc(local).getTime()).toBe(minute);
				expect(utcToBerlinLocal(berlinLocalToUtc(local))).toBe(local);
			}),
			{ numRuns: 2000 },
		);
	});
});
