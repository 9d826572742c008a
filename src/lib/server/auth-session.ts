/**
 * Database sessions after Lucia's current design (lucia-auth/lucia `code/auth_session.ts`).
 *
 * The cookie holds `<id>.<secret>`. The id is a lookup key; only SHA-256(secret) is stored and
 * compared in constant time, so neither a database leak nor response timing yields a usable
 * token. A session ends after a period without use (sliding, refreshed at most every few minutes
 * to spare writes) and after an absolute lifetime, both shorter for coordinators. Role and
 * deactivation are read on every request, so changes apply at the next one.
 */
import { and, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { authSession, secondFactor, user } from '../../../db/schema.ts';
import { getConfig } from './config.ts';
import { getDb, preparedQuery } from './db.ts';
import { dataVersionNow } from './page-cache.ts';
import { hashSecret, parseIdSecretToken, randomId, randomSecret, secretMatches } from './random.ts';

export type Role = 'member' | 'coordinator';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Security checklist S4: members 10 d / 30 d, coordinators 30 min / 12 h (ASVS L2). */
export const SESSION_POLICY: Record<Role, { inactivityMs: number; absoluteMs: number; refreshMs: number }> = {
	member: { inactivityMs: 10 * DAY, absoluteMs: 30 * DAY, refreshMs: HOUR },
	coordinator: { inactivityMs: 30 * MINUTE, absoluteMs: 12 * HOUR, refreshMs: MINUTE },
};

export interface SessionUser {
	id: string;
	name: string;
	email: string;
	role: Role;
	organizationId: string | null;
	/** Signs in with an authenticator app as well as the password (second-factor.ts). */
	hasSecondFactor: boolean;
	/** A coordinator without an authenticator app where the configuration requires one (guards.ts). */
	mustSetUpSecondFactor: boolean;
}

export interface AuthSession {
	id: string;
	userId: string;
	createdAt: Date;
	lastVerifiedAt: Date;
	/** When the cookie should expire: the earlier of the inactivity and the absolute limit. */
	expiresAt: Date;
}

function expiresAt(role: Role, createdAt: Date, lastVerifiedAt: Date): Date {
	const policy = SESSION_POLICY[role];
	return new Date(
		Math.min(lastVerifiedAt.getTime() + policy.inactivityMs, createdAt.getTime() + policy.absoluteMs),
	);
}

/**
 * What a page tells its reader about the session's end: seconds until it ends without use, and
 * whether using it pushes that end further out (not once the absolute lifetime is what ends it).
 */
export function sessionTimeLeft(session: AuthSession, role: Role, now: Date = new Date()): { seconds: number; extendable: boolean } {
	const absoluteEnd = session.createdAt.getTime() + SESSION_POLICY[role].absoluteMs;
	return {
		seconds: Math.max(0, Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000)),
		extendable: session.expiresAt.getTime() < absoluteEnd,
	};
}

/** Unix seconds are what the database keeps; compare at that precision. */
const toSeconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);

/** The password a sign-in was verified against has changed, or the account was switched off, meanwhile. */
export class StaleSignIn extends Error {}

export async function createSession(
	userId: string,
	options: {
		now?: Date;
		userAgent?: string | null;
		/**
		 * The password hash the sign-in was verified against. Verifying waits for the hash limit, and
		 * a password changed or reset meanwhile must not be outlived by a session from the old one:
		 * the session is only created while the account still has this hash and is active
		 * (StaleSignIn otherwise). A change after it ends the session like every other.
		 */
		verifiedHash?: string;
	} = {},
): Promise<{ token: string; session: AuthSession }> {
	const db = await getDb();
	const now = toSeconds(options.now ?? new Date());
	const id = randomId();
	const secret = randomSecret();
	const owner = await db.transaction(async (tx) => {
		const stillValid = options.verifiedHash === undefined ? undefined : and(eq(user.passwordHash, options.verifiedHash), isNull(user.deactivatedAt));
		// Every new session is a sign-in (password, code step or invitation): noted on the account.
		const owner = await tx.update(user).set({ lastSignInAt: now }).where(and(eq(user.id, userId), stillValid)).returning({ role: user.role }).get();
		if (!owner) {
			if (stillValid) throw new StaleSignIn();
			throw new Error(`createSession: unknown user ${userId}`);
		}
		await tx.insert(authSession).values({
			id,
			userId,
			secretHash: hashSecret(secret.bytes),
			createdAt: now,
			lastVerifiedAt: now,
			device: options.userAgent ? describeDevice(options.userAgent) : null,
		});
		return owner;
	});
	return {
		token: `${id}.${secret.encoded}`,
		session: { id, userId, createdAt: now, lastVerifiedAt: now, expiresAt: expiresAt(owner.role, now, now) },
	};
}

/** The session with its user, by id: run on every request, so built once. */
const sessionById = preparedQuery((db) =>
	db
		.select({
			id: authSession.id,
			secretHash: authSession.secretHash,
			createdAt: authSession.createdAt,
			lastVerifiedAt: authSession.lastVerifiedAt,
			userId: user.id,
			name: user.name,
			email: user.email,
			role: user.role,
			organizationId: user.organizationId,
			deactivatedAt: user.deactivatedAt,
			secondFactorOf: secondFactor.userId,
			dataVersion: dataVersionNow,
		})
		.from(authSession)
		.innerJoin(user, eq(authSession.userId, user.id))
		.leftJoin(secondFactor, eq(secondFactor.userId, user.id))
		.where(eq(authSession.id, sql.placeholder('id')))
		.prepare(),
);

/**
 * The session and its user, or null when the token is malformed, unknown, expired, tampered
 * with, or belongs to a deactivated account. Expired sessions are deleted on sight.
 */
export async function validateSessionToken(
	token: string,
	now: Date = new Date(),
	/** False: only look (the page's question how long the session has left must not lengthen it). */
	{ refresh = true }: { refresh?: boolean } = {},
): Promise<{ session: AuthSession; user: SessionUser; dataVersion: number | null } | null> {
	const parsed = parseIdSecretToken(token);
	if (!parsed) return null;
	const db = await getDb();
	const row = await (await sessionById()).get({ id: parsed.id });
	if (!row) return null;

	const policy = SESSION_POLICY[row.role];
	const idle = now.getTime() - row.lastVerifiedAt.getTime();
	const age = now.getTime() - row.createdAt.getTime();
	if (idle >= policy.inactivityMs || age >= policy.absoluteMs || row.deactivatedAt) {
		await db.delete(authSession).where(eq(authSession.id, row.id));
		return null;
	}
	if (!secretMatches(parsed.secret, row.secretHash)) return null;

	let lastVerifiedAt = row.lastVerifiedAt;
	if (refresh && idle >= policy.refreshMs) {
		lastVerifiedAt = toSeconds(now);
		await db.update(authSession).set({ lastVerifiedAt }).where(eq(authSession.id, row.id));
	}
	return {
		session: {
			id: row.id,
			userId: row.userId,
			createdAt: row.createdAt,
			lastVerifiedAt,
			expiresAt: expiresAt(row.role, row.createdAt, lastVerifiedAt),
		},
		user: {
			id: row.userId,
			name: row.name,
			email: row.email,
			role: row.role,
			organizationId: row.organizationId,
			hasSecondFactor: row.secondFactorOf !== null,
			mustSetUpSecondFactor: row.role === 'coordinator' && row.secondFactorOf === null && (await getConfig()).coordinatorSecondFactor === 'required',
		},
		// Read before a refresh above raised it: a page rendered now is kept under the older count,
		// which no later request sees (page-cache.ts).
		dataVersion: row.dataVersion,
	};
}

export async function invalidateSession(sessionId: string): Promise<void> {
	const db = await getDb();
	await db.delete(authSession).where(eq(authSession.id, sessionId));
}

/**
 * Ends every session of a user, or every one but `exceptSessionId`. The count is of sessions
 * that still worked: expired rows the daily clean-up has not reached go too, but are not news
 * ("3 Anmeldungen beendet" where the list showed one).
 */
export async function invalidateUserSessions(userId: string, exceptSessionId?: string, now: Date = new Date()): Promise<number> {
	const db = await getDb();
	const condition = exceptSessionId
		? and(eq(authSession.userId, userId), ne(authSession.id, exceptSessionId))
		: eq(authSession.userId, userId);
	const owner = await db.select({ role: user.role }).from(user).where(eq(user.id, userId)).get();
	const deleted = await db.delete(authSession).where(condition).returning({ createdAt: authSession.createdAt, lastVerifiedAt: authSession.lastVerifiedAt });
	return owner ? deleted.filter((s) => expiresAt(owner.role, s.createdAt, s.lastVerifiedAt).getTime() > now.getTime()).length : deleted.length;
}

export async function listUserSessions(userId: string) {
	const db = await getDb();
	return db
		.select({
			id: authSession.id,
			createdAt: authSession.createdAt,
			lastVerifiedAt: authSession.lastVerifiedAt,
			device: authSession.device,
		})
		.from(authSession)
		.where(eq(authSession.userId, userId))
		.orderBy(authSession.lastVerifiedAt);
}

/** The sessions that still work; an expired one stays stored until the daily purge or its next use. */
export async function listActiveSessions(userId: string, now: Date = new Date()) {
	const db = await getDb();
	const owner = await db.select({ role: user.role }).from(user).where(eq(user.id, userId)).get();
	if (!owner) return [];
	return (await listUserSessions(userId)).filter((s) => expiresAt(owner.role, s.createdAt, s.lastVerifiedAt).getTime() > now.getTime());
}

/**
 * Ends one session, only if it belongs to `userId`: the owner check is part of the DELETE, so
 * a member can never end somebody else's session by guessing an id. True when one ended.
 */
export async function endOwnSession(userId: string, sessionId: string): Promise<boolean> {
	const db = await getDb();
	const deleted = await db
		.delete(authSession)
		.where(and(eq(authSession.id, sessionId), eq(authSession.userId, userId)))
		.returning({ id: authSession.id });
	return deleted.length === 1;
}

/** Deletes every session of a user inside the caller's transaction (erasing an account). */
export async function eraseSessionsOf(userId: string, tx: Db | Tx): Promise<void> {
	await tx.delete(authSession).where(eq(authSession.userId, userId));
}

/** Deletes the sessions that ran out, by their role's limits (the daily clean-up). */
export async function purgeExpiredSessions(now: Date = new Date()): Promise<number> {
	const db = await getDb();
	let total = 0;
	for (const [role, policy] of Object.entries(SESSION_POLICY)) {
		const idleBefore = new Date(now.getTime() - policy.inactivityMs);
		const createdBefore = new Date(now.getTime() - policy.absoluteMs);
		const ofRole = db.select({ id: user.id }).from(user).where(eq(user.role, role as keyof typeof SESSION_POLICY));
		const gone = await db
			.delete(authSession)
			.where(and(sql`${authSession.userId} IN ${ofRole}`, or(lt(authSession.lastVerifiedAt, idleBefore), lt(authSession.createdAt, createdBefore))))
			.returning({ id: authSession.id });
		total += gone.length;
	}
	return total;
}

/** What a session without a recognisable browser is called. */
export const UNKNOWN_DEVICE = 'Unbekanntes Gerät';

/**
 * "Firefox unter Windows": enough to recognise one's own devices, nothing more. Unknown
 * strings give a neutral label. Only this label is stored, never the raw user agent.
 */
export function describeDevice(ua: string): string {
	const browser = /Edg\//.test(ua)
		? 'Edge'
		: /OPR\/|Opera/.test(ua)
			? 'Opera'
			: /Firefox\//.test(ua)
				? 'Firefox'
				: /Chrom(e|ium)\//.test(ua)
					? 'Chrome'
					: /Safari\//.test(ua)
						? 'Safari'
						: null;
	const system = /iPhone|iPad|iPod/.test(ua)
		? 'iOS'
		: /Android/.test(ua)
			? 'Android'
			: /Windows/.test(ua)
				? 'Windows'
				: /Mac OS X|Macintosh/.test(ua)
					? 'macOS'
					: /CrOS/.test(ua)
						? 'ChromeOS'
						: /Linux/.test(ua)
							? 'Linux'
							: null;
	if (browser && system) return `${browser} unter ${system}`;
	return browser ?? (system ? `Browser unter ${system}` : UNKNOWN_DEVICE);
}

/** The user's sessions for their own overview: this device first, then the most recently used. */
export async function listOwnSessions(userId: string, currentSessionId: string | null, now: Date = new Date()) {
	const sessions = await listActiveSessions(userId, now);
	return sessions
		.map((s) => ({
			id: s.id,
			createdAt: s.createdAt,
			lastUsedAt: s.lastVerifiedAt,
			device: s.device ?? UNKNOWN_DEVICE,
			current: s.id === currentSessionId,
		}))
		.sort((a, b) => Number(b.current) - Number(a.current) || b.lastUsedAt.getTime() - a.lastUsedAt.getTime());
}
