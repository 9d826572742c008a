/**
 * Who sat together, for the matching's wish to form new pairs: two people count only if their
 * times in a group overlapped. Someone taken out before another got a seat never met them.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addToPublishedGroup, earlierGroupMatePairs, removeFromPublishedGroup } from '../../src/lib/server/groups.ts';
import { DEMO_GROUP_A, demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const OFFICE = 'demokoordination';
const title = (slug: string) => slug;
const at = (day: number) => new Date(Date.UTC(2027, 0, day, 10));

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
});
afterAll(() => t.close());

const satTogether = (pairs: [string, string][], a: number, b: number) =>
	pairs.filter(([x, y]) => (x === demoUserId(a) && y === demoUserId(b)) || (x === demoUserId(b) && y === demoUserId(a))).length;

test('a seat given after another was taken back makes no pair with it; overlapping seats do, once per group', async () => {
	expect(await removeFromPublishedGroup(DEMO_GROUP_A, demoUserId(5), OFFICE, at(5))).toBe(true);
	expect(await addToPublishedGroup(DEMO_GROUP_A, demoUserId(11), OFFICE, title, at(10))).toBe(true);
	let pairs = await earlierGroupMatePairs();
	expect(satTogether(pairs, 1, 5), 'the one taken out sat with those who stayed').toBe(1);
	expect(satTogether(pairs, 1, 11), 'the newcomer sits with those who stayed').toBe(1);
	expect(satTogether(pairs, 5, 11), 'the newcomer came after the other had left').toBe(0);

	// Out and in again: still one pair with each mate of that group.
	expect(await removeFromPublishedGroup(DEMO_GROUP_A, demoUserId(11), OFFICE, at(15))).toBe(true);
	expect(await addToPublishedGroup(DEMO_GROUP_A, demoUserId(11), OFFICE, title, at(20))).toBe(true);
	pairs = await earlierGroupMatePairs();
	expect(satTogether(pairs, 1, 11)).toBe(1);
	// The one taken out first comes back while the newcomer sits there: now they have met.
	expect(await removeFromPublishedGroup(DEMO_GROUP_A, demoUserId(4), OFFICE, at(24))).toBe(true);
	expect(await addToPublishedGroup(DEMO_GROUP_A, demoUserId(5), OFFICE, title, at(25))).toBe(true);
	expect(satTogether(await earlierGroupMatePairs(), 5, 11)).toBe(1);
});
