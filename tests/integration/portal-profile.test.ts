/**
 * The member's profile: own contact data and visibility, and changing the password with the
 * current one (throttled like logins, ends the other sessions only, sends a notice).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditEvent, authSession, rateLimit, user } from '../../db/schema.ts';
import { passwordChangeSchema, profileFormSchema } from '../../src/lib/forms/portal.ts';
import { changePassword, checkTokenProof, createUser, getProfile, login, setDeactivated, updateProfile } from '../../src/lib/server/accounts.ts';
import { describeAuditEvents } from '../../src/lib/server/audit.ts';
import { StaleSignIn, createSession, validateSessionToken } from '../../src/lib/server/auth-session.ts';
import { issueToken } from '../../src/lib/server/one-time-token.ts';
import { hashPassword } from '../../src/lib/server/password.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const OLD = 'Kupferdraht schwimmt am Dienstag';
const NEW = 'Sieben Kraniche über dem Kyffhäuser';
const LIMIT = 3;
const request = { ip: '203.0.113.7' };

beforeAll(async () => {
	t = await freshDatabase({ RATE_LIMITS: JSON.stringify({ loginAccount: { limit: LIMIT, windowSeconds: 900 } }) });
});
afterAll(() => t.close());

async function memberWithPassword(name: string, email: string) {
	const id = await createUser({ name, email, role: 'member', phone: '0361 123456' });
	await t.db.update(user).set({ passwordHash: await hashPassword(OLD) }).where(eq(user.id, id));
	return id;
}

async function outboxMails() {
	const dir = join(t.dir, 'outbox');
	return Promise.all(readdirSync(dir).sort().map(async (f) => simpleParser(readFileSync(join(dir, f)))));
}

const firstProblems = (schema: typeof profileFormSchema | typeof passwordChangeSchema, input: Record<string, unknown>) => {
	const result = schema.safeParse(input);
	return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe('contact data', () => {
	test('e-mail and phone are hidden from the group until the member turns them on', async () => {
		const id = await createUser({ name: 'Paula Privat', email: 'paula@example.org', role: 'member', phone: '0361 555' });
		expect(await getProfile(id)).toMatchObject({ shareEmail: false, sharePhone: false });

		expect(await updateProfile(id, { name: 'Paula Privat', position: 'Inhaberin', phone: '0361 555', shareEmail: true, sharePhone: false })).toBe(true);
		expect(await getProfile(id)).toMatchObject({ position: 'Inhaberin', shareEmail: true, sharePhone: false, email: 'paula@example.org' });
		const [event] = await t.db.select().from(auditEvent).where(and(eq(auditEvent.action, 'profile.updated'), eq(auditEvent.subjectId, id)));
		expect(event).toMatchObject({ actorId: id, details: { fields: ['position', 'shareEmail'] } });
		// The office's log names them as the form does.
		const shown = (await describeAuditEvents()).find((e) => e.id === event!.id);
		expect(shown?.action).toBe('Eigene Kontaktdaten geändert (Funktion, E-Mail für die Gruppe sichtbar)');
	});

	test('bad entries get a German sentence; the e-mail address is not among the fields', () => {
		expect(firstProblems(profileFormSchema, { name: 'A', phone: 'ruf mich an', shareEmail: false, sharePhone: false })).toEqual({
			name: 'Bitte geben Sie Ihren Namen an (mindestens 3 Zeichen).',
			phone: 'Bitte geben Sie eine Telefonnummer aus Ziffern, Leerzeichen, + / ( ) und - an, z. B. 0361 1234567.',
		});
		expect(profileFormSchema.safeParse({ name: 'Paula Privat', email: 'neu@example.org' }).success).toBe(false);
		expect(firstProblems(passwordChangeSchema, { currentPassword: '', password: NEW, passwordRepeat: `${NEW}!` })).toEqual({
			// The mismatch stands at the first field, where typing starts again (after its own message, that it is missing).
			currentPassword: 'Die beiden Eingaben des neuen Passworts stimmen nicht überein. Bitte geben Sie Ihr bisheriges Passwort und das neue in beide Felder noch einmal ein.',
		});
	});

	test('a short new password and a mismatched repeat are named together, not one per attempt', () => {
		const problems = (input: Record<string, unknown>) => passwordChangeSchema.safeParse(input).error?.issues.map((i) => [String(i.path[0]), i.message]) ?? [];
		expect(problems({ currentPassword: OLD, password: 'kurz', passwordRepeat: 'kürzer' })).toEqual([
			['password', 'Das Passwort muss mindestens 12 Zeichen lang sein (jetzt: 4).'],
			['currentPassword', 'Die beiden Eingaben des neuen Passworts stimmen nicht überein. Bitte geben Sie Ihr bisheriges Passwort und das neue in beide Felder noch einmal ein.'],
		]);
		// An empty field is only missing, not also too short.
		expect(problems({ currentPassword: OLD, password: '', passwordRepeat: '' })).toEqual([['password', 'Bitte geben Sie ein neues Passwort ein.']]);
		// Characters as people count them: twelve emoji are twelve characters (24 UTF-16 units).
		expect(problems({ currentPassword: OLD, password: '🐕'.repeat(11), passwordRepeat: '🐕'.repeat(11) })).toEqual([
			['password', 'Das Passwort muss mindestens 12 Zeichen lang sein (jetzt: 11).'],
		]);
		expect(problems({ currentPassword: OLD, password: '🐕'.repeat(12), passwordRepeat: '🐕'.repeat(12) })).toEqual([]);
		expect(problems({ currentPassword: OLD, password: 'x'.repeat(129), passwordRepeat: 'x'.repeat(129) })).toEqual([
			['password', 'Das Passwort darf höchstens 128 Zeichen lang sein.'],
		]);
	});
});

describe('changing the password', () => {
	test('a wrong current password is refused and counted like a failed login, up to the lockout', async () => {
		const id = await memberWithPassword('Willi Falsch', 'willi@example.org');
		const { session } = await createSession(id);
		for (let i = 1; i <= LIMIT; i++) {
			expect(await changePassword(id, session.id, 'falsch geraten', NEW, request)).toEqual({ ok: false, reason: 'wrong-password' });
			const counter = await t.db.select().from(rateLimit).where(eq(rateLimit.key, 'loginAccount:willi@example.org')).get();
			expect(counter?.count).toBe(i);
		}
		// Locked now: even the right password is not checked, so the form tells nothing.
		expect(await changePassword(id, session.id, OLD, NEW, request)).toMatchObject({ ok: false, reason: 'throttled' });
		expect(await login('willi@example.org', OLD, request)).toMatchObject({ ok: false, reason: 'throttled' });
	});

	test('a deactivated account: the right password hears that the access is deactivated, a wrong one hears only "falsch"', async () => {
		const id = await memberWithPassword('Dora Deaktiviert', 'dora@example.org');
		await t.db.update(user).set({ deactivatedAt: new Date() }).where(eq(user.id, id));
		expect(await login('dora@example.org', 'falsch geraten', request)).toEqual({ ok: false, reason: 'invalid' });
		expect(await login('dora@example.org', OLD, request)).toEqual({ ok: false, reason: 'deactivated' });
		expect(await t.db.select().from(authSession).where(eq(authSession.userId, id))).toHaveLength(0);
		// Trying until the account's limit is reached locks it, as any account...
		expect(await login('dora@example.org', OLD, request)).toEqual({ ok: false, reason: 'deactivated' });
		expect(await login('dora@example.org', OLD, request)).toMatchObject({ ok: false, reason: 'throttled' });
		// ...but the office giving the access back lifts that: the same password signs in at once.
		expect(await setDeactivated(id, false)).toEqual({ leftDraft: false });
		expect((await login('dora@example.org', OLD, request)).ok).toBe(true);
	});

	test('the password policy applies, and the new password must differ', async () => {
		const id = await memberWithPassword('Ronja Regel', 'ronja@example.org');
		const { session } = await createSession(id);
		expect(await changePassword(id, session.id, OLD, 'kurz', request)).toEqual({
			ok: false,
			reason: 'weak-password',
			message: 'Das Passwort muss mindestens 12 Zeichen lang sein (jetzt: 4).',
		});
		expect(await changePassword(id, session.id, OLD, 'passwort1234', request)).toMatchObject({ reason: 'weak-password', message: expect.stringContaining('zu leicht zu erraten') });
		expect(await changePassword(id, session.id, OLD, 'Ronja Regel 2026', request)).toMatchObject({ message: expect.stringContaining('aus Ihrem Namen') });
		expect(await changePassword(id, session.id, OLD, OLD, request)).toEqual({ ok: false, reason: 'same-password' });
		expect((await login('ronja@example.org', OLD, request)).ok).toBe(true);
	});

	test('success ends every other session of the member (only theirs), keeps this one, and sends a notice', async () => {
		const id = await memberWithPassword('Erik Erfolg', 'erik@example.org');
		const other = await memberWithPassword('Olga Andere', 'olga@example.org');
		const here = await createSession(id, { userAgent: 'Firefox' });
		const phone = await createSession(id, { userAgent: 'Safari' });
		const laptop = await createSession(id, { userAgent: 'Chrome' });
		const foreign = await createSession(other);
		await changePassword(id, here.session.id, 'einmal falsch', NEW, request);

		expect(await changePassword(id, here.session.id, OLD, NEW, request)).toEqual({ ok: true, endedSessions: 2 });
		expect(await validateSessionToken(here.token)).not.toBeNull();
		expect(await validateSessionToken(phone.token)).toBeNull();
		expect(await validateSessionToken(laptop.token)).toBeNull();
		expect(await validateSessionToken(foreign.token), 'another member is untouched').not.toBeNull();

		expect((await login('erik@example.org', OLD, request)).ok).toBe(false);
		expect((await login('erik@example.org', NEW, request)).ok).toBe(true);
		const account = await t.db.select().from(user).where(eq(user.id, id)).get();
		expect(account?.passwordHash).toMatch(/^\$argon2id\$/);
		expect(account?.passwordChangedAt).not.toBeNull();
		expect(await t.db.select().from(auditEvent).where(and(eq(auditEvent.action, 'password.changed'), eq(auditEvent.actorId, id)))).toHaveLength(1);

		const notice = (await outboxMails()).find((m) => m.subject === 'Ihr Passwort wurde geändert');
		expect(notice?.to && 'text' in notice.to ? notice.to.text : '').toContain('erik@example.org');
		expect(notice?.text).toContain('Alle anderen Anmeldungen wurden dabei beendet.');
	});

	test('a reset link mailed before the change no longer works after it', async () => {
		const id = await memberWithPassword('Rita Rücksetz', 'rita@example.org');
		const here = await createSession(id);
		const reset = await issueToken(id, 'password_reset');
		expect(await changePassword(id, here.session.id, OLD, NEW, request)).toMatchObject({ ok: true });
		expect(await checkTokenProof('password_reset', { linkToken: reset.linkToken })).toBeNull();
	});

	test('a sign-in verified against the old password gets no session once the password has changed', async () => {
		const id = await memberWithPassword('Sven Spät', 'sven@example.org');
		const { passwordHash } = (await t.db.select({ passwordHash: user.passwordHash }).from(user).where(eq(user.id, id)).get())!;
		const sessions = async () => (await t.db.select().from(authSession).where(eq(authSession.userId, id))).length;
		// The sign-in read this hash, then waited for verifying; meanwhile the password changed.
		await t.db.update(user).set({ passwordHash: await hashPassword(NEW) }).where(eq(user.id, id));
		await expect(createSession(id, { verifiedHash: passwordHash! })).rejects.toBeInstanceOf(StaleSignIn);
		expect(await sessions()).toBe(0);
		// Switched off meanwhile: the same.
		const current = (await t.db.select({ passwordHash: user.passwordHash }).from(user).where(eq(user.id, id)).get())!.passwordHash!;
		await t.db.update(user).set({ deactivatedAt: new Date() }).where(eq(user.id, id));
		await expect(createSession(id, { verifiedHash: current })).rejects.toBeInstanceOf(StaleSignIn);
		await t.db.update(user).set({ deactivatedAt: null }).where(eq(user.id, id));
		await createSession(id, { verifiedHash: current });
		expect(await sessions()).toBe(1);
		// Through login: a change between reading the hash and verifying it is refused like a wrong password.
		const pending = login('sven@example.org', NEW, request);
		await t.db.update(user).set({ passwordHash: await hashPassword(OLD) }).where(eq(user.id, id));
		expect(await pending).toEqual({ ok: false, reason: 'invalid' });
		expect(await sessions()).toBe(1);
	});
});
