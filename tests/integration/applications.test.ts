/** Applications and the office's decisions against a real database, on a fake clock. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { application, auditEvent, interest, mailDelivery, oneTimeToken, organization, user } from '../../db/schema.ts';
import { applicationFormSchema } from '../../src/lib/forms/application.ts';
import {
	closedRetentionCutoff,
	conflictNotesOf,
	correctApplicationContact,
	countApplications,
	decideApplication,
	discardSuspectedApplications,
	duplicateHints,
	eraseApplication,
	exportApplications,
	formTimer,
	getApplication,
	listApplications,
	MAX_SUSPECTED_APPLICATIONS,
	purgeClosedApplications,
	purgeSuspectedApplications,
	releaseSuspectedApplication,
	submitApplication,
	SUSPECTED_RETENTION_DAYS,
	suspectedDeletionDate,
} from '../../src/lib/server/applications.ts';
import { createUser } from '../../src/lib/server/accounts.ts';
import { describeAuditEvents } from '../../src/lib/server/audit.ts';
import { currentConsents } from '../../src/lib/server/consents.ts';
import { purgeExpired } from '../../src/lib/server/retention.ts';
import { createOrganization, listCompaniesWithoutAccount, listMembersWithoutGroup } from '../../src/lib/server/members.ts';
import { randomId } from '../../src/lib/server/random.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { asReceived, VALID_FORM } from '../fixtures/application.ts';
import { readMails } from '../helpers/mail-sink.ts';

let t: TestDatabase;
let officeId: string;
const TOPICS = ['energieeffizienz', 'kundenbindung', 'mitarbeitergewinnung'];
const T0 = new Date('2026-03-02T08:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const request = { ip: '203.0.113.9', now: later(60) };

async function form(overrides: Partial<typeof VALID_FORM> & { fax?: string } = {}) {
	return applicationFormSchema.parse(asReceived({ ...VALID_FORM, idempotencyKey: randomId(), startedAt: await formTimer(T0), ...overrides }));
}

const applications = async () => (await t.db.select({ n: count() }).from(application).get())?.n ?? 0;

beforeAll(async () => {
	t = await freshDatabase({ RATE_LIMITS: JSON.stringify({ applicationIp: { limit: 1000, windowSeconds: 3600 } }) });
	officeId = await createUser({ name: 'Kai Koordination', email: 'kai@example.org', role: 'coordinator' });
});
afterAll(() => t.close());

describe('submitting', () => {
	test('stores the application with code, label, coordinates and opt-ins with their text version', async () => {
		const result = await submitApplication(await form({ optInListing: true }), request, TOPICS);
		expect(result).toMatchObject({ ok: true, duplicate: false });
		const stored = await getApplication((result as { id: string }).id);
		expect(stored).toMatchObject({ status: 'submitted', industryCode: '28.41', town: 'Erfurt', outsideThuringia: false, interests: ['energieeffizienz', 'kundenbindung'] });
		expect(stored?.latitude).toBeCloseTo(50.98, 1);
		expect(stored?.optIns).toEqual([{ key: 'listing', textVersion: '2026-11-25', at: request.now.toISOString() }]);
	});

	test('a postcode outside Thuringia is accepted and flagged', async () => {
		const result = await submitApplication(await form({ postcode: '10115', town: 'Berlin' }), request, TOPICS);
		const stored = await getApplication((result as { id: string }).id);
		expect(stored?.outsideThuringia).toBe(true);
		expect(stored?.latitude).toBeNull();
	});

	test('double submission, reload and parallel retries create exactly one application', async () => {
		const same = await form();
		const before = await applications();
		const results = await Promise.all(Array.from({ length: 6 }, () => submitApplication(same, request, TOPICS)));
		expect(await applications()).toBe(before + 1);
		const ids = new Set(results.map((r) => (r as { id: string }).id));
		expect(ids.size).toBe(1);
	});

	test('one address gets at most three confirmations a day; the fourth application is stored and the office told all the same', async () => {
		const address = 'oft.beworben@example.org';
		const before = await applications();
		for (let i = 0; i < 4; i++) expect((await submitApplication(await form({ contactEmail: address }), request, TOPICS)).ok).toBe(true);
		expect(await applications()).toBe(before + 4);
		const outbox = join(t.dir, 'outbox');
		const count = async (match: (m: Awaited<ReturnType<typeof readMails>>[number]) => boolean) => (existsSync(outbox) ? (await readMails(outbox)).filter(match).length : 0);
		// All four office notices are out, so every confirmation that would go has gone too.
		await vi.waitFor(async () => expect(await count((m) => m.subject?.startsWith('Neue Bewerbung') === true && m.replyTo?.text.includes(address) === true)).toBe(4));
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(await count((m) => JSON.stringify(m.to).includes(address))).toBe(3);
	});

	test('bots: a trapped form sent within 3 seconds or with topics no page offers stores nothing and gets the normal answer; an untrapped one is refused', async () => {
		const before = await applications();
		const fastTrapped = await form({ zusatzangabe: 'https://spam.example' });
		expect(await submitApplication(fastTrapped, { ip: request.ip, now: later(2) }, TOPICS)).toEqual({ ok: true, id: 'eingegangen', duplicate: false });
		// A bot that learned the trap's former name.
		expect(await submitApplication(await form({ fax: '0361 999', startedAt: 'gefälscht' }), request, TOPICS)).toMatchObject({ ok: true });
		expect(await submitApplication(await form({ zusatzangabe: 'x', interest1: 'gibt-es-nicht' }), request, TOPICS)).toMatchObject({ ok: true });
		// The former name with a person's timer: no page sends it, so a bot all the same.
		expect(await submitApplication(await form({ fax: '0361 999' }), request, TOPICS)).toMatchObject({ ok: true });
		// The trap filled in on a form loaded more than a day ago: a bot reusing one timer.
		expect(await submitApplication(await form({ zusatzangabe: 'x' }), { ip: request.ip, now: later(25 * 60 * 60) }, TOPICS)).toMatchObject({ ok: true });
		const fast = await form();
		expect(await submitApplication(fast, { ip: request.ip, now: later(2) }, TOPICS)).toEqual({ ok: false, reason: 'too-fast' });
		expect(await submitApplication(await form({ startedAt: 'gefälscht' }), request, TOPICS)).toEqual({ ok: false, reason: 'too-fast' });
		expect(await submitApplication(await form({ interest1: 'gibt-es-nicht' }), request, TOPICS)).toEqual({ ok: false, reason: 'unknown-topic' });
		expect(await applications()).toBe(before);
	});
});

describe('set aside (the trap filled in at a person\'s pace)', () => {
	const trapped = (contactEmail: string) => form({ zusatzangabe: '0361 123456', contactEmail });

	test('is stored apart: no mail to anyone, not among the applications, the export or the queue\'s new ones; counted for the office; logged', async () => {
		const result = await submitApplication(await trapped('ausfuellhilfe@example.org'), request, TOPICS);
		expect(result).toMatchObject({ ok: true, duplicate: false });
		const id = (result as { id: string }).id;
		expect(await getApplication(id)).toMatchObject({ status: 'suspected', contactEmail: 'ausfuellhilfe@example.org', companyName: VALID_FORM.companyName });
		expect((await listApplications()).map((a) => a.id)).not.toContain(id);
		expect((await listApplications({ status: 'suspected' })).map((a) => a.id)).toContain(id);
		expect((await exportApplications()).map((a) => a.id)).not.toContain(id);
		expect(await countApplications('suspected')).toBeGreaterThanOrEqual(1);
		expect(await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, id))).toMatchObject([{ action: 'application.suspected', actorId: null }]);

		// A real application afterwards: once its notice to the office is out, the set-aside one would have mailed too.
		await submitApplication(await form({ contactEmail: 'danach@example.org' }), request, TOPICS);
		const outbox = join(t.dir, 'outbox');
		await vi.waitFor(async () => expect((await readMails(outbox)).some((m) => m.replyTo?.text.includes('danach@example.org'))).toBe(true));
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect((await readMails(outbox)).filter((m) => JSON.stringify([m.to, m.replyTo, m.text]).includes('ausfuellhilfe@example.org'))).toEqual([]);
	});

	test('the office takes it over: it then waits for a decision like any other, dated as sent, and can be accepted', async () => {
		const id = ((await submitApplication(await trapped('doch.echt@example.org'), request, TOPICS)) as { id: string }).id;
		expect(await decideApplication(id, 'accept', { actorId: officeId, now: later(90) })).toEqual({ ok: false, reason: 'illegal-transition' });
		expect(await releaseSuspectedApplication(id, officeId, later(100))).toBe('released');
		expect(await getApplication(id)).toMatchObject({ status: 'submitted', submittedAt: request.now });
		expect((await listApplications()).map((a) => a.id)).toContain(id);
		expect(await releaseSuspectedApplication(id, officeId, later(101))).toBe('not-set-aside');
		expect(await releaseSuspectedApplication('gibtesnicht23456', officeId, later(101))).toBe('not-found');
		expect((await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, id))).map((e) => [e.action, e.actorId])).toEqual([
			['application.suspected', null],
			['application.released', officeId],
		]);
		expect(await decideApplication(id, 'accept', { actorId: officeId, now: later(120) })).toMatchObject({ ok: true, status: 'accepted' });
	});

	test('is found by a search without a status, as a person asking what is stored about them may be', async () => {
		const id = ((await submitApplication(await trapped('gesucht.und.gefunden@example.org'), request, TOPICS)) as { id: string }).id;
		expect((await listApplications({ query: 'gesucht.und.gefunden' })).map((a) => [a.id, a.status])).toEqual([[id, 'suspected']]);
		expect((await listApplications({ query: 'GESUCHT.UND' })).map((a) => a.id), 'in any case').toEqual([id]);
		expect(await purgeExpired(later(60 + SUSPECTED_RETENTION_DAYS * 24 * 60 * 60))).toMatchObject({ suspectedApplications: expect.any(Number) });
		expect(await getApplication(id)).toBeNull();
	});

	test('the office finds an application however its umlauts are typed', async () => {
		const { id } = (await submitApplication(await form({ companyName: 'Mühlhäuser Größenwerk GmbH', contactEmail: 'groesse@example.org' }), request, TOPICS)) as { id: string };
		for (const typed of ['Muehlhaeuser', 'muhlhauser grossenwerk', 'GRÖSSENWERK']) {
			expect((await listApplications({ query: typed })).map((a) => a.id), typed).toContain(id);
		}
		expect((await listApplications({ query: 'Mühlhäuser Kleinwerk' })).map((a) => a.id)).not.toContain(id);
	});

	test('the office discards the set-aside ones it was shown, none that arrived since or were released meanwhile; a discard leaves the mail records of a real application with the address', async () => {
		const real = await submitApplication(await form({ contactEmail: 'zweimal@example.org', companyName: 'Doppelbau GmbH' }), request, TOPICS);
		const outbox = join(t.dir, 'outbox');
		await vi.waitFor(async () => expect((await readMails(outbox)).some((m) => m.replyTo?.text.includes('zweimal@example.org'))).toBe(true));
		const records = async () => (await t.db.select().from(mailDelivery)).filter((d) => d.recipient === 'zweimal@example.org' || d.subject.includes('Doppelbau')).length;
		await vi.waitFor(async () => expect(await records()).toBe(2));

		const copy = ((await submitApplication(await form({ zusatzangabe: 'x', contactEmail: 'zweimal@example.org', companyName: 'Doppelbau GmbH' }), request, TOPICS)) as { id: string }).id;
		expect(await discardSuspectedApplications([copy], officeId, later(200))).toBe(1);
		expect(await discardSuspectedApplications([copy], officeId, later(201)), 'only once').toBe(0);
		expect(await discardSuspectedApplications([(real as { id: string }).id], officeId, later(201)), 'never a real one').toBe(0);
		expect(await records()).toBe(2);
		expect((await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, copy))).map((e) => e.action)).toEqual(['application.suspected', 'application.discarded']);

		// Erasing a set-aside one (a person asked) spares the real application's records too.
		const another = ((await submitApplication(await form({ zusatzangabe: 'x', contactEmail: 'zweimal@example.org', companyName: 'Doppelbau GmbH' }), request, TOPICS)) as { id: string }).id;
		expect(await eraseApplication(another, officeId, later(202))).toBe(true);
		expect(await records()).toBe(2);

		const shown = ((await submitApplication(await trapped('gezeigt@example.org'), request, TOPICS)) as { id: string }).id;
		const since = ((await submitApplication(await trapped('danach.gekommen@example.org'), { ip: request.ip, now: later(300) }, TOPICS)) as { id: string }).id;
		const released = ((await submitApplication(await trapped('inzwischen.uebernommen@example.org'), request, TOPICS)) as { id: string }).id;
		await releaseSuspectedApplication(released, officeId, later(300));
		// The office's page showed `shown` and `released`; `since` came in after, `released` was taken over meanwhile.
		expect(await discardSuspectedApplications([shown, released], officeId, later(301))).toBe(1);
		expect(await getApplication(shown)).toBeNull();
		expect(await getApplication(since)).toMatchObject({ status: 'suspected' });
		expect(await getApplication(released)).toMatchObject({ status: 'submitted' });
		await discardSuspectedApplications([since], officeId, later(302));
	});

	test('goes 30 days after it arrived, not a second earlier; a released one stays', async () => {
		const kept = ((await submitApplication(await trapped('wird.geloescht@example.org'), request, TOPICS)) as { id: string }).id;
		const released = ((await submitApplication(await trapped('bleibt@example.org'), request, TOPICS)) as { id: string }).id;
		await releaseSuspectedApplication(released, officeId, later(100));
		const due = new Date(request.now.getTime() + SUSPECTED_RETENTION_DAYS * 24 * 60 * 60 * 1000);
		expect(suspectedDeletionDate(request.now)).toEqual(due);
		await purgeSuspectedApplications(new Date(due.getTime() - 1000));
		expect(await getApplication(kept)).not.toBeNull();
		expect(await purgeSuspectedApplications(due)).toBeGreaterThanOrEqual(1);
		expect(await getApplication(kept)).toBeNull();
		expect(await getApplication(released)).toMatchObject({ status: 'submitted' });
	});

	test('at most MAX_SUSPECTED_APPLICATIONS are kept: a flood of bots is dropped, with the normal answer', async () => {
		const room = MAX_SUSPECTED_APPLICATIONS - (await countApplications('suspected'));
		for (let i = 0; i < room; i++) expect((await submitApplication(await trapped(`flut${i}@example.org`), request, TOPICS)).ok).toBe(true);
		expect(await countApplications('suspected')).toBe(MAX_SUSPECTED_APPLICATIONS);
		expect(await submitApplication(await trapped('zu.viel@example.org'), request, TOPICS)).toEqual({ ok: true, id: 'eingegangen', duplicate: false });
		expect(await countApplications('suspected')).toBe(MAX_SUSPECTED_APPLICATIONS);
		await purgeSuspectedApplications(new Date(request.now.getTime() + 31 * 24 * 60 * 60 * 1000));
		expect(await countApplications('suspected')).toBe(0);
	});
});

describe('deciding', () => {
	test('accepting creates organization, account, interests and an invitation together', async () => {
		const submitted = await submitApplication(await form({ contactEmail: 'neu.mitglied@example.org' }), request, TOPICS);
		const id = (submitted as { id: string }).id;
		const result = await decideApplication(id, 'accept', { actorId: officeId, note: 'passt gut', now: later(120) });
		expect(result).toMatchObject({ ok: true, status: 'accepted', invitationMailed: true });
		const stored = await getApplication(id);
		const member = await t.db.select().from(user).where(eq(user.id, stored!.userId!)).get();
		expect(member).toMatchObject({ email: 'neu.mitglied@example.org', role: 'member', organizationId: stored!.organizationId, passwordHash: null });
		expect(await t.db.select().from(organization).where(eq(organization.id, stored!.organizationId!)).get()).toMatchObject({ industryCode: '28.41' });
		expect((await t.db.select().from(interest).where(eq(interest.userId, member!.id))).map((i) => [i.rank, i.topicSlug])).toEqual([
			[1, 'energieeffizienz'],
			[2, 'kundenbindung'],
		]);
		expect(await t.db.select().from(oneTimeToken).where(eq(oneTimeToken.userId, member!.id))).toHaveLength(1);
		const audit = await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, id));
		expect(audit.map((a) => a.action)).toContain('application.accepted');
	});

	test('the competitors an accepted application named stand beside the member\'s conflict register; an open one\'s do not', async () => {
		const note = 'Thüringer Leichtmetallguss AG (Wettbewerber)\nHauptkunde: Saale Antriebe GmbH';
		const submitted = (await submitApplication(await form({ contactEmail: 'konflikt@example.org', conflictsNote: ` ${note} ` }), request, TOPICS)) as { id: string };
		await decideApplication(submitted.id, 'accept', { actorId: officeId, note: null, now: later(120) });
		const organizationId = (await getApplication(submitted.id))!.organizationId!;
		expect(await conflictNotesOf(organizationId)).toEqual([{ applicationId: submitted.id, submittedAt: expect.any(Date), note }]);
		// A second application of the same company, not decided: not yet something the office accepted.
		const open = (await submitApplication(await form({ contactEmail: 'konflikt2@example.org', conflictsNote: 'Noch einer' }), request, TOPICS)) as { id: string };
		await t.db.update(application).set({ organizationId }).where(eq(application.id, open.id));
		expect((await conflictNotesOf(organizationId)).map((n) => n.note)).toEqual([note]);
	});

	test('only legal status changes: a decided application stays decided', async () => {
		const id = ((await submitApplication(await form({ contactEmail: 'zweimal@example.org' }), request, TOPICS)) as { id: string }).id;
		expect(await decideApplication(id, 'decline', { actorId: officeId })).toMatchObject({ ok: true, status: 'declined' });
		for (const decision of ['accept', 'withdraw'] as const) {
			expect(await decideApplication(id, decision, { actorId: officeId })).toEqual({ ok: false, reason: 'illegal-transition' });
		}
		// The same decision again is a second click, not a conflict, and changes nothing either.
		expect(await decideApplication(id, 'decline', { actorId: officeId })).toEqual({ ok: false, reason: 'already-decided' });
		expect(await decideApplication('gibtesnichtxxxxx', 'accept', { actorId: officeId })).toEqual({ ok: false, reason: 'not-found' });
	});

	test('accepting pressed twice at once: one account, and the other answer is "already decided", not "address taken"', async () => {
		const id = ((await submitApplication(await form({ contactEmail: 'doppelklick@example.org' }), request, TOPICS)) as { id: string }).id;
		const results = await Promise.all([1, 2].map(() => decideApplication(id, 'accept', { actorId: officeId })));
		expect(results.filter((r) => r.ok)).toHaveLength(1);
		expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: 'already-decided' });
		expect((await t.db.select({ n: count() }).from(user).where(eq(user.email, 'doppelklick@example.org')).get())?.n).toBe(1);
	});

	test('accepting is refused, and nothing changes, when the address already has an account', async () => {
		await createUser({ name: 'Schon Da', email: 'schon.da@example.org', role: 'member' });
		const id = ((await submitApplication(await form({ contactEmail: 'schon.da@example.org' }), request, TOPICS)) as { id: string }).id;
		const organizations = (await t.db.select({ n: count() }).from(organization).get())?.n;
		expect(await decideApplication(id, 'accept', { actorId: officeId })).toEqual({ ok: false, reason: 'email-taken' });
		expect((await getApplication(id))?.status).toBe('submitted');
		expect((await t.db.select({ n: count() }).from(organization).get())?.n).toBe(organizations);
	});

	test('an invitation that fails after the acceptance is reported as not sent, and the acceptance stands', async () => {
		const id = ((await submitApplication(await form({ contactEmail: 'einladung.klemmt@example.org' }), request, TOPICS)) as { id: string }).id;
		await t.db.run(sql`CREATE TRIGGER no_tokens BEFORE INSERT ON one_time_token BEGIN SELECT RAISE(ABORT, 'Datenträgerfehler'); END`);
		try {
			expect(await decideApplication(id, 'accept', { actorId: officeId })).toMatchObject({ ok: true, status: 'accepted', invitationMailed: false });
		} finally {
			await t.db.run(sql`DROP TRIGGER no_tokens`);
		}
		expect((await getApplication(id))?.status).toBe('accepted');
	});

	test('two applications under one address accepted at the same moment: one account, and the other is told why', async () => {
		const submit = async () => ((await submitApplication(await form({ contactEmail: 'doppelt.zugleich@example.org' }), request, TOPICS)) as { id: string }).id;
		const [first, second] = [await submit(), await submit()];
		const results = await Promise.all([decideApplication(first, 'accept', { actorId: officeId }), decideApplication(second, 'accept', { actorId: officeId })]);
		expect(results.map((r) => (r.ok ? 'accepted' : r.reason)).sort()).toEqual(['accepted', 'email-taken']);
		expect(await t.db.select({ id: user.id }).from(user).where(eq(user.email, 'doppelt.zugleich@example.org'))).toHaveLength(1);
	});
});

describe('correcting the contact details before deciding', () => {
	const contactOf = async (id: string) => {
		const { contactName, contactPosition, contactEmail, contactPhone } = (await getApplication(id))!;
		return { contactName, contactPosition, contactEmail, contactPhone };
	};
	const logOf = async (id: string) => (await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, id))).map((e) => [e.action, e.details]);

	test("a colleague's address typed in: corrected, the hints read the new one, and accepting makes the account there", async () => {
		await createUser({ name: 'Karl Kollege', email: 'kollege@korrekturwerk.example', role: 'member' });
		const id = ((await submitApplication(await form({ contactEmail: 'kollege@korrekturwerk.example', companyName: 'Korrekturwerk GmbH' }), request, TOPICS)) as { id: string }).id;
		expect(await decideApplication(id, 'accept', { actorId: officeId })).toEqual({ ok: false, reason: 'email-taken' });
		expect((await duplicateHints((await getApplication(id))!)).account?.email).toBe('kollege@korrekturwerk.example');

		const corrected = { ...(await contactOf(id)), contactEmail: ' Erika.Selbst@Korrekturwerk.example ', contactPhone: '03641 4711' };
		expect(await correctApplicationContact(id, corrected, officeId, later(200))).toEqual({ ok: true, changed: 2 });
		expect(await contactOf(id)).toMatchObject({ contactEmail: 'erika.selbst@korrekturwerk.example', contactPhone: '03641 4711', contactName: VALID_FORM.contactName });
		expect((await duplicateHints((await getApplication(id))!)).account).toBeNull();
		// The log names the fields, as the member's own are named there, never the values.
		expect(await logOf(id)).toContainEqual(['application.contact_corrected', { fields: ['email', 'phone'] }]);
		expect(JSON.stringify(await t.db.select().from(auditEvent))).not.toMatch(/erika\.selbst|4711/i);
		expect((await describeAuditEvents()).map((e) => e.action)).toContain('Angaben zur Ansprechperson der Bewerbung berichtigt (E-Mail-Adresse, Telefon)');

		const accepted = await decideApplication(id, 'accept', { actorId: officeId });
		expect(accepted).toMatchObject({ ok: true, status: 'accepted' });
		const member = await t.db.select().from(user).where(eq(user.id, (accepted as { userId: string }).userId)).get();
		expect(member).toMatchObject({ email: 'erika.selbst@korrekturwerk.example', phone: '03641 4711' });
	});

	test('saved unchanged: nothing written, nothing logged; refused once decided or gone', async () => {
		const id = ((await submitApplication(await form({ contactEmail: 'unveraendert@example.org' }), request, TOPICS)) as { id: string }).id;
		const before = await logOf(id);
		expect(await correctApplicationContact(id, await contactOf(id), officeId)).toEqual({ ok: true, changed: 0 });
		expect(await logOf(id)).toEqual(before);

		await decideApplication(id, 'withdraw', { actorId: officeId });
		expect(await correctApplicationContact(id, { ...(await contactOf(id)), contactName: 'Jemand Anders' }, officeId)).toEqual({ ok: false, reason: 'decided' });
		expect((await contactOf(id)).contactName).toBe(VALID_FORM.contactName);
		expect(await correctApplicationContact('gibtesnichtxxxxx', await contactOf(id), officeId)).toEqual({ ok: false, reason: 'not-found' });
	});
});

describe('a further person of a company on file', () => {
	const organizations = async () => (await t.db.select({ n: count() }).from(organization).get())?.n ?? 0;

	test('joins the company: an account of its own with interests, consents and invitation, no second company', async () => {
		const first = ((await submitApplication(await form({ contactEmail: 'erste@zweipersonen.example', companyName: 'Zwei Personen Werkzeugbau GmbH', conflictsNote: 'Wettbewerber A' }), request, TOPICS)) as { id: string }).id;
		await decideApplication(first, 'accept', { actorId: officeId });
		const company = (await getApplication(first))!.organizationId!;
		const second = (
			(await submitApplication(
				await form({ contactEmail: 'zweite@zweipersonen.example', contactName: 'Zora Zweite', companyName: ' zwei personen werkzeugbau gmbh', town: 'Jena', postcode: '07743', conflictsNote: 'Wettbewerber B', optInEvents: true, interest1: 'mitarbeitergewinnung', interest2: '' }),
				request,
				TOPICS,
			)) as { id: string }
		).id;
		expect((await duplicateHints((await getApplication(second))!)).companies).toEqual([expect.objectContaining({ id: company, status: 'active' })]);
		const companiesBefore = await organizations();

		const result = await decideApplication(second, 'accept', { actorId: officeId, joinOrganizationId: company, now: later(300) });
		expect(result).toMatchObject({ ok: true, status: 'accepted', invitationMailed: true });
		const userId = (result as { userId: string }).userId;
		expect(await organizations()).toBe(companiesBefore);
		expect(await t.db.select().from(user).where(eq(user.id, userId)).get()).toMatchObject({ name: 'Zora Zweite', email: 'zweite@zweipersonen.example', organizationId: company, role: 'member' });
		expect(await getApplication(second)).toMatchObject({ organizationId: company, userId });
		// The company keeps its own data: the application's other town does not move it.
		expect(await t.db.select().from(organization).where(eq(organization.id, company)).get()).toMatchObject({ town: 'Erfurt', postcode: '99084' });
		expect((await t.db.select().from(interest).where(eq(interest.userId, userId))).map((i) => i.topicSlug)).toEqual(['mitarbeitergewinnung']);
		expect((await currentConsents(userId)).events?.given).toBe(true);
		expect(await t.db.select().from(oneTimeToken).where(eq(oneTimeToken.userId, userId))).toHaveLength(1);
		// The welcome says the company was a member already, and why the colleagues sit elsewhere.
		const welcome = (await readMails(join(t.dir, 'outbox'))).find((m) => m.subject?.startsWith('Willkommen') && [m.to ?? []].flat().some((a) => a.text.includes('zweite@zweipersonen.example')));
		const text = welcome?.text?.replace(/\s+/g, ' ');
		expect(text).toContain('Sie gehören jetzt als weitere Person von „Zwei Personen Werkzeugbau GmbH“ zum ThZM-Netzwerkforum.');
		expect(text).toContain('jedes Unternehmen ist in einer Gruppe einmal vertreten');
		// Both people wait for a group, as two of one company (the matching never seats them together).
		expect((await listMembersWithoutGroup()).filter((m) => m.organizationId === company)).toHaveLength(2);
		expect((await conflictNotesOf(company)).map((n) => n.note).sort()).toEqual(['Wettbewerber A', 'Wettbewerber B']);
		// The log keeps which company, by id; the page names it.
		expect((await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, second))).map((e) => [e.action, e.details])).toContainEqual(['application.accepted', { joinedCompany: company }]);
		expect((await describeAuditEvents()).map((e) => e.action)).toContain('Bewerbung angenommen (als weitere Person von Zwei Personen Werkzeugbau GmbH)');
		// Once accepted, the company is the application's own: no longer news.
		expect((await duplicateHints((await getApplication(second))!)).companies).toEqual([]);
	});

	test("a company whose last account was deleted gets someone new; another name's company, or an inactive one, is refused and nothing changes", async () => {
		const formerly = await createOrganization({ name: 'Ehemals Mitglied KG', legalForm: 'KG', industryCode: '25.62', industryLabel: 'Mechanik', street: null, postcode: '99084', town: 'Erfurt', latitude: null, longitude: null, sizeBand: '10-49', website: null });
		const other = await createOrganization({ name: 'Ganz Andere AG', legalForm: null, industryCode: '25.62', industryLabel: 'Mechanik', street: null, postcode: '99084', town: 'Erfurt', latitude: null, longitude: null, sizeBand: '10-49', website: null });
		const asleep = await createOrganization({ name: 'Ehemals Mitglied KG', legalForm: 'KG', industryCode: '25.62', industryLabel: 'Mechanik', street: null, postcode: '99084', town: 'Erfurt', latitude: null, longitude: null, sizeBand: '10-49', website: null });
		await t.db.update(organization).set({ status: 'inactive' }).where(eq(organization.id, asleep));
		const id = ((await submitApplication(await form({ contactEmail: 'neu@ehemals.example', companyName: 'Ehemals Mitglied KG' }), request, TOPICS)) as { id: string }).id;
		const companiesBefore = await organizations();
		for (const wrong of [other, asleep, 'gibtesnichtxxxx']) {
			expect(await decideApplication(id, 'accept', { actorId: officeId, joinOrganizationId: wrong }), wrong).toEqual({ ok: false, reason: 'company-gone' });
		}
		// A form that offered no choice (loaded before the company was on file) makes no second company.
		expect(await decideApplication(id, 'accept', { actorId: officeId, unchosen: true })).toEqual({ ok: false, reason: 'choose-company' });
		expect(await getApplication(id)).toMatchObject({ status: 'submitted', userId: null, organizationId: null });
		expect(await t.db.select().from(user).where(eq(user.email, 'neu@ehemals.example'))).toEqual([]);
		expect(await organizations()).toBe(companiesBefore);

		expect((await listCompaniesWithoutAccount()).map((c) => c.id)).toContain(formerly);
		expect(await decideApplication(id, 'accept', { actorId: officeId, joinOrganizationId: formerly })).toMatchObject({ ok: true, status: 'accepted' });
		expect((await listCompaniesWithoutAccount()).map((c) => c.id)).not.toContain(formerly);
		expect(await organizations()).toBe(companiesBefore);
	});
});

describe('a correction and an acceptance at the same moment', () => {
	test('the account is made for the details the application has in the end, never for those read before a correction', async () => {
		for (let round = 0; round < 8; round++) {
			const id = ((await submitApplication(await form({ contactEmail: `alt${round}@gleichzeitig.example`, companyName: `Gleichzeitig ${round} GmbH` }), request, TOPICS)) as { id: string }).id;
			const before = (await getApplication(id))!;
			const corrected = { contactName: before.contactName, contactPosition: before.contactPosition, contactEmail: `neu${round}@gleichzeitig.example`, contactPhone: before.contactPhone };
			const [decided] = await Promise.all([decideApplication(id, 'accept', { actorId: officeId }), correctApplicationContact(id, corrected, officeId)]);
			const after = (await getApplication(id))!;
			if (decided.ok) {
				const account = (await t.db.select({ email: user.email }).from(user).where(eq(user.id, after.userId!)).get())!;
				expect(account.email, `round ${round}`).toBe(after.contactEmail);
			} else expect(decided, `round ${round}`).toEqual({ ok: false, reason: 'contact-changed' });
		}
	});
});

describe('a form that offers no choice of company', () => {
	test('accepts as a new company when none of that name is on file, or only an inactive one', async () => {
		const id = ((await submitApplication(await form({ contactEmail: 'erste@ganzneu.example', companyName: 'Ganz Neu Feinmechanik GmbH' }), request, TOPICS)) as { id: string }).id;
		expect(await decideApplication(id, 'accept', { actorId: officeId, unchosen: true })).toMatchObject({ ok: true, status: 'accepted' });
	});
});

describe('applying again under the same address', () => {
	test('the second confirmation says the first is still open; the first says nothing of the kind', async () => {
		const address = 'nochmal.korrigiert@example.org';
		await submitApplication(await form({ contactEmail: address }), request, TOPICS);
		await submitApplication(await form({ contactEmail: address.toUpperCase(), companyName: 'Korrigiert Metallbau GmbH' }), request, TOPICS);
		const outbox = join(t.dir, 'outbox');
		const confirmations = async () =>
			(await readMails(outbox)).filter((m) => m.subject === 'Ihre Bewerbung für das ThZM-Netzwerkforum ist eingegangen' && m.to && !Array.isArray(m.to) && m.to.text.toLowerCase().includes(address));
		await vi.waitFor(async () => expect(await confirmations()).toHaveLength(2));
		const [first, second] = (await confirmations()).sort((a, b) => Number(/Korrigiert/.test(a.text ?? '')) - Number(/Korrigiert/.test(b.text ?? '')));
		expect(first!.text).not.toContain('liegt uns schon eine Bewerbung');
		expect(second!.text).toMatch(/Unter dieser Adresse liegt uns schon eine Bewerbung vom \d{1,2}\. \S+ \d{4} vor\. Die Koordinierungsstelle sieht beide zusammen/);
	});
});

describe('what is on file already', () => {
	test('an account under the address, the company by name, and other applications; never the application\'s own', async () => {
		await createUser({ name: 'Greta Gleich', email: 'greta.gleich@example.org', role: 'member' });
		await createOrganization({ name: 'Hinweis Werkzeugbau GmbH', legalForm: null, industryCode: '28.41', industryLabel: 'Werkzeugmaschinen', street: null, postcode: '07743', town: 'Jena', latitude: null, longitude: null, sizeBand: '10-49', website: null });
		const first = ((await submitApplication(await form({ contactEmail: 'greta.gleich@example.org' }), request, TOPICS)) as { id: string }).id;
		const second = ((await submitApplication(await form({ contactEmail: 'andere.person@example.org', companyName: '  hinweis werkzeugbau gmbh ' }), request, TOPICS)) as { id: string }).id;
		const hints = await duplicateHints((await getApplication(first))!);
		expect(hints.account?.email).toBe('greta.gleich@example.org');
		expect(hints.others.map((o) => o.id)).not.toContain(first);
		const forSecond = await duplicateHints((await getApplication(second))!);
		expect(forSecond.account).toBeNull();
		expect(forSecond.companies).toEqual([expect.objectContaining({ name: 'Hinweis Werkzeugbau GmbH', town: 'Jena', userId: null })]);
		// Umlauts at the start, in other case: still the same company.
		await createOrganization({ name: 'ÖKO Anlagenbau GmbH', legalForm: null, industryCode: '28.41', industryLabel: 'Werkzeugmaschinen', street: null, postcode: '99084', town: 'Erfurt', latitude: null, longitude: null, sizeBand: '10-49', website: null });
		const umlaut = ((await submitApplication(await form({ contactEmail: 'oeko@example.org', companyName: 'ÖKO anlagenbau gmbh' }), request, TOPICS)) as { id: string }).id;
		expect((await duplicateHints((await getApplication(umlaut))!)).companies.map((c) => c.name)).toEqual(['ÖKO Anlagenbau GmbH']);
		// An umlaut in another case, more spaces, and ß written as SS: SQL's lower() folds only A-Z, the comparison does more.
		const lower = ((await submitApplication(await form({ contactEmail: 'oeko2@example.org', companyName: 'öko anlagenbau gmbh' }), request, TOPICS)) as { id: string }).id;
		expect((await duplicateHints((await getApplication(lower))!)).companies.map((c) => c.name)).toEqual(['ÖKO Anlagenbau GmbH']);
		const spaced = ((await submitApplication(await form({ contactEmail: 'oeko4@example.org', companyName: 'ÖKO  Anlagenbau   GmbH' }), request, TOPICS)) as { id: string }).id;
		// The other applications of the company, under either spelling, as well as the company.
		const spacedHints = await duplicateHints((await getApplication(spaced))!);
		expect(spacedHints.companies.map((c) => c.name)).toEqual(['ÖKO Anlagenbau GmbH']);
		expect(spacedHints.others.map((o) => o.id)).toEqual(expect.arrayContaining([umlaut, lower]));
		await createOrganization({ name: 'Gößnitzer Blech KG', legalForm: null, industryCode: '25.62', industryLabel: 'Mechanik', street: null, postcode: '04639', town: 'Gößnitz', latitude: null, longitude: null, sizeBand: '10-49', website: null });
		const capitals = ((await submitApplication(await form({ contactEmail: 'goessnitz@example.org', companyName: 'GÖSSNITZER BLECH KG' }), request, TOPICS)) as { id: string }).id;
		expect((await duplicateHints((await getApplication(capitals))!)).companies.map((c) => c.name)).toEqual(['Gößnitzer Blech KG']);
		// Written out, an umlaut is another name: "Oeko" is not "Öko".
		const spelled = ((await submitApplication(await form({ contactEmail: 'oeko3@example.org', companyName: 'Oeko Anlagenbau GmbH' }), request, TOPICS)) as { id: string }).id;
		expect((await duplicateHints((await getApplication(spelled))!)).companies).toEqual([]);
		// Accepted, the application's own account and company are no news.
		const own = ((await submitApplication(await form({ contactEmail: 'eigenes.konto@example.org', companyName: 'Eigenes Konto AG' }), request, TOPICS)) as { id: string }).id;
		await decideApplication(own, 'accept', { actorId: officeId });
		expect(await duplicateHints((await getApplication(own))!)).toMatchObject({ account: null, companies: [] });
	});
});

describe('retention', () => {
	test('declined applications go six months after the decision, not a second earlier', async () => {
		const decidedAt = new Date('2026-01-15T10:00:00Z');
		const id = ((await submitApplication(await form({ contactEmail: 'alt@example.org' }), request, TOPICS)) as { id: string }).id;
		await decideApplication(id, 'decline', { actorId: officeId, now: decidedAt });
		const due = new Date('2026-07-15T10:00:00Z');
		expect(closedRetentionCutoff(due)).toEqual(decidedAt);
		expect(await purgeClosedApplications(new Date(due.getTime() - 1000))).toBe(0);
		expect(await getApplication(id)).not.toBeNull();
		expect(await purgeClosedApplications(due)).toBeGreaterThanOrEqual(1);
		expect(await getApplication(id)).toBeNull();
	});

	test('withdrawn applications go six months after the withdrawal too, and a decision\'s note leaves no copy in the log', async () => {
		const decidedAt = new Date('2026-02-10T10:00:00Z');
		const id = ((await submitApplication(await form({ contactEmail: 'zurueck@example.org' }), request, TOPICS)) as { id: string }).id;
		const note = 'Hat am Telefon abgesagt, plant eine Übernahme durch Firma X';
		await decideApplication(id, 'withdraw', { actorId: officeId, note, now: decidedAt });
		expect((await getApplication(id))!.decisionNote).toBe(note);
		expect((await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, id))).map((e) => [e.action, e.details])).toEqual([
			['application.submitted', null],
			['application.withdrawn', null],
		]);
		expect(await purgeClosedApplications(new Date('2026-08-10T09:59:59Z'))).toBe(0);
		expect(await purgeClosedApplications(new Date('2026-08-10T10:00:00Z'))).toBeGreaterThanOrEqual(1);
		expect(await getApplication(id)).toBeNull();
		const everything = JSON.stringify(await t.db.select().from(auditEvent));
		expect(everything).not.toContain('Übernahme');
	});

	test('the office erases an application on request at once: with its receipt records, the log keeps only that it happened', async () => {
		const id = ((await submitApplication(await form({ contactEmail: 'Loeschen.Bitte@example.org', companyName: 'Lösch-Einzelunternehmen e.K.' }), request, TOPICS)) as { id: string }).id;
		const receipts = async () => t.db.select().from(mailDelivery).where(sql`lower(${mailDelivery.recipient}) = 'loeschen.bitte@example.org'`);
		const notices = async () => t.db.select().from(mailDelivery).where(sql`${mailDelivery.subject} LIKE '%Lösch-Einzelunternehmen%'`);
		await vi.waitFor(async () => {
			expect(await receipts()).not.toHaveLength(0);
			expect(await notices()).not.toHaveLength(0);
		});
		expect(await eraseApplication(id, officeId)).toBe(true);
		expect(await getApplication(id)).toBeNull();
		expect(await receipts()).toEqual([]);
		expect(await notices(), "the office's notice names the company").toEqual([]);
		const logged = await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, id));
		expect(logged.map((e) => [e.action, e.details])).toEqual([
			['application.submitted', null],
			['application.erased', null],
		]);
		expect(JSON.stringify(await t.db.select().from(auditEvent))).not.toMatch(/loeschen\.bitte/i);
		expect(await eraseApplication(id, officeId), 'only once').toBe(false);

		// An accepted one: the member and the company made from it stay.
		const accepted = ((await submitApplication(await form({ contactEmail: 'bleibt.mitglied@example.org' }), request, TOPICS)) as { id: string }).id;
		const { userId } = (await decideApplication(accepted, 'accept', { actorId: officeId })) as { userId: string };
		expect(await eraseApplication(accepted, officeId)).toBe(true);
		expect(await t.db.select({ id: user.id }).from(user).where(eq(user.id, userId))).toHaveLength(1);
	});

	test("while another application under the company's name remains, the office's notices stay: the subject cannot tell whose they are", async () => {
		const first = ((await submitApplication(await form({ contactEmail: 'erste.person@example.org', companyName: 'Zwei Köpfe Metall GmbH' }), request, TOPICS)) as { id: string }).id;
		const second = ((await submitApplication(await form({ contactEmail: 'zweite.person@example.org', companyName: 'Zwei Köpfe Metall GmbH' }), request, TOPICS)) as { id: string }).id;
		const notices = async () => t.db.select().from(mailDelivery).where(sql`${mailDelivery.subject} = 'Neue Bewerbung: Zwei Köpfe Metall GmbH'`);
		await vi.waitFor(async () => expect(await notices()).toHaveLength(2));
		expect(await eraseApplication(first, officeId)).toBe(true);
		expect(await notices(), 'the other application is still on file').toHaveLength(2);
		expect(await eraseApplication(second, officeId)).toBe(true);
		expect(await notices()).toEqual([]);
	});

	test('migration 0012 removes the company names logged with a deletion, and the log stays append-only', async () => {
		await t.db.insert(auditEvent).values({ actorId: officeId, action: 'organization.deleted', subjectType: 'organization', subjectId: 'altfirma0000001x', details: { name: 'Ella Einzel e.K.' }, createdAt: T0 });
		await t.db.$client.executeMultiple(readFileSync('db/migrations/0012_scrub_company_names_from_log.sql', 'utf8'));
		const row = await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, 'altfirma0000001x')).get();
		expect(row).toMatchObject({ action: 'organization.deleted', details: null });
		await expect(t.db.update(auditEvent).set({ action: 'geändert' })).rejects.toThrow();
	});

	test('migration 0013 replaces typed checks before an app removal by "auf anderem Weg", and keeps the choices', async () => {
		await t.db.insert(auditEvent).values([
			{ actorId: officeId, action: 'second_factor.removed', subjectType: 'user', subjectId: 'altmitglied0001x', details: { verification: 'Rückruf bei Frau M. unter 0361 123456' }, createdAt: T0 },
			{ actorId: officeId, action: 'second_factor.removed', subjectType: 'user', subjectId: 'altmitglied0002x', details: { verification: 'persoenlich' }, createdAt: T0 },
		]);
		await t.db.$client.executeMultiple(readFileSync('db/migrations/0013_verification_as_choice.sql', 'utf8'));
		const details = async (subjectId: string) => (await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, subjectId)).get())?.details;
		expect(await details('altmitglied0001x')).toEqual({ verification: 'anders' });
		expect(await details('altmitglied0002x')).toEqual({ verification: 'persoenlich' });
		expect(JSON.stringify(await t.db.select().from(auditEvent))).not.toContain('0361 123456');
		await expect(t.db.update(auditEvent).set({ action: 'geändert' })).rejects.toThrow();
	});

	test('migration 0010 removes the notes logged before, and the log stays append-only', async () => {
		await t.db.insert(auditEvent).values([
			{ actorId: officeId, action: 'application.declined', subjectType: 'application', subjectId: 'altantragxxxxxxx', details: { note: 'Wettbewerber von Herrn Y' }, createdAt: T0 },
			{ actorId: officeId, action: 'conflict.added', subjectType: 'organization', subjectId: 'altfirmaxxxxxxxx', details: { other: 'andere', note: 'bleibt' }, createdAt: T0 },
		]);
		await t.db.$client.executeMultiple(readFileSync('db/migrations/0010_scrub_decision_notes_from_log.sql', 'utf8'));
		const all = JSON.stringify(await t.db.select().from(auditEvent));
		expect(all).not.toContain('Herrn Y');
		expect(all).toContain('bleibt');
		await expect(t.db.update(auditEvent).set({ action: 'geändert' })).rejects.toThrow();
	});

	test('accepted and open applications are kept', async () => {
		const before = await applications();
		await purgeClosedApplications(new Date('2030-01-01T00:00:00Z'));
		const statuses = await t.db.select({ status: application.status }).from(application);
		expect(statuses.every((s) => s.status !== 'declined' && s.status !== 'withdrawn')).toBe(true);
		expect(statuses.length).toBeLessThanOrEqual(before);
		expect(statuses.some((s) => s.status === 'accepted')).toBe(true);
		expect(statuses.some((s) => s.status === 'submitted')).toBe(true);
	});
});
