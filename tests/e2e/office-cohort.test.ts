/**
 * The office closes a year's cohort on the groups page: the group without a meeting ahead ends,
 * the one whose plan runs on stays, named with its last meeting; that one ends on its own page
 * after its last meeting (refused beside the form before). Members of an ended group can be placed
 * anew; the ended groups stay on the office's pages as a record. Own server: the demo data changes.
 */
import { createClient } from '@libsql/client';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { berlinLocalToUtc, isWorkingDay } from '../../src/lib/meetings/index.ts';
import { formatDate, formatWeekdayDateTime } from '../../src/lib/site.ts';
import { DEMO_COORDINATOR, demoMember, get, login, postForm } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const GROUPS = '/koordination/gruppen/';
const ARCHIVE = `${GROUPS}?_action=groups.archive`;

/** The coming meeting's day: a Wednesday two months or more ahead that is a working day in Thuringia, whatever today is. */
const COMING_DAY = (() => {
	for (let day = new Date(Date.now() + 60 * 86_400_000); ; day = new Date(day.getTime() + 86_400_000)) {
		const date = day.toISOString().slice(0, 10);
		if (day.getUTCDay() === 3 && isWorkingDay(date)) return date;
	}
})();
const COMING_START = berlinLocalToUtc(`${COMING_DAY}T14:00`);
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let server: RunningServer;
let office: string;
/** The group demo member 1 sits in, whose plan runs on; and the other one, which ends with the year. */
let groupId: string;
let otherId: string;
/** A member of the other group. */
let otherMember: string;
const END = (id: string) => `${GROUPS}${id}/?_action=groups.end`;
beforeAll(async () => {
	server = await startServer();
	office = await login(server.baseURL, DEMO_COORDINATOR);
	const act = async (action: string, fields: [string, string][]) => expect((await postForm(server.baseURL, `/_actions/${action}/`, fields, { cookie: office })).status, action).toBe(200);
	await act('groups.run', [['chooseMembers', '1'], ...Array.from({ length: 12 }, (_, i): [string, string] => ['members', `demouser${String(i + 1).padStart(8, '0')}`])]);
	await act('groups.publish', [['checked', 'on']]);
	const ids = [...(await (await get(server.baseURL, GROUPS, office)).text()).matchAll(/href="\/koordination\/gruppen\/([a-z0-9]+)\/"/g)].map((m) => m[1]!);
	expect(ids).toHaveLength(2);
	const membersOf = async (id: string) => [...(await (await get(server.baseURL, `${GROUPS}${id}/`, office)).text()).matchAll(/href="\/koordination\/mitglieder\/(demouser\d{8})\/"/g)].map((m) => m[1]!);
	[groupId, otherId] = (await membersOf(ids[0]!)).includes('demouser00000001') ? [ids[0]!, ids[1]!] : [ids[1]!, ids[0]!];
	otherMember = (await membersOf(otherId))[0]!;
});
afterAll(() => server.stop());

describe('closing the year', () => {
	test('ends the group that has met and has no meeting ahead, and leaves the one whose plan runs on, naming its last meeting', async () => {
		// The other group met a month ago (written straight into the database: no form takes a past date).
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		const metAt = Math.floor(Date.now() / 1000) - 30 * 86_400;
		await db.execute({ sql: "INSERT INTO meeting (id, group_id, starts_at, ends_at, address, status) VALUES ('treffenandere001', ?, ?, ?, 'Online', 'planned')", args: [otherId, metAt, metAt + 3 * 3600] });
		db.close();
		const created = await postForm(server.baseURL, '/_actions/meetings.create/', { groupId, date: COMING_DAY, time: '14:00' }, { cookie: office });
		expect(created.status, created.body.slice(0, 200)).toBe(200);
		expect(await (await get(server.baseURL, GROUPS, office)).text()).toMatch(new RegExp(`<a href="${GROUPS}${groupId}/">Fokusgruppe \\w+</a>: [^<]+, 6 Mitglieder, Treffen geplant bis zum ${literally(formatDate(COMING_START))}</li>`));

		// Before the tick, the form names what it would end and what it would leave.
		const form = /<details class="inline-details" id="jahrgang"[\s\S]*?<\/details>/.exec(await (await get(server.baseURL, GROUPS, office)).text())![0];
		expect(form).toMatch(/Jetzt beendet würden: <strong>Fokusgruppe \w+<\/strong>\./);
		expect(form).toMatch(new RegExp(`Weiter liefen: Fokusgruppe \\w+ bis zum ${literally(formatDate(COMING_START))};`));

		const unconfirmed = await postForm(server.baseURL, ARCHIVE, {}, { cookie: office });
		expect(unconfirmed.status).toBe(400);
		expect(unconfirmed.body).toMatch(/id="jahrgang-bestaetigt-fehler">Bitte bestätigen Sie, dass der Jahrgang abgeschlossen werden soll/);

		const closed = await postForm(server.baseURL, ARCHIVE, { confirmed: 'on' }, { cookie: office });
		expect([closed.status, closed.location]).toEqual([303, `${GROUPS}?erledigt=abgeschlossen-1-1`]);
		const page = await (await get(server.baseURL, closed.location!, office)).text();
		expect(page).toMatch(
			new RegExp(
				`Eine Gruppe ist beendet, ihre Mitglieder können neu eingeteilt werden. Weiter laufen eine Gruppe \\(Fokusgruppe \\w+ bis zum ${literally(formatDate(COMING_START))}\\); beenden Sie sie nach ihrem letzten Treffen auf ihrer Seite.`,
			),
		);
		expect(page).toContain('Veröffentlichte Gruppen (1)');
		expect(page, 'the ended group\'s members are offered for the next run').toMatch(new RegExp(`name="members" value="${otherMember}"`));
		expect(page, 'the running group\'s are not').not.toMatch(/name="members" value="demouser00000001"/);
		expect(await (await get(server.baseURL, `${GROUPS}${otherId}/`, office)).text()).toMatch(/<span class="badge"[^>]*>beendet<\/span> am \d{1,2}\. \S+ \d{4} \(Jahrgang \d{4}\)/);
	});

	test('closing again, with only the running group left, is refused at the open form, naming it with its last meeting', async () => {
		const refused = await postForm(server.baseURL, ARCHIVE, { confirmed: 'on' }, { cookie: office });
		expect(refused.status).toBe(409);
		expect(refused.body).toMatch(/<details class="inline-details" id="jahrgang" open>/);
		expect(refused.body).toMatch(new RegExp(`Noch nicht möglich: Keine Gruppe hat ihre Treffen hinter sich \\(Fokusgruppe \\w+ bis zum ${literally(formatDate(COMING_START))}\\)`));
	});

	test('a meeting already held is marked so, with nothing to change or cancel; the coming one shows its weekday', async () => {
		// Held a week ago: written straight into the database, since no form takes a date in the past.
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		const heldAt = Math.floor(Date.now() / 1000) - 7 * 86_400;
		await db.execute({ sql: "INSERT INTO meeting (id, group_id, starts_at, ends_at, address, status) VALUES ('treffengehalten1', ?, ?, ?, 'Online', 'planned')", args: [groupId, heldAt, heldAt + 3 * 3600] });
		db.close();
		const page = await (await get(server.baseURL, `${GROUPS}${groupId}/`, office)).text();
		const rows = [...page.matchAll(/<tr id="treffen-([a-z0-9]+)"[^>]*>[\s\S]*?<\/tr>/g)];
		const held = rows.find((r) => r[1] === 'treffengehalten1')![0];
		expect(held).toMatch(/<span class="badge"[^>]*>stattgefunden<\/span>/);
		expect(held).not.toMatch(/Bearbeiten|Treffen absagen|name="meetingId"/);
		// Nobody can answer a held meeting any more: no count of open answers.
		expect(held).toMatch(/<td data-label="Zusagen"[^>]*>0 ja, 0 nein<\/td>/);
		const coming = rows.find((r) => r[1] !== 'treffengehalten1')![0];
		expect(formatWeekdayDateTime(COMING_START)).toMatch(/^Mi\., /);
		expect(coming).toMatch(new RegExp(`<th scope="row"[^>]*>${literally(formatWeekdayDateTime(COMING_START))}</th>`));
		expect(coming).toMatch(/<span class="badge"[^>]*>geplant<\/span>/);
		expect(coming).toContain('Treffen absagen');
		expect(coming).toMatch(/<td data-label="Zusagen"[^>]*>0 ja, 0 nein, 6 offen/);
		// A page from before it began, sent now: refused, the meeting stays as held, nobody is told of a cancellation.
		const refused = await postForm(server.baseURL, `${GROUPS}${groupId}/?_action=meetings.cancel`, { groupId, meetingId: 'treffengehalten1', confirmed: 'on' }, { cookie: office });
		expect(refused.status).toBe(400);
		expect(refused.body).toContain('Dieses Treffen hat schon begonnen oder stattgefunden und bleibt so verzeichnet; absagen lässt es sich nicht mehr.');
		expect(refused.body).not.toContain('Treffen abgesagt.');
	});

	test('ending the group on its page is refused while a meeting is planned, beside the form, naming the date; the tick is asked for in German', async () => {
		const refused = await postForm(server.baseURL, END(groupId), { groupId, confirmed: 'on' }, { cookie: office });
		expect(refused.status).toBe(409);
		expect(refused.body).toMatch(/<details class="inline-details" id="beenden" open>/);
		const message = `Die Gruppe kann noch nicht beendet werden: Ein Treffen ist noch geplant, am ${formatDate(COMING_START)}. Sagen Sie es erst ab, oder beenden Sie die Gruppe nach diesem Treffen.`;
		expect(refused.body.split(message), 'said once, at the form').toHaveLength(2);
		expect(refused.body.indexOf(message)).toBeGreaterThan(refused.body.indexOf('id="beenden"'));

		const unconfirmed = await postForm(server.baseURL, END(groupId), { groupId }, { cookie: office });
		expect(unconfirmed.status).toBe(400);
		expect(unconfirmed.body).toMatch(/<details class="inline-details" id="beenden" open>/);
		expect(unconfirmed.body).toMatch(/id="beenden-bestaetigt-fehler">Bitte bestätigen Sie, dass die Gruppe beendet werden soll; das lässt sich nicht zurücknehmen\./);
		expect(await (await get(server.baseURL, '/portal/', await login(server.baseURL, demoMember(1)))).text(), 'the group runs on').not.toContain('Ihre Gruppe wird gerade zusammengestellt');
	});

	test('after its last meeting the group ends on its page: its members are free, the log names each end, nobody is mailed', async () => {
		const meetingId = /name="meetingId" value="([^"]+)"/.exec(await (await get(server.baseURL, `${GROUPS}${groupId}/`, office)).text())![1]!;
		const cancelled = await postForm(server.baseURL, `${GROUPS}${groupId}/?_action=meetings.cancel`, { groupId, meetingId, confirmed: 'on' }, { cookie: office });
		expect(cancelled.status).toBe(303);
		expect(await (await get(server.baseURL, cancelled.location!, office)).text()).toContain('Treffen abgesagt. Die Gruppe ist per E-Mail informiert.');
		const outbox = () => readdirSync(join(server.dir, 'outbox')).length;
		const mailsBefore = outbox();

		const ended = await postForm(server.baseURL, END(groupId), { groupId, confirmed: 'on' }, { cookie: office });
		expect([ended.status, ended.location]).toEqual([303, `${GROUPS}${groupId}/?erledigt=beendet`]);
		const page = await (await get(server.baseURL, ended.location!, office)).text();
		expect(page).toContain('Die Gruppe ist beendet. Ihre Mitglieder sehen im Portal keine Gruppe mehr und können neu eingeteilt werden; eine E-Mail hat niemand bekommen.');
		expect(page).toMatch(/<span class="badge"[^>]*>beendet<\/span> am \d{1,2}\. \S+ \d{4} \(Jahrgang \d{4}\)/);
		const again = await postForm(server.baseURL, END(groupId), { groupId, confirmed: 'on' }, { cookie: office });
		expect([again.status, again.location], 'a second click').toEqual([303, `${GROUPS}${groupId}/?erledigt=schon-beendet`]);
		expect(await (await get(server.baseURL, again.location!, office)).text()).toContain('Die Gruppe war schon beendet; es hat sich nichts geändert.');
		expect(outbox(), 'nobody was mailed').toBe(mailsBefore);

		const groups = await (await get(server.baseURL, GROUPS, office)).text();
		expect(groups).toContain('Veröffentlichte Gruppen (0)');
		expect(groups, 'the first member is offered for the next run').toMatch(/name="members" value="demouser00000001"/);
		// The member is told their group ended, not that one is being formed.
		const portal = (await (await get(server.baseURL, '/portal/', await login(server.baseURL, demoMember(1)))).text()).replace(/\s+/g, ' ');
		expect(portal).toMatch(/Ihre Fokusgruppe \w+ ist beendet \(seit dem \d{1,2}\. \S+ \d{4}\)\. Die Koordinierungsstelle stellt die neuen Gruppen zusammen/);
		expect(portal).not.toContain('Ihre Gruppe wird gerade zusammengestellt');
		const log = await (await get(server.baseURL, '/koordination/protokoll/', office)).text();
		expect(log).toContain('Gruppe beendet (mit „Jahrgang abschließen“)');
		expect(log).toMatch(new RegExp(`>Gruppe beendet</td>\\s*<td[^>]*><a href="${GROUPS}${groupId}/">`));
		// Its meetings stay as they were.
		const stale = await postForm(server.baseURL, '/_actions/meetings.cancel/', { groupId, meetingId: 'treffengehalten1', confirmed: 'on' }, { cookie: office });
		expect(stale.status).toBe(400);
		expect(stale.body).toContain('Die Gruppe ist beendet');
	});

	test('the groups page lists the ended groups under their year, with a link to each', async () => {
		const groups = await (await get(server.baseURL, GROUPS, office)).text();
		expect(groups).toContain('Beendete Gruppen (2)');
		expect(groups).toMatch(/<summary>Jahrgang \d{4} \(2 Gruppen\)<\/summary>/);
		expect(groups).toMatch(new RegExp(`<li><a href="${GROUPS}${groupId}/">Fokusgruppe \\w+</a>: [^<]+, 6 Mitglieder, beendet am \\d{1,2}\\. \\S+ \\d{4}</li>`));
	});

	test('the ended group\'s page is a record: its members and meetings, no form to change it', async () => {
		const page = await (await get(server.baseURL, `${GROUPS}${groupId}/`, office)).text();
		expect(page).toMatch(/Diese Gruppe ist beendet seit dem \d{1,2}\. \S+ \d{4} \(Jahrgang \d{4}\)\./);
		expect(page, 'and says when the portal deletes it').toMatch(/mit Mitgliedern, Treffen und Antworten löscht das Portal am \d{1,2}\. \S+ \d{4}, drei Jahre nach ihrem Ende/);
		expect(page.match(/href="\/koordination\/mitglieder\/demouser\d{8}\/"/g), 'its six members').toHaveLength(6);
		expect(page).toMatch(new RegExp(`<th scope="row">[^<]*${literally(formatDate(COMING_START))}[^<]*</th>[\\s\\S]*?abgesagt`));
		// The page's own content, without the account bar's logout and the session dialog's forms.
		const content = page.slice(page.indexOf('<main'), page.indexOf('<dialog'));
		expect(content).not.toContain('<form');
		for (const control of ['aus der Gruppe nehmen', 'Platz vergeben', 'Jahresplan', 'Treffen anlegen', 'Bearbeiten', 'Nachricht an die Gruppe', 'Gruppe beenden']) {
			expect(content, control).not.toContain(control);
		}

		// A form from a page opened before the year was closed: nothing stored, and said so without "gibt es nicht".
		const stale = await postForm(server.baseURL, `${GROUPS}${groupId}/?_action=meetings.create`, { groupId, date: COMING_DAY, time: '14:00' }, { cookie: office });
		expect(stale.status).toBe(404);
		expect(stale.body).toContain('Nichts wurde gespeichert: Diese Gruppe ist beendet, an ihr lässt sich nichts mehr ändern.');
		expect(stale.body).not.toContain('gibt es nicht');
	});

	test('a member\'s page names the ended group they sat in', async () => {
		const member = await (await get(server.baseURL, '/koordination/mitglieder/demouser00000001/', office)).text();
		expect(member).toMatch(/<dt>Fokusgruppe<\/dt>\s*<dd>\s*zurzeit keine\s*<\/dd>/);
		expect(member).toMatch(new RegExp(`<dt>Frühere Fokusgruppen</dt>\\s*<dd>\\s*<a href="${GROUPS}${groupId}/">Fokusgruppe \\w+</a> \\(Jahrgang \\d{4}, beendet am \\d{1,2}\\. \\S+ \\d{4}\\)`));
		const never = await (await get(server.baseURL, '/koordination/mitglieder/demouser00000013/', office)).text();
		expect(never).toMatch(/<dt>Fokusgruppe<\/dt>\s*<dd>\s*noch keine\s*<\/dd>/);
		expect(never).not.toContain('Frühere Fokusgruppen');
	});
});
