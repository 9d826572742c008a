/**
 * Taking over an existing network: what the check says about the database, what the import
 * creates (all of it or nothing), and which accounts still wait for their first invitation.
 */
import { readFileSync } from 'node:fs';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditEvent, focusGroup, interest, organization, user } from '../../db/schema.ts';
import { readMemberImport, type ImportPerson } from '../../src/lib/forms/member-import.ts';
import { correctPerson, createUser } from '../../src/lib/server/accounts.ts';
import { accountsFromFile, awaitsFirstInvitation, fileMark, importMembers, importedWithoutInvitation, inviteInBackground, neverInvited, planImport, sendFirstInvitation } from '../../src/lib/server/member-import.ts';
import { exportMembers, workQueue } from '../../src/lib/server/office.ts';
import { addToPublishedGroup } from '../../src/lib/server/groups.ts';
import { getMember, listMembers, setMemberDeactivated } from '../../src/lib/server/members.ts';
import { toCsv } from '../../src/lib/export/csv.ts';
import { MEMBER_COLUMNS } from '../../src/lib/export/columns.ts';
import { topicsInOrder } from '../../src/lib/content/topic-list.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { readMails } from '../helpers/mail-sink.ts';
import { seedDemo } from '../../db/seed/demo.ts';

const DEMO_COORDINATOR_ID = 'demokoordination';

let t: TestDatabase;
const TOPICS = [
	{ slug: 'energieeffizienz', title: 'Energieeffizienz' },
	{ slug: 'kundenbindung', title: 'Kundenbindung' },
];
const HEADER = 'Unternehmen;WZ-Klasse;PLZ;Ort;Person;E-Mail;Themen (Rangfolge)';
const people = (...lines: string[]): ImportPerson[] => {
	const reading = readMemberImport([HEADER, ...lines].join('\n'), TOPICS);
	expect(reading.problems).toEqual([]);
	return reading.people;
};

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemo(t.db, 'hash');
});
afterAll(() => t.close());

const mailsInOutbox = () => readMails(t.config.outboxDir);
const accountOf = (email: string) => t.db.select().from(user).where(eq(user.email, email)).get();

describe('planImport', () => {
	test('an address with an account is refused by line; a company on file is joined, not made again', async () => {
		const demoCompany = (await t.db.select().from(organization).limit(1).get())!;
		const plan = await planImport(
			people(
				'Neue Werkstatt GmbH;25.62;99084;Erfurt;Nina Neu;nina@neue-werkstatt.example;',
				// Another spelling of its name (capitals), as the office's list may have it.
				`${demoCompany.name.replace(/[a-z]/g, (c) => c.toUpperCase())};28.41;${demoCompany.postcode};${demoCompany.town};Paul Dazu;paul@dazu.example;`,
				'Wer Auch Immer;25.62;99084;Erfurt;Schon Da;mitglied3@example.org;',
			),
		);
		expect(plan.problems).toEqual([expect.stringMatching(/^Zeile 4 \(Wer Auch Immer\): Zu mitglied3@example\.org gibt es schon ein Konto \(.+\)\. Bitte nehmen Sie die Zeile heraus\.$/)]);
		expect(plan.people.map((p) => [p.name, p.joins?.id ?? null])).toEqual([
			['Nina Neu', null],
			['Paul Dazu', demoCompany.id],
		]);
		expect(plan.newCompanies).toBe(1);
		expect(plan.notes).toEqual([]);
	});

	test('a company name in capitals with umlauts joins the company on file; a place not in the list is named', async () => {
		const [company] = await t.db.insert(organization).values({ id: 'orgmitumlaut0001', name: 'Gößnitzer Präzision GmbH', industryCode: '25.62', industryLabel: 'Mechanik a. n. g.', postcode: '04639', town: 'Gößnitz' }).returning();
		const plan = await planImport(
			people(
				'GÖSSNITZER PRÄZISION GMBH;25.62;04639;Gößnitz;Ute Groß;ute@goessnitz.example;',
				'Irgendwo KG;25.62;99999;Nirgendwo;Ina Irgend;ina@irgendwo.example;',
			),
		);
		expect(plan.people.map((p) => p.joins?.id ?? null)).toEqual([company!.id, null]);
		expect(plan.notes).toEqual(['Zeile 3: 99999 Nirgendwo steht nicht in der Liste der Thüringer Postleitzahlen; bis der Ort auf der Seite des Mitglieds berichtigt ist, kann die Gruppenbildung Irgendwo KG nicht einteilen.']);
		// Named elsewhere in the file than on file: perhaps another firm of the same name.
		const elsewhere = await planImport(people('Gößnitzer Präzision GmbH;25.62;99084;Erfurt;Eli Groß;eli@goessnitz.example;'));
		expect(elsewhere.notes).toEqual(['Zeile 2: Gößnitzer Präzision GmbH ist schon Mitglied (in 04639 Gößnitz), die Datei nennt 99084 Erfurt. Ist es ein anderes Unternehmen, geben Sie ihm in der Datei einen eigenen Namen.']);
	});
});

describe('importMembers', () => {
	test('creates each company once, invited accounts with their topics, and logs every account; nobody is mailed', async () => {
		const before = (await mailsInOutbox()).length;
		const result = await importMembers(
			people(
				'Glas & Form KG;23.19;07743;Jena;Gina Glas;gina@glasform.example;Kundenbindung | Energieeffizienz',
				'glas & form kg;23.19;07743;Jena;Gerd Glas;gerd@glasform.example;',
			),
			DEMO_COORDINATOR_ID,
		);
		expect(result).toMatchObject({ ok: true, newCompanies: 1 });
		const gina = (await accountOf('gina@glasform.example'))!;
		const gerd = (await accountOf('gerd@glasform.example'))!;
		expect(gina.organizationId).toBe(gerd.organizationId);
		expect(gina.passwordHash).toBeNull();
		const company = (await t.db.select().from(organization).where(eq(organization.id, gina.organizationId!)).get())!;
		expect(company).toMatchObject({ name: 'Glas & Form KG', industryCode: '23.19', town: 'Jena', status: 'active' });
		expect(company.latitude).not.toBeNull();
		expect((await t.db.select().from(interest).where(eq(interest.userId, gina.id))).sort((a, b) => a.rank - b.rank).map((i) => i.topicSlug)).toEqual(['kundenbindung', 'energieeffizienz']);
		const logged = await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'member.imported'));
		expect(logged.filter((e) => e.subjectId === gina.id || e.subjectId === gerd.id)).toHaveLength(2);
		expect(await mailsInOutbox()).toHaveLength(before);
		expect((await importedWithoutInvitation()).map((m) => m.name)).toEqual(expect.arrayContaining(['Gina Glas', 'Gerd Glas']));
		// The work queue names them apart from invitations whose link ran out.
		const queue = await workQueue();
		expect(queue.openInvitations.some((m) => m.userId === gina.id)).toBe(false);
		expect(queue.importedWithoutInvitation).toBeGreaterThanOrEqual(2);
		// Neither "eingeladen" in the office's pages nor in the export: nobody has invited them yet.
		expect((await getMember(gina.id))?.state).toBe('not-invited');
		expect((await listMembers()).find((m) => m.userId === gerd.id)?.state).toBe('not-invited');
		const exported = await exportMembers();
		expect(exported.find((row) => row.email === 'gina@glasform.example')?.state).toBe('not-invited');
		expect(toCsv(exported.filter((row) => row.email === 'gina@glasform.example'), MEMBER_COLUMNS as never)).toContain(';übernommen, nicht eingeladen;');
	});

	test('an address that got an account since the check stops the whole import: nothing of it is created', async () => {
		const checked = people('Erste Firma GmbH;25.62;99084;Erfurt;Eva Erst;eva@erste.example;', 'Zweite Firma GmbH;25.62;99084;Erfurt;Zoe Zweit;zoe@zweite.example;');
		await createUser({ name: 'Zoe Zweit', email: 'zoe@zweite.example', role: 'member' });
		const result = await importMembers(checked, DEMO_COORDINATOR_ID);
		expect(result).toEqual({ ok: false, problems: [expect.stringContaining('zoe@zweite.example')] });
		expect(await accountOf('eva@erste.example')).toBeUndefined();
		expect(await t.db.select().from(organization).where(eq(organization.name, 'Erste Firma GmbH')).get()).toBeUndefined();
	});
});

describe('an export of the members goes back in whole', () => {
	test('every member of the export reads back with company, person and topics', async () => {
		const exported = await exportMembers();
		const reading = readMemberImport(toCsv(exported, MEMBER_COLUMNS as never), topicsInOrder().map((t) => ({ slug: t.id, title: t.data.title })));
		expect(reading.problems).toEqual([]);
		const back = new Map(reading.people.map((p) => [p.email, p]));
		for (const member of exported) {
			expect(back.get(member.email), member.email).toMatchObject({ companyName: member.organizationName, industryCode: member.industryCode, town: member.town, name: member.name, interests: member.interests });
		}
		expect(exported.some((m) => m.interests.length > 0)).toBe(true);
	});
});

describe('the same file twice', () => {
	test('the mark of the file finds the accounts the first import made', async () => {
		const file = fileMark('Unternehmen;…\r\nZweimal GmbH;…');
		expect(await accountsFromFile(file)).toBe(0);
		const result = await importMembers(people('Zweimal GmbH;25.62;99084;Erfurt;Zora Zwei;zora@zweimal.example;'), DEMO_COORDINATOR_ID, new Date(), file);
		expect(result.ok).toBe(true);
		expect(await accountsFromFile(file)).toBe(1);
		expect(await accountsFromFile(fileMark('eine andere Datei'))).toBe(0);
		// A mistaken import undone (the account erased): the file counts as not taken over any more.
		await t.db.delete(user).where(eq(user.email, 'zora@zweimal.example'));
		expect(await accountsFromFile(file)).toBe(0);
	});
});

describe('a typo in an address of the list, corrected before the invitation', () => {
	test('is only a correction: no mail to either address, no invitation, the account still waits for its first one', async () => {
		const result = await importMembers(people('Tippfehler KG;25.62;99084;Erfurt;Tina Tipp;tina@tipfehler.example;'), DEMO_COORDINATOR_ID);
		if (!result.ok) throw new Error(result.problems.join(' '));
		const [tina] = result.userIds;
		const before = (await mailsInOutbox()).length;
		const at = new Date(Math.floor(Date.now() / 1000) * 1000); // stored in whole seconds
		const corrected = await correctPerson(tina!, { name: 'Tina Tipp', position: null, email: 'tina@tippfehler.example', phone: null }, DEMO_COORDINATOR_ID, at, { neverInvited: true });
		expect(corrected).toEqual({ ok: true, emailChanged: true, invitationResent: false, quietly: true });
		await new Promise((r) => setTimeout(r, 200));
		expect(await mailsInOutbox()).toHaveLength(before);
		// Still no password set; but the login moved (a seat's topics from then on only: topic-queue.test.ts).
		expect(await accountOf('tina@tippfehler.example')).toMatchObject({ passwordChangedAt: null, loginMovedAt: at });
		expect((await importedWithoutInvitation(tina)).map((m) => m.name)).toEqual(['Tina Tipp']);
	});
});

describe('invitations', () => {
	test('two requests at once for the same accounts: each account gets one invitation, never a second that voids the first', async () => {
		const waiting = await importedWithoutInvitation();
		expect(waiting.length).toBeGreaterThan(1);
		const ids = waiting.map((w) => w.userId);
		await Promise.all([inviteInBackground(ids, DEMO_COORDINATOR_ID), inviteInBackground([...ids].reverse(), DEMO_COORDINATOR_ID)]);
		expect(await importedWithoutInvitation()).toEqual([]);
		for (let i = 0; i < 100 && (await mailsInOutbox()).length < waiting.length; i++) await new Promise((r) => setTimeout(r, 50));
		await new Promise((r) => setTimeout(r, 200));
		expect(await mailsInOutbox()).toHaveLength(waiting.length);
		// The mail says where the account came from, not that the person may delete an unexpected one.
		const mails = await mailsInOutbox();
		expect(mails.map((m) => m.subject)).toEqual(mails.map(() => 'Das ThZM-Netzwerkforum hat ein Mitgliederportal: Ihr Zugang'));
		expect(mails.every((m) => m.text?.includes('mit den Angaben aus ihrer bisherigen Mitgliederliste') && !m.text.includes('einfach löschen'))).toBe(true);
		const sent = await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'invitation.sent'));
		expect(sent.map((e) => e.subjectId).sort()).toEqual(waiting.map((w) => w.userId).sort());
		expect(await importedWithoutInvitation()).toEqual([]);
		expect(new Set((await listMembers()).filter((m) => ids.includes(m.userId)).map((m) => m.state))).toEqual(new Set(['invited']));
	});
});

describe('a taken-over member placed in a group before the invitation', () => {
	test('the group mail says an invitation will come, and does not point to one that never went out', async () => {
		const result = await importMembers(people('Frühe Gruppe GmbH;25.62;99084;Erfurt;Gerd Gruppe;gerd@fruehe-gruppe.example;energieeffizienz'), DEMO_COORDINATOR_ID);
		if (!result.ok) throw new Error(result.problems.join(' '));
		const [gerd] = result.userIds;
		await t.db.insert(focusGroup).values({ id: 'frueheGruppe0001', name: 'Fokusgruppe F', topicSlug: 'energieeffizienz', cohort: 2026, status: 'published', publishedAt: new Date() });
		expect(await addToPublishedGroup('frueheGruppe0001', gerd!, DEMO_COORDINATOR_ID, () => 'Energieeffizienz')).toBe(true);
		const groupMail = async () => (await mailsInOutbox()).find((m) => m.subject === 'Ihre Fokusgruppe steht fest: Fokusgruppe F');
		for (let i = 0; i < 100 && !(await groupMail()); i++) await new Promise((r) => setTimeout(r, 50));
		const mail = await groupMail();
		expect(mail?.to).toMatchObject({ text: expect.stringContaining('gerd@fruehe-gruppe.example') });
		expect(mail?.text).toContain('Dafür schicken wir Ihnen eine Einladung per E-Mail an diese Adresse');
		expect(mail?.text).not.toContain('Einladungs-E-Mail');
	});
});

describe('one first invitation from the member\'s page', () => {
	test('two clicks at once send one invitation; the other finds it sent', async () => {
		const result = await importMembers(people('Doppelklick GmbH;25.62;99084;Erfurt;Dora Doppel;dora@doppelklick.example;'), DEMO_COORDINATOR_ID);
		if (!result.ok) throw new Error(result.problems.join(' '));
		const [dora] = result.userIds;
		const outcomes = await Promise.all([sendFirstInvitation(dora!, DEMO_COORDINATOR_ID), sendFirstInvitation(dora!, DEMO_COORDINATOR_ID)]);
		expect(outcomes.filter((o) => o === null)).toHaveLength(1);
		expect(outcomes.filter((o) => o?.mailed === true)).toHaveLength(1);
		const invitations = await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'invitation.sent'));
		expect(invitations.filter((e) => e.subjectId === dora)).toHaveLength(1);
	});

	test('a deactivated account never invited stays never invited: correcting its address tells nobody', async () => {
		const result = await importMembers(people('Ruhend KG;25.62;99084;Erfurt;Rudi Ruhend;rudi@ruhend.example;'), DEMO_COORDINATOR_ID);
		if (!result.ok) throw new Error(result.problems.join(' '));
		const [rudi] = result.userIds;
		await setMemberDeactivated(rudi!, true, DEMO_COORDINATOR_ID);
		expect(await awaitsFirstInvitation(rudi!), 'no invitation is sent to a deactivated account').toBe(false);
		expect(await neverInvited(rudi!)).toBe(true);
		expect((await getMember(rudi!))?.state).toBe('deactivated');
		await setMemberDeactivated(rudi!, false, DEMO_COORDINATOR_ID);
		expect((await getMember(rudi!))?.state).toBe('not-invited');
	});
});

describe('migration 0022: the state moved from the log onto the account', () => {
	test('an account the log shows imported and never invited gets the import\'s time; an invited one does not', async () => {
		const result = await importMembers(people('Altbestand GmbH;25.62;99084;Erfurt;Alma Alt;alma@altbestand.example;', 'Altbestand GmbH;25.62;99084;Erfurt;Ingo Alt;ingo@altbestand.example;'), DEMO_COORDINATOR_ID);
		if (!result.ok) throw new Error(result.problems.join(' '));
		const [alma, ingo] = result.userIds;
		await sendFirstInvitation(ingo!, DEMO_COORDINATOR_ID);
		const importedAt = (await t.db.select().from(auditEvent).where(and(eq(auditEvent.action, 'member.imported'), eq(auditEvent.subjectId, alma!))).get())!.createdAt;
		// As before the migration: nothing on the row.
		await t.db.update(user).set({ notInvitedSince: null }).where(inArray(user.id, [alma!, ingo!]));
		const backfill = readFileSync('db/migrations/0022_user_not_invited_since.sql', 'utf8').split('--> statement-breakpoint')[1]!;
		await t.db.$client.execute(backfill);
		expect((await accountOf('alma@altbestand.example'))?.notInvitedSince).toEqual(importedAt);
		expect((await accountOf('ingo@altbestand.example'))?.notInvitedSince).toBeNull();
		expect((await getMember(alma!))?.state).toBe('not-invited');
		expect((await getMember(ingo!))?.state).toBe('invited');
	});
});
