/** The office's matching runs against a real database: what a new run keeps of the draft. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { seedDemo } from '../../db/seed/demo.ts';
import { topicSlugs } from '../../src/lib/content/topic-list.ts';
import { listGroups, moveDraftMember, saveDraft } from '../../src/lib/server/groups.ts';
import { DEFAULT_SETTINGS, runMatching } from '../../src/lib/server/matching-board.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const OFFICE = 'demokoordination';

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemo(t.db, 'hash');
});
afterAll(() => t.close());

test('a group held as a whole keeps the topic the office gave it through every new run', async () => {
	await runMatching(DEFAULT_SETTINGS, OFFICE);
	const drafts = await listGroups('draft');
	const first = drafts[0]!;
	const members = first.members.map((m) => m.userId).sort();
	// The office gives the first group another topic by hand and holds the whole group.
	const chosen = topicSlugs().find((slug) => drafts.every((g) => g.topicSlug !== slug)) ?? topicSlugs().find((slug) => slug !== first.topicSlug)!;
	await saveDraft(
		drafts.map((g) => ({ topic: g.id === first.id ? chosen : g.topicSlug, members: g.members.map((m) => m.userId), locked: g.id === first.id ? g.members.map((m) => m.userId) : [] })),
		null,
		OFFICE,
	);
	for (const seed of [1, 7, 99]) {
		await runMatching({ ...DEFAULT_SETTINGS, seed }, OFFICE);
		const held = (await listGroups('draft')).find((g) => g.members.map((m) => m.userId).sort().join() === members.join());
		expect(held?.topicSlug, `seed ${seed}`).toBe(chosen);
	}
});

test('a draft group whose last member is moved to the waiting list is gone, and cannot be published empty', async () => {
	const [first, ...others] = await listGroups('draft');
	for (const member of first!.members) expect(await moveDraftMember(member.userId, null, OFFICE)).toBe(true);
	expect((await listGroups('draft')).map((g) => g.id)).toEqual(others.map((g) => g.id));
});
