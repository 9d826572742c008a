/**
 * Private calendar subscriptions: the one module that writes `calendar_feed`. A member has at
 * most one feed address; its token is `id.secret` like a session's, and only a hash of the
 * secret is stored, so a renewal or revocation ends the old address at once. The feed's content
 * is the member's calendar from meetings.ts.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { calendarFeed, user } from '../../../db/schema.ts';
import { getDb, preparedQuery } from './db.ts';
import { hashSecret, parseIdSecretToken, randomId, randomSecret, secretMatches } from './random.ts';

/** A new private feed address (the old one stops working). Returns the token for the URL. */
export async function renewFeed(userId: string, now: Date = new Date()): Promise<string> {
	return (await writeFeed(userId, now))!;
}

/**
 * Like renewFeed, but only in place of the feed the member's page showed (its id, or null for
 * none). A form sent again (a reload after the new address was shown, a second tab) finds another
 * feed by then and gets null, so the address just copied keeps working.
 */
export async function replaceShownFeed(userId: string, shown: string | null, now: Date = new Date()): Promise<string | null> {
	return writeFeed(userId, now, shown === null ? sql`0` : eq(calendarFeed.id, shown));
}

async function writeFeed(userId: string, now: Date, onlyIf?: SQL): Promise<string | null> {
	const db = await getDb();
	const id = randomId();
	const secret = randomSecret();
	const secretHash = hashSecret(secret.bytes);
	// One statement, so two renewals at once cannot collide on the one feed a member may have.
	const written = await db
		.insert(calendarFeed)
		.values({ id, userId, secretHash, createdAt: now })
		.onConflictDoUpdate({ target: calendarFeed.userId, set: { id, secretHash, createdAt: now }, ...(onlyIf && { setWhere: onlyIf }) })
		.returning({ id: calendarFeed.id })
		.get();
	return written ? `${id}.${secret.encoded}` : null;
}

export async function revokeFeed(userId: string): Promise<void> {
	const db = await getDb();
	await db.delete(calendarFeed).where(eq(calendarFeed.userId, userId));
}

const feedOf = preparedQuery((db) =>
	db.select({ id: calendarFeed.id, createdAt: calendarFeed.createdAt }).from(calendarFeed).where(eq(calendarFeed.userId, sql.placeholder('userId'))).prepare(),
);

/**
 * The member's feed, or null: its id (not the secret), which pages send back with the renewal
 * form, and since when it exists (the portal says so, and so does the data download).
 */
export async function currentFeed(userId: string): Promise<{ id: string; createdAt: Date } | null> {
	return (await (await feedOf()).get({ userId })) ?? null;
}

/** The member a feed token belongs to, if it is genuine and the account active. */
export async function feedOwner(token: string): Promise<string | null> {
	const parsed = parseIdSecretToken(token);
	if (!parsed) return null;
	const db = await getDb();
	const row = await db
		.select({ userId: calendarFeed.userId, secretHash: calendarFeed.secretHash, deactivatedAt: user.deactivatedAt })
		.from(calendarFeed)
		.innerJoin(user, eq(calendarFeed.userId, user.id))
		.where(eq(calendarFeed.id, parsed.id))
		.get();
	if (!row || row.deactivatedAt || !secretMatches(parsed.secret, row.secretHash)) return null;
	return row.userId;
}

/** Ends the feed inside the caller's transaction (the account's address was someone else's). */
export async function eraseFeedOf(userId: string, tx: Db | Tx): Promise<void> {
	await tx.delete(calendarFeed).where(eq(calendarFeed.userId, userId));
}
