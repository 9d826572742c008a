/**
 * Europe/Berlin wall-clock time ↔ UTC by the EU rule (in force since 1996): summer time, UTC+2,
 * from the last Sunday of March, 02:00 → 03:00, to the last Sunday of October, 03:00 → 02:00;
 * UTC+1 otherwise. Computed rather than looked up, so results never depend on the machine's time
 * zone or ICU data. The VTIMEZONE in `./ics.ts` states the same rule for calendar clients.
 */
import {
	lastSunday,
	MINUTES_PER_DAY,
	MS_PER_DAY,
	formatLocalDateTime,
	parseLocalDateTime,
} from './calendar-date.ts';
import { MeetingInputError } from './errors.ts';

const MS_PER_MINUTE = 60_000;
const WINTER_OFFSET_MINUTES = 60;
const SUMMER_OFFSET_MINUTES = 120;

function yearOf(ms: number): number {
	return new Date(ms).getUTCFullYear();
}

/** UTC offset of Berlin, in minutes, at an instant: 60 in winter, 120 in summer. */
export function berlinOffsetMinutes(instant: Date): number {
	const ms = instant.getTime();
	if (Number.isNaN(ms)) throw new MeetingInputError('Ungültiger Zeitpunkt.');
	const year = yearOf(ms);
	// Both switches happen at 01:00 UTC.
	const summerStarts = lastSunday(year, 3) * MS_PER_DAY + 60 * MS_PER_MINUTE;
	const summerEnds = lastSunday(year, 10) * MS_PER_DAY + 60 * MS_PER_MINUTE;
	return ms >= summerStarts && ms < summerEnds ? SUMMER_OFFSET_MINUTES : WINTER_OFFSET_MINUTES;
}

/**
 * The instant of a Berlin wall-clock time `YYYY-MM-DDTHH:MM`. As RFC 5545 prescribes for
 * DTSTART with TZID, a time skipped in spring (02:00–02:59) is read with the winter offset, so it
 * lands an hour later on the clock, and a time that occurs twice in autumn (02:00–02:59) means
 * its first, summer-time occurrence.
 */
export function berlinLocalToUtc(local: string): Date {
	const parsed = parseLocalDateTime(local);
	if (!parsed)
		throw new MeetingInputError(`Ungültige Ortszeit: „${local}“ (erwartet JJJJ-MM-TTTHH:MM).`);
	const wallMinutes = parsed.day * MINUTES_PER_DAY + parsed.minutes;
	const year = yearOf(parsed.day * MS_PER_DAY);
	// On the wall clock, summer time covers [last Sunday of March 03:00, last Sunday of October 03:00).
	const summerStarts = lastSunday(year, 3) * MINUTES_PER_DAY + 180;
	const summerEnds = lastSunday(year, 10) * MINUTES_PER_DAY + 180;
	const summer = wallMinutes >= summerStarts && wallMinutes < summerEnds;
	const offset = summer ? SUMMER_OFFSET_MINUTES : WINTER_OFFSET_MINUTES;
	return new Date((wallMinutes - offset) * MS_PER_MINUTE);
}

/** The Berlin wall-clock time `YYYY-MM-DDTHH:MM` of an instant; seconds are dropped. */
export function utcToBerlinLocal(instant: Date): string {
	const offset = berlinOffsetMinutes(instant);
	const wallMinutes = Math.floor(instant.getTime() / MS_PER_MINUTE) + offset;
	return formatLocalDateTime(0, wallMinutes);
}

/**
 * How far `startsAt` lies ahead of `now` in Berlin calendar days, in words for a reminder:
 * „heute“, „morgen“, „übermorgen“, „in einer Woche“ or „in N Tagen“.
 */
export function daysAheadInWords(now: Date, startsAt: Date): string {
	const berlinDay = (instant: Date) => Date.parse(`${utcToBerlinLocal(instant).slice(0, 10)}T00:00:00Z`) / MS_PER_DAY;
	const days = Math.round(berlinDay(startsAt) - berlinDay(now));
	if (days <= 0) return 'heute';
	if (days === 1) return 'morgen';
	if (days === 2) return 'übermorgen';
	if (days === 7) return 'in einer Woche';
	return `in ${days} Tagen`;
}
