import { describe, expect, test } from 'vitest';
import { formatDate, formatDecimal, formatMeetingTime, formatWeekdayDateTime, formatShortDateTime, isoDateInGermany, lastSignInText } from '../../src/lib/site.ts';

describe('dates in Germany', () => {
	test('a file name carries the German date, not UTC’s, around midnight in winter and in summer', () => {
		expect(isoDateInGermany(new Date('2026-11-26T23:30:00Z')), 'CET: already the 27th').toBe('2026-11-27');
		expect(isoDateInGermany(new Date('2026-11-26T22:30:00Z'))).toBe('2026-11-26');
		expect(isoDateInGermany(new Date('2026-07-01T22:30:00Z')), 'CEST: already the 2nd').toBe('2026-07-02');
		expect(isoDateInGermany(new Date('2026-07-01T21:30:00Z'))).toBe('2026-07-01');
	});

	test('the same day as the long date on the pages', () => {
		const lateEvening = new Date('2026-03-01T23:59:00Z');
		expect(formatDate(lateEvening)).toBe('2. März 2026');
		expect(isoDateInGermany(lateEvening)).toBe('2026-03-02');
	});
});

describe('a meeting’s time', () => {
	test('with the weekday and the end, in Berlin time, summer and winter', () => {
		expect(formatMeetingTime(new Date('2027-04-07T12:00:00Z'), new Date('2027-04-07T15:00:00Z'))).toBe('Mittwoch, 7. April 2027, 14:00 bis 17:00 Uhr');
		expect(formatMeetingTime(new Date('2027-01-13T13:00:00Z'), new Date('2027-01-13T16:30:00Z'))).toBe('Mittwoch, 13. Januar 2027, 14:00 bis 17:30 Uhr');
	});

	test('in the office\'s list, with the weekday in short, so a shift off the usual weekday shows', () => {
		expect(formatWeekdayDateTime(new Date('2027-05-06T12:00:00Z'))).toBe('Do., 6. Mai 2027 um 14:00 Uhr');
		expect(formatWeekdayDateTime(new Date('2027-01-13T13:00:00Z'))).toBe('Mi., 13. Januar 2027 um 14:00 Uhr');
	});

	test('one that runs past midnight names both days', () => {
		expect(formatMeetingTime(new Date('2027-01-15T18:00:00Z'), new Date('2027-01-15T23:30:00Z'))).toBe(
			'Freitag, 15. Januar 2027, 19:00 Uhr bis Samstag, 16. Januar 2027, 00:30 Uhr',
		);
	});
});

describe('numbers in German', () => {
	test('one decimal with the comma, and a typographic minus rather than a hyphen', () => {
		expect(formatDecimal(37)).toBe('37,0');
		expect(formatDecimal(-2.46)).toBe('−2,5');
		expect(formatDecimal(-2.46)).not.toContain('-');
	});

	test('the last sign-in: a time, never, or not recorded for a password from before the record', () => {
		const at = new Date('2026-11-27T07:05:00Z');
		expect(lastSignInText({ lastSignInAt: at, hasPassword: 1 })).toBe(formatShortDateTime(at));
		expect(lastSignInText({ lastSignInAt: null, hasPassword: 0 })).toBe('noch nie');
		expect(lastSignInText({ lastSignInAt: null, hasPassword: true })).toBe('nicht erfasst');
	});
});
