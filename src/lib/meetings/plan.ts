/**
 * A group's meeting plan: dates at a fixed rhythm on a preferred weekday, moved off Thuringian
 * public holidays and blackout dates, with hosts from `./rotation.ts`. Pure and deterministic:
 * the same input gives the same plan.
 *
 * Dates: target k is the first preferred weekday on or after `start`, plus k × `intervalWeeks`
 * weeks. A target that is not a working day (weekend, Thuringian holiday) or is blacked out moves
 * to the nearest free working day, first within its own Monday–Friday week, then beyond it; at
 * equal distance the later day wins. A moved date stays within MAX_SHIFT_DAYS of its target, after
 * the previous target and meeting, before the next target, on or after `start` and, for a
 * horizon, before its end. A target without such a day is left out.
 */
import {
	addMonths,
	dayNumber,
	formatDay,
	formatLocalDateTime,
	isoWeekday,
	minutesOfDay,
	mondayOf,
} from './calendar-date.ts';
import { utcToBerlinLocal } from './berlin-time.ts';
import { MeetingInputError } from './errors.ts';
import { holidayName, isWorkingDay } from './holidays.ts';
import { rotateHosts, type HostCandidate } from './rotation.ts';

export interface DateRange {
	/** First blacked-out day, `YYYY-MM-DD`. */
	from: string;
	/** Last blacked-out day, inclusive. */
	to: string;
	/** What the range is ("Weihnachtspause"), named where a meeting moves because of it. */
	label?: string | undefined;
}

export interface PlanInput {
	/** The group's host candidates in a stable order; the order breaks ties. */
	members: readonly HostCandidate[];
	/** `YYYY-MM-DD`; the first meeting is on or after this day. */
	start: string;
	/** Weeks between targets, 1–52. */
	intervalWeeks?: number | undefined;
	/** Preferred weekday, 1 = Monday … 5 = Friday. */
	weekday?: number | undefined;
	/** Local start time `HH:MM` (Europe/Berlin). */
	time?: string | undefined;
	durationMinutes?: number | undefined;
	/** Exactly this many meetings (1–100). Takes precedence over `horizonMonths`. */
	count?: number | undefined;
	/** Without `count`: every meeting before the same day this many months after `start`. */
	horizonMonths?: number | undefined;
	blackoutDates?: readonly string[] | undefined;
	blackoutRanges?: readonly DateRange[] | undefined;
	/** Hosts of the group's earlier meetings, oldest first, so the rotation continues. */
	previousHosts?: readonly string[] | undefined;
}

export interface PlannedMeeting {
	/** `YYYY-MM-DD` */
	date: string;
	/** Local wall-clock time in Europe/Berlin, `YYYY-MM-DDTHH:MM`; see `berlinLocalToUtc`. */
	startsAt: string;
	/** `startsAt` plus the duration on the wall clock. */
	endsAt: string;
	hostOrganizationId: string;
	hostName: string;
	town: string;
	/** The target date when the meeting had to move, else null. */
	adjustedFrom: string | null;
	/** Why it moved, in German (e.g. „verschoben: Feiertag (Reformationstag)“), else null. */
	reason: string | null;
}

export const DEFAULT_INTERVAL_WEEKS = 8;
export const DEFAULT_WEEKDAY = 3;
export const DEFAULT_TIME = '14:00';
export const DEFAULT_DURATION_MINUTES = 180;
export const DEFAULT_HORIZON_MONTHS = 12;
export const MAX_SHIFT_DAYS = 7;
export const MAX_COUNT = 100;
/** With `count`, this many left-out targets in a row mean the blackouts leave no room. */
const MAX_SKIPPED_TARGETS = 100;

interface Settings {
	members: readonly HostCandidate[];
	start: number;
	intervalDays: number;
	weekday: number;
	minutes: number;
	durationMinutes: number;
	count: number | null;
	/** First day no longer in the plan; null with `count`. */
	end: number | null;
	blocked: (day: number) => boolean;
	/** The label of a named blackout range that holds the day, if any. */
	rangeLabel: (day: number) => string | undefined;
	previousHosts: readonly string[];
}

const isIntegerIn = (value: number, min: number, max: number) =>
	Number.isInteger(value) && value >= min && value <= max;

function settingsOf(input: PlanInput): Settings {
	const problems: string[] = [];
	const start = dayNumber(input.start);
	if (start === null) problems.push(`Ungültiges Startdatum: „${input.start}“.`);
	if (input.members.length === 0)
		problems.push('Die Gruppe hat keine Mitglieder, die einladen können.');
	const ids = new Set(input.members.map((m) => m.organizationId));
	if (ids.size !== input.members.length)
		problems.push('Ein Unternehmen steht mehrfach in der Liste der Gastgeber.');

	const intervalWeeks = input.intervalWeeks ?? DEFAULT_INTERVAL_WEEKS;
	if (!isIntegerIn(intervalWeeks, 1, 52))
		problems.push('Der Abstand muss 1 bis 52 Wochen betragen.');
	const weekday = input.weekday ?? DEFAULT_WEEKDAY;
	if (!isIntegerIn(weekday, 1, 5))
		problems.push('Der Wochentag muss ein Werktag von Montag bis Freitag sein.');
	const time = input.time ?? DEFAULT_TIME;
	const minutes = minutesOfDay(time);
	if (minutes === null) problems.push(`Ungültige Uhrzeit: „${time}“ (erwartet HH:MM).`);
	const durationMinutes = input.durationMinutes ?? DEFAULT_DURATION_MINUTES;
	if (!isIntegerIn(durationMinutes, 1, 1440))
		problems.push('Die Dauer muss 1 bis 1440 Minuten betragen.');
	const count = input.count ?? null;
	if (count !== null && !isIntegerIn(count, 1, MAX_COUNT))
		problems.push(`Die Anzahl muss 1 bis ${MAX_COUNT} betragen.`);
	const horizonMonths = input.horizonMonths ?? DEFAULT_HORIZON_MONTHS;
	if (!isIntegerIn(horizonMonths, 1, 60))
		problems.push('Der Planungszeitraum muss 1 bis 60 Monate betragen.');

	const single = new Set<number>();
	for (const date of input.blackoutDates ?? []) {
		const day = dayNumber(date);
		if (day === null) problems.push(`Ungültiger Sperrtermin: „${date}“.`);
		else single.add(day);
	}
	const ranges: [number, number, string | undefined][] = [];
	for (const range of input.blackoutRanges ?? []) {
		const from = dayNumber(range.from);
		const to = dayNumber(range.to);
		if (from === null || to === null || from > to)
			problems.push(`Ungültiger Sperrzeitraum: „${range.from}“ bis „${range.to}“.`);
		else ranges.push([from, to, range.label]);
	}

	if (problems.length > 0 || start === null || minutes === null)
		throw new MeetingInputError(problems.join(' '));
	return {
		members: input.members,
		start,
		intervalDays: intervalWeeks * 7,
		weekday,
		minutes,
		durationMinutes,
		count,
		end: count === null ? addMonths(start, horizonMonths) : null,
		blocked: (day) => single.has(day) || ranges.some(([from, to]) => day >= from && day <= to),
		rangeLabel: (day: number) => ranges.find(([from, to, label]) => label !== undefined && day >= from && day <= to)?.[2],
		previousHosts: input.previousHosts ?? [],
	};
}

function reasonFor(target: number, s: Settings): string {
	const holiday = holidayName(formatDay(target));
	// Targets fall on Monday to Friday, so a moved one is a holiday or blacked out.
	if (holiday !== null) return `verschoben: Feiertag (${holiday})`;
	const range = s.rangeLabel(target);
	return range ? `verschoben: ${range}` : 'verschoben: Sperrtermin';
}

const isFree = (day: number, s: Settings) => !s.blocked(day) && isWorkingDay(formatDay(day));

/** The day for a target (see the module comment), or null when there is none. */
function placeTarget(target: number, lowest: number, highest: number, s: Settings): number | null {
	const week = mondayOf(target);
	// Lower is better: own week first, then nearer, then later.
	const rank = (day: number) =>
		(mondayOf(day) === week ? 0 : 100) + Math.abs(day - target) * 2 + (day < target ? 1 : 0);
	let best: number | null = null;
	const from = Math.max(lowest, target - MAX_SHIFT_DAYS);
	const to = Math.min(highest, target + MAX_SHIFT_DAYS);
	for (let day = from; day <= to; day++) {
		if (isFree(day, s) && (best === null || rank(day) < rank(best))) best = day;
	}
	return best;
}

interface PlacedDate {
	day: number;
	target: number;
}

function placeDates(s: Settings): PlacedDate[] {
	const first = s.start + ((s.weekday - isoWeekday(s.start) + 7) % 7);
	const placed: PlacedDate[] = [];
	let skippedInRow = 0;
	for (let k = 0; ; k++) {
		const target = first + k * s.intervalDays;
		if (s.count !== null && placed.length === s.count) break;
		if (s.end !== null && target >= s.end) break;
		const previous = placed.at(-1)?.day ?? -Infinity;
		const lowest = Math.max(s.start, target - s.intervalDays + 1, previous + 1);
		const highest = Math.min(target + s.intervalDays - 1, s.end === null ? Infinity : s.end - 1);
		const day = placeTarget(target, lowest, highest, s);
		if (day !== null) {
			placed.push({ day, target });
			skippedInRow = 0;
		} else if (++skippedInRow >= MAX_SKIPPED_TARGETS) {
			throw new MeetingInputError(
				'Die Sperrtermine lassen für die gewünschte Anzahl keine Termine zu.',
			);
		}
	}
	return placed;
}

/** Plans the meetings (rules in the module comment and in `./rotation.ts`). */
export function planMeetings(input: PlanInput): PlannedMeeting[] {
	const s = settingsOf(input);
	const dates = placeDates(s);
	const hosts = rotateHosts(s.members, dates.length, s.previousHosts);
	return dates.map(({ day, target }, i) => {
		const host = hosts[i]!;
		const moved = day !== target;
		return {
			date: formatDay(day),
			startsAt: formatLocalDateTime(day, s.minutes),
			endsAt: formatLocalDateTime(day, s.minutes + s.durationMinutes),
			hostOrganizationId: host.organizationId,
			hostName: host.organizationName,
			town: host.town,
			adjustedFrom: moved ? formatDay(target) : null,
			reason: moved ? reasonFor(target, s) : null,
		};
	});
}

/** How far ahead a new plan starts by default: its first meeting still gets the reminder a week before. */
export const PLAN_LEAD_DAYS = 14;

/**
 * The first day the office's plan form suggests (`YYYY-MM-DD`, Berlin's calendar, not UTC's:
 * shortly after midnight they differ): PLAN_LEAD_DAYS ahead, or, after meetings already planned,
 * one default interval after the last of them, whichever is later.
 */
export function suggestedPlanStart(plannedStarts: readonly Date[], now: Date): string {
	const berlinDay = (at: Date) => dayNumber(utcToBerlinLocal(at).slice(0, 10))!;
	return formatDay(Math.max(berlinDay(now) + PLAN_LEAD_DAYS, ...plannedStarts.map((at) => berlinDay(at) + DEFAULT_INTERVAL_WEEKS * 7)));
}
