/** The office's matching runs against a real database: what a new run keeps of the draft. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { organization, user } from '../../db/schema.ts';
import { seedDemo } from '../../db/seed/demo.ts';
import { topicSlugs } from '../../src/lib/content/topic-list.ts';
import { listGroups, moveDraftMember, saveDraft } from '../../src/lib/server/groups.ts';
import { boardState, DEFAULT_SETTINGS, runMatching } from '../../src/lib/server/matching-board.ts';
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
	for (const seed of [1, 2, 3, 7, 99]) {
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

/** The draft as member lists (sorted, by group), to compare runs. */
const partition = async () =>
	(await listGroups('draft'))
		.map((g) => g.members.map((m) => m.userId).sort().join())
		.sort();

/** A run from scratch: the tests before may have left seats held. */
async function freshRun() {
	await saveDraft([], null, OFFICE);
	await runMatching(DEFAULT_SETTINGS, OFFICE);
}

/** Saves the current draft again with the first two seats of every group held (new group ids, as every save gives). */
async function holdTwoPerGroup() {
	const drafts = await listGroups('draft');
	await saveDraft(
		drafts.map((g) => ({ topic: g.topicSlug, members: g.members.map((m) => m.userId), locked: g.members.slice(0, 2).map((m) => m.userId) })),
		null,
		OFFICE,
	);
	return drafts.flatMap((g) => g.members.slice(0, 2).map((m) => m.userId));
}

test('a group held as a whole is not filled up by a new run, whatever the seed', async () => {
	await freshRun();
	const drafts = await listGroups('draft');
	// Five held, everyone else free: one seat left in the held group, which the engine would like to use.
	const small = drafts[0]!;
	const members = small.members.slice(0, DEFAULT_SETTINGS.groupSize.min).map((m) => m.userId).sort();
	await saveDraft(drafts.map((g) => (g.id === small.id ? { topic: g.topicSlug, members, locked: members } : { topic: g.topicSlug, members: g.members.map((m) => m.userId), locked: [] })), null, OFFICE);
	for (const seed of [1, 2, 3, 4, 5]) {
		const summary = await runMatching({ ...DEFAULT_SETTINGS, seed }, OFFICE);
		const drafts = await listGroups('draft');
		const held = drafts.filter((g) => g.members.some((m) => members.includes(m.userId)));
		expect(held.map((g) => g.members.map((m) => m.userId).sort()), `seed ${seed}`).toEqual([members]);
		// The run's message counts the held group too: what the board shows.
		expect({ groups: summary.groups, placed: summary.placed }).toEqual({ groups: drafts.length, placed: drafts.reduce((sum, g) => sum + g.members.length, 0) });
	}
});

test('the same held seats give the same run, whatever ids the draft groups have', async () => {
	await freshRun();
	await holdTwoPerGroup();
	const draft = await listGroups('draft');
	const again = () => saveDraft(draft.map((g) => ({ topic: g.topicSlug, members: g.members.map((m) => m.userId), locked: g.members.filter((m) => m.locked).map((m) => m.userId) })), null, OFFICE);
	await runMatching({ ...DEFAULT_SETTINGS, seed: 5 }, OFFICE);
	const first = await partition();
	await again();
	await runMatching({ ...DEFAULT_SETTINGS, seed: 5 }, OFFICE);
	expect(await partition()).toEqual(first);
});

test('a held seat keeps its group\'s topic through every new run, even one the person did not choose', async () => {
	await freshRun();
	const drafts = await listGroups('draft');
	const group = drafts[0]!;
	const person = group.members[0]!.userId;
	// A topic the person did not choose: left to itself, the engine would move their group to a wish of theirs.
	const { interests } = (await boardState()).people.find((p) => p.id === person)!;
	const unwished = topicSlugs().find((slug) => !interests.includes(slug))!;
	await saveDraft(
		drafts.map((g) => ({ topic: g.id === group.id ? unwished : g.topicSlug, members: g.members.map((m) => m.userId), locked: g.id === group.id ? [person] : [] })),
		null,
		OFFICE,
	);
	for (const seed of [1, 2, 3, 7, 99]) {
		await runMatching({ ...DEFAULT_SETTINGS, seed }, OFFICE);
		const held = (await listGroups('draft')).find((g) => g.members.some((m) => m.userId === person));
		expect(held?.topicSlug, `seed ${seed}`).toBe(unwished);
		expect(held?.members.find((m) => m.userId === person)?.locked, `seed ${seed}`).toBe(true);
	}
});

test('someone the office left out of the run is on the waitlist with that as the reason', async () => {
	await freshRun();
	const everyone = (await listGroups('draft')).flatMap((g) => g.members.map((m) => m.userId));
	const [left, ...chosen] = everyone;
	await saveDraft([], null, OFFICE);
	await runMatching({ ...DEFAULT_SETTINGS, userIds: chosen }, OFFICE);
	const { waitlist } = await boardState();
	const leftOut = 'Bei der letzten Berechnung nicht dabei: unter „Wer wird eingeteilt?“ nicht ausgewählt oder erst danach aufgenommen.';
	expect(waitlist.find((w) => w.person.id === left)?.reason).toBe(leftOut);
	expect(waitlist.filter((w) => w.person.id !== left).map((w) => w.reason)).not.toContain(leftOut);
});

test('held seats stay when the office leaves their members out of the selection', async () => {
	await freshRun();
	const held = await holdTwoPerGroup();
	const everyone = (await listGroups('draft')).flatMap((g) => g.members.map((m) => m.userId));
	const chosen = everyone.filter((id) => !held.includes(id));
	await runMatching({ ...DEFAULT_SETTINGS, userIds: chosen }, OFFICE);
	const seated = (await listGroups('draft')).flatMap((g) => g.members.map((m) => m.userId));
	expect(held.filter((id) => !seated.includes(id))).toEqual([]);
});

test('a run that forms no group is refused with the reason and leaves the draft as it was', async () => {
	await freshRun();
	const before = await partition();
	const five = (await listGroups('draft')).flatMap((g) => g.members.map((m) => m.userId)).slice(0, 5);
	await expect(runMatching({ ...DEFAULT_SETTINGS, userIds: five, groupSize: { min: 6, max: 6 } }, OFFICE)).rejects.toThrow(/^Die Berechnung bildet keine Gruppe: .+ Der bisherige Entwurf bleibt unverändert\.$/);
	expect(await partition()).toEqual(before);
});

test('a held seat whose member has no coordinates any more stops the run with their name', async () => {
	await freshRun();
	const [held] = await holdTwoPerGroup();
	const [row] = await t.db.select({ organizationId: user.organizationId, name: user.name }).from(user).where(eq(user.id, held!));
	const before = await partition();
	const place = await t.db.select({ latitude: organization.latitude, longitude: organization.longitude }).from(organization).where(eq(organization.id, row!.organizationId!)).get();
	await t.db.update(organization).set({ latitude: null, longitude: null }).where(eq(organization.id, row!.organizationId!));
	try {
		await expect(runMatching(DEFAULT_SETTINGS, OFFICE)).rejects.toThrow(new RegExp(`^Festgehaltene Plätze ohne Koordinaten: ${row!.name} \\(`));
		expect(await partition()).toEqual(before);
	} finally {
		await t.db.update(organization).set(place!).where(eq(organization.id, row!.organizationId!));
	}
});
