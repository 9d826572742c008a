/**
 * The end of a year: the office closes the cohort, the published groups become archived, their
 * members are free for the next matching, which still knows who sat together.
 */
import { eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditEvent, focusGroup, groupMembership, meeting, topicQueueItem } from '../../db/schema.ts';
import {
	SeatError,
	archivePublishedGroups,
	earlierGroupMatePairs,
	endGroup,
	endedGroupsOf,
	getGroup,
	getOwnGroup,
	listEndedGroups,
	leftRunningText,
	listGroups,
	removeFromPublishedGroup,
	yearClosingPlan,
} from '../../src/lib/server/groups.ts';
import { describeAuditEvents } from '../../src/lib/server/audit.ts';
import { comingMeetingSpans, groupsThatMet, ownCalendar } from '../../src/lib/server/meetings.ts';
import { ownTopicQueue } from '../../src/lib/server/topic-queue.ts';
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

	test('one group whose plan runs on keeps no other from ending: closing the year ends A, leaves B running and names its last meeting, and a group that has not met yet', async () => {
		// A met in November; F was published a moment ago and has not met, nor planned anything.
		await t.db.insert(focusGroup).values({ id: 'gruppenochneu001', name: 'Fokusgruppe F', topicSlug: 'kundenbindung', cohort: 2027, status: 'published', publishedAt: NOW });
		await t.db.insert(meeting).values([
			{ id: 'treffen-nov-a001', groupId: DEMO_GROUP_A, startsAt: new Date('2026-11-11T13:00:00Z'), endsAt: new Date('2026-11-11T16:00:00Z') },
			{ id: 'treffen-ende-b01', groupId: DEMO_GROUP_B, startsAt: new Date('2027-01-13T13:00:00Z'), endsAt: new Date('2027-01-13T16:00:00Z') },
			{ id: 'treffen-ende-b02', groupId: DEMO_GROUP_B, startsAt: new Date('2027-03-10T13:00:00Z'), endsAt: new Date('2027-03-10T16:00:00Z') },
		]);
		await t.db.insert(topicQueueItem).values([
			{ id: 'punkt-a-0000001', groupId: DEMO_GROUP_A, userId: demoUserId(1), title: 'Nachfolge in der Werkstatt', priority: 2, minutes: 30, createdAt: NOW },
			{ id: 'punkt-b-0000001', groupId: DEMO_GROUP_B, userId: demoUserId(6), title: 'Energiepreise 2027', priority: 2, minutes: 30, createdAt: NOW },
		]);
		const pairsBefore = await earlierGroupMatePairs();

		const published = await t.db.select({ id: focusGroup.id, name: focusGroup.name }).from(focusGroup).where(eq(focusGroup.status, 'published')).orderBy(focusGroup.name);
		const plan = yearClosingPlan(published, await comingMeetingSpans(NOW), await groupsThatMet(NOW));
		expect(leftRunningText(plan)).toBe('Fokusgruppe B bis zum 10. März 2027, Fokusgruppe F (noch ohne Treffen)');
		expect(await archivePublishedGroups(OFFICE, NOW)).toEqual({ ended: 1, left: 2 });
		expect((await t.db.select({ id: focusGroup.id, status: focusGroup.status, endedAt: focusGroup.endedAt }).from(focusGroup).orderBy(focusGroup.id))).toEqual([
			{ id: DEMO_GROUP_A, status: 'archived', endedAt: NOW },
			{ id: DEMO_GROUP_B, status: 'published', endedAt: null },
			{ id: 'gruppenochneu001', status: 'published', endedAt: null },
		]);
		await t.db.delete(focusGroup).where(eq(focusGroup.id, 'gruppenochneu001'));
		expect((await t.db.select({ id: topicQueueItem.id }).from(topicQueueItem)).map((r) => r.id), 'A\'s topics went with its end, B\'s stay').toEqual(['punkt-b-0000001']);
		expect((await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'group.ended'))).map((e) => [e.actorId, e.subjectType, e.subjectId, e.details, e.createdAt])).toEqual([
			[OFFICE, 'group', DEMO_GROUP_A, { yearClosing: true }, NOW],
		]);

		// A's members are free for the next matching; B's, still in a running group, are not.
		const free = (await boardState()).people.map((p) => p.id);
		for (const n of [1, 2, 3, 4, 5]) expect(free, `member ${n} of A`).toContain(demoUserId(n));
		for (const n of [6, 7, 8, 9, 10]) expect(free, `member ${n} of B`).not.toContain(demoUserId(n));
		expect(await getOwnGroup(demoUserId(1)), 'the portal shows A\'s member no group').toBeNull();
		expect((await getOwnGroup(demoUserId(6)))?.id).toBe(DEMO_GROUP_B);
		expect(await ownTopicQueue(demoUserId(1), NOW), 'nor any topic').toBeNull();
		expect(await earlierGroupMatePairs(), 'who sat together stays known to the matching').toEqual(pairsBefore);
	});

	test('while no published group has its meetings behind it, closing the year is refused, naming each with its last meeting; nothing changes', async () => {
		await expect(archivePublishedGroups(OFFICE, NOW)).rejects.toThrow(SeatError);
		await expect(archivePublishedGroups(OFFICE, NOW)).rejects.toThrow(
			'Noch nicht möglich: Keine Gruppe hat ihre Treffen hinter sich (Fokusgruppe B bis zum 10. März 2027). Sagen Sie geplante Treffen erst ab, oder schließen Sie den Jahrgang nach dem letzten Treffen einer Gruppe ab; eine Gruppe ohne Treffen beenden Sie auf ihrer Seite.',
		);
		expect((await listGroups('published')).map((g) => g.id)).toEqual([DEMO_GROUP_B]);
		expect(await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'group.ended'))).toHaveLength(1);
	});

	test('a single group is refused its end while it has meetings ahead, and the refusal names them', async () => {
		await expect(endGroup(DEMO_GROUP_B, OFFICE, NOW)).rejects.toThrow(
			'Die Gruppe kann noch nicht beendet werden: 2 Treffen sind noch geplant, am 13. Januar 2027 und 10. März 2027. Sagen Sie sie erst ab, oder beenden Sie die Gruppe nach dem letzten Treffen.',
		);
		await t.db.update(meeting).set({ status: 'cancelled' }).where(eq(meeting.id, 'treffen-ende-b02'));
		await expect(endGroup(DEMO_GROUP_B, OFFICE, NOW)).rejects.toThrow(
			'Die Gruppe kann noch nicht beendet werden: Ein Treffen ist noch geplant, am 13. Januar 2027. Sagen Sie es erst ab, oder beenden Sie die Gruppe nach diesem Treffen.',
		);
		expect((await getGroup(DEMO_GROUP_B))?.status).toBe('published');
		expect(await t.db.select({ id: topicQueueItem.id }).from(topicQueueItem)).toHaveLength(1);
	});

	test('after its last meeting, a group ends on its own: its topics go in the same step, its members are free, the log records it', async () => {
		await t.db.update(meeting).set({ status: 'cancelled' }).where(eq(meeting.id, 'treffen-ende-b01'));
		expect(await endGroup(DEMO_GROUP_B, OFFICE, NOW)).toBe('ended');
		expect(await listGroups('published')).toEqual([]);
		expect((await getGroup(DEMO_GROUP_B))).toMatchObject({ status: 'archived', endedAt: NOW });
		expect(await t.db.select().from(topicQueueItem)).toEqual([]);
		const free = (await boardState()).people.map((p) => p.id);
		for (let n = 1; n <= 10; n++) expect(free, `member ${n}`).toContain(demoUserId(n));
		expect(await getOwnGroup(demoUserId(6))).toBeNull();
		expect((await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'group.ended'))).map((e) => [e.subjectId, e.details])).toEqual([
			[DEMO_GROUP_A, { yearClosing: true }],
			[DEMO_GROUP_B, null],
		]);
		expect((await describeAuditEvents(10)).filter((e) => e.action.startsWith('Gruppe beendet')).map((e) => [e.action, e.subject, e.subjectHref])).toEqual([
			['Gruppe beendet', 'Fokusgruppe B', `/koordination/gruppen/${DEMO_GROUP_B}/`],
			['Gruppe beendet (mit „Jahrgang abschließen“)', 'Fokusgruppe A', `/koordination/gruppen/${DEMO_GROUP_A}/`],
		]);

		expect(await endGroup(DEMO_GROUP_B, OFFICE, NOW), 'a second click').toBe('ended-already');
		expect(await endGroup('gibtesnichtxxxx', OFFICE, NOW)).toBe('unknown');
		expect(await archivePublishedGroups(OFFICE, NOW), 'closing the year finds nothing left').toEqual({ ended: 0, left: 0 });
		expect(await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'group.ended')), 'neither wrote to the log').toHaveLength(2);
	});

	test('an ended group\'s meetings cannot be cancelled any more', async () => {
		await t.db.insert(meeting).values({ id: 'treffen-ende-b03', groupId: DEMO_GROUP_B, startsAt: new Date('2027-02-10T13:00:00Z'), endsAt: new Date('2027-02-10T16:00:00Z') });
		await expect(cancelMeeting(DEMO_GROUP_B, 'treffen-ende-b03', OFFICE, NOW)).rejects.toThrow('Die Gruppe ist beendet: Die Treffen der Gruppe bleiben, wie sie waren, und lassen sich nicht mehr absagen.');
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
		expect((await getGroup(DEMO_GROUP_A))?.endedAt).toEqual(NOW);
		expect(await endedGroupsOf(demoUserId(1))).toEqual([{ id: DEMO_GROUP_A, name: 'Fokusgruppe A', topicSlug: 'energieeffizienz', cohort: 2026, endedAt: NOW }]);
		expect(await endedGroupsOf(demoUserId(5)), 'taken out before the end: the log keeps that seat, not this list').toEqual([]);
		expect(await endedGroupsOf(demoUserId(11)), 'never in a group').toEqual([]);
	});

	test('a member keeps the past meetings of their ended group in the calendar, its cancelled ones, nothing of another group and nothing planned ahead', async () => {
		await t.db.insert(meeting).values([
			{ id: 'treffen-alt-a001', groupId: DEMO_GROUP_A, startsAt: new Date('2026-03-04T13:00:00Z'), endsAt: new Date('2026-03-04T16:00:00Z') },
			{ id: 'treffen-alt-a002', groupId: DEMO_GROUP_A, startsAt: new Date('2026-06-03T12:00:00Z'), endsAt: new Date('2026-06-03T15:00:00Z'), status: 'cancelled' },
			{ id: 'treffen-alt-b001', groupId: DEMO_GROUP_B, startsAt: new Date('2026-03-05T13:00:00Z'), endsAt: new Date('2026-03-05T16:00:00Z') },
			// An ended group has nothing ahead (closing the year refuses that); should a date lie ahead all the same, it stays out.
			{ id: 'treffen-spaet-a3', groupId: DEMO_GROUP_A, startsAt: new Date('2027-03-03T13:00:00Z'), endsAt: new Date('2027-03-03T16:00:00Z') },
		]);
		expect(await getOwnGroup(demoUserId(1)), 'the portal still shows no group').toBeNull();
		expect(meetingIdsIn(await ownCalendar(demoUserId(1), LATER)).sort()).toEqual(['treffen-alt-a001', 'treffen-alt-a002', 'treffen-nov-a001']);
		// B's cancelled dates still ahead stay, marked cancelled (a group ended early tells its members
		// so); its date still planned ahead (treffen-ende-b03) does not.
		expect(meetingIdsIn(await ownCalendar(demoUserId(6), LATER)).sort()).toEqual(['treffen-alt-b001', 'treffen-ende-b01', 'treffen-ende-b02']);
		expect(meetingIdsIn(await ownCalendar(demoUserId(5), LATER)), 'taken out of A before the end').toEqual([]);
		expect(meetingIdsIn(await ownCalendar(demoUserId(11), LATER))).toEqual([]);
		const cancelled = new ICAL.Component(ICAL.parse(await ownCalendar(demoUserId(1), LATER))).getAllSubcomponents('vevent').find((e) => String(e.getFirstPropertyValue('uid')).startsWith('treffen-alt-a002'))!;
		expect(cancelled.getFirstPropertyValue('status'), 'a cancelled date stays cancelled').toBe('CANCELLED');
	});

	test('in a new group, the calendar holds its meetings and the old group\'s past ones; the next closing ends only the new group', async () => {
		await t.db.insert(focusGroup).values({ id: GROUP_C, name: 'Fokusgruppe C', topicSlug: 'digitalisierung', cohort: 2027, status: 'published', publishedAt: new Date('2027-01-10T09:00:00Z') });
		await t.db.insert(groupMembership).values([1, 6].map((n) => ({ groupId: GROUP_C, userId: demoUserId(n) })));
		await t.db.insert(meeting).values({ id: 'treffen-neu-c001', groupId: GROUP_C, startsAt: new Date('2027-04-07T12:00:00Z'), endsAt: new Date('2027-04-07T15:00:00Z') });
		expect(meetingIdsIn(await ownCalendar(demoUserId(1), LATER)).sort()).toEqual(['treffen-alt-a001', 'treffen-alt-a002', 'treffen-neu-c001', 'treffen-nov-a001']);
		expect(meetingIdsIn(await ownCalendar(demoUserId(6), LATER)).sort()).toEqual(['treffen-alt-b001', 'treffen-ende-b01', 'treffen-ende-b02', 'treffen-neu-c001']);
		expect((await getGroup(GROUP_C))?.endedAt, 'still running').toBeNull();

		const closed = new Date('2027-12-15T10:00:00Z');
		expect(await archivePublishedGroups(OFFICE, closed)).toEqual({ ended: 1, left: 0 });
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
