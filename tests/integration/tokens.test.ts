/** Invitation and reset tokens: single use, hashed, expiring, never used up by opening a link. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mailDelivery, oneTimeToken, secondFactor, secondFactorChallenge, user } from '../../db/schema.ts';
import { checkTokenProof, correctPerson, createUser, login, redeemToken, requestPasswordReset, resendInvitation, sendInvitation, setDeactivated, signInNameForLink } from '../../src/lib/server/accounts.ts';
import { beginSecondFactor, findChallenge } from '../../src/lib/server/second-factor.ts';
import { setMemberDeactivated } from '../../src/lib/server/members.ts';
import { createSession, validateSessionToken } from '../../src/lib/server/auth-session.ts';
import { feedOwner, renewFeed } from '../../src/lib/server/calendar-feeds.ts';
import { hashPassword } from '../../src/lib/server/password.ts';
import {
	consumeToken,
	issueToken,
	MAX_CODE_ATTEMPTS,
	TOKEN_LIFETIME_MS,
	verifyCode,
	verifyLinkToken,
} from '../../src/lib/server/one-time-token.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
let userId: string;
const T0 = new Date('2026-03-02T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const PASSWORD = 'Kupferdraht schwimmt am Dienstag';

beforeAll(async () => {
	t = await freshDatabase({ SITE_URL: 'https://forum.example.org' });
	userId = await createUser({ name: 'Erika Beispiel', email: 'erika@example.org', role: 'member' });
});
afterAll(() => t.close());

async function outboxMails() {
	const dir = join(t.dir, 'outbox');
	const files = readdirSync(dir).sort();
	return Promise.all(files.map(async (f) => simpleParser(readFileSync(join(dir, f)))));
}

describe('one-time tokens', () => {
	test('only hashes are stored', async () => {
		const issued = await issueToken(userId, 'password_reset', T0);
		const row = await t.db.select().from(oneTimeToken).where(eq(oneTimeToken.userId, userId)).get();
		const stored = JSON.stringify(row);
		expect(stored).not.toContain(issued.linkToken.split('.')[1]);
		expect(stored).not.toContain(issued.code);
	});

	test('verifying (opening the link) never uses the token up; consuming works once', async () => {
		const issued = await issueToken(userId, 'password_reset', T0);
		for (let i = 0; i < 3; i++) expect(await verifyLinkToken(issued.linkToken, 'password_reset', T0)).not.toBeNull();
		const valid = await verifyLinkToken(issued.linkToken, 'password_reset', T0);
		expect(await consumeToken(valid!.id, t.db)).toBe(true);
		expect(await consumeToken(valid!.id, t.db)).toBe(false);
		expect(await verifyLinkToken(issued.linkToken, 'password_reset', T0)).toBeNull();
	});

	test('expiry: valid 1 s before, invalid 1 s after; reset 1 hour, invitation 7 days', async () => {
		expect(TOKEN_LIFETIME_MS.password_reset).toBe(3600_000);
		expect(TOKEN_LIFETIME_MS.invitation).toBe(7 * 24 * 3600_000);
		for (const kind of ['password_reset', 'invitation'] as const) {
			const issued = await issueToken(userId, kind, T0);
			expect(await verifyLinkToken(issued.linkToken, kind, at(TOKEN_LIFETIME_MS[kind] - 1000))).not.toBeNull();
			expect(await verifyLinkToken(issued.linkToken, kind, at(TOKEN_LIFETIME_MS[kind] + 1000))).toBeNull();
			expect(await verifyCode(userId, issued.code, kind, at(TOKEN_LIFETIME_MS[kind] + 1000))).toBeNull();
		}
	});

	test('tampered links and tokens of the other kind are rejected', async () => {
		const issued = await issueToken(userId, 'invitation', T0);
		const [id, secret] = issued.linkToken.split('.') as [string, string];
		expect(await verifyLinkToken(`${id}.${secret.slice(0, -2)}AA`, 'invitation', T0)).toBeNull();
		expect(await verifyLinkToken(`${id}x.${secret}`, 'invitation', T0)).toBeNull();
		expect(await verifyLinkToken(issued.linkToken, 'password_reset', T0)).toBeNull();
		expect(await verifyLinkToken('', 'invitation', T0)).toBeNull();
	});

	test('a new token voids the older one', async () => {
		const first = await issueToken(userId, 'invitation', T0);
		const second = await issueToken(userId, 'invitation', T0);
		expect(await verifyLinkToken(first.linkToken, 'invitation', T0)).toBeNull();
		expect(await verifyLinkToken(second.linkToken, 'invitation', T0)).not.toBeNull();
	});

	test('the code works in any case and with dashes; wrong codes void the token after a few tries', async () => {
		const issued = await issueToken(userId, 'password_reset', T0);
		const typed = `${issued.code.slice(0, 4).toLowerCase()}-${issued.code.slice(4)}`;
		expect(await verifyCode(userId, typed, 'password_reset', T0)).not.toBeNull();
		for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) expect(await verifyCode(userId, 'AAAAAAAAAA', 'password_reset', T0)).toBeNull();
		expect(await verifyCode(userId, issued.code, 'password_reset', T0)).toBeNull();
	});
});

describe('redeeming an invitation', () => {
	test('sets the password, uses the token up, ends other sessions, signs in and sends a notice', async () => {
		const id = await createUser({ name: 'Neu Mitglied', email: 'neu@example.org', role: 'member' });
		const { link, mailed } = await sendInvitation(id, null, T0);
		expect(mailed).toBe(true);
		expect(link).toMatch(/^https:\/\/forum\.example\.org\/portal\/einladung\/\?token=[a-z2-9]{16}\.[\w-]{43}$/);
		const linkToken = new URL(link).searchParams.get('token')!;

		const mails = await outboxMails();
		const invitation = mails.find((m) => m.subject?.includes('Einladung'))!;
		expect(invitation.text).toContain(link);
		expect(invitation.text).toMatch(/Ihr Code: [A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}/);
		expect(invitation.html).toContain('Passwort festlegen');

		const stray = await createSession(id, { now: at(1000) });
		const weak = await redeemToken('invitation', { linkToken }, 'netzwerkforum1', { ip: '203.0.113.1', now: at(2000) });
		expect(weak).toMatchObject({ ok: false, reason: 'weak-password' });
		expect(await checkTokenProof('invitation', { linkToken }, at(2000)), 'a weak password does not use the token up').not.toBeNull();

		const done = await redeemToken('invitation', { linkToken }, PASSWORD, { ip: '203.0.113.1', now: at(3000) });
		expect(done.ok).toBe(true);
		expect(await validateSessionToken(stray.token, at(3000))).toBeNull();
		if (!done.ok || !('token' in done)) throw new Error('expected a session: this account has no authenticator app');
		expect(await validateSessionToken(done.token, at(3000))).not.toBeNull();
		expect(await redeemToken('invitation', { linkToken }, PASSWORD, { ip: '203.0.113.1', now: at(4000) })).toEqual({
			ok: false,
			reason: 'invalid-token',
		});
		expect((await login('neu@example.org', PASSWORD, { ip: '203.0.113.2', now: at(5000) })).ok).toBe(true);

		await new Promise((r) => setTimeout(r, 200)); // the notice is sent after the answer
		// A welcome rather than an alarm, with what to do if it was not them.
		const notice = (await outboxMails()).find((m) => m.subject === 'Ihr Zugang zum Mitgliederportal ist eingerichtet');
		expect(notice?.to && 'text' in notice.to ? notice.to.text : '').toContain('neu@example.org');
		expect(notice?.text).toContain('Haben nicht Sie das Passwort festgelegt');
		expect((await outboxMails()).some((m) => m.subject === 'Ihr Passwort wurde geändert')).toBe(false);
	});

	test('a deactivated account cannot redeem its token, and its page names no address', async () => {
		const id = await createUser({ name: 'Gesperrt Person', email: 'gesperrt@example.org', role: 'member' });
		const issued = await issueToken(id, 'invitation', T0);
		expect(await signInNameForLink('invitation', issued.linkToken, T0), 'the page names the sign-in address').toBe('gesperrt@example.org');
		expect(await signInNameForLink('password_reset', issued.linkToken, T0), 'not for a link of another kind').toBeNull();
		await t.db.update(user).set({ deactivatedAt: T0 }).where(eq(user.id, id));
		expect(await signInNameForLink('invitation', issued.linkToken, T0)).toBeNull();
		expect(await redeemToken('invitation', { linkToken: issued.linkToken }, PASSWORD, { ip: '203.0.113.3', now: T0 })).toEqual({
			ok: false,
			reason: 'invalid-token',
		});
	});
});

describe('the office ends a member\'s access', () => {
	test('an open reset link dies with it and stays dead after reactivation; a waiting code step ends; an invitation survives; a repeat changes nothing', async () => {
		const invited = await createUser({ name: 'Eingeladen Person', email: 'eingeladen@example.org', role: 'member' });
		const invitation = await issueToken(invited, 'invitation', T0);
		const member = await createUser({ name: 'Zurueckgesetzt Person', email: 'zurueck@example.org', role: 'member' });
		const reset = await issueToken(member, 'password_reset', T0);
		const challenge = await beginSecondFactor(member, null, T0);
		const session = await createSession(member, { now: T0 });

		expect(await setDeactivated(member, true, at(1000))).toEqual({ leftDraft: false });
		expect(await setDeactivated(member, true, at(2000))).toBe(false);
		expect(await t.db.select().from(secondFactorChallenge).where(eq(secondFactorChallenge.id, challenge))).toEqual([]);
		expect(await validateSessionToken(session.token, at(1000))).toBeNull();
		expect(await setDeactivated(member, false, at(3000))).toEqual({ leftDraft: false });
		expect(await setDeactivated(member, false, at(4000))).toBe(false);
		// Within the link's hour, yet void: it was mailed before the access ended.
		expect(await verifyLinkToken(reset.linkToken, 'password_reset', at(5000))).toBeNull();

		expect(await setDeactivated(invited, true, at(1000))).toEqual({ leftDraft: false });
		expect(await setDeactivated(invited, false, at(2000))).toEqual({ leftDraft: false });
		expect(await verifyLinkToken(invitation.linkToken, 'invitation', at(3000))).not.toBeNull();
	});
});

describe('ending access fails half-way', () => {
	test('nothing changes, so the office\'s retry ends the access with everything that belongs to it', async () => {
		const member = await createUser({ name: 'Halb Weg', email: 'halbweg@example.org', role: 'member' });
		const challenge = await beginSecondFactor(member, null, T0);
		// The clean-up after the flag fails once (a disk error, say).
		await t.db.run(sql`CREATE TRIGGER fail_once BEFORE DELETE ON second_factor_challenge BEGIN SELECT RAISE(ABORT, 'Datenträgerfehler'); END`);
		await expect(setDeactivated(member, true, at(1000))).rejects.toThrow();
		expect((await t.db.select({ deactivatedAt: user.deactivatedAt }).from(user).where(eq(user.id, member)).get())?.deactivatedAt).toBeNull();
		await t.db.run(sql`DROP TRIGGER fail_once`);
		expect(await setDeactivated(member, true, at(2000))).toEqual({ leftDraft: false });
		expect(await t.db.select().from(secondFactorChallenge).where(eq(secondFactorChallenge.id, challenge))).toEqual([]);
	});
});

describe('"Passwort vergessen" for someone invited who never set a password', () => {
	test('brings a new invitation (the old link is void); an account the office has not invited yet gets nothing', async () => {
		const id = await createUser({ name: 'Lange Her', email: 'lange.her@example.org', role: 'member' });
		const { link } = await sendInvitation(id, null, T0);
		const before = (await outboxMails()).length;
		// Within a minute of the last invitation (a double click, or someone playing with the form): that one's link stays.
		expect(await requestPasswordReset('lange.her@example.org', { ip: '203.0.113.20', now: at(1000) })).toEqual({ ok: true });
		await new Promise((r) => setTimeout(r, 300));
		expect((await outboxMails()).length).toBe(before);
		expect(await requestPasswordReset('lange.her@example.org', { ip: '203.0.113.20', now: at(120_000) })).toEqual({ ok: true });
		await expect.poll(async () => (await outboxMails()).length).toBe(before + 1);
		const mail = (await outboxMails()).at(-1)!;
		expect(mail.subject).toBe('Ihre Einladung in das Portal des ThZM-Netzwerkforums');
		expect(await checkTokenProof('invitation', { linkToken: new URL(link).searchParams.get('token')! }, at(121_000)), 'the old link').toBeNull();

		await createUser({ name: 'Noch Nicht', email: 'noch.nicht@example.org', role: 'member', takenOver: true });
		expect(await requestPasswordReset('noch.nicht@example.org', { ip: '203.0.113.21', now: at(3000) })).toEqual({ ok: true });
		await new Promise((r) => setTimeout(r, 300));
		expect((await outboxMails()).length).toBe(before + 1);
	});
});

describe('"Einladung erneut senden" pressed twice', () => {
	test('one mail, whose link works; a minute later a new one replaces it', async () => {
		const id = await createUser({ name: 'Zweimal Gesendet', email: 'zweimal.gesendet@example.org', role: 'member' });
		const mailsTo = async () => (await outboxMails()).filter((m) => [m.to ?? []].flat().some((a) => a.value.some((v) => v.address === 'zweimal.gesendet@example.org')));
		const results = await Promise.all([1, 2].map(() => resendInvitation(id, 'demokoordination', at(0))));
		expect(results.filter((r) => r?.mailed)).toHaveLength(1);
		expect(results).toContain(null);
		await expect.poll(async () => (await mailsTo()).length).toBe(1);
		const token = /token=([^\s"&]+)/.exec((await mailsTo())[0]!.text ?? '')![1]!;
		expect(await checkTokenProof('invitation', { linkToken: token }, at(1000)), 'the link of the one mail works').not.toBeNull();
		expect(await resendInvitation(id, 'demokoordination', at(61_000))).toEqual({ mailed: true });
		expect(await checkTokenProof('invitation', { linkToken: token }, at(62_000)), 'replaced').toBeNull();
		// The last one's mail failed (recorded as such): sending again at once is no double click, it goes.
		await t.db.insert(mailDelivery).values({ id: 'fehlgeschlagen01', recipient: 'zweimal.gesendet@example.org', userId: id, kind: 'invitation', subject: 'Einladung', status: 'failed', error: 'Verbindung abgelehnt', createdAt: new Date() });
		expect(await resendInvitation(id, 'demokoordination', at(63_000))).toEqual({ mailed: true });
	});
});

describe('the same password form sent twice at once (a double click)', () => {
	test('one sets the password; the other is told so, not that the invitation is invalid', async () => {
		const id = await createUser({ name: 'Doppelt Klick', email: 'doppelt@example.org', role: 'member' });
		const { link } = await sendInvitation(id, null, T0);
		const linkToken = new URL(link).searchParams.get('token')!;
		// Both read the token before either has hashed the password and taken it.
		const results = await Promise.all([1, 2].map(() => redeemToken('invitation', { linkToken }, PASSWORD, { ip: '203.0.113.9', now: at(1000) })));
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: 'used-meanwhile' });
		// Sent again later, when the link is long gone: invalid, as before.
		expect(await redeemToken('invitation', { linkToken }, PASSWORD, { ip: '203.0.113.9', now: at(60 * 60_000) })).toEqual({ ok: false, reason: 'invalid-token' });
	});
});

describe('the office corrects a mistyped address', () => {
	test('whoever held the wrong address loses password, links, sessions and calendar; the right one is invited; a taken address is refused', async () => {
		const id = await createUser({ name: 'Tippfehler Person', email: 'tipfehler@example.org', role: 'member' });
		const { link } = await sendInvitation(id, null, T0);
		const oldToken = new URL(link).searchParams.get('token')!;
		// The stranger behind the typo accepted the invitation: password, session, calendar feed.
		await t.db.update(user).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(user.id, id));
		const session = await createSession(id, { userAgent: 'Firefox' });
		const feed = await renewFeed(id);
		// … set up an authenticator app, turned on sharing the address, and began a sign-in.
		await t.db.insert(secondFactor).values({ userId: id, key: Buffer.alloc(20, 7), lastUsedStep: 0, createdAt: T0 });
		await t.db.update(user).set({ shareEmail: true, sharePhone: true }).where(eq(user.id, id));
		const waiting = await beginSecondFactor(id, null);

		expect(await correctPerson(id, { name: 'Tippfehler Person', position: null, email: 'erika@example.org', phone: null }, 'demokoordination')).toEqual({ ok: false, reason: 'email-taken' });
		const result = await correctPerson(id, { name: 'Tippfehler Person', position: 'Inhaberin', email: ' Tippfehler.Richtig@Example.org ', phone: null }, 'demokoordination');
		expect(result).toEqual({ ok: true, emailChanged: true, invitationResent: true });
		const row = (await t.db.select().from(user).where(eq(user.id, id)).get())!;
		expect(row.email).toBe('tippfehler.richtig@example.org');
		expect(row.passwordHash, "the stranger's password is gone").toBeNull();
		expect((await login('tippfehler.richtig@example.org', PASSWORD, { ip: '127.0.0.1', userAgent: null })).ok).toBe(false);
		expect(await checkTokenProof('invitation', { linkToken: oldToken }), 'the link sent to the wrong address is void').toBeNull();
		expect(await validateSessionToken(session.token), 'sessions end with the old login').toBeNull();
		expect(await feedOwner(feed), 'the private calendar address ends too').toBeNull();
		expect(await t.db.select().from(secondFactor).where(eq(secondFactor.userId, id)), "the stranger's app would lock the right person out").toEqual([]);
		expect(await findChallenge(waiting), 'a sign-in waiting for its code ends').toBeNull();
		expect(row.shareEmail, 'the group sees the new address only once its owner allows it').toBe(false);
		expect(row.sharePhone, 'the phone number did not change').toBe(true);

		const addressed = async () =>
			(await outboxMails()).map((m) => ({ to: [m.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address)).join(), subject: m.subject, text: m.text ?? '' }));
		await expect.poll(async () => (await addressed()).map((m) => [m.to, m.subject])).toEqual(
			expect.arrayContaining([
				['tipfehler@example.org', 'Ihre Anmeldung im ThZM-Netzwerkforum läuft jetzt über eine andere Adresse'],
				['tippfehler.richtig@example.org', 'Ihre neue Anmeldeadresse im Portal des ThZM-Netzwerkforums'],
			]),
		);
		const invitation = (await addressed()).find((m) => m.to === 'tippfehler.richtig@example.org')!;
		expect(invitation.text, 'an existing member, not a new account').toContain('hat die E-Mail-Adresse Ihres Kontos');
		expect(invitation.text).not.toContain('ein Konto im Mitgliederportal des ThZM-Netzwerkforums angelegt');
		// Sent again by the office (the first one failed, or expired): the same words.
		await sendInvitation(id, 'demokoordination');
		await expect.poll(async () => (await addressed()).filter((m) => m.to === 'tippfehler.richtig@example.org' && m.subject === 'Ihre neue Anmeldeadresse im Portal des ThZM-Netzwerkforums').length).toBe(2);
		const notice = (await addressed()).find((m) => m.to === 'tipfehler@example.org' && m.subject?.includes('andere Adresse'))!;
		expect(notice.text, 'the old address does not learn the new one').not.toContain('richtig');
		// A name alone changes nothing else.
		expect(await correctPerson(id, { name: 'Richtig Person', position: 'Inhaberin', email: 'tippfehler.richtig@example.org', phone: null }, 'demokoordination')).toEqual({ ok: true, emailChanged: false, invitationResent: false });
	});

	test('corrected while deactivated: reactivating sends the invitation the correction could not; with a live link or a password, none', async () => {
		const id = await createUser({ name: 'Pausiert Person', email: 'pausiert.falsch@example.org', role: 'member' });
		await sendInvitation(id, null, T0);
		expect(await setMemberDeactivated(id, true, 'demokoordination')).toMatchObject({ invited: null });
		expect(await correctPerson(id, { name: 'Pausiert Person', position: null, email: 'pausiert@example.org', phone: null }, 'demokoordination')).toEqual({ ok: true, emailChanged: true, invitationResent: false });
		const toRight = async () => (await outboxMails()).filter((m) => [m.to ?? []].flat().some((a) => a.value.some((v) => v.address === 'pausiert@example.org')));
		expect(await toRight()).toEqual([]);
		expect(await setMemberDeactivated(id, false, 'demokoordination')).toEqual({ leftDraft: false, invited: true });
		await expect.poll(async () => (await toRight()).map((m) => m.subject)).toEqual(['Ihre Einladung in das Portal des ThZM-Netzwerkforums']);
		// Deactivated and back again while that link lives: no second one.
		await setMemberDeactivated(id, true, 'demokoordination');
		expect(await setMemberDeactivated(id, false, 'demokoordination')).toEqual({ leftDraft: false, invited: null });
	});

	test('an invitation nobody took up (it went to the typo): the right address is welcomed, not told its login moved', async () => {
		const id = await createUser({ name: 'Nie Angemeldet', email: 'nie.angemeldt@example.org', role: 'member' });
		await sendInvitation(id, null, T0);
		const result = await correctPerson(id, { name: 'Nie Angemeldet', position: null, email: 'nie.angemeldet@example.org', phone: null }, 'demokoordination');
		expect(result).toEqual({ ok: true, emailChanged: true, invitationResent: true });
		const row = (await t.db.select().from(user).where(eq(user.id, id)).get())!;
		expect(row.passwordChangedAt, 'no password was ever set').toBeNull();
		expect(row.loginMovedAt, "the group's topics from now on only, all the same").not.toBeNull();
		const subjects = async () => (await outboxMails()).filter((m) => [m.to ?? []].flat().some((a) => a.value.some((v) => v.address === 'nie.angemeldet@example.org'))).map((m) => m.subject);
		await expect.poll(subjects).toEqual(['Ihre Einladung in das Portal des ThZM-Netzwerkforums']);
	});
});
