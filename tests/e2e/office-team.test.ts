/**
 * The office's team page in Chromium, against the shared demo server: the demo coordinator
 * invites a colleague (a wrong password first: refused, nothing typed is lost), then ends and
 * restores that colleague's access. Only people this test creates are changed.
 */
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { openPage, signIn, textOf, useBrowser } from '../helpers/browser.ts';
import { DEMO_COORDINATOR, DEMO_PASSWORD, login, postForm } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { waitForMail } from '../helpers/mail-sink.ts';

const baseURL = inject('baseURL');
const mailDir = inject('mailDir');
const browser = useBrowser();
const COLLEAGUE = 'team.kollegin@example.org';

describe('the team of the coordination office', () => {
	test('invite a colleague with the own password, then end and restore her access', async () => {
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, baseURL, DEMO_COORDINATOR, { home: '/koordination/' });
			await page.getByRole('navigation').getByRole('link', { name: 'Team' }).click();
			await page.waitForURL(`${baseURL}/koordination/team/`);
			expect(await textOf(page.locator('tbody'))).toContain(`${DEMO_COORDINATOR}`);

			await page.getByLabel('Name', { exact: true }).fill('Tanja Team');
			await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(COLLEAGUE);
			await page.getByLabel('Ihr Passwort (zum Einladen)').fill('falsches Passwort, ganz sicher');
			await page.getByRole('button', { name: 'Einladen' }).click();
			// The answer stands in the form's section, where the page opens (#einladen), in view.
			const inviteRefusal = page.getByRole('region', { name: 'Kollegin oder Kollegen einladen' }).getByRole('alert');
			expect(await textOf(inviteRefusal)).toContain('Das eingegebene Passwort stimmt nicht');
			expect(await inviteRefusal.evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().bottom <= innerHeight)).toBe(true);
			// HTML skips autofocus on an address with #einladen; the page's script gives the message the focus.
			await expect.poll(() => inviteRefusal.evaluate((el) => el === document.activeElement)).toBe(true);
			expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Tanja Team');
			expect(await page.getByLabel('E-Mail-Adresse', { exact: true }).inputValue()).toBe(COLLEAGUE);
			expect(await textOf(page.locator('tbody'))).not.toContain(COLLEAGUE);

			await page.getByLabel('Ihr Passwort (zum Einladen)').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Einladen' }).click();
			await page.waitForURL(/\/koordination\/team\/\?erledigt=eingeladen/);
			expect(await textOf(page.getByRole('region', { name: 'Kollegin oder Kollegen einladen' }).getByRole('status'))).toContain('Die Einladung ist unterwegs');
			const row = page.locator('tr', { hasText: COLLEAGUE });
			expect(await textOf(row)).toContain('Eingeladen, noch kein Passwort');
			expect(await textOf(row)).toContain('noch nie');
			expect(await textOf(row)).toContain('eingeladen von Dana Demo');
			expect((await waitForMail(mailDir, COLLEAGUE, /^Ihr Zugang zur Koordinierungsstelle des ThZM-Netzwerkforums$/)).text).toContain('Bewerbungen, Mitglieder, Fokusgruppen und Treffen');

			// She never signed in: ending her access takes back the invitation, and the list says so.
			await page.getByLabel('Wessen Zugang endet?').selectOption({ label: `Tanja Team (${COLLEAGUE}), Einladung zurückziehen` });
			await page.getByLabel('Ihr Passwort (zum Beenden des Zugangs)').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Zugang beenden' }).click();
			await page.waitForURL(/\?erledigt=beendet/);
			expect(await textOf(row)).toContain('Zugang beendet');
			expect(await waitForMail(mailDir, COLLEAGUE, /Ihre Einladung in die Koordinierungsstelle ist zurückgezogen/)).toBeTruthy();

			await page.getByLabel('Wessen Zugang gilt wieder?').selectOption({ label: `Tanja Team (${COLLEAGUE})` });
			await page.getByLabel('Ihr Passwort (zum Freigeben des Zugangs)').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Zugang wieder freigeben' }).click();
			await page.waitForURL(/\?erledigt=freigegeben-einladung/);
			expect(await textOf(row)).toContain('Eingeladen, noch kein Passwort');

			// The log names what happened, for the office to look back on; narrowed to the team, only that.
			await page.goto(`${baseURL}/koordination/protokoll/`);
			await page.getByLabel('Bereich').selectOption({ label: 'Team der Koordinierungsstelle' });
			await page.getByRole('button', { name: 'Anzeigen' }).click();
			await page.waitForURL(/\/koordination\/protokoll\/\?bereich=team$/);
			const kinds = await page.locator('tbody tr td:nth-child(3)').allTextContents();
			// The invitation mail to the colleague is about a coordinator's account: the team's too (as are
			// the entries other tests on this server leave about the demo coordinator's own account).
			const shown = [...new Set(kinds)];
			expect(shown).toEqual(expect.arrayContaining(['Einladung verschickt', 'In die Koordinierungsstelle eingeladen', 'Zugang zur Koordinierungsstelle beendet', 'Zugang zur Koordinierungsstelle wieder freigegeben']));
			expect(shown.filter((kind) => /Bewerbung|Gruppe|Treffen|export|Konflikt|Unternehmensdaten/i.test(kind)), 'nothing of the other areas').toEqual([]);
		} finally {
			await close();
		}
	});
});

describe('bad input to the team forms', () => {
	test('a name too short, an address that is none, a missing password: German messages, nobody invited', async () => {
		const office = await login(baseURL, DEMO_COORDINATOR);
		const refused = await postForm(baseURL, '/koordination/team/?_action=team.invite', { name: 'A', email: 'keine-adresse', password: '' }, { cookie: office });
		expect(refused.status).toBe(400);
		for (const message of ['Bitte geben Sie den Namen an (mindestens 3 Zeichen).', 'Bitte geben Sie eine gültige E-Mail-Adresse an', 'Bitte geben Sie Ihr Passwort ein.']) {
			expect(refused.body).toContain(message);
		}
		expect(refused.body).toContain('value="keine-adresse"');
		const injected = await postForm(baseURL, '/_actions/team.invite/', { name: 'Eva\r\nBcc: alle@example.org', email: 'eva@example.org', password: DEMO_PASSWORD }, { cookie: office });
		expect(injected.status).toBe(400);
		expect(await (await fetch(`${baseURL}/koordination/team/`, { headers: { cookie: office } })).text()).not.toContain('eva@example.org');
	});
});

describe('mail the office sends on purpose is limited per coordinator', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({ RATE_LIMITS: JSON.stringify({ officeMail: { limit: 2, windowSeconds: 3600 } }) });
	});
	afterAll(() => server.stop());

	test('refused attempts cost nothing; once two mails went out, every kind of office mail is refused with a German 429', async () => {
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const act = (action: string, fields: Record<string, string>) => postForm(server.baseURL, `/_actions/${action}/`, fields, { cookie: office });
		// Work that mails as a side effect is not counted: an accepted application, a published group.
		expect((await act('applications.accept', { id: 'antrag2222222222' })).status).toBe(200);
		expect((await act('groups.run', {})).status).toBe(200);
		expect((await act('groups.publish', { checked: 'on' })).status).toBe(200);
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		const newMember = String((await db.execute("SELECT id FROM user WHERE email = 'bewerbung1@example.org'")).rows[0]!.id);
		const groupId = String((await db.execute("SELECT id FROM focus_group WHERE status = 'published' LIMIT 1")).rows[0]!.id);

		// 1: a colleague invited. A refusal in between (nobody to invite again) is not counted.
		expect((await act('team.invite', { name: 'Gerda Grenze', email: 'gerda@example.org', password: DEMO_PASSWORD })).status).toBe(200);
		expect((await act('team.resendInvitation', { userId: 'gibtesnichtxxxx' })).status).toBe(404);
		// 2: the new member's invitation sent again (a minute after the first: sooner, it would count as the same click).
		await db.execute({ sql: "UPDATE one_time_token SET expires_at = expires_at - 120 WHERE user_id = ? AND kind = 'invitation'", args: [newMember] });
		expect((await act('members.resendInvitation', { userId: newMember })).status).toBe(200);

		const gerda = String((await db.execute("SELECT id FROM user WHERE email = 'gerda@example.org'")).rows[0]!.id);
		const mailsBefore = Number((await db.execute('SELECT count(*) AS n FROM mail_delivery')).rows[0]!.n);
		for (const [action, fields] of [
			['team.resendInvitation', { userId: gerda }],
			['members.resendInvitation', { userId: newMember }],
			['groups.message', { groupId, form: 'formular00000042', subject: 'Hallo', text: 'Eine Nachricht an die ganze Gruppe.', confirmed: 'on' }],
		] as const) {
			const refused = await act(action, fields);
			expect(refused.status, action).toBe(429);
			expect(refused.body).toContain('sehr viele E-Mails');
			expect(refused.body).toMatch(/Bitte versuchen Sie es in .* erneut/);
		}
		// Nothing went out for the refused ones.
		expect(Number((await db.execute('SELECT count(*) AS n FROM mail_delivery')).rows[0]!.n)).toBe(mailsBefore);
		db.close();
	});
});

describe('an office access nobody uses', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(() => server.stop());

	test('a coordinator corrects her own name under "Mein Konto": too short is refused with the text kept, then the team shows the new one', async () => {
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const refused = await postForm(server.baseURL, '/koordination/konto/?_action=team.renameSelf', { name: 'D' }, { cookie: office });
		expect(refused.status).toBe(400);
		expect(refused.body).toContain('Bitte geben Sie Ihren Namen an (mindestens 3 Zeichen).');
		expect(refused.body).toMatch(/<input id="feld-name" name="name"[^>]*value="D"/);
		const renamed = await postForm(server.baseURL, '/koordination/konto/?_action=team.renameSelf', { name: 'Dana Demo-Berichtigt' }, { cookie: office });
		expect([renamed.status, renamed.location]).toEqual([303, '/koordination/konto/?erledigt=name']);
		const page = await (await fetch(`${server.baseURL}${renamed.location}`, { headers: { cookie: office } })).text();
		expect(page).toContain('Ihr Name ist geändert; Team, Protokoll und E-Mails zeigen ihn jetzt so.');
		expect(page).toContain('Angemeldet als Dana Demo-Berichtigt');
		expect(await (await fetch(`${server.baseURL}/koordination/team/`, { headers: { cookie: office } })).text()).toContain('Dana Demo-Berichtigt');
	});

	test('shows in the work queue and on the team page after 90 days without a sign-in, and leaves once used', async () => {
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		// A colleague with a password (any hash will do: she is not signing in here), last seen 100 days ago.
		const longAgo = Math.floor(Date.now() / 1000) - 100 * 24 * 3600;
		await db.execute({
			sql: "INSERT INTO user (id, name, email, role, password_hash, created_at, last_sign_in_at) VALUES ('ruhendeskonto001', 'Ruth Ruhig', 'ruth@example.org', 'coordinator', 'x', ?, ?)",
			args: [longAgo, longAgo],
		});
		const queue = async () => {
			const html = await (await fetch(`${server.baseURL}/koordination/`, { headers: { cookie: office } })).text();
			return /<section aria-labelledby="q-office">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
		};
		expect(await queue()).toContain('(1)');
		expect(await queue()).toContain('Ruth Ruhig (ruth@example.org)');
		const team = await (await fetch(`${server.baseURL}/koordination/team/`, { headers: { cookie: office } })).text();
		expect(team).toMatch(/<p class="notice">\s*Seit über 90 Tagen nicht genutzt: Ruth Ruhig\./);

		await db.execute({ sql: "UPDATE user SET last_sign_in_at = ? WHERE id = 'ruhendeskonto001'", args: [Math.floor(Date.now() / 1000)] });
		db.close();
		expect(await queue()).toContain('(nichts offen)');
		expect(await queue()).not.toContain('Ruth Ruhig');
		expect(await (await fetch(`${server.baseURL}/koordination/team/`, { headers: { cookie: office } })).text()).not.toContain('Seit über 90 Tagen nicht genutzt');
	});
});
