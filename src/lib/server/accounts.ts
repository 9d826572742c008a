/**
 * Accounts: login, invitations, password resets and the user table. Every outcome that could
 * reveal whether an address has an account looks the same to the caller and takes the same
 * time (one argon2 verification either way; mail is sent after the response is decided).
 */
import { and, eq, exists, isNotNull, isNull, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db, Tx } from '../../../db/client.ts';
import { organization, user } from '../../../db/schema.ts';
import { PORTAL_PATHS } from '../site.ts';
import { recordAudit, wasTakenOver } from './audit.ts';
import { StaleSignIn, createSession, eraseSessionsOf, invalidateUserSessions, type AuthSession, type Role } from './auth-session.ts';
import { breachedPasswordProblem } from './breached-passwords.ts';
import { eraseFeedOf } from './calendar-feeds.ts';
import { getConfig } from './config.ts';
import { getDb } from './db.ts';
import { leaveDrafts } from './groups.ts';
import { dropComingReplies } from './meetings.ts';
import { countFailedDeliveries, sendMail, sendMailInBackground, type Mail } from './mail.ts';
import { accountReadyMail, emailChangedMail, invitationMail, passwordChangedMail, passwordResetMail } from './mail-templates.ts';
import {
	consumeToken,
	eraseTokensOf,
	invitationIssuedSince,
	issueToken,
	verifyCode,
	verifyLinkToken,
	type TokenKind,
	type ValidToken,
} from './one-time-token.ts';
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from './password.ts';
import { hit, refund, reset, type LimitState } from './rate-limit.ts';
import { randomId } from './random.ts';
import { perIpKey } from './request.ts';
import { endChallengesOf, eraseSecondFactorOf, secondFactorSince } from './second-factor.ts';
import { logEvent, logFailure } from './security-log.ts';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export type Throttled = { ok: false; reason: 'throttled'; retryAfterSeconds: number };
const throttled = (state: LimitState): Throttled => ({
	ok: false,
	reason: 'throttled',
	retryAfterSeconds: state.retryAfterSeconds,
});

export async function findUserByEmail(email: string) {
	const db = await getDb();
	return db.select().from(user).where(eq(user.email, normalizeEmail(email))).get() ?? null;
}

export async function findUserById(id: string) {
	const db = await getDb();
	return db.select().from(user).where(eq(user.id, id)).get() ?? null;
}

export interface NewUser {
	name: string;
	email: string;
	role: Role;
	organizationId?: string | null;
	position?: string | null;
	phone?: string | null;
	/** Taken over from the office's list (member-import.ts): not invited until its first invitation. */
	takenOver?: boolean;
}

/** The error of an insert that met an existing address (two forms for the same person at once). */
export const isTakenEmail = (error: unknown): boolean =>
	error instanceof Error && (/UNIQUE constraint failed: user\.email/.test(error.message) || isTakenEmail(error.cause));

export async function createUser(data: NewUser, tx?: Db | Tx, now: Date = new Date()): Promise<string> {
	const db = tx ?? (await getDb());
	const id = randomId();
	await db.insert(user).values({
		id,
		name: data.name,
		email: normalizeEmail(data.email),
		role: data.role,
		organizationId: data.organizationId ?? null,
		position: data.position ?? null,
		phone: data.phone ?? null,
		createdAt: now,
		notInvitedSince: data.takenOver ? now : null,
	});
	return id;
}

/**
 * A member's access ended or given back, as a conditional write: only a real change counts, so
 * a double submit logs once. Ending it ends every session, a sign-in waiting for its code, and
 * an open password-reset link (which would otherwise work again after a reactivation within its
 * hour), and gives up a seat in the open draft of the group forming (a deactivated member cannot
 * be placed). A still-valid invitation stays: reactivating someone who never set a password lets
 * the link they already have work again. False: nothing changed; otherwise whether a draft seat went.
 */
export async function setDeactivated(userId: string, deactivated: boolean, now: Date = new Date()): Promise<false | { leftDraft: boolean }> {
	const db = await getDb();
	// One transaction: a failure half-way would otherwise leave the flag set and a retry, finding nothing to change, would never end the rest.
	const outcome = await db.transaction(async (tx) => {
		const changed = await tx
			.update(user)
			.set({ deactivatedAt: deactivated ? now : null, updatedAt: now })
			.where(and(eq(user.id, userId), deactivated ? isNull(user.deactivatedAt) : isNotNull(user.deactivatedAt)))
			.returning({ id: user.id, email: user.email });
		if (changed.length === 0) return false;
		if (!deactivated) return { leftDraft: false, email: changed[0]!.email };
		await endAccessOf(userId, tx, 'password_reset');
		// A deactivated account takes part in nothing: the host must not plan for their "Ich komme".
		await dropComingReplies(userId, now, tx);
		return { leftDraft: (await leaveDrafts(userId, tx)) > 0, email: changed[0]!.email };
	});
	if (!outcome) return false;
	// After the transaction: the throttle is written through its own connection.
	if (!deactivated) await forgiveSignInAttempts(outcome.email);
	return { leftDraft: outcome.leftDraft };
}

/**
 * Access given back: attempts made while it was off (the person tried, read that it is
 * deactivated, and called the office) must not keep them locked out for the rest of the window.
 */
async function forgiveSignInAttempts(email: string): Promise<void> {
	await reset('loginAccount', normalizeEmail(email));
}

/** What ending an access ends besides the flag: sessions, a waiting code step, open links (of one kind, or all). */
async function endAccessOf(userId: string, tx: Tx, tokens?: TokenKind): Promise<void> {
	await eraseSessionsOf(userId, tx);
	await endChallengesOf(userId, tx);
	await eraseTokensOf(userId, tx, tokens);
}

/**
 * A coordinator's access changed by a colleague, as one conditional write: only a coordinator
 * whose state really changes, and only while the colleague acting is active themselves. So two
 * coordinators who end each other's access at the same moment cannot both succeed (the second
 * finds its actor ended), and a double submit changes, logs and mails once. False: nothing changed.
 */
export async function setCoordinatorAccess(userId: string, active: boolean, actorId: string, now: Date = new Date()): Promise<boolean> {
	const db = await getDb();
	const actor = alias(user, 'actor');
	const actorActive = db.select({ id: actor.id }).from(actor).where(and(eq(actor.id, actorId), eq(actor.role, 'coordinator'), isNull(actor.deactivatedAt)));
	const restored = await db.transaction(async (tx) => {
		const changed = await tx
			.update(user)
			.set({ deactivatedAt: active ? null : now, updatedAt: now })
			.where(and(eq(user.id, userId), eq(user.role, 'coordinator'), active ? isNotNull(user.deactivatedAt) : isNull(user.deactivatedAt), exists(actorActive)))
			.returning({ id: user.id, email: user.email });
		if (changed.length === 0) return null;
		// Every link too: a reset link mailed before would work again after a restore within its hour.
		if (!active) await endAccessOf(userId, tx);
		return changed[0]!.email;
	});
	if (restored === null) return false;
	if (active) await forgiveSignInAttempts(restored);
	return true;
}

// ── login ────────────────────────────────────────────────────────────────────────────────

export interface RequestContext {
	ip: string;
	userAgent?: string | null;
	now?: Date;
}

/**
 * Where a correct password leads: a session, or, for someone with an authenticator app, the
 * code step (second-factor.ts) with no session yet.
 */
export type SignedIn = { ok: true; token: string; session: AuthSession; role: Role } | { ok: true; secondFactorFor: string; role: Role };

/** A session for `account`, unless their app must confirm first. */
async function signIn(account: { id: string; role: Role }, request: RequestContext, now: Date, verifiedHash?: string): Promise<SignedIn> {
	if (await secondFactorSince(account.id)) {
		logEvent('login.second_factor_asked', { ip: request.ip, user: account.id });
		return { ok: true, secondFactorFor: account.id, role: account.role };
	}
	const { token, session } = await createSession(account.id, { now, userAgent: request.userAgent ?? null, ...(verifiedHash && { verifiedHash }) });
	return { ok: true, token, session, role: account.role };
}

export type LoginResult =
	| SignedIn
	| { ok: false; reason: 'invalid' }
	/** The right password for an account the office deactivated: said only to who knows the password. */
	| { ok: false; reason: 'deactivated' }
	| Throttled;

/**
 * Checks the throttles before any hashing, then verifies exactly once whether or not the
 * account exists. Failures count per account (lockout), and per IP every attempt counts until its
 * password proved right: then it is given back, so a room of members signing in over one network
 * (a meeting's Wi-Fi, laptop and phone each) does not lock itself out, while guesses still count.
 */
export async function login(email: string, password: string, request: RequestContext): Promise<LoginResult> {
	const now = request.now ?? new Date();
	const account = normalizeEmail(email);
	const perIp = await hit('loginIp', perIpKey(request.ip), now);
	if (perIp.limited) {
		logEvent('login.throttled', { ip: request.ip, scope: 'ip' });
		return throttled(perIp);
	}
	// Every attempt counts before the hash, in one atomic write, and a right password clears the
	// count: parallel guesses cannot all pass a count that none of them has added to yet.
	const perAccount = await hit('loginAccount', account, now);
	if (perAccount.limited) {
		logEvent('login.throttled', { ip: request.ip, scope: 'account' });
		return throttled(perAccount);
	}

	const found = await findUserByEmail(account);
	const withPassword = found?.passwordHash ? found : null;
	const valid = withPassword ? await verifyPassword(withPassword.passwordHash!, password) : await verifyAgainstDummy(password);
	if (!withPassword || !valid) {
		logEvent('login.failure', { ip: request.ip, user: found?.id ?? null });
		return { ok: false, reason: 'invalid' };
	}
	// Someone with the right password of a deactivated account learns why it fails, not that the
	// password was wrong (a member would reset it and wait for a mail that never comes). Without
	// the password nobody learns anything: the answer above is the same for every address.
	if (withPassword.deactivatedAt) {
		logEvent('login.failure', { ip: request.ip, user: withPassword.id, reason: 'deactivated' });
		return { ok: false, reason: 'deactivated' };
	}
	const usable = withPassword;

	// The hash was read before the wait for verifying: a password changed or reset meanwhile, or a
	// deactivation, voids this sign-in. Checked here for the code step (its challenge would start
	// after the change), and once more where the session is written (createSession).
	const changedMeanwhile = () => {
		logEvent('login.failure', { ip: request.ip, user: usable.id, reason: 'changed-meanwhile' });
		return { ok: false as const, reason: 'invalid' as const };
	};
	const current = await findUserById(usable.id);
	if (current?.passwordHash !== usable.passwordHash || current.deactivatedAt) return changedMeanwhile();
	await reset('loginAccount', account);
	await refund('loginIp', perIpKey(request.ip));
	const signedIn = await signIn(usable, request, now, usable.passwordHash!).catch((error: unknown) => (error instanceof StaleSignIn ? null : Promise.reject(error)));
	if (!signedIn) return changedMeanwhile();
	if ('token' in signedIn) logEvent('login.success', { ip: request.ip, user: usable.id, role: usable.role });
	return signedIn;
}

// ── invitations and resets ───────────────────────────────────────────────────────────────

const TOKEN_PAGE: Record<TokenKind, string> = {
	invitation: PORTAL_PATHS.invitation,
	password_reset: PORTAL_PATHS.resetPassword,
};

async function tokenLinks(kind: TokenKind, linkToken: string) {
	const { siteUrl } = await getConfig();
	const page = new URL(TOKEN_PAGE[kind], siteUrl);
	const link = new URL(page);
	link.searchParams.set('token', linkToken);
	return { link: link.href, codePage: page.href };
}

/**
 * Only an address the office corrected leaves an account without password but with a date one was
 * set (correctPerson): that person had a login, and the mails say why it starts anew, not "welcome".
 */
const isCorrectedAddress = (account: { passwordHash: string | null; passwordChangedAt: Date | null }) => account.passwordHash === null && account.passwordChangedAt !== null;

type InvitationOptions = {
	acceptedCompany?: string;
	joinedCompany?: boolean;
	takenOver?: boolean;
	auditDetails?: Record<string, string>;
};

/**
 * Issues an invitation and mails it. Returns the link so the command line can print it for
 * the very first coordinator, who has nobody to receive mail from yet, and whether the mail
 * went out (a failure is recorded and shows in the office's work queue).
 */
export async function sendInvitation(userId: string, actorId: string | null, now: Date = new Date(), options: InvitationOptions = {}): Promise<{ link: string; mailed: boolean }> {
	const { link, mail } = await issueInvitation(userId, actorId, now, options);
	return { link, mailed: await mailInvitation(mail, userId) };
}

/** Sends an issued invitation's mail: whether it went out (a failure is recorded by sendMail and shows in the office's work queue). */
export const mailInvitation = (mail: Mail, userId: string): Promise<boolean> =>
	sendMail(mail, { kind: 'invitation', userId }).then(
		() => true,
		() => false,
	);

/** How soon after an invitation a further "send again" counts as the same click. */
const RESEND_GRACE_MS = 60_000;

/**
 * A further invitation: the office's "Einladung erneut senden", "Passwort vergessen" of someone who
 * never set one, a reactivation. A new link, unless one was issued less than a minute ago (a double
 * click, a colleague at the same moment) and its mail did not fail: that one then stays the link
 * that works, and nothing is sent, since a second mail would void the first one's link, which the
 * person may open first. Checked and issued in one write transaction. Null: sent a moment ago already.
 * A taken-over account's invitation says where its data came from, as the first one did.
 */
export async function resendInvitation(userId: string, actorId: string | null, now: Date = new Date()): Promise<{ mailed: boolean } | null> {
	const db = await getDb();
	const takenOver = await wasTakenOver(userId);
	const graceStart = new Date(now.getTime() - RESEND_GRACE_MS);
	const mail = await db.transaction(async (tx) => {
		if ((await invitationIssuedSince(userId, graceStart, tx)) && (await countFailedDeliveries(userId, 'invitation', graceStart)) === 0) return null;
		return (await issueInvitation(userId, actorId, now, { takenOver }, tx)).mail;
	});
	return mail && { mailed: await mailInvitation(mail, userId) };
}

/**
 * The invitation's link, issued and logged, and its mail, not sent yet: member-import.ts issues
 * a taken-over account's first one inside the transaction that checks it has none yet.
 */
export async function issueInvitation(
	userId: string,
	actorId: string | null,
	now: Date,
	/**
	 * `acceptedCompany`: the invitation answers an accepted application, and the mail says so first;
	 * `joinedCompany`: as a further person of that company, a member already.
	 * `takenOver`: the account came from the office's list of existing members (member-import.ts).
	 * `auditDetails`: what the log adds (the command line's system user for admin:create).
	 */
	{ auditDetails, ...why }: InvitationOptions,
	/** The caller's write transaction: issued together with what the caller checked in it. */
	tx?: Tx,
): Promise<{ link: string; mail: Mail }> {
	const account = await findUserById(userId);
	if (!account) throw new Error(`sendInvitation: unknown user ${userId}`);
	const issued = await issueToken(userId, 'invitation', now, tx);
	const links = await tokenLinks('invitation', issued.linkToken);
	await (tx ?? (await getDb())).update(user).set({ notInvitedSince: null }).where(and(eq(user.id, userId), isNotNull(user.notInvitedSince)));
	await recordAudit({ actorId, action: 'invitation.sent', subjectType: 'user', subjectId: userId, details: auditDetails }, tx, now);
	logEvent('invitation.issued', { user: userId });
	const newAddress = isCorrectedAddress(account);
	const office = account.role === 'coordinator';
	const mail = invitationMail(
		{ name: account.name, address: account.email },
		{
			...links,
			code: issued.code,
			expiresAt: issued.expiresAt,
			...why,
			newAddress,
			office,
			invitedBy: office && actorId ? ((await findUserById(actorId))?.name ?? null) : null,
			secondFactorRequired: office && (await getConfig()).coordinatorSecondFactor === 'required',
		},
	);
	return { link: links.link, mail };
}

export type ResetRequestResult = { ok: true } | Throttled;

/** Long enough for the answer to a reset request to be out before its link is made and mailed. */
const RESET_LINK_DELAY_MS = 50;

/**
 * Always answers "sent" for a well-formed address, known or not. Only an active account gets a
 * mail: a reset link, or an invitation if no password was set yet; it goes out after this function
 * has returned its answer.
 */
export async function requestPasswordReset(email: string, request: RequestContext): Promise<ResetRequestResult> {
	const now = request.now ?? new Date();
	const account = normalizeEmail(email);
	const perIp = await hit('mailIp', perIpKey(request.ip), now);
	if (perIp.limited) return throttled(perIp);
	const perAccount = await hit('resetAccount', account, now);
	if (perAccount.limited) return throttled(perAccount);

	const found = await findUserByEmail(account);
	logEvent('password.reset_requested', { ip: request.ip, user: found?.id ?? null });
	// Someone invited who never set a password (the invitation ran out, or got lost) gets a new
	// invitation: the page is where such a person looks. Not an account the office took over and
	// has not invited yet: when that happens is the office's decision.
	const send =
		!found || found.deactivatedAt
			? null
			: found.passwordHash
				? () => sendResetLink(found, now)
				: found.notInvitedSince === null
					? () => resendInvitation(found.id, null, now).then(() => undefined)
					: null;
	if (send) {
		// After the answer, not before it: token and mail took milliseconds that only an address with
		// an account cost, and the answer's timing must not tell who has one. A timer, not a bare
		// promise or setImmediate: rendering the answer still has turns of the event loop to go.
		setTimeout(() => void send().catch((error: unknown) => logFailure(error, { during: 'password reset link' })), RESET_LINK_DELAY_MS);
	}
	return { ok: true };
}

async function sendResetLink(account: { id: string; name: string; email: string }, now: Date): Promise<void> {
	const issued = await issueToken(account.id, 'password_reset', now);
	const links = await tokenLinks('password_reset', issued.linkToken);
	const mail = passwordResetMail({ name: account.name, address: account.email }, { ...links, code: issued.code, expiresAt: issued.expiresAt });
	await sendMail(mail, { kind: 'password_reset', userId: account.id }).catch(() => {
		// recorded and logged by sendMail
	});
}

/** How recent a password set by another request counts as the same form sent twice. */
const USED_MEANWHILE_MS = 5 * 60_000;

export type RedeemResult =
	| SignedIn
	| { ok: false; reason: 'invalid-token' }
	/** The same form came twice (a double click): the first set the password. */
	| { ok: false; reason: 'used-meanwhile' }
	| { ok: false; reason: 'weak-password'; message: string }
	| Throttled;

export type TokenProof = { linkToken: string } | { email: string; code: string };

/** The token behind a link or an e-mail + code, without using it up. */
export async function checkTokenProof(kind: TokenKind, proof: TokenProof, now: Date = new Date()): Promise<ValidToken | null> {
	if ('linkToken' in proof) return verifyLinkToken(proof.linkToken, kind, now);
	const found = await findUserByEmail(proof.email);
	return found ? verifyCode(found.id, proof.code, kind, now) : null;
}

/**
 * The address a valid link's account signs in with, or null: the page that sets the password
 * names it, and password managers store it with the new password. Uses nothing up.
 */
export async function signInNameForLink(kind: TokenKind, linkToken: string, now: Date = new Date()): Promise<string | null> {
	const valid = await verifyLinkToken(linkToken, kind, now);
	const account = valid && (await findUserById(valid.userId));
	// A deactivated account's link would fail on sending (redeemToken): the page treats it as void now.
	return account && !account.deactivatedAt ? account.email : null;
}

/**
 * Sets the password through an invitation or reset: the token is used up, every session of
 * the user ends, this browser gets a fresh one, and a notice mail goes out.
 */
export async function redeemToken(
	kind: TokenKind,
	proof: TokenProof,
	password: string,
	request: RequestContext,
): Promise<RedeemResult> {
	const now = request.now ?? new Date();
	const perIp = await hit('tokenIp', perIpKey(request.ip), now);
	if (perIp.limited) return throttled(perIp);

	const token = await checkTokenProof(kind, proof, now);
	const account = token ? await findUserById(token.userId) : null;
	if (!token || !account || account.deactivatedAt) {
		logEvent('token.rejected', { ip: request.ip, kind });
		return { ok: false, reason: 'invalid-token' };
	}
	const problem = passwordProblem(password, { email: account.email, name: account.name }) ?? (await breachedPasswordProblem(password));
	if (problem) return { ok: false, reason: 'weak-password', message: problem };

	const passwordHash = await hashPassword(password);
	const db = await getDb();
	const redeemed = await db.transaction(async (tx) => {
		if (!(await consumeToken(token.id, tx))) return false;
		await tx
			.update(user)
			.set({ passwordHash, passwordChangedAt: now, updatedAt: now })
			.where(and(eq(user.id, account.id), isNull(user.deactivatedAt)));
		await recordAudit(
			{ actorId: account.id, action: kind === 'invitation' ? 'invitation.accepted' : 'password.reset', subjectType: 'user', subjectId: account.id },
			tx,
			now,
		);
		return true;
	});
	if (!redeemed) {
		// Another request took the token while this one hashed: the same form sent twice, if that one
		// set this very password just now (another tab with another password is told the link is used).
		const meanwhile = await findUserById(account.id);
		const justSet =
			meanwhile?.passwordHash &&
			meanwhile.passwordChangedAt &&
			now.getTime() - meanwhile.passwordChangedAt.getTime() < USED_MEANWHILE_MS &&
			(await verifyPassword(meanwhile.passwordHash, password));
		return { ok: false, reason: justSet ? 'used-meanwhile' : 'invalid-token' };
	}

	await invalidateUserSessions(account.id);
	// A reset link proves the mailbox, not the app: someone with an app still needs its code.
	const signedIn = await signIn(account, request, now);
	logEvent(kind === 'invitation' ? 'invitation.accepted' : 'password.reset', { ip: request.ip, user: account.id });
	const { siteUrl } = await getConfig();
	// Taking up an invitation is a welcome, not an alarm; both say what to do if it was not them.
	const noticeFor = kind === 'invitation' ? accountReadyMail : passwordChangedMail;
	const notice = noticeFor(
		{ name: account.name, address: account.email },
		{
			at: now,
			loginPage: new URL(PORTAL_PATHS.login, siteUrl).href,
			resetPage: new URL(PORTAL_PATHS.forgotPassword, siteUrl).href,
			office: account.role === 'coordinator',
			newAddress: isCorrectedAddress(account),
		},
	);
	sendMailInBackground(notice, { kind: kind === 'invitation' ? 'account_ready' : 'password_changed', userId: account.id });
	return signedIn;
}

// ── the member's own account (portal) ────────────────────────────────────────────────────

/** The signed-in person's own account with the company name, for their profile page. */
export async function getProfile(userId: string) {
	const db = await getDb();
	const colleague = alias(user, 'colleague');
	const colleagues = db.select({ id: colleague.id }).from(colleague).where(and(eq(colleague.organizationId, user.organizationId), eq(colleague.role, 'member'), ne(colleague.id, user.id), isNull(colleague.deactivatedAt)));
	const row = await db
		.select({
			id: user.id,
			name: user.name,
			position: user.position,
			email: user.email,
			phone: user.phone,
			shareEmail: user.shareEmail,
			sharePhone: user.sharePhone,
			remindWeekBefore: user.remindWeekBefore,
			remindDayBefore: user.remindDayBefore,
			organizationName: organization.name,
			/** Another person of the same company has an account: whether the website names the company then depends on them too. */
			hasColleague: exists(colleagues).mapWith(Boolean),
		})
		.from(user)
		.leftJoin(organization, eq(user.organizationId, organization.id))
		.where(eq(user.id, userId))
		.get();
	return row ?? null;
}

export interface ProfileData {
	name: string;
	position: string | null;
	phone: string | null;
	/** Whether the own focus group may see the address; off until the member turns it on. */
	shareEmail: boolean;
	sharePhone: boolean;
}

/** Saves what changed of the person's own `data` (a coordinator's page has the name only); the log names the fields, not the values. */
export async function updateProfile(userId: string, data: Partial<ProfileData>, now: Date = new Date()): Promise<boolean> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const before = await tx.select().from(user).where(eq(user.id, userId)).get();
		if (!before) return false;
		const changed = (Object.keys(data) as (keyof ProfileData)[]).filter((k) => before[k] !== data[k]);
		if (changed.length === 0) return true;
		await tx.update(user).set({ ...data, updatedAt: now }).where(eq(user.id, userId));
		await recordAudit({ actorId: userId, action: 'profile.updated', subjectType: 'user', subjectId: userId, details: { fields: changed } }, tx, now);
		return true;
	});
}

/** Which reminder mails before a meeting the member wants (changes, cancellations and new dates always come). */
export async function setReminderChoice(userId: string, choice: { weekBefore: boolean; dayBefore: boolean }, now: Date = new Date()): Promise<void> {
	const db = await getDb();
	await db.update(user).set({ remindWeekBefore: choice.weekBefore, remindDayBefore: choice.dayBefore, updatedAt: now }).where(eq(user.id, userId));
}

// ── the office corrects a member's person data ───────────────────────────────────────────

export interface PersonData {
	name: string;
	position: string | null;
	email: string;
	phone: string | null;
}

export type CorrectPersonResult = { ok: true; emailChanged: boolean; invitationResent: boolean; quietly?: boolean } | { ok: false; reason: 'not-found' | 'email-taken' };

/**
 * The office corrects what a member's application got wrong (a typo in the name or the address).
 * A new e-mail address is a new login. Whoever held the old one (perhaps a stranger who got the
 * mistyped invitation and set a password) loses everything that came with it: password, links
 * and codes, sessions and the private calendar address, all in one transaction. The person at
 * the new address gets a fresh invitation to set a password; the old address learns only that
 * the login moved, not where to.
 */
export async function correctPerson(
	userId: string,
	data: PersonData,
	actorId: string,
	now: Date = new Date(),
	/**
	 * An account taken over from the office's list and not invited yet (member-import.ts): nobody
	 * ever held its login, so a corrected address is only a correction, with no mail to either
	 * address; the invitation goes when the office sends it.
	 */
	{ neverInvited = false }: { neverInvited?: boolean } = {},
): Promise<CorrectPersonResult> {
	const db = await getDb();
	const email = normalizeEmail(data.email);
	const outcome = await db.transaction(async (tx) => {
		const before = await tx.select().from(user).where(and(eq(user.id, userId), eq(user.role, 'member'))).get();
		if (!before) return { ok: false as const, reason: 'not-found' as const };
		const emailChanged = before.email !== email;
		if (emailChanged && (await tx.select({ id: user.id }).from(user).where(eq(user.email, email)).get())) return { ok: false as const, reason: 'email-taken' as const };
		const next = { ...data, email };
		const changed = (Object.keys(next) as (keyof PersonData)[]).filter((k) => before[k] !== next[k]);
		if (changed.length === 0) return { ok: true as const, before, emailChanged: false };
		// With a new address: the group sees it only once the person at it allows that, and a
		// sign-in begun with the old password (waiting for its app code) is void with it.
		// And whoever takes up the new address sees the group's topics from then on only (topic-queue.ts):
		// for an account never invited too, since it may hold a seat already, and the office must
		// not read the group's list by giving it an address of its own. Only the password, there is none.
		const newAddress = { shareEmail: false, loginMovedAt: now };
		// The date a password was set marks a login that existed (isCorrectedAddress): someone invited
		// who never set one (the invitation went to the typo) is welcomed at the right address instead.
		const newLogin = { ...newAddress, passwordHash: null, ...(before.passwordHash === null ? {} : { passwordChangedAt: now }) };
		await tx
			.update(user)
			.set({ ...next, ...(emailChanged ? (neverInvited ? newAddress : newLogin) : {}), updatedAt: now })
			.where(eq(user.id, userId));
		if (emailChanged) {
			await eraseTokensOf(userId, tx);
			await eraseSessionsOf(userId, tx);
			await eraseFeedOf(userId, tx);
			await eraseSecondFactorOf(userId, tx);
		}
		await recordAudit({ actorId, action: 'person.corrected', subjectType: 'user', subjectId: userId, details: { fields: changed } }, tx, now);
		return { ok: true as const, before, emailChanged };
	});
	if (!outcome.ok) return outcome;
	if (!outcome.emailChanged) return { ok: true, emailChanged: false, invitationResent: false };
	if (neverInvited) return { ok: true, emailChanged: true, invitationResent: false, quietly: true };
	logEvent('account.email_changed', { user: userId });
	sendMailInBackground(emailChangedMail({ name: outcome.before.name, address: outcome.before.email }, { at: now }), { kind: 'email_changed', userId });
	// A deactivated account could not use the invitation; it follows when the office reactivates it.
	const invited = !outcome.before.deactivatedAt && (await sendInvitation(userId, actorId, now)).mailed;
	return { ok: true, emailChanged: true, invitationResent: invited };
}

export type OwnPasswordCheck = { ok: true; account: typeof user.$inferSelect } | { ok: false; reason: 'wrong-password' } | Throttled;

/**
 * Confirms a signed-in person's own password before a sensitive change. Wrong entries count
 * towards the same per-account limit as failed logins (and the check refuses once it is
 * reached, before hashing), so these forms are no way around the lockout and no password oracle.
 */
export async function confirmOwnPassword(
	userId: string,
	password: string,
	request: RequestContext,
	purpose: 'password_change' | 'account_deletion' | 'second_factor_setup' | 'second_factor_removal' | 'recovery_codes' | 'team_change',
): Promise<OwnPasswordCheck> {
	const now = request.now ?? new Date();
	const account = await findUserById(userId);
	if (!account) {
		await verifyAgainstDummy(password);
		return { ok: false, reason: 'wrong-password' };
	}
	// Counted before the hash, as at login (see there).
	const limited = await hit('loginAccount', account.email, now);
	if (limited.limited) {
		logEvent('login.throttled', { ip: request.ip, scope: 'account', user: userId });
		return throttled(limited);
	}
	const valid = account.passwordHash ? await verifyPassword(account.passwordHash, password) : await verifyAgainstDummy(password);
	if (!valid) {
		logEvent('password.check_failed', { ip: request.ip, user: userId, purpose });
		return { ok: false, reason: 'wrong-password' };
	}
	await reset('loginAccount', account.email);
	return { ok: true, account };
}

export type ChangePasswordResult =
	| { ok: true; endedSessions: number }
	| { ok: false; reason: 'wrong-password' | 'same-password' }
	| { ok: false; reason: 'weak-password'; message: string }
	| Throttled;

/**
 * Changes the password of a signed-in person who knows the current one. Every other session
 * ends; the one making the change stays signed in. A notice goes to the account's address.
 */
export async function changePassword(
	userId: string,
	currentSessionId: string,
	currentPassword: string,
	newPassword: string,
	request: RequestContext,
): Promise<ChangePasswordResult> {
	const now = request.now ?? new Date();
	const checked = await confirmOwnPassword(userId, currentPassword, request, 'password_change');
	if (!checked.ok) return checked;
	const { account } = checked;
	if (newPassword.normalize('NFC') === currentPassword.normalize('NFC')) return { ok: false, reason: 'same-password' };
	const problem = passwordProblem(newPassword, { email: account.email, name: account.name }) ?? (await breachedPasswordProblem(newPassword));
	if (problem) return { ok: false, reason: 'weak-password', message: problem };

	const passwordHash = await hashPassword(newPassword);
	const db = await getDb();
	await db.transaction(async (tx) => {
		await tx.update(user).set({ passwordHash, passwordChangedAt: now, updatedAt: now }).where(eq(user.id, userId));
		// A reset link mailed before would let its holder set another password over this one.
		await eraseTokensOf(userId, tx, 'password_reset');
		await recordAudit({ actorId: userId, action: 'password.changed', subjectType: 'user', subjectId: userId }, tx, now);
	});
	const endedSessions = await invalidateUserSessions(userId, currentSessionId);
	await endChallengesOf(userId); // a sign-in begun with the old password waits for its code no longer
	await reset('loginAccount', account.email);
	logEvent('password.changed', { ip: request.ip, user: userId, endedSessions });
	const { siteUrl } = await getConfig();
	const notice = passwordChangedMail(
		{ name: account.name, address: account.email },
		{ at: now, loginPage: new URL(PORTAL_PATHS.login, siteUrl).href, resetPage: new URL(PORTAL_PATHS.forgotPassword, siteUrl).href },
	);
	// A failed notice is recorded by sendMail and shows in the office's queue; the change stands.
	await sendMail(notice, { kind: 'password_changed', userId }).catch(() => {});
	return { ok: true, endedSessions };
}

/** Deletes the user row inside the caller's transaction; rows that reference it by cascade go too. */
export async function eraseUserRow(userId: string, tx: Db | Tx): Promise<void> {
	await tx.delete(user).where(eq(user.id, userId));
}

/** Whether the account is there still, read in the caller's transaction: another request may have erased it. */
export async function accountExists(userId: string, tx: Db | Tx): Promise<boolean> {
	return (await tx.select({ id: user.id }).from(user).where(eq(user.id, userId)).get()) !== undefined;
}
