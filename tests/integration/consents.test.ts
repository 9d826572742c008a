/** A member's optional consents: adopted from the application, given and withdrawn later, kept as a history. */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { application, auditEvent, consent, user } from '../../db/schema.ts';
import { applicationFormSchema, OPT_INS } from '../../src/lib/forms/application.ts';
import { createUser } from '../../src/lib/server/accounts.ts';
import { decideApplication, formTimer, getApplication, submitApplication } from '../../src/lib/server/applications.ts';
import { currentConsents, givenConsentsOf, listedMemberCompanies, OfficeCannotGive, setConsents } from '../../src/lib/server/consents.ts';
import { randomId } from '../../src/lib/server/random.ts';
import { asReceived, VALID_FORM } from '../fixtures/application.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
let officeId: string;
const T0 = new Date('2026-03-02T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const VERSION = OPT_INS[0].version;

beforeAll(async () => {
	t = await freshDatabase();
	officeId = await createUser({ name: 'Kai Koordination', email: 'kai@example.org', role: 'coordinator' });
});
afterAll(() => t.close());

const history = async (userId: string) =>
	(await t.db.select().from(consent).where(eq(consent.userId, userId)).orderBy(consent.id)).map((c) => [c.key, c.given, c.via, c.at.toISOString()]);

let applicants = 0;
async function acceptedMember(contactEmail: string, optIns: { optInEvents?: boolean; optInListing?: boolean }, company: Partial<typeof VALID_FORM> = {}): Promise<string> {
	const form = applicationFormSchema.parse(asReceived({ ...VALID_FORM, ...company, idempotencyKey: randomId(), startedAt: await formTimer(T0), contactEmail, ...optIns }));
	// Each from an address of its own: five applications an hour from one address are the limit.
	const { id } = (await submitApplication(form, { ip: `203.0.113.${++applicants}`, now: at(1) }, ['energieeffizienz', 'kundenbindung'])) as { id: string };
	await decideApplication(id, 'accept', { actorId: officeId, now: at(5) });
	return (await getApplication(id))!.userId!;
}

describe('consents', () => {
	test('the consents ticked on the application become the new member\'s at acceptance, dated when given', async () => {
		const member = await acceptedMember('genannt@example.org', { optInListing: true });
		expect(await currentConsents(member)).toEqual({ events: null, listing: { given: true, textVersion: VERSION, at: at(1) } });
		expect(await history(member)).toEqual([['listing', true, 'application', at(1).toISOString()]]);
	});

	test('a member withdraws and gives in the portal; only a change writes a row, and the export lists what stands', async () => {
		const member = await acceptedMember('umentschieden@example.org', { optInListing: true });
		expect(await setConsents(member, { events: true, listing: false }, { via: 'portal' }, at(60))).toEqual(['events', 'listing']);
		expect(await setConsents(member, { events: true, listing: false }, { via: 'portal' }, at(61)), 'the same choice again').toEqual([]);
		expect(await history(member)).toEqual([
			['listing', true, 'application', at(1).toISOString()],
			['events', true, 'portal', at(60).toISOString()],
			['listing', false, 'portal', at(60).toISOString()],
		]);
		expect(await currentConsents(member)).toMatchObject({ events: { given: true }, listing: { given: false, at: at(60) } });
		expect((await givenConsentsOf([member])).get(member)).toEqual([{ key: 'events', textVersion: VERSION, at: at(60) }]);
		// Nothing of it in the office's log: the history is the member's own record.
		expect((await t.db.select().from(auditEvent).where(eq(auditEvent.subjectId, member))).map((e) => e.action)).not.toContain('member.consents_recorded');
	});

	test('a page left open changes only the boxes changed on it, not what was changed elsewhere since', async () => {
		const member = await acceptedMember('zwei.tabs@example.org', { optInEvents: true, optInListing: true });
		const shownThen = { events: true, listing: true };
		// Another tab withdraws the invitations meanwhile.
		await setConsents(member, { events: false, listing: true }, { via: 'portal' }, at(100), { events: true, listing: true });
		// The old tab unticks the listing; its invitations box still shows ticked, as it was then.
		expect(await setConsents(member, { events: true, listing: false }, { via: 'portal' }, at(101), shownThen)).toEqual(['listing']);
		expect(await currentConsents(member)).toMatchObject({ events: { given: false }, listing: { given: false } });
	});

	test('the office can only withdraw: a consent is given by the member, in the wording they read', async () => {
		const member = await acceptedMember('nur.widerruf@example.org', { optInListing: false });
		await expect(setConsents(member, { events: true, listing: false }, { via: 'office', actorId: officeId }, at(110), { events: false, listing: false })).rejects.toBeInstanceOf(OfficeCannotGive);
		expect(await history(member)).toEqual([]);
	});

	test('a withdrawal by mail is entered by the office: in the history as such and in the office\'s log', async () => {
		const member = await acceptedMember('per.mail@example.org', { optInEvents: true, optInListing: true });
		expect(await setConsents(member, { events: true, listing: false }, { via: 'office', actorId: officeId }, at(90))).toEqual(['listing']);
		expect((await history(member)).at(-1)).toEqual(['listing', false, 'office', at(90).toISOString()]);
		const logged = await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'member.consents_recorded'));
		expect(logged.map((e) => [e.actorId, e.subjectId, e.details])).toEqual([[officeId, member, { fields: ['listing'] }]]);
	});

	test('migration 0016 gives members accepted before it the consents of their application', async () => {
		const member = await createUser({ name: 'Alt Mitglied', email: 'alt@example.org', role: 'member' });
		await t.db.insert(application).values({
			id: 'altantragkonsens',
			status: 'accepted',
			companyName: 'Altbau GmbH',
			industryCode: '28.41',
			industryLabel: 'Werkzeugmaschinen',
			street: 'Weg 1',
			postcode: '99084',
			town: 'Erfurt',
			sizeBand: '10-49',
			contactName: 'Alt Mitglied',
			contactPosition: 'Inhaber',
			contactEmail: 'alt@example.org',
			interests: ['kundenbindung'],
			optIns: [{ key: 'events', textVersion: VERSION, at: '2026-01-05T09:30:00.000Z' }],
			submittedAt: new Date('2026-01-05T09:30:00Z'),
			decidedAt: new Date('2026-01-10T09:30:00Z'),
			userId: member,
			idempotencyKey: 'altschluessel-konsens',
		});
		const statements = readFileSync('db/migrations/0016_consents.sql', 'utf8').split('--> statement-breakpoint');
		await t.db.$client.execute(statements.at(-1)!);
		expect(await history(member)).toEqual([['events', true, 'application', '2026-01-05T09:30:00.000Z']]);
	});
});

describe('the public list of member companies (/mitglieder/)', () => {
	test('names a company by name and town while its member\'s consent stands and the account is active, never one without', async () => {
		const named = await acceptedMember('liste-ja@example.org', { optInListing: true }, { companyName: 'Listenfirma Eins GmbH' });
		await acceptedMember('liste-nein@example.org', { optInEvents: true, optInListing: false }, { companyName: 'Stille Firma GmbH' });
		const listed = async () => (await listedMemberCompanies()).filter((c) => ['Listenfirma Eins GmbH', 'Stille Firma GmbH'].includes(c.name));
		expect(await listed()).toEqual([{ name: 'Listenfirma Eins GmbH', town: VALID_FORM.town }]);
		// Withdrawn: gone at once; given again: back.
		await setConsents(named, { events: false, listing: false }, { via: 'portal' }, at(200));
		expect(await listed()).toEqual([]);
		await setConsents(named, { events: false, listing: true }, { via: 'portal' }, at(201));
		expect(await listed()).toHaveLength(1);
		// An account the office switched off names its company no more (as members.ts does it: the date set).
		await t.db.update(user).set({ deactivatedAt: at(202) }).where(eq(user.id, named));
		expect(await listed()).toEqual([]);
	});

	test('of two people acting for one company, a withdrawal by one outweighs the other\'s consent', async () => {
		const first = await acceptedMember('zwei-a@example.org', { optInListing: true }, { companyName: 'Zweierfirma GmbH' });
		const company = (await t.db.select({ organizationId: user.organizationId }).from(user).where(eq(user.id, first)).get())!.organizationId;
		const second = await createUser({ name: 'Zweite Person', email: 'zwei-b@example.org', role: 'member', organizationId: company });
		const listed = async () => (await listedMemberCompanies()).filter((c) => c.name === 'Zweierfirma GmbH');
		expect(await listed(), 'one yes, the other never asked').toHaveLength(1);
		await setConsents(second, { events: false, listing: true }, { via: 'portal' }, at(300));
		expect(await listed(), 'both yes: named once').toHaveLength(1);
		await setConsents(second, { events: false, listing: false }, { via: 'portal' }, at(301));
		expect(await listed(), 'one no').toEqual([]);
		// Once that person's account is switched off, their no no longer speaks for the company.
		await t.db.update(user).set({ deactivatedAt: at(302) }).where(eq(user.id, second));
		expect(await listed()).toHaveLength(1);
	});
});
