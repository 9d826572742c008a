/**
 * Public holidays in Thuringia, as maintained by `feiertagejs` (region `TH`). Only statewide
 * holidays count: Fronleichnam, a holiday in some Catholic communities of the Eichsfeld, is not
 * one for the library and so not for the plan; blackout dates cover such local cases.
 */
import { getHolidays } from 'feiertagejs';
import { dayNumber, isoWeekday } from './calendar-date.ts';
import { utcToBerlinLocal } from './berlin-time.ts';
import { MeetingInputError } from './errors.ts';

/**
 * Year → date → German name. The library recomputes a whole year on every query; this memo of a
 * pure function changes no result.
 */
const byYear = new Map<number, ReadonlyMap<string, string>>();

function holidaysOf(year: number): ReadonlyMap<string, string> {
	let holidays = byYear.get(year);
	if (!holidays) {
		// A holiday's `date` is an instant within the day in Germany (the library uses noon UTC);
		// its `dateString` follows the machine's time zone and is therefore not used.
		holidays = new Map(
			getHolidays(year, 'TH').map((h) => [
				utcToBerlinLocal(h.date).slice(0, 10),
				h.translate('de') ?? h.name,
			]),
		);
		byYear.set(year, holidays);
	}
	return holidays;
}

function checkedDay(date: string): number {
	const day = dayNumber(date);
	if (day === null)
		throw new MeetingInputError(`Ungültiges Datum: „${date}“ (erwartet JJJJ-MM-TT).`);
	return day;
}

/** German name of the Thuringian public holiday on `date` (`YYYY-MM-DD`), null on other days. */
export function holidayName(date: string): string | null {
	checkedDay(date);
	return holidaysOf(Number(date.slice(0, 4))).get(date) ?? null;
}

export function isThuringianHoliday(date: string): boolean {
	return holidayName(date) !== null;
}

/** Monday to Friday and not a public holiday in Thuringia. */
export function isWorkingDay(date: string): boolean {
	return isoWeekday(checkedDay(date)) <= 5 && !isThuringianHoliday(date);
}
