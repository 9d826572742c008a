/** Members' ranked interests (topic slugs): the one module that writes the `interest` table. */
import { and, asc, desc, eq, gte, inArray, max, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { auditEvent, interest, organization, user } from '../../../db/schema.ts';
import { recordAudit } from './audit.ts';
import { getDb, preparedQuery } from './db.ts';

/** The audit action of a member's own change; the office's queue lists these. */
export const INTERESTS_CHANGED = 'interests.changed';

/** Replaces a member's interests with `slugs`, first choice first. */
export async function setInterests(userId: string, slugs: readonly string[], tx?: Db | Tx, now: Date = new Date()): Promise<void> {
	const db = tx ?? (await getDb());
	await db.delete(interest).where(eq(interest.userId, userId));
	if (slugs.length > 0) {
		await db.insert(interest).values(slugs.map((topicSlug, i) => ({ userId, topicSlug, rank: i + 1, updatedAt: now })));
	}
}

const interestsOf = preparedQuery((db) =>
	db.select({ topicSlug: interest.topicSlug }).from(interest).where(eq(interest.userId, sql.placeholder('userId'))).orderBy(asc(interest.rank)).prepare(),
);

export async function getInterests(userId: string): Promise<string[]> {
	const rows = await (await interestsOf()).all({ userId });
	return rows.map((r) => r.topicSlug);
}

/** Every member's ranked topics, first choice first (the matching's input). */
export async function allRankedInterests(): Promise<Map<string, string[]>> {
	const db = await getDb();
	const byUser = new Map<string, string[]>();
	for (const row of await db.select({ userId: interest.userId, topicSlug: interest.topicSlug }).from(interest).orderBy(asc(interest.rank))) {
		byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.topicSlug]);
	}
	return byUser;
}

/** Everyone who chose `topicSlug` among their interests, in one query (the office's list of candidates for a seat). */
export async function membersWishing(topicSlug: string): Promise<Set<string>> {
	const db = await getDb();
	const rows = await db.select({ userId: interest.userId }).from(interest).where(eq(interest.topicSlug, topicSlug));
	return new Set(rows.map((r) => r.userId));
}

export type ChangeInterestsResult = { ok: true; changed: boolean } | { ok: false; reason: 'unknown-topic' };

/**
 * A member's own change of their ranked interests: saved and recorded in the audit log in one
 * transaction, so the office's queue lists it. Saving the same list again records nothing.
 * Nobody is moved between groups automatically; the office decides.
 */
export async function changeInterests(
	userId: string,
	slugs: readonly string[],
	knownTopics: readonly string[],
	now: Date = new Date(),
): Promise<ChangeInterestsResult> {
	if (slugs.some((s) => !knownTopics.includes(s))) return { ok: false, reason: 'unknown-topic' };
	const db = await getDb();
	const changed = await db.transaction(async (tx) => {
		const before = (await tx.select({ topicSlug: interest.topicSlug }).from(interest).where(eq(interest.userId, userId)).orderBy(asc(interest.rank))).map(
			(r) => r.topicSlug,
		);
		if (before.length === slugs.length && before.every((s, i) => s === slugs[i])) return false;
		await setInterests(userId, slugs, tx, now);
		await recordAudit(
			{ actorId: userId, action: INTERESTS_CHANGED, subjectType: 'user', subjectId: userId, details: { before, after: [...slugs] } },
			tx,
			now,
		);
		return true;
	});
	return { ok: true, changed };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Members who changed their interests themselves in the last `days` days, newest change
 * first, with their current ranking. Read from the audit log: interests set by the office
 * (accepting an application) are not changes the office needs to look at again.
 */
export async function listRecentInterestChanges(days = 30, now: Date = new Date()) {
	const db = await getDb();
	const since = new Date(now.getTime() - days * DAY_MS);
	const lastChange = max(auditEvent.createdAt);
	const rows = await db
		.select({ userId: user.id, name: user.name, organizationName: organization.name, changedAt: lastChange })
		.from(auditEvent)
		.innerJoin(user, eq(auditEvent.subjectId, user.id))
		.leftJoin(organization, eq(user.organizationId, organization.id))
		.where(and(eq(auditEvent.action, INTERESTS_CHANGED), eq(auditEvent.subjectType, 'user'), gte(auditEvent.createdAt, since), eq(user.role, 'member')))
		.groupBy(user.id)
		.orderBy(desc(lastChange));
	if (rows.length === 0) return [];
	const current = await db
		.select({ userId: interest.userId, topicSlug: interest.topicSlug })
		.from(interest)
		.where(inArray(interest.userId, rows.map((r) => r.userId)))
		.orderBy(asc(interest.rank));
	return rows.map((r) => ({
		...r,
		changedAt: r.changedAt ?? now,
		interests: current.filter((c) => c.userId === r.userId).map((c) => c.topicSlug),
	}));
}
