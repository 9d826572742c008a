/** Meetings, replies, calendar feeds and reminders against a real database, on a fake clock. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { meeting, user } from '../../db/schema.ts';
import { DEMO_COMPANIES } from '../../db/seed/demo.ts';
import {
	cancelMeeting,
	feedOwner,
	listGroupMeetings,
	listOwnMeetings,
	ownCalendar,
	planGroupMeetings,
	renewFeed,
	replyToMeeting,
	revokeFeed,
	sendDueReminders,
	updateMeeting,
} from '../../src/lib/server/meetings.ts';
import { utcToBerlinLocal } from '../../src/lib/meetings/index.ts';
import { DEMO_GROUP_A, DEMO_GROUP_B, demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const office = 'demokoordination';
const memberOf = demoUserId;
const GROUP_A = DEMO_GROUP_A;
const GROUP_B = DEMO_GROUP_B;

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
});
afterAll(() => t.close());

describe('planning', () => {
	test('a year of meetings, every company hosting once before any twice, no holidays', async () => {
		const count = await planGroupMeetings(GROUP_A, { start: '2026-12-01', intervalWeeks: 8, weekday: 3, time: '14:00' }, office);
		expect(count).toBeGreaterThanOrEqual(6);
		const meetings = await listGroupMeetings(GROUP_A);
		const hosts = meetings.map((m) => m.hostOrganizationId);
		expect(new Set(hosts.slice(0, 5)).size).toBe(5);
		for (const m of meetings) {
			const local = utcToBerlinLocal(m.startsAt);
			expect(local.slice(11, 16)).toBe('14:00');
			expect(local.slice(5, 10) >= '12-24' && local.slice(5, 10) <= '12-31').toBe(false);
			expect(m.address).toContain(m.hostName!);
		}
	});
});

describe('members', () => {
	test('see only their own group\'s meetings and can answer only those', async () => {
		const own = await listOwnMeetings(memberOf(1));
		expect(own.length).toBeGreaterThan(0);
		expect(await listOwnMeetings(memberOf(6))).toEqual([]);
		expect(await replyToMeeting(memberOf(6), own[0]!.id, true)).toBe(false);
		expect(await replyToMeeting(memberOf(1), own[0]!.id, true)).toBe(true);
		expect(await replyToMeeting(memberOf(2), own[0]!.id, false)).toBe(true);
		const [first] = await listGroupMeetings(GROUP_A);
		expect([first!.yes, first!.no]).toEqual([1, 1]);
	});

	test('changes raise the SEQUENCE; cancelled meetings stay in the calendar as cancelled', async () => {
		const [first] = await listGroupMeetings(GROUP_A);
		expect(await updateMeeting(GROUP_B, first!.id, { startsAtLocal: '2026-12-03T15:00', durationMinutes: 120, hostOrganizationId: null, address: 'x', agenda: null }, office)).toBe(false);
		expect(await updateMeeting(GROUP_A, first!.id, { startsAtLocal: '2026-12-03T15:00', durationMinutes: 120, hostOrganizationId: first!.hostOrganizationId, address: 'Neue Adresse 1, 99084 Erfurt', agenda: 'Rundgang; danach Austausch, Kaffee' }, office)).toBe(true);
		expect(await cancelMeeting(GROUP_A, first!.id, office)).toBe(true);
		const ics = await ownCalendar(memberOf(1), new Date('2026-11-25T10:00:00Z'));
		const calendar = new ICAL.Component(ICAL.parse(ics));
		const events = calendar.getAllSubcomponents('vevent');
		const changed = events.find((e) => String(e.getFirstPropertyValue('uid')).startsWith(first!.id))!;
		expect(changed.getFirstPropertyValue('sequence')).toBe(2);
		expect(changed.getFirstPropertyValue('status')).toBe('CANCELLED');
		expect(changed.getFirstPropertyValue('location')).toBe('Neue Adresse 1, 99084 Erfurt');
		expect(changed.getFirstPropertyValue('description')).toBe('Rundgang; danach Austausch, Kaffee');
		expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
	});
});

describe('private calendar feed', () => {
	test('works until renewed or revoked; tampered tokens fail', async () => {
		const token = await renewFeed(memberOf(3));
		expect(await feedOwner(token)).toBe(memberOf(3));
		expect(await feedOwner(`${token}x`)).toBeNull();
		const newer = await renewFeed(memberOf(3));
		expect(await feedOwner(token)).toBeNull();
		expect(await feedOwner(newer)).toBe(memberOf(3));
		await revokeFeed(memberOf(3));
		expect(await feedOwner(newer)).toBeNull();
	});

	test('stops working when the account is deactivated', async () => {
		const token = await renewFeed(memberOf(4));
		await t.db.update(user).set({ deactivatedAt: new Date() }).where(eq(user.id, memberOf(4)));
		expect(await feedOwner(token)).toBeNull();
		await t.db.update(user).set({ deactivatedAt: null }).where(eq(user.id, memberOf(4)));
	});
});

describe('reminders', () => {
	test('a week and a day before, once per person, with the calendar entry attached', async () => {
		const meetings = (await listGroupMeetings(GROUP_A)).filter((m) => m.status === 'planned');
		const target = meetings[0]!;
		const weekBefore = new Date(target.startsAt.getTime() - 6.5 * 24 * 3600_000);
		const first = await sendDueReminders(weekBefore);
		expect(first.sent).toBe(5);
		expect((await sendDueReminders(weekBefore)).sent).toBe(0);
		expect((await sendDueReminders(new Date(weekBefore.getTime() + 3600_000))).sent).toBe(0);
		const dayBefore = new Date(target.startsAt.getTime() - 20 * 3600_000);
		expect((await sendDueReminders(dayBefore)).sent).toBe(5);
		expect((await sendDueReminders(dayBefore)).sent).toBe(0);
		const outbox = readdirSync(join(t.dir, 'outbox'));
		expect(outbox.length).toBeGreaterThanOrEqual(10);
	});

	test('nothing for cancelled meetings or members of other groups', async () => {
		const cancelled = (await listGroupMeetings(GROUP_A)).find((m) => m.status === 'cancelled')!;
		expect((await sendDueReminders(new Date(cancelled.startsAt.getTime() - 3600_000))).sent).toBe(0);
		const rows = await t.db.select().from(meeting).where(eq(meeting.groupId, GROUP_B));
		expect(rows).toEqual([]);
		expect(DEMO_COMPANIES.length).toBeGreaterThan(10);
	});
});
