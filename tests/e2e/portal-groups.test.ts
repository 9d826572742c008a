/**
 * The member's side of the groups, on a server of its own (publishing groups changes what
 * everyone sees): a member sees the group and the next meeting, answers, downloads the
 * calendar; and confidentiality probes: a member of one group asks for every object of another
 * group and gets nothing, contact details stay hidden until the member allows them.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { createClient, type Client } from '@libsql/client';
import ICAL from 'ical.js';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser, openPage } from '../helpers/browser.ts';
import { DEMO_COORDINATOR, DEMO_PASSWORD, get, login, postForm } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer;
let db: Client;
let browser: Browser;
let groups: { id: string; members: { id: string; email: string; name: string }[] }[];

const mutate = (id: string) => [id.slice(0, -1) + (id.endsWith('a') ? 'b' : 'a'), id.slice(1) + id[0], 'zzzzzzzzzzzzzzzz'];

beforeAll(async () => {
	server = await startServer();
	db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
	browser = await launchBrowser();
	const office = await login(server.baseURL, DEMO_COORDINATOR);
	expect((await postForm(server.baseURL, '/_actions/groups.run/', {}, { cookie: office })).status).toBe(200);
	expect((await postForm(server.baseURL, '/_actions/groups.publish/', {}, { cookie: office })).status).toBe(200);
	const rows = (
		await db.execute(
			"SELECT g.id AS gid, u.id AS uid, u.email, u.name FROM focus_group g JOIN group_membership m ON m.group_id = g.id JOIN user u ON u.id = m.user_id WHERE g.status = 'published' ORDER BY g.name, u.id",
		)
	).rows;
	const byGroup = new Map<string, { id: string; email: string; name: string }[]>();
	for (const r of rows) byGroup.set(String(r.gid), [...(byGroup.get(String(r.gid)) ?? []), { id: String(r.uid), email: String(r.email), name: String(r.name) }]);
	groups = [...byGroup.entries()].map(([id, members]) => ({ id, members }));
	expect(groups.length).toBeGreaterThanOrEqual(2);
	const start = new Date(Date.now() + 3 * 24 * 3600_000).toISOString().slice(0, 10);
	for (const g of groups) {
		const planned = await postForm(server.baseURL, '/_actions/meetings.plan/', { groupId: g.id, start, intervalWeeks: '8', weekday: '3', time: '14:00', durationMinutes: '180' }, { cookie: office });
		expect(planned.status).toBe(200);
	}
});
afterAll(async () => {
	await browser?.close();
	db?.close();
	await server?.stop();
});

describe('a member and their group', () => {
	test('sees the group and the next meeting, answers, downloads the calendar; axe finds nothing', async () => {
		const me = groups[0]!.members[0]!;
		const { page, close } = await openPage(browser);
		try {
			await page.goto(`${server.baseURL}/portal/anmelden/`);
			await page.getByLabel('E-Mail-Adresse').fill(me.email);
			await page.getByLabel('Passwort', { exact: true }).fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Anmelden' }).click();
			await page.waitForURL(`${server.baseURL}/portal/`);
			expect(await page.getByRole('heading', { level: 2, name: /^Fokusgruppe [A-Z]:/ }).count()).toBe(1);
			for (const mate of groups[0]!.members) expect(await page.getByText(mate.name).count(), mate.name).toBeGreaterThan(0);
			const next = page.getByRole('region', { name: 'Nächstes Treffen' });
			expect(await next.textContent()).toMatch(/\d{1,2}\. \w+ \d{4} um 14:00 Uhr/);
			await next.getByRole('button', { name: 'Ich komme', exact: true }).click();
			await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Zusage ist gespeichert/);
			expect(await page.getByRole('region', { name: 'Nächstes Treffen' }).textContent()).toMatch(/1 Zusage bisher/);
			const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			expect(axe.violations.map((v) => v.id)).toEqual([]);
		} finally {
			await close();
		}
		const cookie = await login(server.baseURL, me.email);
		const response = await get(server.baseURL, '/portal/termine.ics', cookie);
		expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
		const calendar = new ICAL.Component(ICAL.parse(await response.text()));
		const events = calendar.getAllSubcomponents('vevent');
		expect(events.length).toBeGreaterThanOrEqual(6);
		expect(String(events[0]!.getFirstPropertyValue('summary'))).toMatch(/^Fokusgruppe [A-Z]: Treffen bei /);
	});
});

describe('confidentiality', () => {
	test('a member of one group gets 404 for every object of another group', async () => {
		const [mine, other] = [groups[0]!, groups[1]!];
		const me = await login(server.baseURL, mine.members[0]!.email);
		const theirMeetings = (await db.execute({ sql: 'SELECT id FROM meeting WHERE group_id = ?', args: [other.id] })).rows.map((r) => String(r.id));
		let probes = 0;
		const expect404 = async (response: Response | { status: number }, what: string) => {
			probes++;
			expect(response.status, what).toBe(404);
		};
		for (const id of [other.id, ...mutate(other.id), mine.id]) {
			await expect404(await get(server.baseURL, `/koordination/gruppen/${id}/`, me), `Gruppenseite ${id}`);
		}
		for (const id of [...theirMeetings, ...theirMeetings.flatMap(mutate)]) {
			await expect404(await postForm(server.baseURL, '/_actions/meetings.reply/', { meetingId: id, attending: 'ja' }, { cookie: me }), `Antwort ${id}`);
		}
		for (const member of other.members) {
			await expect404(await get(server.baseURL, `/koordination/mitglieder/${member.id}/`, me), `Mitglied ${member.id}`);
		}
		for (const token of ['aaaaaaaaaaaaaaaa.bbbb', `${other.id}.x`, 'x']) {
			await expect404(await get(server.baseURL, `/kalender/${token}.ics`), `Kalender ${token}`);
		}

		const page = await (await get(server.baseURL, '/portal/', me)).text();
		const calendar = await (await get(server.baseURL, '/portal/termine.ics', me)).text();
		for (const member of other.members) {
			probes += 2;
			expect(page, member.name).not.toContain(member.name);
			expect(page).not.toContain(member.email);
		}
		for (const id of theirMeetings) {
			probes++;
			expect(calendar).not.toContain(id);
		}
		// replies to their meetings changed nothing
		const replies = (await db.execute({ sql: `SELECT count(*) AS n FROM meeting_reply WHERE meeting_id IN (${theirMeetings.map(() => '?').join(',')})`, args: theirMeetings })).rows[0]!;
		expect(Number(replies.n)).toBe(0);
		console.log(`Vertraulichkeit: ${probes} Proben eines Mitglieds gegen eine andere Gruppe, alle ohne Treffer`);
	});

	test('contact details of group mates appear only once the mate allows it', async () => {
		const me = groups[0]!.members[0]!;
		const mate = groups[0]!.members[1]!;
		const cookie = await login(server.baseURL, me.email);
		const before = await (await get(server.baseURL, '/portal/', cookie)).text();
		expect(before).not.toContain(mate.email);
		await db.execute({ sql: 'UPDATE user SET share_email = 1 WHERE id = ?', args: [mate.id] });
		const after = await (await get(server.baseURL, '/portal/', cookie)).text();
		expect(after).toContain(mate.email);
		await db.execute({ sql: 'UPDATE user SET share_email = 0 WHERE id = ?', args: [mate.id] });
	});

	test('the private subscription address serves exactly the owner\'s calendar', async () => {
		const me = groups[1]!.members[0]!;
		const cookie = await login(server.baseURL, me.email);
		const renewed = await postForm(server.baseURL, '/portal/?_action=meetings.renewFeed', {}, { cookie });
		const feedUrl = /(http\S+\/kalender\/[^<\s]+\.ics)/.exec(renewed.body)?.[1];
		expect(feedUrl).toBeDefined();
		const path = new URL(feedUrl!).pathname;
		const feed = await get(server.baseURL, path);
		expect(feed.status).toBe(200);
		const own = await (await get(server.baseURL, '/portal/termine.ics', cookie)).text();
		const uids = (text: string) => [...text.matchAll(/^UID:(.+)$/gm)].map((m) => m[1]!.trim()).sort();
		expect(uids(await feed.text())).toEqual(uids(own));
		await postForm(server.baseURL, '/portal/?_action=meetings.revokeFeed', {}, { cookie });
		expect((await get(server.baseURL, path)).status).toBe(404);
	});
});
