/**
 * Calendar arithmetic on plain strings: dates are `YYYY-MM-DD`, local date-times are
 * `YYYY-MM-DDTHH:MM` (wall-clock time, no zone). Internally a date is its day number, the days
 * since 1970-01-01; `Date.UTC` serves only as a calendar, so no result depends on the clock or on
 * the machine's time zone.
 */

export const MS_PER_DAY = 86_400_000;
export const MINUTES_PER_DAY = 1440;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Day number of a `YYYY-MM-DD` date; null for text that is not a real date (e.g. `2026-02-30`). */
export function dayNumber(date: string): number | null {
	const m = DATE.exec(date);
	if (!m) return null;
	const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY;
	// Date.UTC rolls impossible dates over and maps years below 100 to the 1900s: a round trip rejects both.
	return formatDay(day) === date ? day : null;
}

export function formatDay(day: number): string {
	return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
	return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Day number of the Monday of the ISO week containing `day`. */
export function mondayOf(day: number): number {
	return day - isoWeekday(day) + 1;
}

/** The same day of the month `months` later, or the month's last day when it is shorter. */
export function addMonths(day: number, months: number): number {
	const date = new Date(day * MS_PER_DAY);
	const year = date.getUTCFullYear();
	const month = date.getUTCMonth() + months;
	const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
	return Date.UTC(year, month, Math.min(date.getUTCDate(), lastOfMonth)) / MS_PER_DAY;
}

/** Day number of the last Sunday of a month (1 = January). */
export function lastSunday(year: number, month: number): number {
	const lastDay = Date.UTC(year, month, 0) / MS_PER_DAY;
	return lastDay - (isoWeekday(lastDay) % 7);
}

/** Minutes after midnight of an `HH:MM` time; null when malformed. */
export function minutesOfDay(time: string): number | null {
	const m = TIME.exec(time);
	return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

export interface LocalDateTime {
	day: number;
	/** Minutes after midnight, 0–1439. */
	minutes: number;
}

/** Parses `YYYY-MM-DDTHH:MM`; null when malformed or not a real date. */
export function parseLocalDateTime(text: string): LocalDateTime | null {
	const m = LOCAL_DATE_TIME.exec(text);
	if (!m) return null;
	const day = dayNumber(m[1]!);
	return day === null ? null : { day, minutes: Number(m[2]) * 60 + Number(m[3]) };
}

/** Formats a wall-clock time; minutes beyond one day carry over into the following days. */
export function formatLocalDateTime(day: number, minutes: number): string {
	const total = day * MINUTES_PER_DAY + minutes;
	const carriedDay = Math.floor(total / MINUTES_PER_DAY);
	const rest = total - carriedDay * MINUTES_PER_DAY;
	const hh = String(Math.floor(rest / 60)).padStart(2, '0');
	const mm = String(rest % 60).padStart(2, '0');
	return `${formatDay(carriedDay)}T${hh}:${mm}`;
}
