/** The second login factor: setup, the code step after the password, replays, throttling, resets. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { authSession, recoveryCode, secondFactor } from '../../db/schema.ts';
import { changePassword, createUser, login, redeemToken, setDeactivated } from '../../src/lib/server/accounts.ts';
import { createSession, validateSessionToken } from '../../src/lib/server/auth-session.ts';
import { DEFAULT_LIMITS } from '../../src/lib/server/config.ts';
import { issueToken } from '../../src/lib/server/one-time-token.ts';
import { hashPassword } from '../../src/lib/server/password.ts';
import {
	beginSecondFactor,
	completeSecondFactor,
	enableSecondFactor,
	newSecondFactorKey,
	offerKey,
	offeredKey,
	recoveryCodesLeft,
	removeSecondFactor,
	renewRecoveryCodes,
	secondFactorSince,
} from '../../src/lib/server/second-factor.ts';
import { codeForStep, stepAt } from '../../src/lib/server/totp.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { user } from '../../db/schema.ts';

let t: TestDatabase;
const PASSWORD = 'Kupferdraht schwimmt am Dienstag';
const T0 = new Date('2026-03-02T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const request = (now: Date) => ({ ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', now });
const codeAt = (key: Uint8Array, now: Date) => codeForStep(key, stepAt(now));

async function account(email: string, role: 'member' | 'coordinator') {
	const id = await createUser({ name: 'Konto Beispiel', email, role });
	await t.db.update(user).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(user.id, id));
	return id;
}
/** Subjects of the mails written to the outbox for `address` (no SMTP configured). */
function subjectsTo(address: string): string[] {
	const dir = join(t.dir, 'outbox');
	if (!existsSync(dir)) return [];
	return readdirSync(dir)
		.map((file) => readFileSync(join(dir, file), 'utf8'))
		.filter((eml) => new RegExp(`^To: .*${address}`, 'm').test(eml))
		.map((eml) => /^Subject: (.*)$/m.exec(eml)?.[1] ?? '');
}
const sessionsOf = async (userId: string) => (await t.db.select().from(authSession).where(eq(authSession.userId, userId))).length;

beforeAll(async () => {
	// No DEMO: coordinators must use an app (the production default).
	t = await freshDatabase();
});
afterAll(() => t.close());

describe('setting up the app', () => {
	test('a coordinator without an app must set one up; a member need not; the wrong code stores nothing', async () => {
		const office = await account('office-setup@example.org', 'coordinator');
		const member = await account('member-setup@example.org', 'member');
		const officeSession = await createSession(office, { now: T0 });
		const memberSession = await createSession(member, { now: T0 });
		expect((await validateSessionToken(officeSession.token, T0))?.user.mustSetUpSecondFactor).toBe(true);
		expect((await validateSessionToken(memberSession.token, T0))?.user.mustSetUpSecondFactor).toBe(false);

		const key = newSecondFactorKey();
		const wrong = codeForStep(key, stepAt(T0) + 5);
		expect(await enableSecondFactor(office, key, wrong, officeSession.session.id, T0)).toEqual({ ok: false, reason: 'wrong-code' });
		expect(await secondFactorSince(office)).toBeNull();

		const other = await createSession(office, { now: T0 });
		expect(await enableSecondFactor(office, key, codeAt(key, T0), officeSession.session.id, T0)).toMatchObject({ ok: true });
		expect(await secondFactorSince(office)).toEqual(T0);
		// A second app never silently replaces the first (an open tab, or a stolen session).
		const other2 = newSecondFactorKey();
		expect(await enableSecondFactor(office, other2, codeAt(other2, at(40)), officeSession.session.id, at(40))).toEqual({ ok: false, reason: 'already-set-up' });
		expect(await secondFactorSince(office)).toEqual(T0);
		expect((await validateSessionToken(officeSession.token, T0))?.user.mustSetUpSecondFactor).toBe(false);
		// Sessions opened with the password alone end; the one that set up the app stays.
		expect(await validateSessionToken(other.token, T0)).toBeNull();
		// The owner hears of it at the account's address, in case it was not them.
		await vi.waitFor(() => expect(subjectsTo('office-setup@example.org').join('|')).toContain('eingerichtet'));
	});

	test('the offered key comes back only for its person and only for half an hour', async () => {
		const key = newSecondFactorKey();
		const offer = await offerKey('personaaaaaaaaaa', key, T0);
		expect(await offeredKey('personaaaaaaaaaa', offer, at(60))).toEqual(key);
		expect(await offeredKey('personbbbbbbbbbb', offer, at(60))).toBeNull();
		expect(await offeredKey('personaaaaaaaaaa', offer, at(31 * 60))).toBeNull();
		expect(await offeredKey('personaaaaaaaaaa', `${offer.slice(0, -2)}AA`, at(60))).toBeNull();
	});
});

describe('recovery codes', () => {
	let userId: string;
	let key: Uint8Array;
	let codes: string[];
	const email = 'member-recovery@example.org';

	beforeAll(async () => {
		userId = await account(email, 'member');
		const first = await createSession(userId, { now: T0 });
		key = newSecondFactorKey();
		const enabled = await enableSecondFactor(userId, key, codeAt(key, T0), first.session.id, T0);
		if (!enabled.ok) throw new Error(enabled.reason);
		codes = enabled.recoveryCodes;
	});

	test('ten different codes come with the app; the database keeps only their hashes', async () => {
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{2}$/);
		const rows = await t.db.select().from(recoveryCode).where(eq(recoveryCode.userId, userId));
		expect(rows).toHaveLength(10);
		const stored = JSON.stringify(rows.map((r) => Buffer.from(r.codeHash).toString('latin1')));
		for (const code of codes) expect(stored).not.toContain(code.replaceAll('-', ''));
		expect(await recoveryCodesLeft(userId)).toBe(10);
	});

	test('a code stands in for the app once, however it is typed; the owner hears how many are left', async () => {
		const now = at(200);
		const typed = codes[0]!.toLowerCase().replaceAll('-', ' ');
		const signedIn = await completeSecondFactor(await beginSecondFactor(userId, null, now), typed, request(now));
		expect(signedIn.ok).toBe(true);
		expect(await recoveryCodesLeft(userId)).toBe(9);
		expect(await completeSecondFactor(await beginSecondFactor(userId, null, at(210)), codes[0]!, request(at(210)))).toEqual({ ok: false, reason: 'invalid' });
		// A code made up in the same form does not sign in, nor does another person's real one.
		expect(await completeSecondFactor(await beginSecondFactor(userId, null, at(220)), 'ABCD-EFGH-JK', request(at(220)))).toEqual({ ok: false, reason: 'invalid' });
		const someoneElse = await account('member-recovery-other@example.org', 'member');
		const theirKey = newSecondFactorKey();
		const theirs = await enableSecondFactor(someoneElse, theirKey, codeAt(theirKey, T0), (await createSession(someoneElse, { now: T0 })).session.id, T0);
		if (!theirs.ok) throw new Error(theirs.reason);
		expect(await completeSecondFactor(await beginSecondFactor(userId, null, at(230)), theirs.recoveryCodes[0]!, request(at(230)))).toEqual({ ok: false, reason: 'invalid' });
		expect(await recoveryCodesLeft(someoneElse)).toBe(10);
		await vi.waitFor(() => expect(subjectsTo(email)).toContain('Anmeldung mit einem Ersatzcode'));
	});

	test('the same recovery code sent twice at once signs in once', async () => {
		const now = at(250);
		const challenges = [await beginSecondFactor(userId, null, now)];
		const results = await Promise.all([completeSecondFactor(challenges[0], codes[5]!, request(now)), completeSecondFactor(challenges[0], codes[5]!, request(now))]);
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(await recoveryCodesLeft(userId)).toBe(8);
	});

	test('a challenge gone meanwhile leaves the recovery code unused', async () => {
		const challenge = await beginSecondFactor(userId, null, at(300));
		await beginSecondFactor(userId, null, at(301)); // a newer sign-in replaces it
		expect(await completeSecondFactor(challenge, codes[1]!, request(at(302)))).toEqual({ ok: false, reason: 'expired' });
		expect(await recoveryCodesLeft(userId)).toBe(8);
	});

	test('wrong recovery codes count against the same limit as wrong app codes', async () => {
		const other = await account('member-recovery-limit@example.org', 'member');
		const otherKey = newSecondFactorKey();
		const enabled = await enableSecondFactor(other, otherKey, codeAt(otherKey, T0), (await createSession(other, { now: T0 })).session.id, T0);
		if (!enabled.ok) throw new Error(enabled.reason);
		const now = at(400);
		const challenge = await beginSecondFactor(other, null, now);
		for (let i = 0; i < DEFAULT_LIMITS.secondFactorAccount.limit; i++) {
			expect(await completeSecondFactor(challenge, `ZZZZ-ZZZZ-Z${i + 2}`, request(now))).toEqual({ ok: false, reason: 'invalid' });
		}
		expect(await completeSecondFactor(challenge, enabled.recoveryCodes[0]!, request(now))).toMatchObject({ ok: false, reason: 'throttled' });
	});

	test('new codes replace the old ones; removing the app removes them', async () => {
		const renewed = await renewRecoveryCodes(userId, at(500));
		expect(renewed).toHaveLength(10);
		// Renewed codes work like the app: the owner hears of it.
		// (The subject is MIME-encoded in the .eml: "Neue_Ersatzcodes_f=C3=BCr …".)
		await vi.waitFor(() => expect(subjectsTo(email).join('|')).toContain('Ersatzcodes'));
		expect(await recoveryCodesLeft(userId)).toBe(10);
		expect(await completeSecondFactor(await beginSecondFactor(userId, null, at(510)), codes[2]!, request(at(510)))).toEqual({ ok: false, reason: 'invalid' });
		expect((await completeSecondFactor(await beginSecondFactor(userId, null, at(520)), renewed![0]!, request(at(520)))).ok).toBe(true);

		expect(await removeSecondFactor(userId, userId, at(600))).toBe(true);
		expect(await recoveryCodesLeft(userId)).toBe(0);
		expect(await renewRecoveryCodes(userId, at(610))).toBeNull();
	});
});

describe('signing in with password and code', () => {
	let userId: string;
	let key: Uint8Array;
	const email = 'office-login@example.org';

	beforeAll(async () => {
		userId = await account(email, 'coordinator');
		const first = await createSession(userId, { now: T0 });
		key = newSecondFactorKey();
		expect(await enableSecondFactor(userId, key, codeAt(key, T0), first.session.id, T0)).toMatchObject({ ok: true });
		await t.db.delete(authSession).where(eq(authSession.userId, userId));
	});

	test('the right password alone opens no session; the code from the app does, once', async () => {
		const now = at(120);
		const passwordStep = await login(email, PASSWORD, request(now));
		expect(passwordStep).toEqual({ ok: true, secondFactorFor: userId, role: 'coordinator' });
		expect(await sessionsOf(userId)).toBe(0);

		const challenge = await beginSecondFactor(userId, '/koordination/gruppen/', now);
		const code = codeAt(key, now);
		const signedIn = await completeSecondFactor(challenge, code, request(now));
		if (!signedIn.ok) throw new Error(`expected a session, got ${signedIn.reason}`);
		expect(signedIn.next).toBe('/koordination/gruppen/');
		expect((await validateSessionToken(signedIn.token, now))?.user.id).toBe(userId);

		// The challenge is used up: the same cookie with the next code gets nothing.
		expect(await completeSecondFactor(challenge, codeAt(key, at(150)), request(at(150)))).toEqual({ ok: false, reason: 'expired' });
		// The same code a second later, on a new challenge: someone who read it over a shoulder gets nothing.
		expect(await completeSecondFactor(await beginSecondFactor(userId, null, at(121)), code, request(at(121)))).toEqual({ ok: false, reason: 'invalid' });
		// A code of the step before is older than the one used: refused too.
		expect(await completeSecondFactor(await beginSecondFactor(userId, null, at(121)), codeAt(key, at(90)), request(at(121)))).toEqual({ ok: false, reason: 'invalid' });
		// The next step's code works.
		expect((await completeSecondFactor(await beginSecondFactor(userId, null, at(150)), codeAt(key, at(150)), request(at(150)))).ok).toBe(true);
	});

	test('a challenge is good for five minutes, only while it is the newest, and not after a password change', async () => {
		const start = at(1000);
		const challenge = await beginSecondFactor(userId, null, start);
		expect(await completeSecondFactor(challenge, codeAt(key, at(1300)), request(at(1300)))).toEqual({ ok: false, reason: 'expired' });

		const older = await beginSecondFactor(userId, null, at(1400));
		const newer = await beginSecondFactor(userId, null, at(1401));
		expect(await completeSecondFactor(older, codeAt(key, at(1410)), request(at(1410)))).toEqual({ ok: false, reason: 'expired' });

		await t.db.update(user).set({ passwordChangedAt: at(1420) }).where(eq(user.id, userId));
		expect(await completeSecondFactor(newer, codeAt(key, at(1430)), request(at(1430)))).toEqual({ ok: false, reason: 'expired' });
		// Tokens that were never issued (or forged from a copy of the database) name nothing.
		for (const forged of [undefined, '', 'abc', `${newer.split('.')[0]}.${'A'.repeat(43)}`]) {
			expect(await completeSecondFactor(forged, codeAt(key, at(1430)), request(at(1430)))).toEqual({ ok: false, reason: 'expired' });
		}
	});

	test('one waiting sign-in gives one session, however many right codes arrive for it at once', async () => {
		const now = at(1600);
		await t.db.delete(authSession).where(eq(authSession.userId, userId));
		const challenge = await beginSecondFactor(userId, null, now);
		const codes = [-1, 0, 1].map((offset) => codeForStep(key, stepAt(now) + offset));
		const answers = await Promise.all(Array.from({ length: 9 }, (_, i) => completeSecondFactor(challenge, codes[i % 3]!, request(now))));
		expect(answers.filter((a) => a.ok).length).toBe(1);
		expect(await sessionsOf(userId)).toBe(1);
	});

	test('changing the password ends a sign-in that waits for its code', async () => {
		const now = at(1700);
		const current = await createSession(userId, { now });
		const challenge = await beginSecondFactor(userId, null, now);
		const changed = await changePassword(userId, current.session.id, PASSWORD, 'Ein neues Passwort aus dem Saaletal', request(now));
		expect(changed.ok).toBe(true);
		expect(await completeSecondFactor(challenge, codeAt(key, at(1710)), request(at(1710)))).toEqual({ ok: false, reason: 'expired' });
		await t.db.update(user).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(user.id, userId));
	});

	test('wrong codes are counted per account, also when they arrive all at once', async () => {
		const now = at(2000);
		const wrong = String((Number(codeAt(key, now)) + 1) % 1_000_000).padStart(6, '0');
		const challenge = await beginSecondFactor(userId, null, now);
		const answers = await Promise.all(Array.from({ length: 40 }, () => completeSecondFactor(challenge, wrong, request(now))));
		const checked = answers.filter((a) => !a.ok && a.reason === 'invalid').length;
		expect(checked).toBe(DEFAULT_LIMITS.secondFactorAccount.limit);
		expect(answers.filter((a) => !a.ok && a.reason === 'throttled').length).toBe(40 - checked);
		// Over the limit even the right code waits for the window to end.
		expect(await completeSecondFactor(challenge, codeAt(key, now), request(now))).toMatchObject({ ok: false, reason: 'throttled' });
		const later = at(2000 + DEFAULT_LIMITS.secondFactorAccount.windowSeconds + 1);
		expect((await completeSecondFactor(await beginSecondFactor(userId, null, later), codeAt(key, later), request(later))).ok).toBe(true);
	});

	test('a password reset link proves the mailbox, not the app: it leads to the code step as well', async () => {
		const now = at(3600);
		const { linkToken } = await issueToken(userId, 'password_reset', now);
		const reset = await redeemToken('password_reset', { linkToken }, 'Neues Passwort aus dem Rosengarten', request(now));
		expect(reset).toEqual({ ok: true, secondFactorFor: userId, role: 'coordinator' });
		expect(await sessionsOf(userId)).toBe(0);
	});

	test('a deactivated account gets no session even with the right code', async () => {
		const now = at(7200);
		// Ending the access ends a waiting code step too.
		const waiting = await beginSecondFactor(userId, null, now);
		await setDeactivated(userId, true, now);
		expect(await completeSecondFactor(waiting, codeAt(key, now), request(now))).toEqual({ ok: false, reason: 'expired' });
		await setDeactivated(userId, false, now);
		// Ended in the moment between the two steps, after the code step began: the code is refused.
		const racing = await beginSecondFactor(userId, null, now);
		await t.db.update(user).set({ deactivatedAt: now }).where(eq(user.id, userId));
		expect(await completeSecondFactor(racing, codeAt(key, now), request(now))).toEqual({ ok: false, reason: 'invalid' });
		await t.db.update(user).set({ deactivatedAt: null }).where(eq(user.id, userId));
	});

	test('once the app is removed (lost phone), the password alone signs in again', async () => {
		expect(await removeSecondFactor(userId, null, at(9000))).toBe(true);
		expect(await removeSecondFactor(userId, null, at(9000))).toBe(false);
		expect(await t.db.select().from(secondFactor).where(eq(secondFactor.userId, userId))).toEqual([]);
		await vi.waitFor(() => expect(subjectsTo(email).join('|')).toContain('entfernt'));
		const signedIn = await login(email, 'Neues Passwort aus dem Rosengarten', request(at(9001)));
		expect(signedIn.ok && 'token' in signedIn).toBe(true);
	});
});
