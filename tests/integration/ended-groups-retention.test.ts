/**
 * How long an ended group stays: its topics go with its end (cohorts.test.ts), anything left of
 * them from groups that ended before goes with the daily purge, and three years after its end the
 * purge deletes the group with its meetings, answers, reminder records and seats, so that neither
 * the office's pages, the member's calendar and data download, nor the matching know it any more.
 * Migration 0019 gives the groups that ended before `ended_at` existed their day of ending.
 */
import { readFileSync } from 'node:fs';
import { eq, inArray } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditEvent, focusGroup, groupMembership, meeting, meetingReply, reminderSent, topicQueueItem } from '../../db/schema.ts';
import { ENDED_GROUP_RETENTION_DAYS, earlierGroupMatePairs, endedGroupsOf, listEndedGroups } from '../../src/lib/server/groups.ts';
import { ownCalendar } from '../../src/lib/server/meetings.ts';
import { exportPersonalData } from '../../src/lib/server/personal-data.ts';
import { purgeExpired } from '../../src/lib/server/retention.ts';
import { DEMO_GROUP_A, DEMO_GROUP_B, demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date();
const daysAgo = (days: number) => new Date(Math.floor((NOW.getTime() - days * DAY_MS) / 1000) * 1000);
const GROUP_C = 'gruppecccccccccc';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
});
afterAll(() => t.close());

describe('the daily purge and ended groups', () => {
	test('three years after its end a group goes, with its meetings, answers, reminders, seats and topics; a younger one stays', async () => {
		// A ended a day more than three years ago, B a day less; C still runs, with 1 and 6 in it.
		await t.db.update(focusGroup).set({ status: 'archived', endedAt: daysAgo(ENDED_GROUP_RETENTION_DAYS + 1) }).where(eq(focusGroup.id, DEMO_GROUP_A));
		await t.db.update(focusGroup).set({ status: 'archived', endedAt: daysAgo(ENDED_GROUP_RETENTION_DAYS - 1) }).where(eq(focusGroup.id, DEMO_GROUP_B));
		await t.db.insert(focusGroup).values({ id: GROUP_C, name: 'Fokusgruppe C', topicSlug: 'digitalisierung', cohort: 2027, status: 'published', publishedAt: daysAgo(30) });
		await t.db.insert(groupMembership).values([1, 6].map((n) => ({ groupId: GROUP_C, userId: demoUserId(n) })));
		// Their seats began before their meetings, as in a real year.
		await t.db.update(groupMembership).set({ createdAt: daysAgo(ENDED_GROUP_RETENTION_DAYS + 400) }).where(inArray(groupMembership.groupId, [DEMO_GROUP_A, DEMO_GROUP_B]));
		for (const [groupId, key] of [[DEMO_GROUP_A, 'a'], [DEMO_GROUP_B, 'b']] as const) {
			const startsAt = daysAgo(ENDED_GROUP_RETENTION_DAYS + 60);
			await t.db.insert(meeting).values({ id: `treffen-alt-${key}001`, groupId, startsAt, endsAt: new Date(startsAt.getTime() + 3 * 3600_000) });
		}
		await t.db.insert(meetingReply).values({ meetingId: 'treffen-alt-a001', userId: demoUserId(1), attending: true, updatedAt: daysAgo(ENDED_GROUP_RETENTION_DAYS + 70) });
		await t.db.insert(reminderSent).values({ meetingId: 'treffen-alt-a001', userId: demoUserId(1), kind: 'day', sentAt: daysAgo(ENDED_GROUP_RETENTION_DAYS + 61) });
		// Topics left from before topics went with the end of their group; C's are its own.
		await t.db.insert(topicQueueItem).values(
			[DEMO_GROUP_A, DEMO_GROUP_B, GROUP_C].map((groupId, i) => ({ id: `punkt-${i}-00000001`, groupId, userId: demoUserId(1), title: `Punkt ${i}`, priority: 2, minutes: 30, createdAt: daysAgo(400) })),
		);
		const calendarOf = async (n: number) => new ICAL.Component(ICAL.parse(await ownCalendar(demoUserId(n), NOW))).getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('uid')).split('@')[0]);
		expect(await calendarOf(1), 'the test reads where the data is').toEqual(['treffen-alt-a001']);
		const sat = (a: number, b: number, pairs: [string, string][]) => pairs.some(([x, y]) => [x, y].sort().join() === [demoUserId(a), demoUserId(b)].sort().join());
		expect(sat(1, 2, await earlierGroupMatePairs())).toBe(true);

		const report = await purgeExpired(NOW);
		expect([report.endedGroups, report.endedGroupTopics]).toEqual([1, 1]);
		expect((await t.db.select({ id: focusGroup.id }).from(focusGroup).orderBy(focusGroup.id)).map((g) => g.id)).toEqual([DEMO_GROUP_A, DEMO_GROUP_B, GROUP_C].slice(1));
		expect((await t.db.select({ id: meeting.id }).from(meeting)).map((m) => m.id)).toEqual(['treffen-alt-b001']);
		expect(await t.db.select().from(meetingReply)).toEqual([]);
		expect(await t.db.select().from(reminderSent)).toEqual([]);
		expect(await t.db.select().from(groupMembership).where(eq(groupMembership.groupId, DEMO_GROUP_A))).toEqual([]);
		expect((await t.db.select({ id: topicQueueItem.id }).from(topicQueueItem)).map((r) => r.id), 'only the running group keeps topics').toEqual(['punkt-2-00000001']);

		// Nothing reads the deleted group any more, and nothing stumbles over its absence.
		expect((await listEndedGroups()).map((g) => g.id)).toEqual([DEMO_GROUP_B]);
		expect(await endedGroupsOf(demoUserId(1))).toEqual([]);
		expect(await calendarOf(1)).toEqual([]);
		expect((await calendarOf(6)).sort(), 'B is younger than three years').toEqual(['treffen-alt-b001']);
		const download = (await exportPersonalData(demoUserId(1), (slug) => slug, NOW))!;
		expect(download.fokusgruppen.map((g) => g.name)).toEqual(['Fokusgruppe C']);
		expect([download.antwortenAufTreffen, download.erinnerungen]).toEqual([[], []]);
		const pairs = await earlierGroupMatePairs();
		expect(sat(1, 2, pairs), 'the matching no longer knows A').toBe(false);
		expect(sat(6, 7, pairs), 'but still knows B').toBe(true);
		expect(sat(1, 6, pairs), 'and C').toBe(true);

		const again = await purgeExpired(NOW);
		expect([again.endedGroups, again.endedGroupTopics], 'nothing more is due').toEqual([0, 0]);
	});
});

describe('migration 0019', () => {
	test('a group ended before ended_at existed gets the first closing of a year after its publication; without one in the log, its publication', async () => {
		const ids = ['alt-mit-eintrag1', 'alt-ohne-eintrag', 'laeuft-noch-0001'];
		await t.db.insert(focusGroup).values([
			{ id: ids[0]!, name: 'Fokusgruppe X', topicSlug: 'energieeffizienz', cohort: 2025, status: 'archived', publishedAt: new Date('2025-01-20T09:00:00Z') },
			{ id: ids[1]!, name: 'Fokusgruppe Y', topicSlug: 'energieeffizienz', cohort: 2026, status: 'archived', publishedAt: new Date('2026-01-20T09:00:00Z') },
			{ id: ids[2]!, name: 'Fokusgruppe W', topicSlug: 'energieeffizienz', cohort: 2025, status: 'published', publishedAt: new Date('2025-01-20T09:00:00Z') },
		]);
		// Closings of the year in the log: one before X was published, and the one that ended it; Y's is gone from the log.
		await t.db.insert(auditEvent).values(
			['2024-12-15T10:00:00Z', '2025-12-17T10:00:00Z'].map((at) => ({ actorId: 'demokoordination', action: 'groups.archived', details: { groups: 1 }, createdAt: new Date(at) })),
		);
		await t.db.$client.executeMultiple(readFileSync('db/migrations/0019_backfill_group_ended_at.sql', 'utf8'));
		const rows = await t.db.select({ id: focusGroup.id, endedAt: focusGroup.endedAt }).from(focusGroup).where(inArray(focusGroup.id, ids)).orderBy(focusGroup.id);
		expect(rows).toEqual([
			{ id: 'alt-mit-eintrag1', endedAt: new Date('2025-12-17T10:00:00Z') },
			{ id: 'alt-ohne-eintrag', endedAt: new Date('2026-01-20T09:00:00Z') },
			{ id: 'laeuft-noch-0001', endedAt: null },
		]);
	});
});
