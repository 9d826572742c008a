/** Members' ranked interests (topic slugs): the one module that writes the `interest` table. */
import { asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { interest } from '../../../db/schema.ts';
import { getDb } from './db.ts';

/** Replaces a member's interests with `slugs`, first choice first. */
export async function setInterests(userId: string, slugs: readonly string[], tx?: Db | Tx, now: Date = new Date()): Promise<void> {
	const db = tx ?? (await getDb());
	await db.delete(interest).where(eq(interest.userId, userId));
	if (slugs.length > 0) {
		await db.insert(interest).values(slugs.map((topicSlug, i) => ({ userId, topicSlug, rank: i + 1, updatedAt: now })));
	}
}

export async function getInterests(userId: string): Promise<string[]> {
	const db = await getDb();
	const rows = await db.select({ topicSlug: interest.topicSlug }).from(interest).where(eq(interest.userId, userId)).orderBy(asc(interest.rank));
	return rows.map((r) => r.topicSlug);
}
