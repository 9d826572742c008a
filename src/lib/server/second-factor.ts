/**
 * The second login factor: a TOTP key from an authenticator app (totp.ts computes the codes).
 * Owns the `second_factor` and `second_factor_challenge` tables. A person with a key is signed
 * in only after password and code. Between the two there is no session, only a challenge: a
 * random `<id>.<secret>` in a five-minute cookie (session-cookie.ts), stored as a hash like a
 * session and used once.
 */
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { and, eq, lt, TransactionRollbackError } from 'drizzle-orm';
import { secondFactor, secondFactorChallenge, user } from '../../../db/schema.ts';
import { sign, verifySigned } from './app-secret.ts';
import { recordAudit } from './audit.ts';
import { createSession, invalidateUserSessions, type AuthSession, type Role } from './auth-session.ts';
import { getConfig } from './config.ts';
import { getDb } from './db.ts';
import { sendMail } from './mail.ts';
import { secondFactorChangedMail } from './mail-templates.ts';
import { hit, reset } from './rate-limit.ts';
import { hashSecret, parseIdSecretToken, randomBytes, randomId, randomSecret, secretMatches } from './random.ts';
import { PORTAL_PATHS } from '../site.ts';
import { logEvent } from './security-log.ts';
import { CHALLENGE_SECONDS } from './session-cookie.ts';
import { matchingStep, TOTP_KEY_BYTES } from './totp.ts';

export const newSecondFactorKey = (): Uint8Array => randomBytes(TOTP_KEY_BYTES);

/** How long a key offered on the setup page stays good for confirming. */
const OFFER_MINUTES = 30;

/**
 * The key offered on the setup page travels in the form, signed and bound to the person, so
 * nothing is stored before their app has it and nobody can plant a key of their choosing.
 */
export async function offerKey(userId: string, key: Uint8Array, now = new Date()): Promise<string> {
	return sign('second-factor-offer', `${userId}.${encodeBase32UpperCaseNoPadding(key)}.${now.getTime() + OFFER_MINUTES * 60_000}`);
}

/** The offered key, if the form carries one we signed for this person and it is recent. */
export async function offeredKey(userId: string, offer: string, now = new Date()): Promise<Uint8Array | null> {
	const payload = await verifySigned('second-factor-offer', offer);
	const [owner, key, expires] = payload?.split('.') ?? [];
	if (owner !== userId || !key || !(Number(expires) > now.getTime())) return null;
	return decodeBase32IgnorePadding(key);
}

/** When the person set up their app, or null without one. */
export async function secondFactorSince(userId: string): Promise<Date | null> {
	const db = await getDb();
	const row = await db.select({ createdAt: secondFactor.createdAt }).from(secondFactor).where(eq(secondFactor.userId, userId)).get();
	return row?.createdAt ?? null;
}

export type EnableResult = 'enabled' | 'wrong-code' | 'already-set-up';

/**
 * Stores `key` once the person proved their app has it (`code` matches). Never replaces a key:
 * a second app needs the first one removed (with the password) first. Ends the person's other
 * sessions, which were opened with the password alone.
 */
export async function enableSecondFactor(userId: string, key: Uint8Array, code: string, keepSessionId: string, now: Date = new Date()): Promise<EnableResult> {
	const step = matchingStep(key, code, now, null);
	if (step === null) return 'wrong-code';
	const db = await getDb();
	const stored = await db
		.insert(secondFactor)
		.values({ userId, key: Buffer.from(key), lastUsedStep: step, createdAt: now })
		.onConflictDoNothing()
		.returning({ userId: secondFactor.userId });
	if (stored.length === 0) return 'already-set-up';
	await recordAudit({ actorId: userId, action: 'second_factor.enabled', subjectType: 'user', subjectId: userId }, undefined, now);
	await invalidateUserSessions(userId, keepSessionId);
	logEvent('second_factor.enabled', { user: userId });
	await tellOwner(userId, true, now);
	return 'enabled';
}

/**
 * Removes the key: by the person (after their password), by the office for a member who lost
 * their phone, or by an operator on the command line (`actorId` null). `details` says how the
 * office made sure the request came from the person; it goes into the log of the office.
 */
export async function removeSecondFactor(userId: string, actorId: string | null, now: Date = new Date(), details?: Record<string, string>): Promise<boolean> {
	const db = await getDb();
	const removed = await db.delete(secondFactor).where(eq(secondFactor.userId, userId)).returning({ userId: secondFactor.userId });
	if (removed.length === 0) return false;
	await db.delete(secondFactorChallenge).where(eq(secondFactorChallenge.userId, userId));
	await recordAudit({ actorId, action: 'second_factor.removed', subjectType: 'user', subjectId: userId, details }, undefined, now);
	logEvent('second_factor.removed', { user: userId, by: actorId ?? 'command line' });
	await tellOwner(userId, false, now);
	return true;
}

/**
 * A mail to the account's own address: whoever changed the factor, its owner hears of it.
 * Awaited, so the delivery is recorded before a command-line caller closes the database.
 */
async function tellOwner(userId: string, enabled: boolean, now: Date): Promise<void> {
	const db = await getDb();
	const owner = await db.select({ name: user.name, email: user.email }).from(user).where(eq(user.id, userId)).get();
	if (!owner) return;
	const { siteUrl } = await getConfig();
	const mail = secondFactorChangedMail({ name: owner.name, address: owner.email }, { at: now, enabled, resetPage: new URL(PORTAL_PATHS.forgotPassword, siteUrl).href });
	// A failed delivery is recorded by sendMail and shows in the office's work queue.
	await sendMail(mail, { kind: 'second_factor_changed', userId }).catch(() => {});
}

// ── between password and code ────────────────────────────────────────────────────────────

/** After the right password: the token for the cookie that the code step asks for. */
export async function beginSecondFactor(userId: string, next: string | null, now: Date = new Date()): Promise<string> {
	const db = await getDb();
	const id = randomId();
	const secret = randomSecret();
	// Older unfinished sign-ins of the person end here, in the same transaction: only the newest counts.
	await db.transaction(async (tx) => {
		await tx.delete(secondFactorChallenge).where(eq(secondFactorChallenge.userId, userId));
		await tx.insert(secondFactorChallenge).values({ id, userId, secretHash: hashSecret(secret.bytes), next, createdAt: now });
	});
	return `${id}.${secret.encoded}`;
}

interface Challenge {
	id: string;
	userId: string;
	next: string | null;
}

/**
 * The unfinished sign-in the cookie names, or null: unknown, tampered with, older than five
 * minutes, or the password changed since (a reset ends what the old password began).
 */
export async function findChallenge(token: string | undefined, now: Date = new Date()): Promise<Challenge | null> {
	const parsed = token ? parseIdSecretToken(token) : null;
	if (!parsed) return null;
	const db = await getDb();
	const row = await db
		.select({ id: secondFactorChallenge.id, userId: secondFactorChallenge.userId, secretHash: secondFactorChallenge.secretHash, next: secondFactorChallenge.next, createdAt: secondFactorChallenge.createdAt, passwordChangedAt: user.passwordChangedAt })
		.from(secondFactorChallenge)
		.innerJoin(user, eq(user.id, secondFactorChallenge.userId))
		.where(eq(secondFactorChallenge.id, parsed.id))
		.get();
	if (!row || !secretMatches(parsed.secret, row.secretHash)) return null;
	const expired = now.getTime() - row.createdAt.getTime() >= CHALLENGE_SECONDS * 1000;
	const passwordChanged = row.passwordChangedAt !== null && row.passwordChangedAt.getTime() > row.createdAt.getTime();
	return expired || passwordChanged ? null : { id: row.id, userId: row.userId, next: row.next };
}

/** Drops unfinished sign-ins older than five minutes (run by the daily purge). */
export async function purgeExpiredChallenges(now: Date = new Date()): Promise<number> {
	const db = await getDb();
	const gone = await db
		.delete(secondFactorChallenge)
		.where(lt(secondFactorChallenge.createdAt, new Date(now.getTime() - CHALLENGE_SECONDS * 1000)))
		.returning({ id: secondFactorChallenge.id });
	return gone.length;
}

export type SecondFactorResult =
	| { ok: true; token: string; session: AuthSession; role: Role; next: string | null }
	| { ok: false; reason: 'expired' | 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * The second step of a login: the cookie's challenge must be current, and `code` a code of the
 * person's app not used before. Every attempt counts against the account before the code is
 * looked at (one atomic write), so parallel guesses cannot slip past the limit; the right code
 * clears the count. Code step and challenge are taken together (takeStepAndChallenge): of two
 * requests with the same code or the same cookie, one wins.
 */
export async function completeSecondFactor(
	challengeToken: string | undefined,
	code: string,
	request: { ip: string; userAgent?: string | null; now?: Date },
): Promise<SecondFactorResult> {
	const now = request.now ?? new Date();
	const challenge = await findChallenge(challengeToken, now);
	if (!challenge) return { ok: false, reason: 'expired' };
	const userId = challenge.userId;
	const attempt = await hit('secondFactorAccount', userId, now);
	if (attempt.limited) return { ok: false, reason: 'throttled', retryAfterSeconds: attempt.retryAfterSeconds };

	const db = await getDb();
	const row = await db
		.select({ key: secondFactor.key, lastUsedStep: secondFactor.lastUsedStep, role: user.role, deactivatedAt: user.deactivatedAt })
		.from(secondFactor)
		.innerJoin(user, eq(user.id, secondFactor.userId))
		.where(eq(secondFactor.userId, userId))
		.get();
	const step = row && !row.deactivatedAt ? matchingStep(new Uint8Array(row.key), code, now, row.lastUsedStep) : null;
	const outcome = step === null ? 'invalid' : await takeStepAndChallenge(userId, step, challenge.id);
	if (!row || outcome !== 'taken') {
		logEvent('login.second_factor_failure', { ip: request.ip, user: userId });
		return { ok: false, reason: outcome === 'expired' ? 'expired' : 'invalid' };
	}
	await reset('secondFactorAccount', userId);
	const { token, session } = await createSession(userId, { now, userAgent: request.userAgent ?? null });
	logEvent('login.success', { ip: request.ip, user: userId, role: row.role, second_factor: true });
	return { ok: true, token, session, role: row.role, next: challenge.next };
}

/**
 * The code's time step and the challenge, both or neither, in one transaction: a step already
 * used (or older) is 'invalid' and leaves the challenge for the next try; a challenge gone
 * meanwhile (a newer sign-in, a double submit) is 'expired' and leaves the code unused.
 */
async function takeStepAndChallenge(userId: string, step: number, challengeId: string): Promise<'taken' | 'invalid' | 'expired'> {
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			const stepTaken = await tx
				.update(secondFactor)
				.set({ lastUsedStep: step })
				.where(and(eq(secondFactor.userId, userId), lt(secondFactor.lastUsedStep, step)))
				.returning({ userId: secondFactor.userId });
			if (stepTaken.length === 0) return 'invalid';
			const challengeTaken = await tx.delete(secondFactorChallenge).where(eq(secondFactorChallenge.id, challengeId)).returning({ id: secondFactorChallenge.id });
			if (challengeTaken.length === 0) tx.rollback(); // gives the step back
			return 'taken';
		});
	} catch (error) {
		if (error instanceof TransactionRollbackError) return 'expired';
		throw error;
	}
}

/** Unfinished sign-ins of the person end: on a password change, and when the office signs them out everywhere. */
export async function endChallengesOf(userId: string): Promise<void> {
	const db = await getDb();
	await db.delete(secondFactorChallenge).where(eq(secondFactorChallenge.userId, userId));
}
