/** The office's own team: inviting a colleague, ending and restoring access, and who hears of it. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditEvent, authSession, oneTimeToken, user } from '../../db/schema.ts';
import { createUser } from '../../src/lib/server/accounts.ts';
import { createSession } from '../../src/lib/server/auth-session.ts';
import { beginSecondFactor, enableSecondFactor, findChallenge, newSecondFactorKey, secondFactorSince } from '../../src/lib/server/second-factor.ts';
import { codeForStep, stepAt } from '../../src/lib/server/totp.ts';
import { issueToken } from '../../src/lib/server/one-time-token.ts';
import { inviteCoordinator, listTeam, listUnusedOfficeAccess, reinviteCoordinator, removeColleagueApp, restoreCoordinator, revokeCoordinator, TeamRefusal, UnknownCoordinator } from '../../src/lib/server/office-team.ts';
import { hashPassword } from '../../src/lib/server/password.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { readMails } from '../helpers/mail-sink.ts';

let t: TestDatabase;
let lead: string;
let colleague: string;
let member: string;
const request = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' };

async function account(name: string, email: string, role: 'member' | 'coordinator') {
	const id = await createUser({ name, email, role });
	await t.db.update(user).set({ passwordHash: await hashPassword('Kupferdraht schwimmt am Dienstag') }).where(eq(user.id, id));
	return id;
}

/** The mails to `address` (subject and text), once the background sends have written them. */
async function mailsTo(address: string) {
	const dir = join(t.dir, 'outbox');
	if (!existsSync(dir)) return [];
	return (await readMails(dir)).filter((m) => m.to && JSON.stringify(m.to).includes(address)).map((m) => ({ subject: m.subject ?? '', text: m.text ?? '' }));
}
const subjectsTo = async (address: string) => (await mailsTo(address)).map((m) => m.subject);
const textOf = async (address: string, subject: string) => (await mailsTo(address)).find((m) => m.subject === subject)?.text ?? '';
const auditOf = async (subjectId: string) => (await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, subjectId))).map((e) => e.action);

beforeAll(async () => {
	t = await freshDatabase();
	lead = await account('Leonie Leitung', 'leitung@example.org', 'coordinator');
	colleague = await account('Konrad Kollege', 'kollege@example.org', 'coordinator');
	member = await account('Mira Mitglied', 'mitglied@example.org', 'member');
});
afterAll(() => t.close());

describe('inviting a colleague', () => {
	test('creates a coordinator without a password, sends the invitation, and tells the whole team', async () => {
		const { userId, mailed } = await inviteCoordinator({ name: 'Nora Neu', email: 'Nora.Neu@Example.org' }, lead);
		expect(mailed).toBe(true);
		const created = await t.db.select().from(user).where(eq(user.id, userId)).get();
		expect(created).toMatchObject({ role: 'coordinator', email: 'nora.neu@example.org', passwordHash: null, deactivatedAt: null });
		expect(await t.db.select().from(oneTimeToken).where(and(eq(oneTimeToken.userId, userId), eq(oneTimeToken.kind, 'invitation')))).toHaveLength(1);
		expect(await auditOf(userId)).toEqual(expect.arrayContaining(['coordinator.invited', 'invitation.sent']));

		await expect.poll(() => subjectsTo('kollege@example.org')).toContain('Neuer Zugang zur Koordinierungsstelle: Nora Neu');
		// The one who invited hears of it too: a stolen session should not add people unnoticed.
		await expect.poll(() => subjectsTo('leitung@example.org')).toContain('Neuer Zugang zur Koordinierungsstelle: Nora Neu');
		// Her invitation speaks of the office's work, not of a focus group.
		const toNora = await mailsTo('nora.neu@example.org');
		expect(toNora.map((m) => m.subject)).toEqual(['Ihr Zugang zur Koordinierungsstelle des ThZM-Netzwerkforums']);
		expect(toNora[0]!.text).toContain('Bewerbungen, Mitglieder, Fokusgruppen und Treffen');
		expect(toNora[0]!.text).not.toContain('Ihre Fokusgruppe');
		// The one who invited reads it in their own words; the others are told whom to ask.
		expect(await textOf('leitung@example.org', 'Neuer Zugang zur Koordinierungsstelle: Nora Neu')).toContain('Sie haben am');
		expect(await textOf('kollege@example.org', 'Neuer Zugang zur Koordinierungsstelle: Nora Neu')).toContain('sprechen Sie bitte mit Leonie Leitung');
		// A member hears nothing of the office's team.
		expect(await subjectsTo('mitglied@example.org')).toEqual([]);

		expect((await listTeam()).find((p) => p.userId === userId)).toMatchObject({ state: 'invited', hasApp: false, invitedBy: 'Leonie Leitung' });
		// The first coordinators came from elsewhere (the command line): nobody invited them here.
		expect((await listTeam()).find((p) => p.userId === lead)?.invitedBy).toBeNull();
	});

	test('refuses an address that has an account already, of a member or a coordinator, and creates nothing', async () => {
		const before = (await t.db.select().from(user)).length;
		await expect(inviteCoordinator({ name: 'Mira Mitglied', email: 'MITGLIED@example.org' }, lead)).rejects.toThrow(/Konto eines Mitglieds/);
		await expect(inviteCoordinator({ name: 'Konrad Kollege', email: 'kollege@example.org' }, lead)).rejects.toThrow(TeamRefusal);
		expect((await t.db.select().from(user)).length).toBe(before);
	});

	test('a double click invites once and answers the second click with the German refusal, not an error page', async () => {
		const twice = await Promise.allSettled([0, 1].map(() => inviteCoordinator({ name: 'Doris Doppelklick', email: 'doris@example.org' }, lead)));
		expect(twice.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const [refused] = twice.filter((r) => r.status === 'rejected');
		expect(refused?.reason).toBeInstanceOf(TeamRefusal);
		expect((refused?.reason as Error).message).toMatch(/^Diese Person hat schon einen Zugang/);
		expect(await t.db.select().from(user).where(eq(user.email, 'doris@example.org'))).toHaveLength(1);
	});
});

describe('ending and restoring access', () => {
	test('ends a colleague’s sessions at once, tells them and the team, and can be undone', async () => {
		await createSession(colleague, request);
		const waiting = await beginSecondFactor(colleague, null);
		await issueToken(colleague, 'password_reset');
		await revokeCoordinator(colleague, lead);
		// A sign-in waiting for its code and a reset link mailed before end with the access.
		expect(await findChallenge(waiting)).toBeNull();
		expect(await t.db.select().from(oneTimeToken).where(eq(oneTimeToken.userId, colleague))).toEqual([]);
		const row = await t.db.select().from(user).where(eq(user.id, colleague)).get();
		expect(row?.deactivatedAt).toBeInstanceOf(Date);
		expect(await t.db.select().from(authSession).where(eq(authSession.userId, colleague))).toEqual([]);
		await expect.poll(() => subjectsTo('kollege@example.org')).toContain('Ihr Zugang zur Koordinierungsstelle ist beendet');
		await expect.poll(() => subjectsTo('leitung@example.org')).toContain('Zugang zur Koordinierungsstelle beendet: Konrad Kollege');
		expect((await listTeam()).at(-1)).toMatchObject({ userId: colleague, state: 'deactivated' });

		await expect(revokeCoordinator(colleague, lead)).rejects.toThrow(/schon beendet/);
		expect(await restoreCoordinator(colleague, lead)).toEqual({ invited: false, mailed: true });
		expect((await t.db.select().from(user).where(eq(user.id, colleague)).get())?.deactivatedAt).toBeNull();
		await expect.poll(() => subjectsTo('kollege@example.org')).toContain('Ihr Zugang zur Koordinierungsstelle ist wieder freigegeben');
		expect(await textOf('kollege@example.org', 'Ihr Zugang zur Koordinierungsstelle ist wieder freigegeben')).toContain('mit Ihrem bisherigen Passwort');
		await expect(restoreCoordinator(colleague, lead)).rejects.toThrow(/schon Zugang/);
		expect(await auditOf(colleague)).toEqual(['coordinator.revoked', 'coordinator.restored']);
	});

	test('nobody ends their own access, and members or unknown ids are not the team’s to change', async () => {
		await expect(revokeCoordinator(lead, lead)).rejects.toThrow(/eigenen Zugang/);
		await expect(revokeCoordinator(member, lead)).rejects.toThrow(UnknownCoordinator);
		await expect(restoreCoordinator(member, lead)).rejects.toThrow(UnknownCoordinator);
		await expect(reinviteCoordinator('gibtesnichtxxxx', lead)).rejects.toThrow(UnknownCoordinator);
		expect((await t.db.select().from(user).where(eq(user.id, member)).get())?.deactivatedAt).toBeNull();
		expect((await t.db.select().from(user).where(eq(user.id, lead)).get())?.deactivatedAt).toBeNull();
	});

	test('someone invited but never signed in gets a new invitation when restored; only they can be invited again', async () => {
		const { userId } = await inviteCoordinator({ name: 'Paul Pause', email: 'paul@example.org' }, lead);
		await revokeCoordinator(userId, lead);
		// He never had access, so he reads that his invitation was taken back, and later that a new one comes.
		await expect.poll(() => subjectsTo('paul@example.org')).toContain('Ihre Einladung in die Koordinierungsstelle ist zurückgezogen');
		// The invitation link he had stops working with the revoke; the restore issues a new one.
		expect(await t.db.select().from(oneTimeToken).where(eq(oneTimeToken.userId, userId))).toEqual([]);
		expect(await restoreCoordinator(userId, lead)).toEqual({ invited: true, mailed: true });
		expect(await t.db.select().from(oneTimeToken).where(eq(oneTimeToken.userId, userId))).toHaveLength(1);
		await expect.poll(() => textOf('paul@example.org', 'Ihr Zugang zur Koordinierungsstelle ist wieder freigegeben')).toContain('Eine neue Einladung zum Festlegen Ihres Passworts');
		expect(await textOf('paul@example.org', 'Ihr Zugang zur Koordinierungsstelle ist wieder freigegeben')).not.toContain('bisherigen Passwort');
		expect((await reinviteCoordinator(userId, lead)).mailed).toBe(true);
		await expect(reinviteCoordinator(colleague, lead)).rejects.toThrow(/schon festgelegt/);
	});
});

describe('office access nobody uses', () => {
	test('an active access without a sign-in for 90 days is listed; a recent, ended or merely invited one is not', async () => {
		const now = new Date('2027-06-01T08:00:00Z');
		const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 3600_000);
		const quiet = await account('Quentin Quiet', 'quiet@example.org', 'coordinator');
		const recent = await account('Rita Recent', 'recent@example.org', 'coordinator');
		const ended = await account('Erna Ende', 'ende@example.org', 'coordinator');
		const neverSince = await account('Nils Nie', 'nie@example.org', 'coordinator');
		const invited = await createUser({ name: 'Ina Eingeladen', email: 'ina@example.org', role: 'coordinator' });
		await t.db.update(user).set({ lastSignInAt: daysAgo(91) }).where(eq(user.id, quiet));
		await t.db.update(user).set({ lastSignInAt: daysAgo(89) }).where(eq(user.id, recent));
		await t.db.update(user).set({ lastSignInAt: daysAgo(200), deactivatedAt: daysAgo(100) }).where(eq(user.id, ended));
		const listed = (await listUnusedOfficeAccess(now)).map((p) => p.userId);
		expect(listed).toContain(quiet);
		// A password, but no sign-in recorded at all: unused as far as anyone can tell.
		expect(listed).toContain(neverSince);
		for (const id of [recent, ended, invited]) expect(listed).not.toContain(id);
		await t.db.update(user).set({ lastSignInAt: now }).where(eq(user.id, quiet));
		await t.db.update(user).set({ lastSignInAt: now }).where(eq(user.id, neverSince));
		expect((await listUnusedOfficeAccess(now)).map((p) => p.userId)).not.toContain(quiet);
	});
});

describe('two coordinators at the same moment', () => {
	test('ending each other’s access: exactly one succeeds, so the office is never left without anyone', async () => {
		const anna = await account('Anna Gleichzeitig', 'anna@example.org', 'coordinator');
		const bert = await account('Bert Gleichzeitig', 'bert@example.org', 'coordinator');
		const results = await Promise.allSettled([revokeCoordinator(anna, bert), revokeCoordinator(bert, anna)]);
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(TeamRefusal);
		const active = (await t.db.select().from(user).where(eq(user.role, 'coordinator'))).filter((u) => [anna, bert].includes(u.id) && !u.deactivatedAt);
		expect(active).toHaveLength(1);
	});

	test('a double submit ends the access once: one log entry', async () => {
		const carla = await account('Carla Doppelt', 'carla@example.org', 'coordinator');
		const results = await Promise.allSettled([revokeCoordinator(carla, lead), revokeCoordinator(carla, lead)]);
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		expect(await auditOf(carla)).toEqual(['coordinator.revoked']);
	});
});

describe('a colleague’s lost phone', () => {
	test('removes the app with a note of how the request was checked; the colleague hears of it', async () => {
		const dora = await account('Dora Telefonlos', 'dora@example.org', 'coordinator');
		const session = await createSession(dora, request);
		const key = newSecondFactorKey();
		const now = new Date();
		expect(await enableSecondFactor(dora, key, codeForStep(key, stepAt(now)), session.session.id, now)).toMatchObject({ ok: true });
		expect((await listTeam()).find((p) => p.userId === dora)?.hasApp).toBe(true);

		await removeColleagueApp(dora, lead, 'rueckruf');
		expect(await secondFactorSince(dora)).toBeNull();
		const removal = await t.db.select().from(auditEvent).where(and(eq(auditEvent.subjectId, dora), eq(auditEvent.action, 'second_factor.removed'))).get();
		expect(removal).toMatchObject({ actorId: lead, details: { verification: 'rueckruf' } });
		await expect.poll(() => subjectsTo('dora@example.org')).toContain('Anmeldung mit Authenticator-App entfernt');
		// She asked for it: the mail names who did it, and does not ask "was it not you?".
		const told = await textOf('dora@example.org', 'Anmeldung mit Authenticator-App entfernt');
		expect(told).toContain('von der Koordinierungsstelle entfernt');
		expect(told).toContain('Haben Sie nicht darum gebeten, setzen Sie Ihr Passwort bitte sofort neu');
		expect(told).not.toContain('Waren Sie das nicht');

		await expect(removeColleagueApp(dora, lead, 'noch einmal')).rejects.toThrow(/ohnehin nur mit dem Passwort/);
		await expect(removeColleagueApp(lead, lead, 'selbst')).rejects.toThrow(/Mein Konto/);
		await expect(removeColleagueApp(member, lead, 'ein Mitglied')).rejects.toThrow(UnknownCoordinator);
	});
});
