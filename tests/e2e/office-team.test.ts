/**
 * The office's team page in Chromium, against the shared demo server: the demo coordinator
 * invites a colleague (a wrong password first: refused, nothing typed is lost), then ends and
 * restores that colleague's access. Only people this test creates are changed.
 */
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
			expect(await textOf(page.getByRole('alert'))).toContain('Das eingegebene Passwort stimmt nicht');
			expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Tanja Team');
			expect(await page.getByLabel('E-Mail-Adresse', { exact: true }).inputValue()).toBe(COLLEAGUE);
			expect(await textOf(page.locator('tbody'))).not.toContain(COLLEAGUE);

			await page.getByLabel('Ihr Passwort (zum Einladen)').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Einladen' }).click();
			await page.waitForURL(/\/koordination\/team\/\?erledigt=eingeladen/);
			expect(await textOf(page.getByRole('status'))).toContain('Die Einladung ist unterwegs');
			const row = page.locator('tr', { hasText: COLLEAGUE });
			expect(await textOf(row)).toContain('Eingeladen, noch kein Passwort');
			expect(await textOf(row)).toContain('noch nie');
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
			expect([...new Set(kinds)].sort()).toEqual(['In die Koordinierungsstelle eingeladen', 'Zugang zur Koordinierungsstelle beendet', 'Zugang zur Koordinierungsstelle wieder freigegeben']);
		} finally {
			await close();
		}
	});
});

describe('mail the office sends on purpose is limited per coordinator', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer({ RATE_LIMITS: JSON.stringify({ officeMail: { limit: 2, windowSeconds: 3600 } }) });
	});
	afterAll(() => server.stop());

	test('invite, send again, and the third mail within the hour is refused with a German 429', async () => {
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const invited = await postForm(server.baseURL, '/_actions/team.invite/', { name: 'Gerda Grenze', email: 'gerda@example.org', password: DEMO_PASSWORD }, { cookie: office });
		expect(invited.status).toBe(200);
		const page = await (await fetch(`${server.baseURL}/koordination/team/`, { headers: { cookie: office } })).text();
		// The one 'Einladung erneut senden' form on the page is hers.
		const colleague = /name="userId" value="([a-z0-9]+)"/.exec(page)![1]!;
		expect((await postForm(server.baseURL, '/_actions/team.resendInvitation/', { userId: colleague }, { cookie: office })).status).toBe(200);
		const third = await postForm(server.baseURL, '/_actions/team.resendInvitation/', { userId: colleague }, { cookie: office });
		expect(third.status).toBe(429);
		expect(third.body).toContain('sehr viele E-Mails');
		expect(third.body).toMatch(/Bitte versuchen Sie es in .* erneut/);
	});
});
