/**
 * The end of a year: the office closes the cohort, the published groups become archived, their
 * members are free for the next matching, which still knows who sat together.
 */
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditEvent, focusGroup, groupMembership, meeting } from '../../db/schema.ts';
import {
	SeatError,
	archivePublishedGroups,
	earlierGroupMatePairs,
	endedGroupsOf,
	getGroup,
	getOwnGroup,
	groupEndedAt,
	listEndedGroups,
	listGroups,
	removeFromPublishedGroup,
} from '../../src/lib/server/groups.ts';
import { ownCalendar } from '../../src/lib/server/meetings.ts';
import { boardState } from '../../src/lib/server/matching-board.ts';
import { cancelMeeting } from '../../src/lib/server/meetings.ts';
import { DEMO_GROUP_A, DEMO_GROUP_B, demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const OFFICE = 'demokoordination';
const NOW = new Date('2026-12-20T10:00:00Z');

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
	// When a group ended is read against when it was published: at the start of the tests' year.
	await t.db.update(focusGroup).set({ publishedAt: new Date('2026-01-01T00:00:00Z') });
});
afterAll(() => t.close());

describe('closing the year', () => {
	test('a member the office took out of a group still counts as having sat with its members', async () => {
		const sat = (a: number, b: number, pairs: [string, string][]) => pairs.some(([x, y]) => (x === demoUserId(a) && y === demoUserId(b)) || (x === demoUserId(b) && y === demoUserId(a)));
		expect(sat(1, 5, await earlierGroupMatePairs())).toBe(true);
		expect(await removeFromPublishedGroup(DEMO_GROUP_A, demoUserId(5), OFFICE, NOW)).toBe(true);
		const pairs = await earlierGroupMatePairs();
		expect(sat(1, 5, pairs), 'the seat is gone, the history is not').toBe(true);
		expect(sat(5, 6, pairs), 'nobody of another group').toBe(false);
		expect(pairs).toHaveLength(20);
	});

	test('refused while a group still has a meeting ahead, naming it; nothing changes', async () => {
		await t.db.insert(meeting).values({ id: 'treffen-ende-b01', groupId: DEMO_GROUP_B, startsAt: new Date('2027-01-13T13:00:00Z'), endsAt: new Date('2027-01-13T16:00:00Z') });
		await expect(archivePublishedGroups(OFFICE, NOW)).rejects.toThrow(SeatError);
		await expect(archivePublishedGroups(OFFICE, NOW)).rejects.toThrow(/Noch nicht möglich: Es sind noch Treffen geplant \(Fokusgruppe B am 13\. Januar 2027\)/);
		expect((await listGroups('published')).map((g) => g.id).sort()).toEqual([DEMO_GROUP_A, DEMO_GROUP_B]);
	});

	test('with several meetings ahead, the refusal names the last one too: only after it can the year be closed', async () => {
		await t.db.insert(meeting).values({ id: 'treffen-ende-b02', groupId: DEMO_GROUP_B, startsAt: new Date('2027-03-10T13:00:00Z'), endsAt: new Date('2027-03-10T16:00:00Z') });
		await expect(archivePublishedGroups(OFFICE, NOW)).rejects.toThrow('Noch nicht möglich: Es sind noch Treffen geplant (Fokusgruppe B vom 13. Januar 2027 bis zum 10. März 2027).');
		await t.db.update(meeting).set({ status: 'cancelled' }).where(eq(meeting.id, 'treffen-ende-b02'));
	});

	test('after the last meeting: the groups end, their members are free again, and the matching still knows who sat together', async () => {
		const pairsBefore = await earlierGroupMatePairs();
		expect(pairsBefore).toHaveLength(20);
		expect((await boardState()).people.map((p) => p.id)).not.toContain(demoUserId(1));
		await t.db.update(meeting).set({ status: 'cancelled' }).where(eq(meeting.id, 'treffen-ende-b01'));

		expect(await archivePublishedGroups(OFFICE, NOW)).toBe(2);
		expect(await listGroups('published')).toEqual([]);
		expect((await t.db.select({ status: focusGroup.status }).from(focusGroup)).map((g) => g.status)).toEqual(['archived', 'archived']);
		expect(await getOwnGroup(demoUserId(1)), 'the portal shows no group until the next one').toBeNull();
		const free = (await boardState()).people.map((p) => p.id);
		for (let n = 1; n <= 10; n++) expect(free, `member ${n}`).toContain(demoUserId(n));
		expect(await earlierGroupMatePairs(), 'last year stays known to the matching').toEqual(pairsBefore);
		expect((await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'groups.archived'))).map((e) => [e.actorId, e.details])).toEqual([[OFFICE, { groups: 2 }]]);

		expect(await archivePublishedGroups(OFFICE, NOW), 'a second click finds nothing to close').toBe(0);
	});

	test('an ended group\'s meetings cannot be cancelled any more', async () => {
		await t.db.insert(meeting).values({ id: 'treffen-ende-b03', groupId: DEMO_GROUP_B, startsAt: new Date('2027-02-10T13:00:00Z'), endsAt: new Date('2027-02-10T16:00:00Z') });
		await expect(cancelMeeting(DEMO_GROUP_B, 'treffen-ende-b03', OFFICE, NOW)).rejects.toThrow('Die Gruppe ist beendet, ihr Jahrgang abgeschlossen: Die Treffen der Gruppe bleiben, wie sie waren, und lassen sich nicht mehr absagen.');
		expect((await t.db.select({ status: meeting.status }).from(meeting).where(eq(meeting.id, 'treffen-ende-b03')).get())?.status).toBe('planned');
		expect(await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'meeting.cancelled'))).toEqual([]);
	});
});

describe('the record of an ended year', () => {
	const LATER = new Date('2027-01-05T10:00:00Z');
	const GROUP_C = 'gruppecccccccccc';
	const meetingIdsIn = (ics: string) =>
		new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((e) => String(e.getFirstPropertyValue('uid')).split('@')[0]);

	test('the office lists the ended groups with their members and the day the year was closed', async () => {
		expect(await listEndedGroups()).toEqual([
			{ id: DEMO_GROUP_A, name: 'Fokusgruppe A', topicSlug: 'energieeffizienz', cohort: 2026, members: 4, endedAt: NOW },
			{ id: DEMO_GROUP_B, name: 'Fokusgruppe B', topicSlug: 'energieeffizienz', cohort: 2026, members: 5, endedAt: NOW },
		]);
		expect(await groupEndedAt((await getGroup(DEMO_GROUP_A))!)).toEqual(NOW);
		expect(await endedGroupsOf(demoUserId(1))).toEqual([{ id: DEMO_GROUP_A, name: 'Fokusgruppe A', topicSlug: 'energieeffizienz', cohort: 2026, endedAt: NOW }]);
		expect(await endedGroupsOf(demoUserId(5)), 'taken out before the end: the log keeps that seat, not this list').toEqual([]);
		expect(await endedGroupsOf(demoUserId(11)), 'never in a group').toEqual([]);
	});

	test('a member keeps the past meetings of their ended group in the calendar, nothing of another group and nothing coming', async () => {
		await t.db.insert(meeting).values([
			{ id: 'treffen-alt-a001', groupId: DEMO_GROUP_A, startsAt: new Date('2026-03-04T13:00:00Z'), endsAt: new Date('2026-03-04T16:00:00Z') },
			{ id: 'treffen-alt-a002', groupId: DEMO_GROUP_A, startsAt: new Date('2026-06-03T12:00:00Z'), endsAt: new Date('2026-06-03T15:00:00Z'), status: 'cancelled' },
			{ id: 'treffen-alt-b001', groupId: DEMO_GROUP_B, startsAt: new Date('2026-03-05T13:00:00Z'), endsAt: new Date('2026-03-05T16:00:00Z') },
			// An ended group has nothing ahead (closing the year refuses that); should a date lie ahead all the same, it stays out.
			{ id: 'treffen-spaet-a3', groupId: DEMO_GROUP_A, startsAt: new Date('2027-03-03T13:00:00Z'), endsAt: new Date('2027-03-03T16:00:00Z') },
		]);
		expect(await getOwnGroup(demoUserId(1)), 'the portal still shows no group').toBeNull();
		expect(meetingIdsIn(await ownCalendar(demoUserId(1), LATER)).sort()).toEqual(['treffen-alt-a001', 'treffen-alt-a002']);
		expect(meetingIdsIn(await ownCalendar(demoUserId(6), LATER)).sort(), 'B\'s cancelled date, still ahead, is not in it either').toEqual(['treffen-alt-b001']);
		expect(meetingIdsIn(await ownCalendar(demoUserId(5), LATER)), 'taken out of A before the end').toEqual([]);
		expect(meetingIdsIn(await ownCalendar(demoUserId(11), LATER))).toEqual([]);
		const cancelled = new ICAL.Component(ICAL.parse(await ownCalendar(demoUserId(1), LATER))).getAllSubcomponents('vevent').find((e) => String(e.getFirstPropertyValue('uid')).startsWith('treffen-alt-a002'))!;
		expect(cancelled.getFirstPropertyValue('status'), 'a cancelled date stays cancelled').toBe('CANCELLED');
	});

	test('in a new group, the calendar holds its meetings and the old group\'s past ones; the next closing ends only the new group', async () => {
		await t.db.insert(focusGroup).values({ id: GROUP_C, name: 'Fokusgruppe C', topicSlug: 'digitalisierung', cohort: 2027, status: 'published', publishedAt: new Date('2027-01-10T09:00:00Z') });
		await t.db.insert(groupMembership).values([1, 6].map((n) => ({ groupId: GROUP_C, userId: demoUserId(n) })));
		await t.db.insert(meeting).values({ id: 'treffen-neu-c001', groupId: GROUP_C, startsAt: new Date('2027-04-07T12:00:00Z'), endsAt: new Date('2027-04-07T15:00:00Z') });
		expect(meetingIdsIn(await ownCalendar(demoUserId(1), LATER)).sort()).toEqual(['treffen-alt-a001', 'treffen-alt-a002', 'treffen-neu-c001']);
		expect(meetingIdsIn(await ownCalendar(demoUserId(6), LATER)).sort()).toEqual(['treffen-alt-b001', 'treffen-neu-c001']);
		expect(await groupEndedAt((await getGroup(GROUP_C))!), 'still running').toBeNull();

		await t.db.update(meeting).set({ status: 'cancelled' }).where(eq(meeting.id, 'treffen-neu-c001'));
		const closed = new Date('2027-12-15T10:00:00Z');
		expect(await archivePublishedGroups(OFFICE, closed)).toBe(1);
		expect((await listEndedGroups()).map((g) => [g.name, g.cohort, g.endedAt])).toEqual([
			['Fokusgruppe C', 2027, closed],
			['Fokusgruppe A', 2026, NOW],
			['Fokusgruppe B', 2026, NOW],
		]);
		expect((await endedGroupsOf(demoUserId(1))).map((g) => [g.name, g.endedAt])).toEqual([
			['Fokusgruppe C', closed],
			['Fokusgruppe A', NOW],
		]);
	});
});
