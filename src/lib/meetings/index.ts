/**
 * The meetings engine: a group's meeting plan with rotating hosts, and iCalendar text. Pure: no
 * I/O, no clock (the time stamp of a calendar file is a parameter), no randomness. Persisting
 * meetings and raising their SEQUENCE on change is `lib/server/meetings.ts`'s job.
 */
export { berlinLocalToUtc, berlinOffsetMinutes, daysAheadInWords, utcToBerlinLocal } from './berlin-time.ts';
export { MeetingInputError } from './errors.ts';
export { holidayName, isThuringianHoliday, isWorkingDay } from './holidays.ts';
export {
	ICS_CONTENT_TYPE,
	ICS_PRODID,
	ICS_TIME_ZONE,
	escapeText,
	foldLine,
	meetingUid,
	toIcs,
	toIcsEvents,
	type IcsCalendar,
	type IcsMeeting,
} from './ics.ts';
export {
	DEFAULT_DURATION_MINUTES,
	DEFAULT_HORIZON_MONTHS,
	DEFAULT_INTERVAL_WEEKS,
	DEFAULT_TIME,
	DEFAULT_WEEKDAY,
	MAX_COUNT,
	MAX_SHIFT_DAYS,
	planMeetings,
	suggestedPlanStart,
	type DateRange,
	type PlanInput,
	type PlannedMeeting,
} from './plan.ts';
export { openRound, rotateHosts, townKey, type HostCandidate } from './rotation.ts';
