/** Drafts and publication against a real database: nobody gets a second seat, and pages agree on the group. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { focusGroup, groupMembership } from '../../db/schema.ts';
import { DraftError, getOwnGroup, listGroups, moveDraftMember, ownGroupIds, publishDrafts, saveDraft } from '../../src/lib/server/groups.ts';
import { listOwnMeetings, createMeeting } from '../../src/lib/server/meetings.ts';
import { addTopic, ownTopicQueue } from '../../src/lib/server/topic-queue.ts';
import { DEMO_GROUP_A, demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const OFFICE = 'demokoordination';
const title = (slug: string) => slug;

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
});
afterAll(() => t.close());

describe('drafts', () => {
	test.each([
		['a member who already sits in a published group', demoUserId(1)],
		['the coordinator', OFFICE],
		['an id that does not exist', 'gibtesnichtxxxxx'],
	])('a draft with %s is refused and changes nothing', async (_what, intruder) => {
		await saveDraft([{ topic: 'energieeffizienz', members: [demoUserId(11), demoUserId(12), demoUserId(13), demoUserId(14), intruder] }], null, OFFICE).then(
			() => expect.unreachable('saved'),
			(error) => {
				expect(error).toBeInstanceOf(DraftError);
				expect((error as Error).message).toMatch(/^Der Entwurf ist nicht mehr aktuell: eine Person hat/);
			},
		);
		expect(await listGroups('draft')).toEqual([]);
	});

	test('a seated member cannot be moved into a draft either', async () => {
		await saveDraft([{ topic: 'kundenbindung', members: [demoUserId(11), demoUserId(12), demoUserId(13), demoUserId(14), demoUserId(15)] }], null, OFFICE);
		const [draft] = await listGroups('draft');
		expect(await moveDraftMember(demoUserId(2), draft!.id, OFFICE)).toBe(false);
		expect(await moveDraftMember(demoUserId(16), draft!.id, OFFICE)).toBe(true);
	});

	test('publishing publishes each draft once', async () => {
		expect(await publishDrafts(OFFICE, title)).toBe(1);
		expect(await publishDrafts(OFFICE, title)).toBe(0);
		expect((await getOwnGroup(demoUserId(16)))?.members.map((m) => m.userId).sort()).toEqual([11, 12, 13, 14, 15, 16].map(demoUserId).sort());
	});
});

describe('one group per member on every page', () => {
	test('even with a second seat forced into the database, overview, topic list and meetings name the same group', async () => {
		// Not possible through the office's actions any more; the pages must still agree.
		const extra = 'gruppezzzzzzzzzz';
		await t.db.insert(focusGroup).values({ id: extra, name: 'Fokusgruppe Z', topicSlug: 'kundenbindung', cohort: 2026, status: 'published', publishedAt: new Date('2030-01-01T00:00:00Z') });
		await t.db.insert(groupMembership).values({ groupId: extra, userId: demoUserId(1) });
		await createMeeting(DEMO_GROUP_A, { startsAtLocal: '2030-03-06T14:00', durationMinutes: 120, hostOrganizationId: null, address: null, agenda: null }, OFFICE);
		await addTopic(demoUserId(2), { title: 'Nur in Gruppe A', priority: 2, minutes: 10 });
		const overview = (await getOwnGroup(demoUserId(1)))!;
		expect(overview.id).toBe(extra);
		expect((await ownGroupIds(demoUserId(1)))[0]).toBe(extra);
		expect((await ownTopicQueue(demoUserId(1)))!.agenda.map((e) => e.topic.title)).not.toContain('Nur in Gruppe A');
		await t.db.delete(groupMembership).where(eq(groupMembership.groupId, extra));
		await t.db.delete(focusGroup).where(eq(focusGroup.id, extra));
		expect((await getOwnGroup(demoUserId(1)))!.id).toBe(DEMO_GROUP_A);
		expect((await listOwnMeetings(demoUserId(1))).length).toBeGreaterThan(0);
	});
});
