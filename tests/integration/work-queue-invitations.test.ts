/**
 * The work queue lists members who have not taken up their invitation, with the day its link
 * runs out, or that it has: a member placed in a group a year later held a link long dead, and
 * the queue gave no hint that only a new invitation would help.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { user } from '../../db/schema.ts';
import { workQueue } from '../../src/lib/server/office.ts';
import { TOKEN_LIFETIME_MS, issueToken } from '../../src/lib/server/one-time-token.ts';
import { demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
});
afterAll(() => t.close());

test('an open invitation shows until when its link works, and that it ran out afterwards', async () => {
	const invited = demoUserId(7);
	await t.db.update(user).set({ passwordHash: null }).where(eq(user.id, invited));
	const sentAt = new Date('2027-01-10T09:00:00Z');
	const { expiresAt } = await issueToken(invited, 'invitation', sentAt);
	expect(expiresAt.getTime() - sentAt.getTime()).toBe(TOKEN_LIFETIME_MS.invitation);

	const entry = async (now: Date) => (await workQueue(now)).openInvitations.find((m) => m.userId === invited);
	expect((await entry(new Date('2027-01-12T09:00:00Z')))?.linkExpiresAt).toEqual(expiresAt);
	const later = await entry(new Date(expiresAt.getTime() + 60_000));
	expect(later, 'still listed: the account is still waiting').toBeDefined();
	expect(later!.linkExpiresAt).toBeNull();
	// Members with a password are not listed at all.
	expect((await workQueue(sentAt)).openInvitations.some((m) => m.userId === demoUserId(8))).toBe(false);
});
