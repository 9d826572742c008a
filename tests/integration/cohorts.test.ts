/**
 * The end of a year: the office closes the cohort, the published groups become archived, their
 * members are free for the next matching, which still knows who sat together.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditEvent, focusGroup, meeting } from '../../db/schema.ts';
import { SeatError, archivePublishedGroups, earlierGroupMatePairs, getOwnGroup, listGroups, removeFromPublishedGroup } from '../../src/lib/server/groups.ts';
import { boardState } from '../../src/lib/server/matching-board.ts';
import { cancelMeeting } from '../../src/lib/server/meetings.ts';
import { DEMO_GROUP_A, DEMO_GROUP_B, demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const OFFICE = 'demokoordination';
const NOW = new Date('2026-12-20T10:00:00Z');

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
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
		await expect(cancelMeeting(DEMO_GROUP_B, 'treffen-ende-b03', OFFICE, NOW)).rejects.toThrow('Die Gruppe ist beendet, ihr Jahrgang abgeschlossen: Ihre Treffen bleiben, wie sie waren, und lassen sich nicht mehr absagen.');
		expect((await t.db.select({ status: meeting.status }).from(meeting).where(eq(meeting.id, 'treffen-ende-b03')).get())?.status).toBe('planned');
		expect(await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'meeting.cancelled'))).toEqual([]);
	});
});
