import fc from 'fast-check';
import ICAL from 'ical.js';
import { afterEach, describe, expect, test } from 'vitest';
import {
	berlinLocalToUtc,
	foldLine,
	ICS_CONTENT_TYPE,
	MeetingInputError,
	meetingUid,
	toIcs,
	toIcsEvents,
	type IcsMeeting,
} from '../../src/lib/meetings/index.ts';

const NOW = new Date('2026-08-01T10:15:30.123Z');

const meeting = (overrides: Partial<IcsMeeting> = {}): IcsMeeting => ({
	uid: meetingUid(42),
	sequence: 0,
	startsAtLocal: '2026-07-15T14:00',
	endsAtLocal: '2026-07-15T17:00',
	summary: 'Fokusgruppe C: Treffen',
	location: 'Beispiel GmbH, Erfurt',
	description: 'Tagesordnung folgt.',
	status: 'planned',
	...overrides,
});

/** Parses with ical.js, registering the file's own VTIMEZONE so TZID times resolve. */
function parse(ics: string) {
	const calendar = new ICAL.Component(ICAL.parse(ics));
	for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
	const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
	return { calendar, events };
}

/** ical.js leaves properties it does not know (X-WR-CALNAME, NAME) raw: RFC 5545 TEXT unescaping. */
const unescapeText = (raw: unknown) =>
	String(raw).replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

afterEach(() => {
	ICAL.TimezoneService.reset();
});

describe('toIcs', () => {
	test('calendar properties and the Europe/Berlin VTIMEZONE', () => {
		const { calendar } = parse(toIcs({ name: 'Fokusgruppe C', meetings: [meeting()] }, NOW));
		expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
		expect(calendar.getFirstPropertyValue('prodid')).toBe('-//ThZM-Netzwerkforum//Treffen//DE');
		expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
		expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
		expect(ICS_CONTENT_TYPE).toContain('method=PUBLISH');
		expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Fokusgruppe C');
		expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/Berlin');
		const zone = calendar.getFirstSubcomponent('vtimezone');
		expect(zone?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
		expect(zone?.getAllSubcomponents('daylight')).toHaveLength(1);
		expect(zone?.getAllSubcomponents('standard')).toHaveLength(1);
	});

	test('TZID times resolve to the right instants in summer and in winter', () => {
		const ics = toIcs(
			{
				name: 'Treffen',
				meetings: [
					meeting({ uid: 's', startsAtLocal: '2026-07-15T14:00', endsAtLocal: '2026-07-15T17:00' }),
					meeting({ uid: 'w', startsAtLocal: '2026-12-09T14:00', endsAtLocal: '2026-12-09T17:00' }),
					meeting({
						uid: 'before',
						startsAtLocal: '2026-10-23T09:00',
						endsAtLocal: '2026-10-23T12:00',
					}),
					meeting({
						uid: 'after',
						startsAtLocal: '2026-10-26T09:00',
						endsAtLocal: '2026-10-26T12:00',
					}),
				],
			},
			NOW,
		);
		expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20260715T140000\r\n');
		const starts = Object.fromEntries(
			parse(ics).events.map((e) => [e.uid, e.startDate.toJSDate().toISOString()]),
		);
		expect(starts).toEqual({
			s: '2026-07-15T12:00:00.000Z',
			w: '2026-12-09T13:00:00.000Z',
			before: '2026-10-23T07:00:00.000Z',
			after: '2026-10-26T08:00:00.000Z',
		});
		const [summer] = parse(ics).events;
		expect(summer?.startDate.zone?.tzid).toBe('Europe/Berlin');
		expect(summer?.endDate.toJSDate().toISOString()).toBe('2026-07-15T15:00:00.000Z');
	});

	test('property: the VTIMEZONE and berlinLocalToUtc agree on every meeting time 2020–2060', () => {
		const local = fc
			.record({
				day: fc.integer({
					min: Date.UTC(2020, 0, 1) / 86_400_000,
					max: Date.UTC(2060, 11, 31) / 86_400_000,
				}),
				hour: fc.integer({ min: 6, max: 21 }),
				minute: fc.constantFrom(0, 15, 30, 45),
			})
			.map(({ day, hour, minute }) => {
				const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
				return `${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
			});
		fc.assert(
			fc.property(local, (startsAtLocal) => {
				const ics = toIcsEvents([meeting({ startsAtLocal, endsAtLocal: `${startsAtLocal.slice(0, 10)}T23:00` })], NOW);
				const [event] = parse(ics).events;
				expect(event?.startDate.toJSDate().getTime()).toBe(
					berlinLocalToUtc(startsAtLocal).getTime(),
				);
				ICAL.TimezoneService.reset();
			}),
			{ numRuns: 300 },
		);
	});

	test('UID stays the same across calls, DTSTAMP is the injected now, SEQUENCE is carried', () => {
		const first = parse(toIcs({ name: 'T', meetings: [meeting({ sequence: 3 })] }, NOW)).events[0]!;
		const later = parse(
			toIcs({ name: 'T', meetings: [meeting({ sequence: 4 })] }, new Date('2026-09-01T08:00:00Z')),
		).events[0]!;
		expect(first.uid).toBe('42@netzwerkforum');
		expect(later.uid).toBe(first.uid);
		expect(first.sequence).toBe(3);
		expect(later.sequence).toBe(4);
		expect(first.component.getFirstPropertyValue('dtstamp')?.toString()).toBe(
			'2026-08-01T10:15:30Z',
		);
		expect(toIcs({ name: 'T', meetings: [meeting()] }, NOW)).toContain(
			'\r\nDTSTAMP:20260801T101530Z\r\n',
		);
	});

	test('status: planned is CONFIRMED, cancelled is CANCELLED', () => {
		const { events } = parse(
			toIcs(
				{
					name: 'T',
					meetings: [
						meeting({ uid: 'p' }),
						meeting({ uid: 'c', status: 'cancelled', sequence: 2 }),
					],
				},
				NOW,
			),
		);
		expect(events.map((e) => [e.uid, e.component.getFirstPropertyValue('status')])).toEqual([
			['p', 'CONFIRMED'],
			['c', 'CANCELLED'],
		]);
	});

	test('text with commas, semicolons, backslashes, line breaks and umlauts survives', () => {
		const text = {
			summary: 'Treffen; Teil 1, Teil 2 – Größe\\Maß',
			location: 'Müller & Söhne GmbH, Straße der Einheit 1; 99084 Erfurt',
			description: 'Zeile 1\nZeile 2, mit Komma\r\nZeile 3; mit \\n wörtlich\n\nÄÖÜäöüß €  😀',
		};
		const ics = toIcs({ name: 'Fokusgruppe C; Erfurt, Jena', meetings: [meeting(text)] }, NOW);
		expect(ics).toContain('SUMMARY:Treffen\\; Teil 1\\, Teil 2 – Größe\\\\Maß\r\n');
		const { calendar, events } = parse(ics);
		expect(events[0]?.summary).toBe(text.summary);
		expect(events[0]?.location).toBe(text.location);
		expect(events[0]?.description).toBe(text.description.replace('\r\n', '\n'));
		expect(unescapeText(calendar.getFirstPropertyValue('x-wr-calname'))).toBe(
			'Fokusgruppe C; Erfurt, Jena',
		);
		expect(unescapeText(calendar.getFirstPropertyValue('name'))).toBe(
			'Fokusgruppe C; Erfurt, Jena',
		);
	});

	test('empty location and description are left out; a URL is carried', () => {
		const ics = toIcsEvents([meeting({ location: '', description: '', url: 'https://example.org/portal/?t=1&x=%C3%A4' })], NOW);
		expect(ics).not.toMatch(/^(LOCATION|DESCRIPTION)/m);
		expect(parse(ics).events[0]?.component.getFirstPropertyValue('url')).toBe(
			'https://example.org/portal/?t=1&x=%C3%A4',
		);
	});

	test('every physical line has at most 75 octets and ends in CRLF; folds keep characters whole', () => {
		const long = 'Ä'.repeat(50) + '😀'.repeat(30) + 'x'.repeat(200) + ', ; \\ \n'.repeat(20);
		const ics = toIcs(
			{ name: long, meetings: [meeting({ summary: long, location: long, description: long })] },
			NOW,
		);
		expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		const lines = ics.split('\r\n').slice(0, -1);
		expect(lines.some((line) => line.startsWith(' '))).toBe(true);
		for (const line of lines) {
			expect(line.isWellFormed()).toBe(true);
			expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
		}
		expect(parse(ics).events[0]?.summary).toBe(long);
	});

	test('property: folding keeps lines within 75 octets and unfolds to the original', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
				const folded = foldLine(`DESCRIPTION:${text}`);
				for (const line of folded.split('\r\n'))
					expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
				expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${text}`);
			}),
			{ numRuns: 500 },
		);
	});

	const special = fc.constantFrom(
		',',
		';',
		'\\',
		'\n',
		'\r\n',
		'\t',
		' ',
		':',
		'"',
		'ä',
		'ß',
		'€',
		'😀',
		'\\n',
		'\\,',
	);
	const printable = fc.string({
		unit: fc.oneof(special, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
		maxLength: 120,
	});

	test('property: any printable summary, location and description round-trip through ical.js', () => {
		fc.assert(
			fc.property(printable, printable, printable, (summary, location, description) => {
				const ics = toIcs(
					{ name: summary, meetings: [meeting({ summary, location, description })] },
					NOW,
				);
				const { calendar, events } = parse(ics);
				const normalised = (text: string) => text.replace(/\r\n/g, '\n');
				expect(events[0]?.summary).toBe(normalised(summary));
				expect(events[0]?.location ?? '').toBe(normalised(location));
				expect(events[0]?.description ?? '').toBe(normalised(description));
				expect(unescapeText(calendar.getFirstPropertyValue('x-wr-calname'))).toBe(
					normalised(summary),
				);
			}),
			{ numRuns: 500 },
		);
	});
});

describe('toIcsEvents', () => {
	test('one event with its time zone, METHOD:PUBLISH and no feed properties', () => {
		const ics = toIcsEvents([meeting({ status: 'cancelled', sequence: 1 })], NOW);
		const { calendar, events } = parse(ics);
		expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
		expect(calendar.getFirstPropertyValue('x-wr-calname')).toBeNull();
		expect(calendar.getFirstSubcomponent('vtimezone')).not.toBeNull();
		expect(events).toHaveLength(1);
		expect(events[0]?.component.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(events[0]?.startDate.toJSDate().toISOString()).toBe('2026-07-15T12:00:00.000Z');
	});

	test('contradictory events are refused', () => {
		expect(() => toIcsEvents([meeting({ endsAtLocal: '2026-07-15T14:00' })], NOW)).toThrow(
			MeetingInputError,
		);
		expect(() => toIcsEvents([meeting({ startsAtLocal: '2026-07-15 14:00' })], NOW)).toThrow(
			MeetingInputError,
		);
		expect(() => toIcsEvents([meeting({ sequence: -1 })], NOW)).toThrow(MeetingInputError);
		expect(() => toIcsEvents([meeting({ uid: ' ' })], NOW)).toThrow(MeetingInputError);
		expect(() => toIcsEvents([meeting({ url: 'https://example.org/a b' })], NOW)).toThrow(
			MeetingInputError,
		);
		expect(() => toIcsEvents([meeting()], new Date(Number.NaN))).toThrow(MeetingInputError);
	});
});
