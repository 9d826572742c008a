/**
 * The second login factor: a TOTP key from an authenticator app (totp.ts computes the codes),
 * and ten recovery codes for a sign-in without the phone. Owns the `second_factor`,
 * `recovery_code` and `second_factor_challenge` tables. A person with a key is signed in only
 * after password and code. Between the two there is no session, only a challenge: a random
 * `<id>.<secret>` in a five-minute cookie (session-cookie.ts), stored as a hash like a session
 * and used once.
 */
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { and, count, eq, lt, TransactionRollbackError } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { recoveryCode, secondFactor, secondFactorChallenge, user } from '../../../db/schema.ts';
import { sign, verifySigned } from './app-secret.ts';
import { recordAudit } from './audit.ts';
import { createSession, invalidateUserSessions, type AuthSession, type Role } from './auth-session.ts';
import { getConfig } from './config.ts';
import { getDb } from './db.ts';
import { sendMail, sendMailInBackground, type Mail, type MailAddress, type MailKind } from './mail.ts';
import { recoveryCodesRenewedMail, recoveryCodeUsedMail, secondFactorChangedMail } from './mail-templates.ts';
import { hit, reset } from './rate-limit.ts';
import { codeBytes, formatCode, hashSecret, normalizeCode, parseIdSecretToken, randomBytes, randomCode, randomId, randomSecret, secretMatches } from './random.ts';
import { PORTAL_PATHS } from '../site.ts';
import { logEvent, logFailure } from './security-log.ts';
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

export type EnableResult = { ok: true; recoveryCodes: string[] } | { ok: false; reason: 'wrong-code' | 'already-set-up' };

/**
 * Stores `key` once the person proved their app has it (`code` matches), with a first set of
 * recovery codes, returned to be shown once. Never replaces a key: a second app needs the first
 * one removed (with the password) first. Ends the person's other sessions, which were opened
 * with the password alone.
 */
export async function enableSecondFactor(userId: string, key: Uint8Array, code: string, keepSessionId: string, now: Date = new Date()): Promise<EnableResult> {
	const step = matchingStep(key, code, now, null);
	if (step === null) return { ok: false, reason: 'wrong-code' };
	const db = await getDb();
	const recoveryCodes = await db.transaction(async (tx) => {
		const stored = await tx
			.insert(secondFactor)
			.values({ userId, key: Buffer.from(key), lastUsedStep: step, createdAt: now })
			.onConflictDoNothing()
			.returning({ userId: secondFactor.userId });
		return stored.length === 0 ? null : replaceRecoveryCodes(userId, tx);
	});
	if (!recoveryCodes) return { ok: false, reason: 'already-set-up' };
	await recordAudit({ actorId: userId, action: 'second_factor.enabled', subjectType: 'user', subjectId: userId }, undefined, now);
	await invalidateUserSessions(userId, keepSessionId);
	logEvent('second_factor.enabled', { user: userId });
	await tellOwner(userId, 'second_factor_changed', (to, resetPage) => secondFactorChangedMail(to, { at: now, enabled: true, resetPage }));
	return { ok: true, recoveryCodes };
}

// ── recovery codes ───────────────────────────────────────────────────────────────────────

export const RECOVERY_CODE_COUNT = 10;

/** A code as typed (any case, spaces, dashes) to the hash that is stored. */
const recoveryCodeHash = (code: string) => hashSecret(codeBytes(code));

/** Whether what was typed has the form of a recovery code (ten letters and digits) rather than the app's six digits. */
export const looksLikeRecoveryCode = (typed: string) => normalizeCode(typed).length === 10;

/** A new set of codes in place of the old ones, formatted for reading ("K7QM-2XWP-RD"). */
async function replaceRecoveryCodes(userId: string, tx: Db | Tx): Promise<string[]> {
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => formatCode(randomCode()));
	await tx.delete(recoveryCode).where(eq(recoveryCode.userId, userId));
	await tx.insert(recoveryCode).values(codes.map((code) => ({ userId, codeHash: recoveryCodeHash(code) })));
	return codes;
}

/** New recovery codes for a person with an app (the old ones stop working, the owner gets a mail); null without an app. */
export async function renewRecoveryCodes(userId: string, now: Date = new Date()): Promise<string[] | null> {
	const db = await getDb();
	const codes = await db.transaction(async (tx) => {
		const hasApp = await tx.select({ userId: secondFactor.userId }).from(secondFactor).where(eq(secondFactor.userId, userId)).get();
		return hasApp ? replaceRecoveryCodes(userId, tx) : null;
	});
	if (!codes) return null;
	await recordAudit({ actorId: userId, action: 'second_factor.recovery_codes_renewed', subjectType: 'user', subjectId: userId }, undefined, now);
	logEvent('second_factor.recovery_codes_renewed', { user: userId });
	// New codes work like the app: if it was not the owner, they must hear of it now, not when their own codes fail.
	await tellOwner(userId, 'recovery_codes_renewed', (to, resetPage) => recoveryCodesRenewedMail(to, { at: now, resetPage }));
	return codes;
}

/** How many of the person's recovery codes are still unused. */
export async function recoveryCodesLeft(userId: string): Promise<number> {
	const db = await getDb();
	const row = await db.select({ left: count() }).from(recoveryCode).where(eq(recoveryCode.userId, userId)).get();
	return row?.left ?? 0;
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
	await endChallengesOf(userId);
	await recordAudit({ actorId, action: 'second_factor.removed', subjectType: 'user', subjectId: userId, details }, undefined, now);
	logEvent('second_factor.removed', { user: userId, by: actorId ?? 'command line' });
	// Removed by someone else (the office on the person's request, an operator): the mail says so,
	// rather than asking "was it not you?" of someone who knows it was not.
	await tellOwner(userId, 'second_factor_changed', (to, resetPage) => secondFactorChangedMail(to, { at: now, enabled: false, resetPage, byOffice: actorId !== userId }));
	return true;
}

/**
 * A mail to the account's own address: whoever changed the factor or stood in for it, its owner
 * hears of it. Awaited unless `background`, so the delivery is recorded before a command-line
 * caller closes the database; a sign-in does not wait for a slow mail server.
 */
async function tellOwner(userId: string, kind: MailKind, mailFor: (to: MailAddress, resetPage: string, office: boolean) => Mail, { background = false } = {}): Promise<void> {
	const db = await getDb();
	const owner = await db.select({ name: user.name, email: user.email, role: user.role }).from(user).where(eq(user.id, userId)).get();
	if (!owner) return;
	const { siteUrl } = await getConfig();
	const mail = mailFor({ name: owner.name, address: owner.email }, new URL(PORTAL_PATHS.forgotPassword, siteUrl).href, owner.role === 'coordinator');
	// A failed delivery is recorded by sendMail and shows in the office's work queue.
	if (background) sendMailInBackground(mail, { kind, userId });
	else await sendMail(mail, { kind, userId }).catch(() => {});
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
	/** Whose sign-in it is, for what the code page says about a lost phone. */
	role: Role;
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
		.select({ id: secondFactorChallenge.id, userId: secondFactorChallenge.userId, role: user.role, secretHash: secondFactorChallenge.secretHash, next: secondFactorChallenge.next, createdAt: secondFactorChallenge.createdAt, passwordChangedAt: user.passwordChangedAt })
		.from(secondFactorChallenge)
		.innerJoin(user, eq(user.id, secondFactorChallenge.userId))
		.where(eq(secondFactorChallenge.id, parsed.id))
		.get();
	if (!row || !secretMatches(parsed.secret, row.secretHash)) return null;
	const expired = now.getTime() - row.createdAt.getTime() >= CHALLENGE_SECONDS * 1000;
	const passwordChanged = row.passwordChangedAt !== null && row.passwordChangedAt.getTime() > row.createdAt.getTime();
	return expired || passwordChanged ? null : { id: row.id, userId: row.userId, role: row.role, next: row.next };
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
 * The second step of a login: the cookie's challenge must be current, and `code` either a code
 * of the person's app not used before or one of their unused recovery codes. Every attempt
 * counts against the account before the code is looked at (one atomic write), so parallel
 * guesses cannot slip past the limit; the right code clears the count. Code and challenge are
 * taken together in one transaction (takeCodeAndChallenge): of two requests with the same code
 * or the same cookie, one wins.
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
	const recovery = looksLikeRecoveryCode(code);
	let outcome: Awaited<ReturnType<typeof takeCodeAndChallenge>> = 'invalid';
	if (row && !row.deactivatedAt) {
		if (recovery) {
			outcome = await takeCodeAndChallenge(challenge.id, (tx) =>
				tx.delete(recoveryCode).where(and(eq(recoveryCode.userId, userId), eq(recoveryCode.codeHash, recoveryCodeHash(code)))).returning({ userId: recoveryCode.userId }),
			);
		} else {
			const step = matchingStep(new Uint8Array(row.key), code, now, row.lastUsedStep);
			if (step !== null) {
				outcome = await takeCodeAndChallenge(challenge.id, (tx) =>
					tx
						.update(secondFactor)
						.set({ lastUsedStep: step })
						.where(and(eq(secondFactor.userId, userId), lt(secondFactor.lastUsedStep, step)))
						.returning({ userId: secondFactor.userId }),
				);
			}
		}
	}
	if (!row || outcome !== 'taken') {
		logEvent('login.second_factor_failure', { ip: request.ip, user: userId, with_recovery: recovery });
		return { ok: false, reason: outcome === 'expired' ? 'expired' : 'invalid' };
	}
	await reset('secondFactorAccount', userId);
	const { token, session } = await createSession(userId, { now, userAgent: request.userAgent ?? null });
	logEvent('login.success', { ip: request.ip, user: userId, role: row.role, second_factor: true, with_recovery: recovery });
	if (recovery) await recoveryCodeUsed(userId, now);
	return { ok: true, token, session, role: row.role, next: challenge.next };
}

/**
 * The code and the challenge, both or neither, in one transaction. `takeCode` marks the code
 * used (the app's time step, or a recovery code deleted) and returns what it changed: nothing
 * when the code is wrong or used (or older), which is 'invalid' and leaves the challenge for
 * the next try. A challenge gone meanwhile (a newer sign-in, a double submit) is 'expired' and
 * leaves the code unused.
 */
async function takeCodeAndChallenge(challengeId: string, takeCode: (tx: Tx) => Promise<unknown[]>): Promise<'taken' | 'invalid' | 'expired'> {
	const db = await getDb();
	try {
		return await db.transaction(async (tx) => {
			if ((await takeCode(tx)).length === 0) return 'invalid';
			const challengeTaken = await tx.delete(secondFactorChallenge).where(eq(secondFactorChallenge.id, challengeId)).returning({ id: secondFactorChallenge.id });
			if (challengeTaken.length === 0) tx.rollback(); // gives the code back
			return 'taken';
		});
	} catch (error) {
		if (error instanceof TransactionRollbackError) return 'expired';
		throw error;
	}
}

/**
 * A recovery code stood in for the phone: recorded in the log, and the owner hears how many are
 * left. The person is signed in by now, so a failure here is logged, not shown.
 */
async function recoveryCodeUsed(userId: string, now: Date): Promise<void> {
	try {
		const left = await recoveryCodesLeft(userId);
		await recordAudit({ actorId: userId, action: 'second_factor.recovery_code_used', subjectType: 'user', subjectId: userId }, undefined, now);
		await tellOwner(userId, 'recovery_code_used', (to, resetPage, office) => recoveryCodeUsedMail(to, { at: now, left, resetPage, office }), { background: true });
	} catch (error) {
		logFailure(error, { during: 'recovery code notice' });
	}
}

/** A login moved to another address: the authenticator app and its recovery codes belonged to whoever held the old one. */
export async function eraseSecondFactorOf(userId: string, tx: Tx): Promise<void> {
	await tx.delete(secondFactor).where(eq(secondFactor.userId, userId));
	await endChallengesOf(userId, tx);
}

/** Unfinished sign-ins of the person end: on a password change, when the office signs them out everywhere or ends their access. */
export async function endChallengesOf(userId: string, tx?: Db | Tx): Promise<void> {
	const db = tx ?? (await getDb());
	await db.delete(secondFactorChallenge).where(eq(secondFactorChallenge.userId, userId));
}
