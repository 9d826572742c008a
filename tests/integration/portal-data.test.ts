/**
 * The member's own data: the download holds exactly their data (nothing of anyone else), and
 * deleting the account leaves no row naming them anywhere except the audit log's bare id.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { and, eq, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { application, auditEvent, focusGroup, groupMembership, mailDelivery, meeting, organization, reminderSent, secondFactor, user } from '../../db/schema.ts';
import { changePassword, createUser, login, sendInvitation, updateProfile } from '../../src/lib/server/accounts.ts';
import { createSession, validateSessionToken } from '../../src/lib/server/auth-session.ts';
import { changeInterests } from '../../src/lib/server/interests.ts';
import { setConsents } from '../../src/lib/server/consents.ts';
import { eraseDeliveriesTo, sendMail } from '../../src/lib/server/mail.ts';
import { applicationNoticeSubject, applicationReceivedMail } from '../../src/lib/server/mail-templates.ts';
import { createOrganization } from '../../src/lib/server/members.ts';
import { issueToken } from '../../src/lib/server/one-time-token.ts';
import { hashPassword } from '../../src/lib/server/password.ts';
import { newSecondFactorKey, renewRecoveryCodes } from '../../src/lib/server/second-factor.ts';
import { deleteOwnAccount, eraseMemberAccount, exportPersonalData } from '../../src/lib/server/personal-data.ts';
import { hit } from '../../src/lib/server/rate-limit.ts';
import { eraseApplication, eraseApplicationsOfAccount } from '../../src/lib/server/applications.ts';
import { deleteCompanyWithoutAccount, listCompaniesWithoutAccount, setMemberDeactivated } from '../../src/lib/server/members.ts';
import { auditActionLabel, describeAuditEvents, recordAudit } from '../../src/lib/server/audit.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const PASSWORD = 'Kupferdraht schwimmt am Dienstag';
const TOPICS = ['energieeffizienz', 'kundenbindung', 'mitarbeitergewinnung', 'unternehmensfuehrung'];
const TITLES: Record<string, string> = { energieeffizienz: 'Energieeffizienz', kundenbindung: 'Kundenbindung', mitarbeitergewinnung: 'Mitarbeitergewinnung', unternehmensfuehrung: 'Unternehmensführung' };
const title = (slug: string) => TITLES[slug] ?? slug;
const request = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' };

interface Person {
	id: string;
	name: string;
	email: string;
	phone: string;
	position: string;
	organizationId: string;
	company: string;
	sessionToken: string;
	sessionId: string;
}

/** A member with everything a real one accumulates: application, mails, tokens, sessions, group seat. */
async function fullMember(n: number, p: { name: string; email: string; phone: string; position: string; company: string; interests: string[] }, groupId: string): Promise<Person> {
	const organizationId = await createOrganization({
		name: p.company,
		legalForm: 'GmbH',
		industryCode: n === 1 ? '28.41' : '62.01',
		industryLabel: n === 1 ? 'Herstellung von Werkzeugmaschinen' : 'Programmierungstätigkeiten',
		street: `Werkstraße ${n}`,
		postcode: '99084',
		town: n === 1 ? 'Erfurt' : 'Jena',
		latitude: null,
		longitude: null,
		sizeBand: '10-49',
		website: `https://firma-${n}.example.net`,
	});
	const id = await createUser({ name: p.name, email: p.email, role: 'member', organizationId, position: p.position, phone: p.phone });
	await t.db.update(user).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(user.id, id));
	await t.db.insert(application).values({
		id: `antrag${n}xxxxxxxxx`,
		status: 'accepted',
		companyName: p.company,
		industryCode: '25.62',
		industryLabel: 'Mechanik',
		street: `Werkstraße ${n}`,
		postcode: '99084',
		town: 'Erfurt',
		sizeBand: '10-49',
		contactName: p.name,
		contactPosition: p.position,
		contactEmail: p.email,
		contactPhone: p.phone,
		interests: p.interests,
		motivation: `Motivation von ${p.name}`,
		submittedAt: new Date('2026-01-10T09:00:00Z'),
		idempotencyKey: `key-${n}`,
		organizationId,
		userId: id,
	});
	// An earlier application under the same address, from before the account: the address alone does
	// not show whose it is (a typo, a shared mailbox), so it is not the account's.
	await t.db.insert(application).values({
		id: `frueher${n}xxxxxxxx`,
		status: 'withdrawn',
		companyName: p.company,
		industryCode: '25.62',
		industryLabel: 'Mechanik',
		street: `Werkstraße ${n}`,
		postcode: '99084',
		town: 'Erfurt',
		sizeBand: '10-49',
		contactName: p.name,
		contactPosition: p.position,
		contactEmail: p.email.toUpperCase(),
		interests: p.interests,
		submittedAt: new Date('2025-06-10T09:00:00Z'),
		idempotencyKey: `early-key-${n}`,
	});
	await sendMail(applicationReceivedMail({ name: p.name, address: p.email }, { company: p.company }), { kind: 'application_received' });
	await sendInvitation(id, null);
	await issueToken(id, 'password_reset');
	await changeInterests(id, p.interests, TOPICS);
	await updateProfile(id, { name: p.name, position: p.position, phone: p.phone, shareEmail: true, sharePhone: false });
	await t.db.insert(groupMembership).values({ groupId, userId: id });
	const { token, session } = await createSession(id, { userAgent: request.userAgent });
	await createSession(id, { userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1' });
	return { id, ...p, organizationId, sessionToken: token, sessionId: session.id };
}

let erika: Person;
let max: Person;
let groupId: string;
const erikaKey = newSecondFactorKey();
let erikaRecoveryCodes: string[];

beforeAll(async () => {
	t = await freshDatabase();
	groupId = 'gruppe0000000001';
	await t.db.insert(focusGroup).values({ id: groupId, name: 'Fokusgruppe A', topicSlug: 'energieeffizienz', cohort: 2026, status: 'published' });
	erika = await fullMember(1, { name: 'Erika Quastenflosser', email: 'erika.quast@quast-werkzeug.example', phone: '0361 4477110', position: 'Geschäftsführerin', company: 'Gerahöhe Werkzeugbau GmbH', interests: ['energieeffizienz', 'kundenbindung'] }, groupId);
	max = await fullMember(2, { name: 'Maximilian Zwirnhofer', email: 'max.zwirn@zwirn-software.example', phone: '03641 998877', position: 'Inhaber', company: 'Saalehang Softwarehaus GmbH', interests: ['mitarbeitergewinnung'] }, groupId);
	// Erika signs in with an app too; its key must never leave the server.
	await t.db.insert(secondFactor).values({ userId: erika.id, key: Buffer.from(erikaKey), lastUsedStep: 0, createdAt: new Date('2026-03-01T08:00:00Z') });
	erikaRecoveryCodes = (await renewRecoveryCodes(erika.id))!;
	// Max also does something Erika would never see.
	await changePassword(max.id, max.sessionId, 'falsch', 'Zwölf Boote liegen im Hafen', request);
	// Erika agrees to be named on the website, then changes her mind; Max only wants invitations.
	await setConsents(erika.id, { events: false, listing: true }, { via: 'portal' }, new Date('2026-03-02T08:00:00Z'));
	await setConsents(erika.id, { events: false, listing: false }, { via: 'portal' }, new Date('2026-03-03T08:00:00Z'));
	await setConsents(max.id, { events: true, listing: false }, { via: 'portal' });
});
afterAll(() => t.close());

/** A pending application by another person that carries a member's address (a typo in the form). */
const strangersApplication = (n: number, email: string) => ({
	id: `fremd${n}xxxxxxxxxx`,
	status: 'submitted' as const,
	companyName: 'Nachbarhof Fräserei GmbH',
	industryCode: '25.62',
	industryLabel: 'Mechanik',
	street: 'Nachbarweg 7',
	postcode: '99084',
	town: 'Erfurt',
	sizeBand: '1-9',
	contactName: 'Fritz Fremdling',
	contactPosition: 'Inhaber',
	contactEmail: email,
	interests: ['kundenbindung'],
	motivation: 'Motivation von Fritz',
	submittedAt: new Date('2026-04-01T09:00:00Z'),
	idempotencyKey: `stranger-key-${n}`,
});

/** Every value of Max that must never appear in Erika's download. */
const maxValues = () => [max.id, max.name, 'Zwirnhofer', max.email, max.phone, max.company, max.organizationId, 'Programmierungstätigkeiten', 'firma-2', max.sessionId, 'antrag2', 'frueher2'];

describe('download of the own data', () => {
	test('holds the member’s account, company, interests, group, applications, mails, log and sessions', async () => {
		const data = (await exportPersonalData(erika.id, title))!;
		expect(data.konto).toMatchObject({ id: erika.id, name: erika.name, eMail: erika.email, telefon: erika.phone, funktion: erika.position, eMailFuerGruppeSichtbar: true, telefonFuerGruppeSichtbar: false });
		// fullMember signed her in: the time of that sign-in is hers to see too.
		expect(data.konto.zuletztAngemeldet).toMatch(/^\d{4}-\d{2}-\d{2}T/);
		expect(data.konto).toMatchObject({ erinnerungEineWocheVorher: true, erinnerungAmTagDavor: true });
		expect(data.unternehmen).toMatchObject({ name: erika.company, ort: 'Erfurt', branche: { code: '28.41' } });
		expect(data.interessen).toEqual([
			{ rang: 1, thema: 'energieeffizienz', titel: 'Energieeffizienz' },
			{ rang: 2, thema: 'kundenbindung', titel: 'Kundenbindung' },
		]);
		expect(data.fokusgruppen).toEqual([expect.objectContaining({ name: 'Fokusgruppe A', titel: 'Energieeffizienz', jahrgang: 2026, status: 'aktiv' })]);
		expect(data.bewerbungen.map((b) => b.status)).toEqual(['Aufgenommen']);
		expect(data.bewerbungen[0]!.ansprechperson).toEqual({ name: erika.name, funktion: erika.position, eMail: erika.email, telefon: erika.phone });
		expect(data.eMails.map((m) => m.art).sort()).toEqual(['Eingangsbestätigung Ihrer Bewerbung', 'Einladung ins Mitgliederportal', 'Hinweis: neue Wiederherstellungscodes']);
		expect(data.protokoll.map((e) => e.aktion)).toEqual(expect.arrayContaining(['Einladung verschickt', 'Eigene Kontaktdaten geändert']));
		expect(data.anmeldungen.map((s) => s.geraet).sort()).toEqual(['Firefox unter Linux', 'Safari unter iOS']);
		expect(data.anmeldungMitApp).toMatchObject({ eingerichtet: '2026-03-01T08:00:00.000Z', unbenutzteErsatzcodes: 10 });
		expect(data.einwilligungen.map((c) => [c.stand, c.wo, c.zeit, c.fassung])).toEqual([
			['erteilt', 'im Portal', '2026-03-02T08:00:00.000Z', '2026-11-25'],
			['widerrufen', 'im Portal', '2026-03-03T08:00:00.000Z', '2026-11-25'],
		]);
		expect(data.einwilligungen[0]!.einwilligung).toMatch(/^Nach der Aufnahme darf unser Unternehmen/);
		// What the log's entries held, in words: her interests before and after, the fields she changed.
		expect(data.protokoll.find((e) => e.aktion === 'Interessen geändert')?.angaben).toEqual({ interessenVorher: [], interessenNachher: ['Energieeffizienz', 'Kundenbindung'] });
		expect(data.protokoll.find((e) => e.aktion === 'Eigene Kontaktdaten geändert')?.angaben).toMatchObject({ geaenderteAngaben: expect.arrayContaining(['E-Mail für die Gruppe sichtbar']) });
		expect(data.unternehmen?.ungefaehreLage, 'her company was not located').toBeNull();
	});

	test('holds the reminders sent to her, with the meeting they were for', async () => {
		const startsAt = new Date('2026-05-06T12:00:00Z');
		await t.db.insert(meeting).values({ id: 'treffen000000001', groupId, startsAt, endsAt: new Date('2026-05-06T15:00:00Z') });
		await t.db.insert(reminderSent).values([
			{ meetingId: 'treffen000000001', userId: erika.id, kind: 'week', sentAt: new Date('2026-04-29T12:05:00Z') },
			{ meetingId: 'treffen000000001', userId: max.id, kind: 'week', sentAt: new Date('2026-04-29T12:05:00Z') },
		]);
		expect((await exportPersonalData(erika.id, title))!.erinnerungen).toEqual([{ treffen: startsAt.toISOString(), erinnerung: 'eine Woche vorher', verschickt: '2026-04-29T12:05:00.000Z' }]);
	});

	test('the log part names her application and her seat, nothing of one that only carries her address, and nothing about Max', async () => {
		const entry = (action: string, subjectType: string, subjectId: string, details?: Record<string, unknown>) =>
			recordAudit({ actorId: 'buero00000000001', action, subjectType, subjectId, ...(details ? { details } : {}) });
		await entry('application.submitted', 'application', 'frueher1xxxxxxxx');
		await entry('application.accepted', 'application', 'antrag1xxxxxxxxx');
		await entry('group.member_added', 'group', groupId, { user: erika.id });
		await entry('application.accepted', 'application', 'antrag2xxxxxxxxx');
		await entry('group.member_removed', 'group', groupId, { user: max.id });
		const log = (await exportPersonalData(erika.id, title))!.protokoll.filter((e) => e.rolle !== 'von Ihnen');
		expect(log.filter((e) => e.rolle === 'Ihre Bewerbung betreffend').map((e) => e.aktion)).toEqual(['Bewerbung angenommen']);
		expect(log.filter((e) => e.rolle === 'Sie betreffend').map((e) => e.aktion)).toEqual(['Freien Platz besetzt']);
		expect(log.map((e) => e.aktion)).not.toContain(auditActionLabel('group.member_removed'));
	});

	test('an application tied to someone else\'s account is theirs, even under an address that is now hers', async () => {
		// Anna applied with the company's shared mailbox; Bernd signs in with that address today.
		const anna = await createUser({ name: 'Anna Altpostfach', email: 'anna.alt@firma.example', role: 'member' });
		await t.db.insert(application).values({
			id: 'antragannaxxxxxx',
			status: 'accepted',
			companyName: 'Postfach Maschinen GmbH',
			industryCode: '28.41',
			industryLabel: 'Werkzeugmaschinen',
			street: 'Postweg 1',
			postcode: '99084',
			town: 'Erfurt',
			sizeBand: '10-49',
			contactName: 'Anna Altpostfach',
			contactPosition: 'Inhaberin',
			contactEmail: 'postfach@firma.example',
			interests: ['kundenbindung'],
			motivation: 'Motivation von Anna',
			submittedAt: new Date('2026-02-01T09:00:00Z'),
			idempotencyKey: 'key-anna',
			userId: anna,
		});
		// The mails of Anna's account to that address are hers too; a receipt without an account is the address's.
		const delivery = (id: string, userId: string | null, subject: string) => ({ id, recipient: 'postfach@firma.example', userId, kind: 'invitation', subject, status: 'sent' as const, createdAt: new Date('2026-02-02T09:00:00Z') });
		await t.db.insert(mailDelivery).values([delivery('mailannaxxxxxxxx', anna, 'An Annas Konto'), delivery('mailohnekontoxxx', null, 'Eingangsbestätigung')]);
		const bernd = await createUser({ name: 'Bernd Postfach', email: 'POSTFACH@firma.example', role: 'member' });
		expect((await exportPersonalData(bernd, title))!.bewerbungen).toEqual([]);
		expect((await exportPersonalData(bernd, title))!.eMails.map((m) => m.betreff)).toEqual(['Eingangsbestätigung']);
		expect((await exportPersonalData(anna, title))!.bewerbungen.map((b) => b.motivation)).toEqual(['Motivation von Anna']);
		expect((await exportPersonalData(anna, title))!.eMails.map((m) => m.betreff)).toContain('An Annas Konto');
		await t.db.transaction((tx) => eraseApplicationsOfAccount(bernd, tx));
		await t.db.transaction((tx) => eraseDeliveriesTo(bernd, 'postfach@firma.example', tx));
		expect(await t.db.select({ id: application.id }).from(application).where(eq(application.id, 'antragannaxxxxxx'))).toHaveLength(1);
		expect((await t.db.select({ id: mailDelivery.id }).from(mailDelivery).where(eq(mailDelivery.recipient, 'postfach@firma.example'))).map((m) => m.id)).toEqual(['mailannaxxxxxxxx']);
	});

	test('an application someone else sent under her address (a typo) is not in her download', async () => {
		await t.db.insert(application).values(strangersApplication(1, erika.email));
		const json = JSON.stringify(await exportPersonalData(erika.id, title));
		expect(json).not.toContain('Fremdling');
		expect(json).not.toContain('Motivation von Fritz');
		expect(json).not.toContain('Nachbarhof');
	});

	test('contains nothing of another member, and no hash, secret or token', async () => {
		const json = JSON.stringify(await exportPersonalData(erika.id, title));
		for (const value of maxValues()) expect(json, value).not.toContain(value);
		expect(json).not.toContain('$argon2');
		expect(json).not.toContain(erika.sessionId);
		expect(json).not.toContain(erika.sessionToken.split('.')[1]);
		expect(json).not.toMatch(/passwordHash|secretHash|codeHash/);
		expect(json).not.toContain(Buffer.from(erikaKey).toString('hex'));
		expect(json).not.toContain(Buffer.from(erikaKey).toString('base64').slice(0, 16));
		expect(json).not.toContain(encodeBase32UpperCaseNoPadding(erikaKey).slice(0, 16));
		for (const code of erikaRecoveryCodes) expect(json).not.toMatch(new RegExp(code.replaceAll('-', '-?')));
	});
});

async function tables(): Promise<string[]> {
	const rows = await t.db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`);
	return rows.map((r) => r.name);
}

/** Every row of every table as text, by table; without the rows whose id is in `leaveOut`. */
async function everything(leaveOut: readonly string[] = []): Promise<Record<string, string>> {
	const dump: Record<string, string> = {};
	for (const table of await tables()) {
		const rows = (await t.db.all<{ id?: unknown }>(sql.raw(`SELECT * FROM "${table}"`))).filter((row) => !leaveOut.includes(String(row.id)));
		dump[table] = JSON.stringify(rows, (_key, value) => (value instanceof ArrayBuffer ? Buffer.from(value).toString('hex') : value));
	}
	return dump;
}

describe('deleting the own account', () => {
	test('a wrong password deletes nothing and counts as a failed attempt', async () => {
		expect(await deleteOwnAccount(erika.id, 'nicht mein Passwort', request)).toEqual({ ok: false, reason: 'wrong-password' });
		expect(await t.db.select().from(user).where(eq(user.id, erika.id)).get()).toBeDefined();
		expect(JSON.stringify((await everything()).rate_limit)).toContain(`loginAccount:${erika.email}`);
	});

	test('removes every row naming the person; the audit log keeps only the id; the company stays', async () => {
		// Windows counted by the account's id (a host's notices to the office, codes from the app) go too.
		await hit('hostAnswerMail', erika.id);
		await hit('secondFactorAccount', erika.id);
		const before = await everything();
		for (const [table, rows] of Object.entries(before)) {
			if (['user', 'auth_session', 'application', 'interest', 'group_membership', 'mail_delivery', 'one_time_token', 'audit_event', 'rate_limit', 'second_factor', 'consent'].includes(table)) {
				const names = rows.includes(erika.id) || rows.toLowerCase().includes(erika.email) || rows.includes(erika.name);
				expect(names, `${table} names Erika before`).toBe(true);
			}
		}

		expect(await deleteOwnAccount(erika.id, PASSWORD, request)).toEqual({ ok: true });

		// Applications that only carry her address are not provably hers: a stranger's (the typo) is
		// not destroyed with her account, nor is the earlier one; the office erases that on request.
		const onlyHerAddress = ['fremd1xxxxxxxxxx', 'frueher1xxxxxxxx'];
		expect((await t.db.select({ id: application.id }).from(application).where(sql`lower(${application.contactEmail}) = ${erika.email}`)).map((a) => a.id).sort()).toEqual(onlyHerAddress);
		const after = await everything(onlyHerAddress);
		expect(Object.keys(after).length).toBeGreaterThanOrEqual(10);
		for (const [table, rows] of Object.entries(after)) {
			const lower = rows.toLowerCase();
			expect(lower, `${table}: name`).not.toContain(erika.name.toLowerCase());
			expect(lower, `${table}: e-mail`).not.toContain(erika.email.toLowerCase());
			expect(lower, `${table}: phone`).not.toContain(erika.phone);
			if (table !== 'audit_event') expect(rows, `${table}: id`).not.toContain(erika.id);
		}
		const trace = await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'account.deleted'));
		expect(trace).toEqual([expect.objectContaining({ actorId: erika.id, subjectType: 'user', subjectId: erika.id, details: null })]);

		// The company is the company, not the person: it stays, and the office sees it has nobody now.
		expect(await t.db.select().from(organization).where(eq(organization.id, erika.organizationId)).get()).toMatchObject({ name: erika.company });
		expect((await listCompaniesWithoutAccount()).map((o) => o.name)).toContain(erika.company);
		// Nothing of Max went with it.
		expect(await t.db.select().from(groupMembership).where(eq(groupMembership.groupId, groupId))).toEqual([expect.objectContaining({ userId: max.id })]);
		expect((await t.db.select().from(application).where(eq(application.userId, max.id))).length).toBe(1);
		expect(await t.db.select().from(mailDelivery).where(eq(mailDelivery.userId, max.id))).not.toHaveLength(0);
		expect(await validateSessionToken(max.sessionToken)).not.toBeNull();
	});

	test('the office can delete the data of a company nobody acts for any more, and only of such a company', async () => {
		const maxCompany = (await t.db.select({ org: user.organizationId }).from(user).where(eq(user.id, max.id)).get())!.org!;
		expect(await deleteCompanyWithoutAccount(maxCompany, 'demokoordination'), 'Max still has an account there').toBe(false);
		expect(await deleteCompanyWithoutAccount(erika.organizationId, 'demokoordination')).toBe(true);
		expect(await t.db.select().from(organization).where(eq(organization.id, erika.organizationId)).get()).toBeUndefined();
		expect((await listCompaniesWithoutAccount()).map((o) => o.name)).not.toContain(erika.company);
		expect((await describeAuditEvents()).map((e) => e.action)).toContain('Unternehmen ohne Konto gelöscht');
		expect(JSON.stringify(await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, erika.organizationId))), 'the name is not kept in the log').not.toContain(erika.company);
	});

	test('afterwards the login fails, the session is gone, and a confirmation went out without a record', async () => {
		expect(await validateSessionToken(erika.sessionToken)).toBeNull();
		expect(await login(erika.email, PASSWORD, request)).toEqual({ ok: false, reason: 'invalid' });
		expect(await exportPersonalData(erika.id, title)).toBeNull();

		const dir = join(t.dir, 'outbox');
		const mails = await Promise.all(readdirSync(dir).sort().map(async (f) => simpleParser(readFileSync(join(dir, f)))));
		const confirmation = mails.find((m) => m.subject === 'Ihr Konto im ThZM-Netzwerkforum ist gelöscht');
		expect(confirmation?.to && 'text' in confirmation.to ? confirmation.to.text : '').toContain(erika.email);
		expect(confirmation?.text).toContain('Die Angaben zu Ihrem Unternehmen bleiben bestehen.');
		expect(await t.db.select().from(mailDelivery).where(eq(mailDelivery.kind, 'account_deleted'))).toEqual([]);
	});
});

describe('the office erasing an account', () => {
	test('only a deactivated one; then every row naming the person goes, as when they delete it themselves', async () => {
		const greta = await fullMember(3, { name: 'Greta Schwellenwert', email: 'greta.schwelle@schwelle-guss.example', phone: '03621 556677', position: 'Inhaberin', company: 'Hörselgrund Gießerei e.K.', interests: ['kundenbindung'] }, groupId);
		// The office's notice of her application names the company, for a sole trader the person.
		await t.db.insert(mailDelivery).values({ id: 'notice0000000003', recipient: 'koordination@example.org', kind: 'application_notice', subject: applicationNoticeSubject(greta.company), status: 'sent', createdAt: new Date() });
		await hit('applicationRecipient', greta.email);
		// Her company hosts the group's next meeting.
		const hosted = new Date(Date.now() + 20 * 24 * 60 * 60 * 1000);
		await t.db.insert(meeting).values({ id: 'treffen000000003', groupId, startsAt: hosted, endsAt: new Date(hosted.getTime() + 3 * 60 * 60 * 1000), hostOrganizationId: greta.organizationId, address: `${greta.company}, Werkstraße 3, 99084 Erfurt` });

		expect(await eraseMemberAccount(greta.id, 'demokoordination', request.ip), 'still active').toBe('still-active');
		expect(await eraseMemberAccount('gibtesnichtxxxx', 'demokoordination', request.ip)).toBe('not-found');
		expect(await t.db.select().from(user).where(eq(user.id, greta.id)).get()).toBeDefined();

		await setMemberDeactivated(greta.id, true, 'demokoordination');
		expect(await eraseMemberAccount(greta.id, 'demokoordination', request.ip)).toBe('erased');
		// Her earlier application carries only her address, so it outlived the account; the office,
		// which can tell it is hers, erases it at her request too.
		expect(await eraseApplication('frueher3xxxxxxxx', 'demokoordination')).toBe(true);

		const after = await everything();
		for (const [table, rows] of Object.entries(after)) {
			const lower = rows.toLowerCase();
			expect(lower, `${table}: name`).not.toContain('schwellenwert');
			expect(lower, `${table}: e-mail`).not.toContain(greta.email);
			if (table !== 'audit_event') expect(rows, `${table}: id`).not.toContain(greta.id);
		}
		expect(after.mail_delivery!.toLowerCase(), "the office's notice of her application").not.toContain('hörselgrund');
		const trace = await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, greta.id));
		expect(trace.find((e) => e.action === 'account.deleted'), 'the office did it').toMatchObject({ actorId: 'demokoordination', details: null });
		expect(await validateSessionToken(greta.sessionToken)).toBeNull();
		expect((await listCompaniesWithoutAccount()).map((o) => o.name), 'the company waits for the office').toContain(greta.company);

		// The group hears that host and place are open; the office, which did it, gets no "Gastgeber entfällt".
		expect(await t.db.select({ host: meeting.hostOrganizationId, address: meeting.address }).from(meeting).where(eq(meeting.id, 'treffen000000003')).get()).toEqual({ host: null, address: null });
		const mails = async () => Promise.all(readdirSync(join(t.dir, 'outbox')).sort().map(async (f) => simpleParser(readFileSync(join(t.dir, 'outbox', f)))));
		await vi.waitFor(async () => expect((await mails()).some((m) => m.subject?.startsWith('Geändert: Treffen der Fokusgruppe A') && m.to && 'text' in m.to && m.to.text.includes(max.email))).toBe(true));
		expect((await mails()).map((m) => m.subject)).not.toContain(expect.stringMatching(/^Gastgeber entfällt/));
		expect(await t.db.select().from(mailDelivery).where(eq(mailDelivery.kind, 'host_left'))).toEqual([]);
		const told = (await mails()).filter((m) => m.subject === 'Ihr Konto im ThZM-Netzwerkforum ist gelöscht' && m.to && 'text' in m.to && m.to.text.includes(greta.email));
		expect(told).toHaveLength(1);
		expect(told[0]!.text).toContain('die Koordinierungsstelle hat Ihr Konto im Mitgliederportal am');
	});

	test('the button pressed twice at once: erased once, logged once, one mail; a click after that says it is erased', async () => {
		const paul = await fullMember(4, { name: 'Paul Zweimal', email: 'paul.zweimal@doppel.example', phone: '03641 112233', position: 'Inhaber', company: 'Doppelklick GmbH', interests: ['kundenbindung'] }, groupId);
		await setMemberDeactivated(paul.id, true, 'demokoordination');
		const results = await Promise.all([1, 2].map(() => eraseMemberAccount(paul.id, 'demokoordination', request.ip)));
		expect(results.sort()).toEqual(['erased', 'erased-before']);
		expect(await eraseMemberAccount(paul.id, 'demokoordination', request.ip)).toBe('erased-before');
		const deleted = await t.db.select().from(auditEvent).where(and(eq(auditEvent.subjectId, paul.id), eq(auditEvent.action, 'account.deleted')));
		expect(deleted).toHaveLength(1);
		const mails = async () => Promise.all(readdirSync(join(t.dir, 'outbox')).sort().map(async (f) => simpleParser(readFileSync(join(t.dir, 'outbox', f)))));
		const told = async () => (await mails()).filter((m) => m.subject === 'Ihr Konto im ThZM-Netzwerkforum ist gelöscht' && m.to && 'text' in m.to && m.to.text.includes(paul.email));
		await vi.waitFor(async () => expect(await told()).toHaveLength(1));
		await new Promise((r) => setTimeout(r, 200));
		expect(await told()).toHaveLength(1);
	});

	test('the download names the approximate location derived for the company', async () => {
		await t.db.update(organization).set({ latitude: 50.9787, longitude: 11.0328 }).where(eq(organization.id, max.organizationId));
		expect((await exportPersonalData(max.id, title))!.unternehmen?.ungefaehreLage).toEqual({ breitengrad: 50.9787, laengengrad: 11.0328 });
	});
});
