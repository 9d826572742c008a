/**
 * The office ends a group whose plan still runs: on the group's page, the plain end is refused
 * and points to the tick that cancels the coming meetings with it; with the tick, the meetings
 * are cancelled, the group ends, and each active member gets one mail, not one per meeting. Own
 * server: the demo data changes.
 */
import { createClient } from '@libsql/client';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { berlinLocalToUtc, isWorkingDay } from '../../src/lib/meetings/index.ts';
import { andList, formatDate } from '../../src/lib/site.ts';
import { DEMO_COORDINATOR, demoMember, get, login, postForm } from '../helpers/http.ts';
import { readMails } from '../helpers/mail-sink.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const GROUPS = '/koordination/gruppen/';

/** Three Wednesdays two months or more ahead that are working days in Thuringia, whatever today is. */
const COMING_DAYS = (() => {
	const days: string[] = [];
	for (let day = new Date(Date.now() + 60 * 86_400_000); days.length < 3; day = new Date(day.getTime() + 86_400_000)) {
		const date = day.toISOString().slice(0, 10);
		if (day.getUTCDay() === 3 && isWorkingDay(date)) days.push(date);
	}
	return days;
})();
const COMING_DATES = andList(COMING_DAYS.map((d) => formatDate(berlinLocalToUtc(`${d}T14:00`))));

let server: RunningServer;
let office: string;
let groupId: string;
let members: string[];
let meetingIds: string[];
const END = () => `${GROUPS}${groupId}/?_action=groups.end`;
const endForm = (page: string) => /<details class="inline-details" id="beenden"[\s\S]*?<\/details>/.exec(page)![0];
const mailsNow = async () => readMails(join(server.dir, 'outbox'));

beforeAll(async () => {
	server = await startServer();
	office = await login(server.baseURL, DEMO_COORDINATOR);
	const act = async (action: string, fields: Record<string, string> | [string, string][]) => expect((await postForm(server.baseURL, `/_actions/${action}/`, fields, { cookie: office })).status, action).toBe(200);
	await act('groups.run', [['chooseMembers', '1'], ...Array.from({ length: 12 }, (_, i): [string, string] => ['members', `demouser${String(i + 1).padStart(8, '0')}`])]);
	await act('groups.publish', [['checked', 'on']]);
	const ids = [...(await (await get(server.baseURL, GROUPS, office)).text()).matchAll(/href="\/koordination\/gruppen\/([a-z0-9]+)\/"/g)].map((m) => m[1]!);
	const membersOf = async (id: string) => [...(await (await get(server.baseURL, `${GROUPS}${id}/`, office)).text()).matchAll(/href="\/koordination\/mitglieder\/(demouser\d{8})\/"/g)].map((m) => m[1]!);
	groupId = (await membersOf(ids[0]!)).includes('demouser00000001') ? ids[0]! : ids[1]!;
	members = await membersOf(groupId);
	for (const date of COMING_DAYS) await act('meetings.create', { groupId, date, time: '14:00', address: 'Online' });
	const page = await (await get(server.baseURL, `${GROUPS}${groupId}/`, office)).text();
	meetingIds = [...new Set([...page.matchAll(/name="meetingId" value="([^"]+)"/g)].map((m) => m[1]!))];
	expect(meetingIds).toHaveLength(3);
	// A meeting begun a minute ago (held, not to be cancelled), and a member deactivated: written
	// straight into the database, since no form takes a past date.
	const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
	const begunAt = Math.floor(Date.now() / 1000) - 60;
	await db.execute({ sql: "INSERT INTO meeting (id, group_id, starts_at, ends_at, address, status) VALUES ('treffenbegonnen', ?, ?, ?, 'Online', 'planned')", args: [groupId, begunAt, begunAt + 3 * 3600] });
	await db.execute({ sql: 'UPDATE user SET deactivated_at = ? WHERE id = ?', args: [begunAt, members.find((m) => m !== 'demouser00000001')!] });
	db.close();
});
afterAll(() => server.stop());

describe('ending a group early', () => {
	test('only the office may: anonymous and members are refused, with or without the tick', async () => {
		const member = await login(server.baseURL, demoMember(1));
		for (const extra of [[], [['cancelMeetings', 'on'], ...meetingIds.map((id): [string, string] => ['meetings', id])]] as [string, string][][]) {
			const fields: [string, string][] = [['groupId', groupId], ['confirmed', 'on'], ...extra];
			expect((await postForm(server.baseURL, '/_actions/groups.end/', fields)).status).toBe(401);
			expect((await postForm(server.baseURL, '/_actions/groups.end/', fields, { cookie: member })).status, 'a member of the very group').toBe(404);
			const unknown = fields.map(([name, value]): [string, string] => [name, name === 'groupId' ? 'gibtesnichtxxxx' : value]);
			expect((await postForm(server.baseURL, '/_actions/groups.end/', unknown, { cookie: office })).status, 'the office, for no such group').toBe(404);
		}
		expect((await get(server.baseURL, `${GROUPS}${groupId}/`, office)).status).toBe(200);
		expect(await (await get(server.baseURL, `${GROUPS}${groupId}/`, office)).text()).not.toContain('ist beendet');
	});

	test('the form offers the tick with the dates; the plain end is refused and points to it', async () => {
		const form = endForm(await (await get(server.baseURL, `${GROUPS}${groupId}/`, office)).text());
		expect(form).toContain(`und die 3 geplanten Treffen absagen (am ${COMING_DATES}); die Gruppe bekommt dazu eine E-Mail`);
		expect([...form.matchAll(/<input type="hidden" name="meetings" value="([^"]+)"/g)].map((m) => m[1]).sort()).toEqual([...meetingIds].sort());

		const refused = await postForm(server.baseURL, END(), { groupId, confirmed: 'on' }, { cookie: office });
		expect(refused.status).toBe(409);
		expect(endForm(refused.body)).toContain(
			`Die Gruppe kann noch nicht beendet werden: 3 Treffen sind noch geplant, am ${COMING_DATES}. Sagen Sie sie erst ab, oder beenden Sie die Gruppe nach dem letzten Treffen. Soll sie jetzt enden, setzen Sie zusätzlich das Häkchen „und die 3 geplanten Treffen absagen“`,
		);
		// Ticked, but not confirmed: the tick stays.
		const unconfirmed = await postForm(server.baseURL, END(), [['groupId', groupId], ['cancelMeetings', 'on'], ...meetingIds.map((id): [string, string] => ['meetings', id])], { cookie: office });
		expect(unconfirmed.status).toBe(400);
		expect(endForm(unconfirmed.body)).toMatch(/<input type="checkbox" id="beenden-absagen" name="cancelMeetings" checked/);
	});

	test('a form from before a meeting was added or cancelled ends nothing', async () => {
		const stale = await postForm(server.baseURL, END(), [['groupId', groupId], ['confirmed', 'on'], ['cancelMeetings', 'on'], ...meetingIds.slice(1).map((id): [string, string] => ['meetings', id])], { cookie: office });
		expect(stale.status).toBe(409);
		expect(endForm(stale.body)).toContain('Die geplanten Treffen der Gruppe haben sich inzwischen geändert');
		expect(stale.body).not.toContain('ist beendet');
	});

	test('with the tick, the group ends and its meetings are cancelled; each active member gets one mail, the feed shows them cancelled', async () => {
		const before = (await mailsNow()).length;
		const ended = await postForm(server.baseURL, END(), [['groupId', groupId], ['confirmed', 'on'], ['cancelMeetings', 'on'], ...meetingIds.map((id): [string, string] => ['meetings', id])], { cookie: office });
		expect([ended.status, ended.location]).toEqual([303, `${GROUPS}${groupId}/?erledigt=beendet-abgesagt-3-5-0`]);
		const page = await (await get(server.baseURL, ended.location!, office)).text();
		expect(page).toContain('Die Gruppe ist beendet, ihre 3 geplanten Treffen sind abgesagt. 5 Mitglieder haben eine E-Mail mit den abgesagten Terminen bekommen.');
		expect(page).toMatch(/<span class="badge"[^>]*>beendet<\/span>/);

		const sent = (await mailsNow()).slice(before);
		expect(sent.map((m) => m.subject)).toEqual(Array(5).fill(expect.stringMatching(/^Ihre Fokusgruppe \w+ ist vorzeitig beendet$/)));
		expect(sent.every((m) => m.text!.includes(`${formatDate(berlinLocalToUtc(`${COMING_DAYS[2]}T14:00`))}`)), 'each names the last date').toBe(true);

		const feed = new ICAL.Component(ICAL.parse(await (await get(server.baseURL, '/portal/termine.ics', await login(server.baseURL, demoMember(1)))).text())).getAllSubcomponents('vevent');
		const statusOf = new Map(feed.map((e) => [String(e.getFirstPropertyValue('uid')).split('@')[0], e.getFirstPropertyValue('status')]));
		for (const id of meetingIds) expect(statusOf.get(id), id).toBe('CANCELLED');
		expect(statusOf.get('treffenbegonnen'), 'the meeting that has begun stays as held').toBe('CONFIRMED');

		expect(await (await get(server.baseURL, '/koordination/protokoll/', office)).text()).toContain('Gruppe beendet (vorzeitig, 3 geplante Treffen abgesagt)');
		const again = await postForm(server.baseURL, END(), [['groupId', groupId], ['confirmed', 'on'], ['cancelMeetings', 'on'], ...meetingIds.map((id): [string, string] => ['meetings', id])], { cookie: office });
		expect([again.status, again.location], 'a second click').toEqual([303, `${GROUPS}${groupId}/?erledigt=schon-beendet`]);
		expect((await mailsNow()).length).toBe(before + 5);
	});
});
