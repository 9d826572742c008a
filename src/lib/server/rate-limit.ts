/**
 * Throttling in the database: fixed windows per key, counted with one atomic upsert, so limits
 * hold across restarts and across several server instances on one database. Throttle before
 * hashing a password: the check is cheap, the hash is not. Only actions (POST) use these: no page
 * shows a counter, so writing one does not count as a change for the page cache (db/client.ts,
 * UNCOUNTED), and a page that read one could be served stale.
 */
import { eq, lt, sql } from 'drizzle-orm';
import { rateLimit } from '../../../db/schema.ts';
import { getConfig, type Limit, type LimitName } from './config.ts';
import { getDb } from './db.ts';

export interface LimitState {
	limited: boolean;
	/** Seconds until the window ends; 0 when not limited. */
	retryAfterSeconds: number;
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

async function limitFor(name: LimitName): Promise<Limit> {
	return (await getConfig()).limits[name];
}

/** Counts one event for `key` and says whether it went over the limit, and how many more the window allows. */
export async function hit(name: LimitName, key: string, now: Date = new Date()): Promise<LimitState & { remaining: number }> {
	const { limit, windowSeconds } = await limitFor(name);
	const db = await getDb();
	const nowS = seconds(now);
	const expiredBefore = nowS - windowSeconds;
	const fullKey = `${name}:${key}`;
	const row = await db
		.insert(rateLimit)
		.values({ key: fullKey, windowStart: nowS, count: 1 })
		.onConflictDoUpdate({
			target: rateLimit.key,
			set: {
				count: sql`CASE WHEN ${rateLimit.windowStart} <= ${expiredBefore} THEN 1 ELSE ${rateLimit.count} + 1 END`,
				windowStart: sql`CASE WHEN ${rateLimit.windowStart} <= ${expiredBefore} THEN ${nowS} ELSE ${rateLimit.windowStart} END`,
			},
		})
		.returning({ count: rateLimit.count, windowStart: rateLimit.windowStart })
		.get();
	return { ...state(row.count > limit, row.windowStart + windowSeconds - nowS), remaining: Math.max(0, limit - row.count) };
}

/** Whether `key` is over its limit right now, without counting anything. */
export async function peek(name: LimitName, key: string, now: Date = new Date()): Promise<LimitState> {
	const { limit, windowSeconds } = await limitFor(name);
	const db = await getDb();
	const row = await db.select().from(rateLimit).where(eq(rateLimit.key, `${name}:${key}`)).get();
	const nowS = seconds(now);
	if (!row || row.windowStart <= nowS - windowSeconds) return state(false, 0);
	return state(row.count >= limit, row.windowStart + windowSeconds - nowS);
}

/** Forgets a key, e.g. the failed-login counter after a successful login. */
export async function reset(name: LimitName, key: string): Promise<void> {
	const db = await getDb();
	await db.delete(rateLimit).where(eq(rateLimit.key, `${name}:${key}`));
}

/** Takes back one event counted for `key` (never below zero), e.g. an attempt that proved legitimate. */
export async function refund(name: LimitName, key: string): Promise<void> {
	const db = await getDb();
	await db
		.update(rateLimit)
		.set({ count: sql`max(${rateLimit.count} - 1, 0)` })
		.where(eq(rateLimit.key, `${name}:${key}`));
}

/** Drops windows that ended long ago (run by the daily purge). */
export async function purgeExpiredLimits(now: Date = new Date()): Promise<number> {
	const db = await getDb();
	const longestWindow = Math.max(...Object.values((await getConfig()).limits).map((l) => l.windowSeconds));
	const gone = await db
		.delete(rateLimit)
		.where(lt(rateLimit.windowStart, seconds(now) - longestWindow))
		.returning({ key: rateLimit.key });
	return gone.length;
}

function state(limited: boolean, retryAfterSeconds: number): LimitState {
	return { limited, retryAfterSeconds: limited ? Math.max(1, retryAfterSeconds) : 0 };
}

/** "in 12 Minuten" / "in 45 Sekunden" */
export function germanWait(secondsLeft: number): string {
	if (secondsLeft >= 90) return `in ${Math.ceil(secondsLeft / 60)} Minuten`;
	return `in ${secondsLeft} Sekunden`;
}
