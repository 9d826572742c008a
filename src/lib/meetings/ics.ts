/**
 * iCalendar (RFC 5545) text for meetings: a subscription feed and a single-event file for mail.
 * Both carry METHOD:PUBLISH, which makes DTSTAMP the time the file was made (the injected `now`)
 * and needs no ORGANIZER/ATTENDEE; a changed or cancelled meeting keeps its UID and gets a higher
 * SEQUENCE from the caller. Times are local Europe/Berlin times with the zone's VTIMEZONE.
 * Lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character.
 */
import { parseLocalDateTime } from './calendar-date.ts';
import { berlinLocalToUtc } from './berlin-time.ts';
import { MeetingInputError } from './errors.ts';

export interface IcsMeeting {
	/** Globally unique and stable over the meeting's life; see `meetingUid`. */
	uid: string;
	/** 0 at first publication, raised on every change (RFC 5545 §3.8.7.4). */
	sequence: number;
	/** Local Europe/Berlin time `YYYY-MM-DDTHH:MM`. */
	startsAtLocal: string;
	endsAtLocal: string;
	summary: string;
	/** Left out of the file when empty, as is `description`. */
	location: string;
	description: string;
	status: 'planned' | 'cancelled';
	/** Absolute URL of the meeting page; printable ASCII only (percent-encode anything else). */
	url?: string | null | undefined;
	/** False: the entry does not block the time (TRANSP:TRANSPARENT), e.g. for someone who said no. */
	busy?: boolean | undefined;
}

export interface IcsCalendar {
	/** Shown by calendar clients as the subscribed calendar's name. */
	name: string;
	meetings: readonly IcsMeeting[];
}

export const ICS_TIME_ZONE = 'Europe/Berlin';
/** Content type for HTTP responses and mail parts; its method matches METHOD in the file. */
export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8; method=PUBLISH';
export const ICS_PRODID = '-//ThZM-Netzwerkforum//Treffen//DE';
/** How often subscribers should fetch the feed again. */
const REFRESH_INTERVAL = 'PT6H';
const MAX_OCTETS = 75;

/** `<meetingId>@<domain>`: the same meeting always gets the same UID. */
export function meetingUid(meetingId: string | number, domain = 'netzwerkforum'): string {
	return `${meetingId}@${domain}`;
}

/**
 * A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, line breaks (CRLF, CR
 * or LF) as `\n`. Control characters other than tab, which TEXT does not allow, are dropped, and
 * unpaired surrogates become U+FFFD.
 */
export function escapeText(value: string): string {
	return value
		.toWellFormed()
		.replace(/\r\n?/g, '\n')
		.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
		.replace(/[\\;,]/g, (c) => `\\${c}`)
		.replace(/\n/g, '\\n');
}

function utf8Octets(codePoint: number): number {
	return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** One content line folded into physical lines of at most 75 octets, joined by CRLF + space. */
export function foldLine(line: string): string {
	let folded = '';
	let octets = 0;
	for (const char of line) {
		const size = utf8Octets(char.codePointAt(0)!);
		if (octets + size > MAX_OCTETS) {
			folded += '\r\n ';
			octets = 1;
		}
		folded += char;
		octets += size;
	}
	return folded;
}

/** `YYYYMMDDTHHMMSSZ` */
function utcStamp(instant: Date): string {
	if (Number.isNaN(instant.getTime()))
		throw new MeetingInputError('Ungültiger Zeitstempel für den Kalender.');
	return instant
		.toISOString()
		.replace(/[-:]/g, '')
		.replace(/\.\d{3}/, '');
}

/** `YYYYMMDDTHHMM00` for DTSTART/DTEND with TZID. */
function localStamp(local: string, field: string): string {
	if (!parseLocalDateTime(local))
		throw new MeetingInputError(`Ungültige Zeit in ${field}: „${local}“.`);
	return `${local.replace(/[-:]/g, '')}00`;
}

/** The rule of `./berlin-time.ts`, as clients need it to place TZID times. */
const VTIMEZONE = [
	'BEGIN:VTIMEZONE',
	`TZID:${ICS_TIME_ZONE}`,
	`X-LIC-LOCATION:${ICS_TIME_ZONE}`,
	'BEGIN:DAYLIGHT',
	'TZOFFSETFROM:+0100',
	'TZOFFSETTO:+0200',
	'TZNAME:CEST',
	'DTSTART:19700329T020000',
	'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
	'END:DAYLIGHT',
	'BEGIN:STANDARD',
	'TZOFFSETFROM:+0200',
	'TZOFFSETTO:+0100',
	'TZNAME:CET',
	'DTSTART:19701025T030000',
	'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
	'END:STANDARD',
	'END:VTIMEZONE',
];

function eventLines(meeting: IcsMeeting, dtstamp: string): string[] {
	const start = localStamp(meeting.startsAtLocal, 'startsAtLocal');
	const end = localStamp(meeting.endsAtLocal, 'endsAtLocal');
	if (berlinLocalToUtc(meeting.endsAtLocal) <= berlinLocalToUtc(meeting.startsAtLocal))
		throw new MeetingInputError('Ein Treffen muss nach seinem Beginn enden.');
	if (!Number.isInteger(meeting.sequence) || meeting.sequence < 0)
		throw new MeetingInputError('SEQUENCE muss eine ganze Zahl ab 0 sein.');
	if (meeting.uid.trim() === '') throw new MeetingInputError('Ein Treffen braucht eine UID.');
	const url = meeting.url ?? null;
	if (url !== null && !/^[\x21-\x7e]+$/.test(url))
		throw new MeetingInputError(
			`Die Adresse „${url}“ muss prozentkodiert sein und darf keine Leerzeichen enthalten.`,
		);

	return [
		'BEGIN:VEVENT',
		`UID:${escapeText(meeting.uid)}`,
		`DTSTAMP:${dtstamp}`,
		`SEQUENCE:${meeting.sequence}`,
		`DTSTART;TZID=${ICS_TIME_ZONE}:${start}`,
		`DTEND;TZID=${ICS_TIME_ZONE}:${end}`,
		`SUMMARY:${escapeText(meeting.summary)}`,
		...(meeting.location === '' ? [] : [`LOCATION:${escapeText(meeting.location)}`]),
		...(meeting.description === '' ? [] : [`DESCRIPTION:${escapeText(meeting.description)}`]),
		...(url === null ? [] : [`URL:${url}`]),
		`STATUS:${meeting.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
		...(meeting.busy === false ? ['TRANSP:TRANSPARENT'] : []),
		'END:VEVENT',
	];
}

function assemble(header: readonly string[], meetings: readonly IcsMeeting[], now: Date): string {
	const dtstamp = utcStamp(now);
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		`PRODID:${ICS_PRODID}`,
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		...header,
		...VTIMEZONE,
		...meetings.flatMap((m) => eventLines(m, dtstamp)),
		'END:VCALENDAR',
	];
	return lines.map((line) => `${foldLine(line)}\r\n`).join('');
}

/** A subscription feed of all given meetings, cancelled ones included so clients remove them. */
export function toIcs(calendar: IcsCalendar, now: Date): string {
	const name = escapeText(calendar.name);
	return assemble(
		[
			`NAME:${name}`,
			`X-WR-CALNAME:${name}`,
			`X-WR-TIMEZONE:${ICS_TIME_ZONE}`,
			`REFRESH-INTERVAL;VALUE=DURATION:${REFRESH_INTERVAL}`,
			`X-PUBLISHED-TTL:${REFRESH_INTERVAL}`,
		],
		calendar.meetings,
		now,
	);
}

/** Meetings as a file for a mail attachment: one (invitation, change, cancellation) or a plan's. */
export function toIcsEvents(meetings: readonly IcsMeeting[], now: Date): string {
	return assemble([], meetings, now);
}
