/**
 * A published group keeps the matching's rules only as long as the data it was formed on: when
 * the office changes a company's WZ class or enters a conflict afterwards, the group is named in
 * the work queue with the pair that clashes now, and nothing else is. A deactivated account
 * keeps its seat: the queue says so, and it counts for nothing else.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { groupMembership, organization, user } from '../../db/schema.ts';
import { SeatError, addToPublishedGroup, getGroup, publishedGroupClashes } from '../../src/lib/server/groups.ts';
import { addConflict, listConflicts, removeConflict, updateOrganization } from '../../src/lib/server/members.ts';
import { workQueue } from '../../src/lib/server/office.ts';
import { describeAuditEvents } from '../../src/lib/server/audit.ts';
import { DEMO_GROUP_A, DEMO_GROUP_B, demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const OFFICE = 'demokoordination';

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
});
afterAll(() => t.close());

const companyOf = async (n: number) => {
	const row = await t.db.select({ id: organization.id, name: organization.name, code: organization.industryCode }).from(user).innerJoin(organization, eq(user.organizationId, organization.id)).where(eq(user.id, demoUserId(n))).get();
	return row!;
};
const clashesOf = async (groupId: string) => (await publishedGroupClashes([(await getGroup(groupId))!])).get(groupId) ?? [];
/** The pair in either order: the message names them as the group lists them (by company name). */
const pair = (a: string, b: string, words: string) => (clash: string) => clash.includes(a) && clash.includes(b) && clash.includes(words);
const queued = async (groupId: string) => (await workQueue()).groupsNeedingAttention.find((g) => g.id === groupId)?.clashes ?? [];

test('a company moved into the WZ class of another in its group shows as a clash', async () => {
	const before = await clashesOf(DEMO_GROUP_A);
	const [one, other] = [await companyOf(1), await companyOf(2)];
	const row = (await t.db.select().from(organization).where(eq(organization.id, other.id)).get())!;
	await updateOrganization(other.id, { ...row, industryCode: one.code }, OFFICE);

	const clash = pair(one.name, other.name, `sind in derselben Branche (WZ ${one.code}).`);
	const after = await clashesOf(DEMO_GROUP_A);
	expect(after.filter(clash)).toHaveLength(1);
	expect(after).toHaveLength(before.length + 1);
	expect((await queued(DEMO_GROUP_A)).filter(clash)).toHaveLength(1);
	expect((await clashesOf(DEMO_GROUP_B)).filter(clash)).toEqual([]);
});

test('a conflict entered between two companies of one group shows as a clash until it is removed', async () => {
	const [one, other] = [await companyOf(8), await companyOf(9)];
	const clash = pair(one.name, other.name, 'ist ein Konflikt eingetragen.');
	expect((await clashesOf(DEMO_GROUP_B)).filter(clash)).toEqual([]);
	expect((await addConflict(other.id, one.id, 'competitor', null, OFFICE)).ok).toBe(true);
	expect((await clashesOf(DEMO_GROUP_B)).filter(clash)).toHaveLength(1);
	expect((await queued(DEMO_GROUP_B)).filter(clash)).toHaveLength(1);

	// A conflict with a company in another group is no clash of either group.
	const elsewhere = await companyOf(3);
	await addConflict(one.id, elsewhere.id, 'other', null, OFFICE);
	expect((await clashesOf(DEMO_GROUP_B)).filter((c) => c.includes(elsewhere.name))).toEqual([]);
	expect((await clashesOf(DEMO_GROUP_A)).filter((c) => c.includes(one.name))).toEqual([]);

	const entry = (await listConflicts(one.id)).find((c) => c.otherOrganizationId === other.id)!;
	await removeConflict(entry.id, OFFICE);
	expect((await clashesOf(DEMO_GROUP_B)).filter(clash)).toEqual([]);

	// The log says between whom, and of what kind, whichever of the two is its subject.
	const logged = (await describeAuditEvents(10)).filter((e) => e.action.startsWith('Eintrag ins Konfliktregister') || e.action.startsWith('Eintrag aus dem Konfliktregister'));
	const named = (e: { subject: string; action: string }) => [e.subject, e.action].join(' ');
	expect(logged.some((e) => named(e).includes(one.name) && named(e).includes(other.name) && e.action.includes(', Wettbewerber)'))).toBe(true);
	expect(logged.some((e) => e.action.startsWith('Eintrag aus dem Konfliktregister entfernt (mit ') && named(e).includes(one.name) && named(e).includes(other.name))).toBe(true);
});

test('more than one person of a company in a group shows as one clash (the seat rules keep this out; data written around them does not)', async () => {
	const one = await companyOf(1);
	const colleagues = ['kollege00000001x', 'kollege00000002x'];
	const message = `Aus ${one.name} sitzt mehr als eine Person in der Gruppe.`;
	for (const [i, id] of colleagues.entries()) {
		await t.db.insert(user).values({ id, email: `kollege${i}@example.org`, name: `Kollege ${i}`, role: 'member', organizationId: one.id });
		await t.db.insert(groupMembership).values({ groupId: DEMO_GROUP_A, userId: id, createdAt: new Date() });
	}
	expect((await clashesOf(DEMO_GROUP_A)).filter((c) => c === message), 'three people, three pairs, one message').toHaveLength(1);
	for (const id of colleagues) {
		await t.db.delete(groupMembership).where(eq(groupMembership.userId, id));
		await t.db.delete(user).where(eq(user.id, id));
	}
	expect(await clashesOf(DEMO_GROUP_A)).not.toContain(message);
});

test('a deactivated account holds its seat: the queue says so, and its company clashes with nobody', async () => {
	const queuedGroup = async () => (await workQueue()).groupsNeedingAttention.find((g) => g.id === DEMO_GROUP_B);
	const baseline = (await clashesOf(DEMO_GROUP_B)).length;
	// Member 10 gets the WZ class of member 6, then is deactivated: no clash, one idle seat, four active.
	const [six, ten] = [await companyOf(6), await companyOf(10)];
	const row = (await t.db.select().from(organization).where(eq(organization.id, ten.id)).get())!;
	await updateOrganization(ten.id, { ...row, industryCode: six.code }, OFFICE);
	expect(await clashesOf(DEMO_GROUP_B)).toHaveLength(baseline + 1);
	await t.db.update(user).set({ deactivatedAt: new Date() }).where(eq(user.id, demoUserId(10)));
	expect(await clashesOf(DEMO_GROUP_B)).toHaveLength(baseline);
	expect(await queuedGroup()).toMatchObject({ deactivated: 1, size: 4, tooSmall: true });

	// Full with the idle seat: the refusal says which seat to free.
	await t.db.insert(groupMembership).values({ groupId: DEMO_GROUP_B, userId: demoUserId(20), createdAt: new Date() });
	const refusal = await addToPublishedGroup(DEMO_GROUP_B, demoUserId(21), OFFICE, (slug) => slug).catch((error: unknown) => error);
	expect(refusal).toBeInstanceOf(SeatError);
	expect((refusal as Error).message).toMatch(/^Die Gruppe ist voll: .* Ein deaktiviertes Konto belegt noch einen Platz; nehmen Sie es zuerst aus der Gruppe\.$/);
});
