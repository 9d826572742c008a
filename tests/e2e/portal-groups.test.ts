/**
 * The member's side of the groups, on a server of its own (publishing groups changes what
 * everyone sees): a member sees the group and the next meeting, answers, downloads the
 * calendar; and confidentiality probes: a member of one group asks for every object of another
 * group and gets nothing, contact details stay hidden until the member allows them.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { createClient, type Client } from '@libsql/client';
import ICAL from 'ical.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPage, signIn, textOf, useBrowser } from '../helpers/browser.ts';
import { parseCsv } from '../../src/lib/export/csv.ts';
import { DEMO_COORDINATOR, get, login, planMeetings, postForm } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer;
let db: Client;
const browser = useBrowser();
let groups: { id: string; members: { id: string; email: string; name: string }[] }[];

const mutate = (id: string) => [id.slice(0, -1) + (id.endsWith('a') ? 'b' : 'a'), id.slice(1) + id[0], 'zzzzzzzzzzzzzzzz'];

beforeAll(async () => {
	server = await startServer();
	db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
	const office = await login(server.baseURL, DEMO_COORDINATOR);
	expect((await postForm(server.baseURL, '/_actions/groups.run/', {}, { cookie: office })).status).toBe(200);
	expect((await postForm(server.baseURL, '/_actions/groups.publish/', { checked: 'on' }, { cookie: office })).status).toBe(200);
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
		const planned = await planMeetings(server.baseURL, office, g.id, { start, intervalWeeks: '8', weekday: '3', time: '14:00', durationMinutes: '180' });
		expect(planned.status).toBe(200);
	}
});
afterAll(async () => {
	db?.close();
	await server?.stop();
});

describe('the office after publishing', () => {
	test('with everyone placed and no draft, the run section says so and explains no run', async () => {
		const board = await (await get(server.baseURL, '/koordination/gruppen/', await login(server.baseURL, DEMO_COORDINATOR))).text();
		expect(board).toContain('Alle aktiven Mitglieder sitzen in einer veröffentlichten Gruppe.');
		expect(board).not.toContain('Eingeteilt werden');
	});
});

describe('a member and their group', () => {
	test('sees the group and the next meeting, answers, downloads the calendar; axe finds nothing', async () => {
		const me = groups[0]!.members[0]!;
		let icsText = '';
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, server.baseURL, me.email);
			expect(await page.getByRole('heading', { level: 2, name: /^Fokusgruppe [A-Z]:/ }).count()).toBe(1);
			for (const mate of groups[0]!.members) expect(await page.getByText(mate.name).count(), mate.name).toBeGreaterThan(0);
			const open = page.getByRole('region', { name: 'Noch offen für Sie' });
			expect(await textOf(open)).toMatch(/Ihre Antwort zum Treffen am .+ fehlt noch\. Zur Antwort/);
			expect(await textOf(open)).toContain('Ihre Gruppe sieht noch keine Kontaktdaten von Ihnen. Im Profil freigeben');
			const next = page.getByRole('region', { name: 'Nächstes Treffen' });
			// The weekday and the end, as people plan their day.
			expect(await next.textContent()).toMatch(/(Montag|Dienstag|Mittwoch|Donnerstag|Freitag), \d{1,2}\. \S+ \d{4}, 14:00 bis \d{2}:\d{2} Uhr/);
			// The host's address with the way there on a public map: a link only, the search without the company's name.
			const map = next.getByRole('link', { name: 'Weg auf der Karte (OpenStreetMap)' });
			const mapUrl = new URL((await map.getAttribute('href'))!);
			expect(mapUrl.origin + mapUrl.pathname).toBe('https://www.openstreetmap.org/search');
			// The shown address is "Company, Street, Postcode Town"; the map gets "Street, Postcode Town".
			const shown = (await map.locator('xpath=..').textContent())!.split(' · ')[0]!.trim();
			expect(mapUrl.searchParams.get('query')).toBe(shown.split(', ').slice(1).join(', '));
			expect(mapUrl.searchParams.get('query')).toMatch(/^[^,]+\d[^,]*, \d{5} \S/);
			expect(await map.getAttribute('rel')).toBe('noreferrer');
			await next.getByRole('button', { name: 'Ich komme', exact: true }).click();
			// The thanks name the meeting and stand at it, where the page returns to (a long list on a phone).
			await expect.poll(() => textOf(next.getByRole('status'))).toMatch(/^Danke, Ihre Antwort „Ich komme“ zum Treffen am \d{1,2}\. \w+ \d{4} um 14:00 Uhr ist gespeichert\.$/);
			const answeredAt = new URL(page.url());
			expect(answeredAt.search, 'a plain GET after the reply: reloading does not send it again').toMatch(/^\?treffen=[\w-]+&erledigt=zugesagt$/);
			expect(answeredAt.hash, 'back at the meeting answered').toBe(`#treffen-${answeredAt.searchParams.get('treffen')}`);
			expect(await page.locator(answeredAt.hash).getAttribute('aria-labelledby')).toBe('next-heading');
			expect(await page.getByRole('status').count(), 'one message, at the meeting, none at the top').toBe(1);
			expect(await page.getByRole('region', { name: 'Nächstes Treffen' }).textContent()).toMatch(/1 Zusage bisher/);
			expect(await textOf(page.getByRole('region', { name: 'Noch offen für Sie' })), 'the reply is no longer open').not.toContain('fehlt noch');
			expect(await next.getByRole('button', { name: 'Ich komme', exact: true }).getAttribute('aria-pressed'), 'the answer shows on its button').toBe('true');
			expect(await textOf(next.getByRole('button', { name: 'Ich komme', exact: true }))).toBe('✓ Ich komme');
			expect(await textOf(next), 'the answer in words').toContain('Ihre Antwort: Ich komme');
			// A later meeting can be answered ahead of time.
			const later = page.getByRole('button', { name: /^Ich komme nicht\s*: Treffen am / }).first();
			const laterName = (await later.textContent())!;
			const laterRow = page.locator('li', { has: page.getByRole('button', { name: laterName.replace(/\s+/g, ' ').trim() }) });
			expect(await textOf(laterRow), 'an open answer says so').toContain('Ihre Antwort: noch offen');
			expect(await textOf(laterRow), 'the host and the town, without postcode and street').toMatch(/\d{4}, 14:00 bis \d{2}:\d{2} Uhr bei [^·]+ in [^\d·,]+ · /);
			expect(await laterRow.locator('button.button--quiet').count(), 'and looks like no answer').toBe(2);
			await later.click();
			await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Ihre Antwort „Ich komme nicht“ zum Treffen am .+ ist gespeichert/);
			expect(await textOf(page.locator(new URL(page.url()).hash).getByRole('status')), 'the thanks at the later meeting').toContain(laterName.split(': ')[1]!.replace(/^Treffen am /, '').trim());
			const thanksFirst = await page.locator(new URL(page.url()).hash).evaluate((li) => Boolean(li.querySelector('[role="status"]')!.compareDocumentPosition(li.querySelector('button')!) & Node.DOCUMENT_POSITION_FOLLOWING));
			expect(thanksFirst, 'above its buttons, as at the next meeting').toBe(true);
			expect(await page.getByRole('button', { name: laterName.replace(/\s+/g, ' ').trim() }).getAttribute('aria-pressed')).toBe('true');
			expect(await textOf(page.locator('li', { has: page.getByRole('button', { name: laterName.replace(/\s+/g, ' ').trim() }) }))).toContain('Ihre Antwort: Ich komme nicht');
			const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			expect(axe.violations.map((v) => v.id)).toEqual([]);
			// The calendar file, downloaded the way a member does it.
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Alle Termine als Kalenderdatei (.ics)' }).click()]);
			expect(download.suggestedFilename()).toMatch(/\.ics$/);
			icsText = readFileSync((await download.path())!, 'utf8');
			// The private subscription address is shown once, with a button that copies it.
			await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
			await page.getByRole('button', { name: 'Kalender-Abo einrichten' }).click();
			// Said and focused like every other answer, so a screen reader hears that the secret address is there.
			await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toMatch(/^Ihre private Abo-Adresse ist erzeugt\. Sie wird nur jetzt angezeigt/);
			const shownFeed = (await page.locator('#kalender ~ p code').first().textContent())!;
			expect(shownFeed).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kalender\/\S+\.ics$/);
			await page.getByRole('button', { name: 'Adresse kopieren' }).click();
			await expect.poll(() => textOf(page.locator('.copy-status'))).toBe('Kopiert.');
			expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shownFeed);
			// Seen again later, the page says an address exists (a second device needs no new one), without showing it.
			await page.goto(`${server.baseURL}/portal/`);
			expect(await textOf(page.locator('#kalender ~ p').filter({ hasText: 'private Abo-Adresse' }))).toMatch(/^Sie haben seit dem \d{1,2}\. \S+ \d{4} eine private Abo-Adresse; .* Für ein weiteres Gerät verwenden Sie dieselbe Adresse\./);
			expect(await page.content()).not.toContain(shownFeed);
			// On a phone the two answers of a meeting stay one row (one decision, side by side); at 320 px they may stack, but stay on screen.
			for (const width of [375, 320]) {
				await page.setViewportSize({ width, height: 800 });
				const replies = await page.locator('.reply').all();
				expect(replies.length).toBeGreaterThan(1);
				for (const reply of replies) {
					const [yes, no] = await Promise.all([/^(✓ )?Ich komme(?! nicht)/, /^(✓ )?Ich komme nicht/].map((name) => reply.getByRole('button', { name }).boundingBox()));
					if (width === 375) expect(Math.round(no!.y), 'side by side at 375 px').toBe(Math.round(yes!.y));
					for (const box of [yes!, no!]) expect(box.x + box.width, `within ${width} px`).toBeLessThanOrEqual(width);
				}
			}
		} finally {
			await close();
		}
		const cookie = await login(server.baseURL, me.email);
		const response = await get(server.baseURL, '/portal/termine.ics', cookie);
		expect(response.headers.get('content-type')).toMatch(/^text\/calendar/);
		const withoutStamps = (ics: string) => ics.replace(/^DTSTAMP:.*\r?\n/gm, '');
		expect(withoutStamps(await response.text()), 'the download and the feed agree').toBe(withoutStamps(icsText));
		const calendar = new ICAL.Component(ICAL.parse(icsText));
		const events = calendar.getAllSubcomponents('vevent');
		expect(events.length).toBeGreaterThanOrEqual(6);
		expect(String(events[0]!.getFirstPropertyValue('summary'))).toMatch(/^Fokusgruppe [A-Z]: Treffen bei /);
	});
});

describe('hosting', () => {
	test('a host sees how many are coming to each meeting they host, not only the next', async () => {
		// Group A: the confidentiality probes below rely on group B having no replies at all.
		const group = groups[0]!;
		// The group's last meeting (seven meetings for six companies: not the next one) and its host.
		const last = (await db.execute({ sql: "SELECT id, host_organization_id AS host FROM meeting WHERE group_id = ? AND status = 'planned' ORDER BY starts_at DESC LIMIT 1", args: [group.id] })).rows[0]!;
		const people = (await db.execute({ sql: 'SELECT id, organization_id AS org FROM user WHERE id IN (' + group.members.map(() => '?').join(',') + ')', args: group.members.map((m) => m.id) })).rows;
		const host = group.members.find((m) => people.some((p) => p.id === m.id && p.org === last.host))!;
		const guest = group.members.find((m) => m !== host)!;
		const hostedLater = async () => {
			const html = await (await get(server.baseURL, '/portal/', await login(server.baseURL, host.email))).text();
			return [...html.slice(html.indexOf('Weitere Termine')).matchAll(/Ihr Unternehmen ist Gastgeber \((\d+ Zusagen?) bisher\)/g)].map((m) => m[1]);
		};
		const coming = async () => Number((await db.execute({ sql: 'SELECT count(*) AS n FROM meeting_reply WHERE meeting_id = ? AND attending = 1', args: [String(last.id)] })).rows[0]!.n);
		const label = (n: number) => (n === 1 ? '1 Zusage' : `${n} Zusagen`);
		const before = await coming();
		expect(await hostedLater()).toContain(label(before));
		const reply = await postForm(server.baseURL, '/_actions/meetings.reply/', { meetingId: String(last.id), attending: 'ja' }, { cookie: await login(server.baseURL, guest.email) });
		expect(reply.status).toBe(200);
		expect(await coming()).toBe(before + 1);
		expect(await hostedLater()).toContain(label(before + 1));

		// The host company saying no: the host is told the office knows, and the office's work queue lists the date.
		const hostCookie = await login(server.baseURL, host.email);
		const declined = await postForm(server.baseURL, '/portal/?_action=meetings.reply', { meetingId: String(last.id), attending: 'nein' }, { cookie: hostCookie });
		expect([declined.status, declined.location]).toEqual([303, `/portal/?treffen=${String(last.id)}&erledigt=abgesagt-gastgeber`]);
		expect(await (await get(server.baseURL, declined.location!, hostCookie)).text()).toContain('Da Ihr Unternehmen Gastgeber dieses Treffens ist, sieht die Koordinierungsstelle das sofort in ihrer Arbeitsliste');
		const queue = await (await get(server.baseURL, '/koordination/', await login(server.baseURL, DEMO_COORDINATOR))).text();
		expect(queue.slice(queue.indexOf('Gastgeber kommt'), queue.indexOf('Gastgeber kommt') + 150)).toMatch(/Gastgeber kommt nicht zum Treffen am (\d{1,2}\. \S+ \d{4} um 14:00 Uhr(, )?)+: anderen Gastgeber oder neuen Termin klären/);
		// Back to yes: the later tests count this meeting's answers as before.
		await postForm(server.baseURL, '/_actions/meetings.reply/', { meetingId: String(last.id), attending: 'ja' }, { cookie: hostCookie });

		// Before deleting the account, the host reads what the group will notice: the free seat and the hosting.
		const dataPage = (await (await get(server.baseURL, '/portal/daten/', hostCookie)).text()).replace(/\s+/g, ' ');
		expect(dataPage).toMatch(/sieht die Fokusgruppe [A-Z] im Portal, dass ein Platz frei geworden ist; Ihr Unternehmen ist Gastgeber (des Treffens|der Treffen) am \d[^;]*: Die Gruppe erfährt per E-Mail, dass Gastgeber und Ort offen sind/);
		const guestPage = (await (await get(server.baseURL, '/portal/daten/', await login(server.baseURL, guest.email))).text()).replace(/\s+/g, ' ');
		expect(guestPage).toContain('dass ein Platz frei geworden ist');
	});
});

describe('the office’s list of members', () => {
	test('names each member’s published group, linked to its page, and so does the export', async () => {
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const html = await (await get(server.baseURL, '/koordination/mitglieder/', office)).text();
		const names = (await db.execute('SELECT id, name FROM focus_group')).rows.map((r) => [String(r.id), String(r.name)] as const);
		for (const group of groups) {
			const name = names.find(([id]) => id === group.id)![1];
			for (const member of group.members) {
				const row = new RegExp(`<tr>\\s*<td><a href="/koordination/mitglieder/${member.id}/">[\\s\\S]*?</tr>`).exec(html)?.[0];
				expect(row, member.id).toContain(`<a href="/koordination/gruppen/${group.id}/">${name}</a>`);
			}
		}
		// The exports say the same.
		const exported = (await (await get(server.baseURL, '/koordination/export/?datei=mitglieder&format=json', office)).json()) as { userId: string; groupName: string | null }[];
		const [header, ...lines] = parseCsv(await (await get(server.baseURL, '/koordination/export/?datei=mitglieder&format=csv', office)).text());
		const [idColumn, groupColumn] = ['Konto-ID', 'Fokusgruppe'].map((name) => header!.indexOf(name));
		for (const group of groups) {
			const name = names.find(([id]) => id === group.id)![1];
			for (const member of group.members) {
				expect(exported.find((m) => m.userId === member.id)?.groupName, member.id).toBe(name);
				expect(lines.find((line) => line[idColumn!] === member.id)?.[groupColumn!], member.id).toBe(name);
			}
		}
	});

});

describe('the topic queue in the browser', () => {
	test('a topic that moves on to a later meeting can be ticked off by any member too', async () => {
		const [author, mate] = [groups[0]!.members[1]!, groups[0]!.members[2]!];
		const authorCookie = await login(server.baseURL, author.email);
		for (const title of ['Großes Thema eins', 'Großes Thema zwei']) {
			expect((await postForm(server.baseURL, '/_actions/topicQueue.add/', { title, priority: '1', minutes: '150' }, { cookie: authorCookie })).status).toBe(200);
		}
		const idOf = async (title: string) => String((await db.execute({ sql: 'SELECT id FROM topic_queue_item WHERE title = ?', args: [title] })).rows[0]!.id);
		try {
			const mateCookie = await login(server.baseURL, mate.email);
			const later = /aria-labelledby="later-topics"[^>]*>([\s\S]*?)<\/section>/.exec(await (await get(server.baseURL, '/portal/gespraechspunkte/', mateCookie)).text())?.[1] ?? '';
			// Two topics of 150 minutes do not fit into one meeting: one of them moves on.
			const movedOn = /Großes Thema (eins|zwei)/.exec(later)?.[0];
			expect(movedOn).toBeDefined();
			expect(later).toMatch(/Als besprochen abhaken<span class="visually-hidden"[^>]*>: Großes Thema/);
			expect(later).not.toContain('Länger als das ganze nächste Treffen');
			// With meetings of two hours a 150-minute topic fits none: the list says why it waits.
			const lengths = (await db.execute({ sql: 'SELECT id, ends_at FROM meeting WHERE group_id = ?', args: [groups[0]!.id] })).rows;
			await db.execute({ sql: 'UPDATE meeting SET ends_at = starts_at + 7200 WHERE group_id = ?', args: [groups[0]!.id] });
			try {
				const shortened = await (await get(server.baseURL, '/portal/gespraechspunkte/', mateCookie)).text();
				expect(shortened).toContain('Länger als das ganze nächste Treffen (120 Minuten): bitte kürzer planen oder aufteilen.');
			} finally {
				for (const row of lengths) await db.execute({ sql: 'UPDATE meeting SET ends_at = ? WHERE id = ?', args: [Number(row.ends_at), String(row.id)] });
			}
			expect((await postForm(server.baseURL, '/_actions/topicQueue.markDiscussed/', { itemId: await idOf(movedOn!) }, { cookie: mateCookie })).status).toBe(200);
		} finally {
			// Off the list again, so the tests below start from an empty one.
			await db.execute("DELETE FROM topic_queue_item WHERE title LIKE 'Großes Thema%'");
		}
	});


	test('a topic refused because the list filled up meanwhile keeps its form, with what was typed', async () => {
		const [me, other] = [groups[0]!.members[1]!, groups[0]!.members[2]!];
		const cookie = await login(server.baseURL, me.email);
		// Others filled the list while this member was typing.
		const now = Math.floor(Date.now() / 1000);
		for (let i = 0; i < 40; i++) {
			await db.execute({ sql: 'INSERT INTO topic_queue_item (id, group_id, user_id, title, priority, minutes, created_at) VALUES (?, ?, ?, ?, 3, 5, ?)', args: [`vollelisteeintrag${String(i).padStart(2, '0')}`, groups[0]!.id, other.id, `Füllthema ${i}`, now] });
		}
		try {
			const refused = await postForm(server.baseURL, '/portal/gespraechspunkte/?_action=topicQueue.add', { title: 'Mein getipptes Thema', priority: '2', minutes: '20' }, { cookie });
			expect(refused.status).toBe(409);
			expect(refused.body).toContain('Die Liste der Gesprächspunkte ist voll.');
			expect(refused.body).toMatch(/<input[^>]*name="title"[^>]*value="Mein getipptes Thema"/);
			// A plain visit to the full list shows no form, only why.
			expect(await (await get(server.baseURL, '/portal/gespraechspunkte/', cookie)).text()).toContain('Die Liste ist voll. Bitte haken Sie zuerst besprochene Gesprächspunkte ab.');
		} finally {
			await db.execute("DELETE FROM topic_queue_item WHERE id LIKE 'vollelisteeintrag%'");
		}
	});

	test('a member proposes a topic, sees a bad entry explained, the group mate ticks it off; axe finds nothing', async () => {
		const [me, mate] = [groups[0]!.members[3]!, groups[0]!.members[4]!];
		const { page, close } = await openPage(browser(), { javaScriptEnabled: false });
		try {
			await signIn(page, server.baseURL, me.email);
			await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Gesprächspunkte' }).click();
			await page.getByLabel('Ihr Gesprächspunkt', { exact: true }).fill('Energiemonitoring mit einfachen Zählern');
			await page.getByLabel('Geschätzte Minuten').fill('500');
			await page.getByRole('button', { name: 'Gesprächspunkt vorschlagen' }).click();
			await page.waitForURL(/_action=topicQueue.add/);
			expect(await textOf(page.locator('#feld-minutes-fehler'))).toBe('Höchstens 180 Minuten; einen längeren Gesprächspunkt teilen Sie bitte auf.');
			// Named at the top too: the form may be far below a long list.
			expect(await textOf(page.getByRole('alert').first())).toContain('Geschätzte Minuten: Höchstens 180 Minuten; einen längeren Gesprächspunkt teilen Sie bitte auf.');
			expect(await page.getByLabel('Ihr Gesprächspunkt', { exact: true }).inputValue(), 'the entry is kept').toBe('Energiemonitoring mit einfachen Zählern');
			await page.getByLabel('Geschätzte Minuten').fill('45');
			await page.getByLabel('Wie wichtig?').selectOption({ label: 'wichtig' });
			await page.getByRole('button', { name: 'Gesprächspunkt vorschlagen' }).click();
			// Post/Redirect/Get: the page after the form is a plain GET, so a reload cannot add the topic twice.
			await page.waitForURL(/\/portal\/gespraechspunkte\/\?erledigt=eingetragen#liste$/);
			// The answer stands at the list, where the page opens: the keyboard goes on from there.
			expect(await textOf(page.locator('#liste + [role="status"]'))).toBe('Ihr Gesprächspunkt steht auf der Liste.');
			await page.reload();
			expect(await page.getByRole('listitem').filter({ hasText: 'Energiemonitoring' }).count(), 'reloading adds nothing').toBe(1);
			const entry = page.getByRole('region', { name: 'Für das nächste Treffen' }).getByRole('listitem').filter({ hasText: 'Energiemonitoring' });
			expect(await textOf(entry)).toMatch(/Energiemonitoring mit einfachen Zählern\s*Wichtigkeit: wichtig · etwa 45 Minuten, steht am Anfang · von Ihnen vorgeschlagen am \d{1,2}\. \S+ \d{4} um \d{2}:\d{2} Uhr/);
			expect(await entry.locator('h3').evaluate((h) => getComputedStyle(h, '::before').content), 'numbered in the order of the list').toMatch(/^counter\(/);
			// A point after it comes up at a clock time of the meeting (which starts at 14:00).
			await page.getByLabel('Ihr Gesprächspunkt', { exact: true }).fill('Kurzer Nachtrag zur Energie');
			await page.getByLabel('Geschätzte Minuten').fill('10');
			await page.getByLabel('Wie wichtig?').selectOption({ label: 'kann warten' });
			await page.getByRole('button', { name: 'Gesprächspunkt vorschlagen' }).click();
			await page.waitForURL(/\?erledigt=eingetragen#liste$/);
			const after = page.getByRole('region', { name: 'Für das nächste Treffen' }).getByRole('listitem').filter({ hasText: 'Kurzer Nachtrag' });
			expect(await textOf(after)).toMatch(/etwa 10 Minuten, ab etwa (1[4-9]|2\d):\d{2} Uhr · von Ihnen/);
			await db.execute("DELETE FROM topic_queue_item WHERE title = 'Kurzer Nachtrag zur Energie'");
		} finally {
			await close();
		}
		// The group mate sees it with the author's name; axe (which needs JavaScript) checks the filled page.
		const mateView = await openPage(browser());
		try {
			await signIn(mateView.page, server.baseURL, mate.email);
			await mateView.page.goto(`${server.baseURL}/portal/gespraechspunkte/`);
			expect(await textOf(mateView.page.getByRole('listitem').filter({ hasText: 'Energiemonitoring' }))).toContain(`von ${me.name} vorgeschlagen`);
			const axe = await new AxeBuilder({ page: mateView.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			expect(axe.violations.map((v) => v.id)).toEqual([]);
		} finally {
			await mateView.close();
		}
		const mateCookie = await login(server.baseURL, mate.email);
		const [id] = (await db.execute({ sql: "SELECT id FROM topic_queue_item WHERE title LIKE 'Energiemonitoring%'", args: [] })).rows.map((r) => String(r.id));
		expect((await postForm(server.baseURL, '/_actions/topicQueue.markDiscussed/', { itemId: id! }, { cookie: mateCookie })).status).toBe(200);
		const after = await (await get(server.baseURL, '/portal/gespraechspunkte/', mateCookie)).text();
		expect(after).toMatch(/Zuletzt besprochen[\s\S]*Energiemonitoring/);
		// Ticked off by mistake: any member of the group puts it back on the list.
		expect((await postForm(server.baseURL, '/_actions/topicQueue.reopen/', { itemId: id! }, { cookie: mateCookie })).status).toBe(200);
		const reopened = await (await get(server.baseURL, '/portal/gespraechspunkte/', mateCookie)).text();
		expect(reopened).not.toMatch(/Zuletzt besprochen[\s\S]*Energiemonitoring/);
		expect(reopened).toContain('Energiemonitoring');
		const withdrawButton = 'Zurückziehen<span class="visually-hidden">: Energiemonitoring';
		expect(await (await get(server.baseURL, '/portal/gespraechspunkte/', await login(server.baseURL, me.email))).text()).toContain(withdrawButton);
		expect(reopened, 'only the author can withdraw a topic').not.toContain(withdrawButton);

		// The author withdraws it; the button asks first, since the topic is deleted.
		const author = await openPage(browser());
		try {
			await signIn(author.page, server.baseURL, me.email);
			await author.page.goto(`${server.baseURL}/portal/gespraechspunkte/`);
			const topic = author.page.getByRole('listitem').filter({ hasText: 'Energiemonitoring' });
			const confirm = topic.getByRole('button', { name: /^Ja, zurückziehen/ });
			expect(await confirm.isVisible(), 'nothing is withdrawn by one click').toBe(false);
			await topic.locator('summary').click();
			const axe = await new AxeBuilder({ page: author.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			expect(axe.violations.map((v) => v.id), 'the opened confirmation').toEqual([]);
			await confirm.click();
			await author.page.waitForURL(`${server.baseURL}/portal/gespraechspunkte/?erledigt=zurueckgezogen#liste`);
			expect(await textOf(author.page.getByRole('status'))).toBe('Ihr Gesprächspunkt ist von der Liste genommen.');
			expect(await author.page.getByText('Energiemonitoring').count()).toBe(0);
		} finally {
			await author.close();
		}
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

		// The other group's topic queue: an entry they wrote, and ids around it.
		const them = await login(server.baseURL, other.members[0]!.email);
		expect((await postForm(server.baseURL, '/_actions/topicQueue.add/', { title: 'Vertraulich: Nachfolge im Familienbetrieb', priority: '1', minutes: '30' }, { cookie: them })).status).toBe(200);
		const theirTopics = (await db.execute({ sql: 'SELECT id FROM topic_queue_item WHERE group_id = ?', args: [other.id] })).rows.map((r) => String(r.id));
		expect(theirTopics.length).toBe(1);
		for (const id of [...theirTopics, ...theirTopics.flatMap(mutate)]) {
			for (const action of ['markDiscussed', 'withdraw', 'reopen']) {
				await expect404(await postForm(server.baseURL, `/_actions/topicQueue.${action}/`, { itemId: id }, { cookie: me }), `Thema ${action} ${id}`);
			}
		}
		const openTopics = await db.execute({ sql: 'SELECT count(*) AS n FROM topic_queue_item WHERE group_id = ? AND discussed_at IS NULL', args: [other.id] });
		expect(Number(openTopics.rows[0]!.n), 'their topic is untouched').toBe(1);
		for (const path of ['/portal/gespraechspunkte/', '/portal/']) {
			probes++;
			expect(await (await get(server.baseURL, path, me)).text(), path).not.toContain('Nachfolge im Familienbetrieb');
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

	test('the coordinator cannot read a group\'s topic queue', async () => {
		const member = await login(server.baseURL, groups[0]!.members[1]!.email);
		expect((await postForm(server.baseURL, '/_actions/topicQueue.add/', { title: 'Nur für die Gruppe: Preiserhöhung 2027', priority: '2', minutes: '20' }, { cookie: member })).status).toBe(200);
		const mineToo = await (await get(server.baseURL, '/portal/gespraechspunkte/', await login(server.baseURL, groups[0]!.members[2]!.email))).text();
		expect(mineToo, 'the group sees it').toContain('Preiserhöhung 2027');
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const [topic] = (await db.execute({ sql: 'SELECT id FROM topic_queue_item WHERE group_id = ?', args: [groups[0]!.id] })).rows.map((r) => String(r.id));
		const pages = ['/portal/gespraechspunkte/', '/koordination/', `/koordination/gruppen/`, `/koordination/gruppen/${groups[0]!.id}/`, '/koordination/protokoll/'];
		for (const path of pages) {
			const response = await fetch(new URL(path, server.baseURL), { headers: { cookie: office }, redirect: 'follow' });
			expect(await response.text(), path).not.toContain('Preiserhöhung 2027');
		}
		for (const action of ['markDiscussed', 'withdraw']) {
			expect((await postForm(server.baseURL, `/_actions/topicQueue.${action}/`, { itemId: topic! }, { cookie: office })).status, action).toBe(404);
		}
		expect((await postForm(server.baseURL, '/_actions/topicQueue.add/', { title: 'Von der Koordination', priority: '2', minutes: '20' }, { cookie: office })).status).toBe(404);
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
		// A shared phone number is a link that dials on a phone.
		await db.execute({ sql: "UPDATE user SET phone = '0361 55 66-77', share_phone = 1 WHERE id = ?", args: [mate.id] });
		expect(await (await get(server.baseURL, '/portal/', cookie)).text()).toMatch(/<a href="tel:0361556677"[^>]*>0361 55 66-77<\/a>/);
		// The international form with the trunk zero in brackets dials without it.
		await db.execute({ sql: "UPDATE user SET phone = '+49 (0)361 1234567' WHERE id = ?", args: [mate.id] });
		expect(await (await get(server.baseURL, '/portal/', cookie)).text()).toMatch(/<a href="tel:\+493611234567"[^>]*>\+49 \(0\)361 1234567<\/a>/);
		await db.execute({ sql: 'UPDATE user SET share_email = 0, share_phone = 0 WHERE id = ?', args: [mate.id] });
	});

	test('a refused answer (the meeting was moved meanwhile) is explained at that meeting, not at the top', async () => {
		const cookie = await login(server.baseURL, groups[1]!.members[1]!.email);
		const page = await (await get(server.baseURL, '/portal/', cookie)).text();
		const anchor = /aria-labelledby="next-heading"[^>]*id="(treffen-([a-z0-9]+))"/.exec(page);
		expect(anchor, 'the next meeting has its anchor').not.toBeNull();
		// The page was loaded before a move: it sends the start it showed, which is no longer the meeting's.
		const refused = await postForm(server.baseURL, '/portal/?_action=meetings.reply', { meetingId: anchor![2]!, attending: 'ja', seen: '2020-01-01T13:00:00.000Z' }, { cookie });
		expect(refused.status).toBe(409);
		const alerts = [...refused.body.matchAll(/role="alert"/g)].map((m) => m.index);
		expect(alerts).toHaveLength(1);
		expect(alerts[0]!, 'inside the meeting, after its anchor').toBeGreaterThan(refused.body.indexOf(`id="${anchor![1]!}"`));
		expect(refused.body).toContain('Das Treffen wurde gerade verlegt oder abgesagt.');
	});

	test('a refused answer to a meeting cancelled meanwhile, before the next one, is explained at the top', async () => {
		const group = groups.at(-1)!;
		const cookie = await login(server.baseURL, group.members[2]!.email);
		const first = (await db.execute({ sql: "SELECT id, starts_at AS startsAt FROM meeting WHERE group_id = ? AND status = 'planned' ORDER BY starts_at LIMIT 1", args: [group.id] })).rows[0]!;
		// Cancelled after the member's page was loaded: it now stands above the next meeting, without a form.
		const firstId = String(first.id);
		await db.execute({ sql: "UPDATE meeting SET status = 'cancelled' WHERE id = ?", args: [firstId] });
		try {
			const seen = new Date(Number(first.startsAt) * 1000).toISOString();
			const refused = await postForm(server.baseURL, '/portal/?_action=meetings.reply', { meetingId: firstId, attending: 'ja', seen }, { cookie });
			expect(refused.status).toBe(409);
			const alerts = [...refused.body.matchAll(/role="alert"/g)].map((m) => m.index);
			expect(alerts, 'the refusal is shown once').toHaveLength(1);
			expect(alerts[0]!, 'at the top, before the next meeting').toBeLessThan(refused.body.indexOf('id="next-heading"'));
			expect(refused.body).toContain('Das Treffen wurde gerade verlegt oder abgesagt.');
		} finally {
			await db.execute({ sql: "UPDATE meeting SET status = 'planned' WHERE id = ?", args: [firstId] });
		}
	});

	test('the private subscription address serves exactly the owner\'s calendar', async () => {
		const me = groups[1]!.members[0]!;
		const cookie = await login(server.baseURL, me.email);
		const renewed = await postForm(server.baseURL, '/portal/?_action=meetings.renewFeed', {}, { cookie });
		const feedUrl = /(http\S+\/kalender\/[^<\s]+\.ics)/.exec(renewed.body)?.[1];
		expect(feedUrl).toBeDefined();
		// The same address as a webcal: link, for the device's calendar app.
		expect(renewed.body).toContain(`href="${feedUrl!.replace(/^http:/, 'webcal:')}"`);
		const path = new URL(feedUrl!).pathname;
		const feed = await get(server.baseURL, path);
		expect(feed.status).toBe(200);
		const own = await (await get(server.baseURL, '/portal/termine.ics', cookie)).text();
		const uids = (text: string) => [...text.matchAll(/^UID:(.+)$/gm)].map((m) => m[1]!.trim()).sort();
		expect(uids(await feed.text())).toEqual(uids(own));
		await postForm(server.baseURL, '/portal/?_action=meetings.revokeFeed', {}, { cookie });
		expect((await get(server.baseURL, path)).status).toBe(404);

		// The set-up form sent twice, as a reload of the page that showed the address does: the
		// second changes nothing, says why, and the address just shown keeps working.
		expect(await (await get(server.baseURL, '/portal/', cookie)).text(), 'the form names no feed yet').toContain('<input type="hidden" name="replacing" value="none"');
		const setUp = await postForm(server.baseURL, '/portal/?_action=meetings.renewFeed', { replacing: 'none' }, { cookie });
		const shown = new URL(/(http\S+\/kalender\/[^<\s]+\.ics)/.exec(setUp.body)![1]!).pathname;
		const again = await postForm(server.baseURL, '/portal/?_action=meetings.renewFeed', { replacing: 'none' }, { cookie });
		expect(again.status).toBe(409);
		expect(again.body).toContain('Die zuletzt angezeigte Adresse gilt weiter.');
		expect((await get(server.baseURL, shown)).status).toBe(200);
		await postForm(server.baseURL, '/portal/?_action=meetings.revokeFeed', {}, { cookie });
	});
});

describe('the office’s list of members, after a change', () => {
	test('someone taken out of their group is listed without one', async () => {
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		// Last in this file: the tests before it use the groups as they were published.
		const [group] = groups;
		const leaving = group!.members.at(-1)!;
		const leavingCookie = await login(server.baseURL, leaving.email);
		const proposed = await postForm(server.baseURL, '/portal/gespraechspunkte/?_action=topicQueue.add', { title: 'Verkauf an einen Wettbewerber', priority: '1', minutes: '20' }, { cookie: leavingCookie });
		expect(proposed.status).toBe(303);
		expect((await postForm(server.baseURL, '/_actions/groups.removeMember/', { groupId: group!.id, userId: leaving.id, releaseHosting: 'on' }, { cookie: office })).status).toBe(200);

		// Out of the group, the author still finds their open topic there, and takes it back.
		const leftBehind = (html: string) => /aria-labelledby="left-behind"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1];
		const section = leftBehind(await (await get(server.baseURL, '/portal/gespraechspunkte/', leavingCookie)).text());
		expect(section).toContain('Verkauf an einen Wettbewerber');
		const itemId = /name="itemId" value="([^"]+)"/.exec(section!)![1]!;
		const withdrawn = await postForm(server.baseURL, '/portal/gespraechspunkte/?_action=topicQueue.withdraw', { itemId }, { cookie: leavingCookie });
		expect([withdrawn.status, withdrawn.location]).toEqual([303, '/portal/gespraechspunkte/?erledigt=zurueckgezogen']);
		const after = await (await get(server.baseURL, withdrawn.location!, leavingCookie)).text();
		expect(leftBehind(after)).toBeUndefined();
		expect(after).toContain('Ihr Gesprächspunkt ist von der Liste genommen.');
		const stayer = await (await get(server.baseURL, '/portal/gespraechspunkte/', await login(server.baseURL, group!.members[0]!.email))).text();
		expect(stayer).not.toContain('Verkauf an einen Wettbewerber');
		const html = await (await get(server.baseURL, '/koordination/mitglieder/', office)).text();
		const row = new RegExp(`<tr>\\s*<td><a href="/koordination/mitglieder/${leaving.id}/">[\\s\\S]*?</tr>`).exec(html)?.[0];
		expect(row).toBeDefined();
		expect(row).toMatch(/<td data-label="Gruppe">–<\/td>/);
		expect(row).not.toContain('/koordination/gruppen/');
		// One person is too few for a new group: the run section says so before anyone presses it.
		const board = await (await get(server.baseURL, '/koordination/gruppen/', office)).text();
		expect(board).toContain('Für eine neue Gruppe sind es noch zu wenige: 1 ohne Gruppe, eine Gruppe braucht mindestens 5.');

		// The group's page offers them for the free seat, marked when they wish the group's topic.
		const topic = String((await db.execute({ sql: 'SELECT topic_slug FROM focus_group WHERE id = ?', args: [group!.id] })).rows[0]!.topic_slug);
		const offered = async () => {
			const page = await (await get(server.baseURL, `/koordination/gruppen/${group!.id}/`, office)).text();
			return new RegExp(`<option value="${leaving.id}"[^>]*>([^<]*)</option>`).exec(page)?.[1];
		};
		await db.execute({ sql: 'DELETE FROM interest WHERE user_id = ?', args: [leaving.id] });
		await db.execute({ sql: 'INSERT INTO interest (user_id, topic_slug, rank, updated_at) VALUES (?, ?, 1, 0)', args: [leaving.id, topic] });
		expect(await offered()).toMatch(/ · wünscht dieses Thema$/);
		await db.execute({ sql: 'DELETE FROM interest WHERE user_id = ?', args: [leaving.id] });
		expect(await offered()).toContain(`(${leaving.name}, `);
		expect(await offered()).not.toContain('wünscht');
	});
});

describe('the office’s log', () => {
	test('shows a hundred entries per page and leads to the older ones', async () => {
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const now = Math.floor(Date.now() / 1000);
		for (let i = 0; i < 150; i++) {
			await db.execute({ sql: "INSERT INTO audit_event (actor_id, action, created_at) VALUES ('demokoordination', 'export.members', ?)", args: [now] });
		}
		const total = Number((await db.execute('SELECT count(*) AS n FROM audit_event')).rows[0]!.n);
		const rows = (html: string) => [...html.matchAll(/<tr>\s*<td>/g)].length;
		const older = (html: string) => /<a href="\/koordination\/protokoll\/\?vor=(\d+)" rel="next">Ältere Einträge<\/a>/.exec(html)?.[1];

		let html = await (await get(server.baseURL, '/koordination/protokoll/', office)).text();
		expect(rows(html)).toBe(100);
		expect(html).not.toContain('Zu den neuesten Einträgen');
		let seen = rows(html);
		for (let next = older(html); next; next = older(html)) {
			html = await (await get(server.baseURL, `/koordination/protokoll/?vor=${next}`, office)).text();
			expect(html).toContain('Zu den neuesten Einträgen');
			seen += rows(html);
		}
		expect(seen, 'every entry on exactly one page').toBe(total);
		expect((await get(server.baseURL, '/koordination/protokoll/?vor=1', office)).status).toBe(200);
		expect(await (await get(server.baseURL, '/koordination/protokoll/?vor=1', office)).text()).toContain('Keine älteren Einträge.');
		expect(rows(await (await get(server.baseURL, '/koordination/protokoll/?vor=abc', office)).text()), 'a broken address shows the newest').toBe(100);
		// Filters it does not know show the whole log, never an error; a person id it cannot find says so.
		expect(rows(await (await get(server.baseURL, `/koordination/protokoll/?bereich=${encodeURIComponent('<script>')}&betrifft=../../etc`, office)).text())).toBe(100);
		const unknown = await (await get(server.baseURL, '/koordination/protokoll/?betrifft=gibtesnichtxxxx', office)).text();
		expect(unknown).toContain('unbekannte oder gelöschte Person');
		expect(unknown).toContain('Keine Einträge zu dieser Auswahl.');
	});
});

describe('a meeting under way', () => {
	test('shows as running, asks for no answer, and the portal navigation stays outside the main content', async () => {
		const group = groups[0]!;
		const now = Math.floor(Date.now() / 1000);
		await db.execute({ sql: "INSERT INTO meeting (id, group_id, starts_at, ends_at, status, address, created_at) VALUES ('laeuftgerade0001', ?, ?, ?, 'planned', 'Online', ?)", args: [group.id, now - 1800, now + 7200, now - 86400] });
		try {
			const html = await (await get(server.baseURL, '/portal/', await login(server.baseURL, group.members[0]!.email))).text();
			const next = html.slice(html.indexOf('id="next-heading"'), html.indexOf('Gesprächspunkte der Gruppe'));
			expect(next).toContain('läuft gerade');
			expect(next).not.toContain('name="meetingId" value="laeuftgerade0001"');
			expect(html).not.toMatch(/Ihre Antwort zum Treffen am [^<]* fehlt noch/);
			// "Zum Inhalt springen" leads past the portal's own navigation: it is not inside <main>.
			const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
			expect(html).toContain('aria-label="Portal"');
			expect(main).not.toContain('aria-label="Portal"');
		} finally {
			await db.execute("DELETE FROM meeting WHERE id = 'laeuftgerade0001'");
		}
	});
});
