/**
 * The second login factor: a TOTP key from an authenticator app (totp.ts computes the codes).
 * Owns the `second_factor` table. A person with a key is signed in only after password and
 * code; the step between the two is a short-lived signed cookie (session-cookie.ts), so no
 * session exists before the code is right.
 */
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { and, eq, lt } from 'drizzle-orm';
import { secondFactor, user } from '../../../db/schema.ts';
import { sign, verifySigned } from './app-secret.ts';
import { recordAudit } from './audit.ts';
import { createSession, invalidateUserSessions, type AuthSession, type Role } from './auth-session.ts';
import { getConfig } from './config.ts';
import { getDb } from './db.ts';
import { sendMailInBackground } from './mail.ts';
import { secondFactorChangedMail } from './mail-templates.ts';
import { hit, reset, peek } from './rate-limit.ts';
import { randomBytes } from './random.ts';
import { PORTAL_PATHS } from '../site.ts';
import { logEvent } from './security-log.ts';
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

/**
 * Stores `key` once the person proved their app has it (`code` matches). Replaces an older
 * key, and ends the person's other sessions: they were opened with the password alone.
 */
export async function enableSecondFactor(userId: string, key: Uint8Array, code: string, keepSessionId: string, now: Date = new Date()): Promise<boolean> {
	const step = matchingStep(key, code, now, null);
	if (step === null) return false;
	const db = await getDb();
	const values = { key: Buffer.from(key), lastUsedStep: step, createdAt: now };
	await db.insert(secondFactor).values({ userId, ...values }).onConflictDoUpdate({ target: secondFactor.userId, set: values });
	await recordAudit({ actorId: userId, action: 'second_factor.enabled', subjectType: 'user', subjectId: userId }, undefined, now);
	await invalidateUserSessions(userId, keepSessionId);
	logEvent('second_factor.enabled', { user: userId });
	await tellOwner(userId, true, now);
	return true;
}

/** Removes the key: by the person (after their password) or by an operator on the command line. */
export async function removeSecondFactor(userId: string, actorId: string | null, now: Date = new Date()): Promise<boolean> {
	const db = await getDb();
	const removed = await db.delete(secondFactor).where(eq(secondFactor.userId, userId)).returning({ userId: secondFactor.userId });
	if (removed.length === 0) return false;
	await recordAudit({ actorId, action: 'second_factor.removed', subjectType: 'user', subjectId: userId }, undefined, now);
	logEvent('second_factor.removed', { user: userId, by: actorId ?? 'command line' });
	await tellOwner(userId, false, now);
	return true;
}

/** A mail to the account's own address: whoever changed the factor, its owner hears of it. */
async function tellOwner(userId: string, enabled: boolean, now: Date): Promise<void> {
	const db = await getDb();
	const owner = await db.select({ name: user.name, email: user.email }).from(user).where(eq(user.id, userId)).get();
	if (!owner) return;
	const { siteUrl } = await getConfig();
	const mail = secondFactorChangedMail({ name: owner.name, address: owner.email }, { at: now, enabled, resetPage: new URL(PORTAL_PATHS.forgotPassword, siteUrl).href });
	sendMailInBackground(mail, { kind: 'second_factor_changed', userId });
}

export type SecondFactorResult =
	| { ok: true; token: string; session: AuthSession; role: Role }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * The second step of a login: `userId` passed the password (the signed cookie says so), and
 * `code` must be a code of their app not used before. Wrong codes count per account, so the
 * six digits cannot be guessed however many addresses the guesser has.
 */
export async function completeSecondFactor(
	userId: string,
	code: string,
	request: { ip: string; userAgent?: string | null; now?: Date },
): Promise<SecondFactorResult> {
	const now = request.now ?? new Date();
	const limit = await peek('secondFactorAccount', userId, now);
	if (limit.limited) return { ok: false, reason: 'throttled', retryAfterSeconds: limit.retryAfterSeconds };

	const db = await getDb();
	const row = await db
		.select({ key: secondFactor.key, lastUsedStep: secondFactor.lastUsedStep, role: user.role, deactivatedAt: user.deactivatedAt })
		.from(secondFactor)
		.innerJoin(user, eq(user.id, secondFactor.userId))
		.where(eq(secondFactor.userId, userId))
		.get();
	const step = row && !row.deactivatedAt ? matchingStep(new Uint8Array(row.key), code, now, row.lastUsedStep) : null;
	// Taking the step is one conditional write: of two requests with the same code, one wins.
	const taken =
		row && step !== null
			? await db
					.update(secondFactor)
					.set({ lastUsedStep: step })
					.where(and(eq(secondFactor.userId, userId), lt(secondFactor.lastUsedStep, step)))
					.returning({ userId: secondFactor.userId })
			: [];
	if (!row || taken.length === 0) {
		await hit('secondFactorAccount', userId, now);
		logEvent('login.second_factor_failure', { ip: request.ip, user: userId });
		return { ok: false, reason: 'invalid' };
	}
	await reset('secondFactorAccount', userId);
	const { token, session } = await createSession(userId, { now, userAgent: request.userAgent ?? null });
	logEvent('login.success', { ip: request.ip, user: userId, role: row.role, second_factor: true });
	return { ok: true, token, session, role: row.role };
}
