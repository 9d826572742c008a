/**
 * What people do, in Chromium: accept an invitation that arrived over SMTP, reset a forgotten
 * password (by link and by code), and sign out. Found by role and label, as a person would.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { runScript } from '../helpers/scripts.ts';
import { useBrowser, openPage, textOf } from '../helpers/browser.ts';
import { DEMO_PASSWORD, demoMember } from '../helpers/http.ts';
import { waitForMail } from '../helpers/mail-sink.ts';
import { OFFICE_EMAIL } from '../../src/lib/site.ts';

const baseURL = inject('baseURL');
const mailDir = inject('mailDir');
const serverDir = inject('serverDir');
const browser = useBrowser();

async function signIn(page: Page, email: string, password: string) {
	await page.goto(`${baseURL}/portal/anmelden/`);
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Passwort', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Anmelden' }).click();
}

describe('invitation', () => {
	test('admin:create → mail over SMTP → link → set password → coordination office → logout', async () => {
		const email = 'erste.koordinatorin@example.org';
		const created = await runScript('scripts/admin-create.ts', ['--email', email, '--name', 'Erste Koordinatorin'], {
			DATABASE_URL: `file:${join(serverDir, 'e2e.db')}`,
			SITE_URL: baseURL,
			SMTP_URL: inject('mailSinkURL'),
		});
		expect(created.code, created.output).toBe(0);
		const mail = await waitForMail(mailDir, email, /^Ihr Zugang zur Koordinierungsstelle des ThZM-Netzwerkforums$/);
		const link = /(http\S+\/portal\/einladung\/\?token=\S+)/.exec(mail.text ?? '')![1]!;
		expect(created.output).toContain(link);

		const { page, close } = await openPage(browser());
		try {
			await page.goto(link);
			await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Willkommen im Netzwerkforum');
			// Which account the password is for, for the person and their password manager; not sent with the form.
			const signInName = page.getByLabel('Ihr Anmeldename (E-Mail-Adresse)');
			expect(await signInName.inputValue()).toBe(email);
			expect(await signInName.getAttribute('autocomplete')).toBe('username');
			expect(await signInName.getAttribute('name')).toBeNull();
			await page.getByLabel('Neues Passwort', { exact: true }).fill('Netzwerkforum2026');
			await page.getByLabel('Neues Passwort wiederholen').fill('Netzwerkforum2026');
			await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
			await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/aus dem Namen des Forums/);

			const password = 'Elf Kraniche ziehen über Gotha';
			await page.getByLabel('Neues Passwort', { exact: true }).fill(password);
			await page.getByLabel('Neues Passwort wiederholen').fill(password);
			await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
			await page.waitForURL(`${baseURL}/koordination/`);
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Koordinierungsstelle');

			await page.getByRole('button', { name: 'Abmelden' }).click();
			await page.waitForURL(`${baseURL}/portal/anmelden/?abgemeldet=1`);
			expect(await page.getByRole('status').textContent()).toMatch(/Sie sind abgemeldet/);
			await page.goto(`${baseURL}/koordination/`);
			expect(new URL(page.url()).pathname).toBe('/portal/anmelden/');

			// The welcome mail's link again, days later: the way to sign in is one tap, not a sentence.
			await page.goto(link);
			expect(await page.getByRole('alert').textContent()).toMatch(/^\s*Dieser Link ist abgelaufen, wurde schon verwendet/);
			await page.getByRole('link', { name: 'Zur Anmeldung' }).click();
			await page.waitForURL(`${baseURL}/portal/anmelden/`);
			await page.goBack();
			expect(await page.locator('.ways-on').getByRole('link', { name: OFFICE_EMAIL }).getAttribute('href')).toBe(`mailto:${OFFICE_EMAIL}`);
		} finally {
			await close();
		}
	});
});

describe('forgotten password', () => {
	test('request → mail → new password → signed in, every old session gone, notice mail', async () => {
		const email = demoMember(11);
		const old = await openPage(browser());
		const fresh = await openPage(browser());
		try {
			await signIn(old.page, email, DEMO_PASSWORD);
			await old.page.waitForURL(`${baseURL}/portal/`);

			await fresh.page.goto(`${baseURL}/portal/anmelden/`);
			await fresh.page.getByRole('link', { name: 'Passwort vergessen?' }).click();
			await fresh.page.getByLabel('E-Mail-Adresse').fill(email);
			await fresh.page.getByRole('button', { name: 'Link anfordern' }).click();
			await expect.poll(() => fresh.page.getByRole('status').textContent()).toMatch(/Falls zu dieser Adresse ein Konto besteht/);
			expect(new URL(fresh.page.url()).search, 'a reload would void the mail just sent; it only shows the page again').toBe('?erledigt=gesendet');

			const mail = await waitForMail(mailDir, email, /Neues Passwort/);
			const link = /(http\S+passwort-zuruecksetzen\/\?token=\S+)/.exec(mail.text ?? '')![1]!;
			await fresh.page.goto(link);
			const password = 'Drei Eulen wachen über Weimar';
			await fresh.page.getByLabel('Neues Passwort', { exact: true }).fill(password);
			await fresh.page.getByLabel('Neues Passwort wiederholen').fill(password);
			await fresh.page.getByRole('button', { name: 'Neues Passwort speichern' }).click();
			await fresh.page.waitForURL(`${baseURL}/portal/?erledigt=passwort-neu`);
			expect(await textOf(fresh.page.getByRole('status'))).toBe('Ihr neues Passwort gilt. Wo Sie sonst noch angemeldet waren, sind Sie jetzt abgemeldet.');

			await old.page.reload();
			expect(new URL(old.page.url()).pathname).toBe('/portal/anmelden/');
			await waitForMail(mailDir, email, /Ihr Passwort wurde geändert/);

			await signIn(old.page, email, DEMO_PASSWORD);
			await expect.poll(async () => (await old.page.getByRole('alert').textContent())?.trim()).toBe('E-Mail-Adresse oder Passwort ist falsch.');
		} finally {
			await old.close();
			await fresh.close();
		}
	});

	test('a mangled link still works with the e-mail address and the code', async () => {
		const email = demoMember(12);
		const { page, close } = await openPage(browser(), { javaScriptEnabled: false });
		try {
			await page.goto(`${baseURL}/portal/passwort-vergessen/`);
			await page.getByLabel('E-Mail-Adresse').fill(email);
			await page.getByRole('button', { name: 'Link anfordern' }).click();
			const mail = await waitForMail(mailDir, email, /Neues Passwort/);
			const code = /Ihr Code: ([A-Z2-9-]+)/.exec(mail.text ?? '')![1]!;

			await page.goto(`${baseURL}/portal/passwort-zuruecksetzen/?token=kaputt`);
			expect((await page.getByRole('alert').textContent())?.trim()).toMatch(/^Dieser Link ist unvollständig.*Code aus derselben E-Mail/);
			await page.getByLabel('E-Mail-Adresse').fill(email);
			await page.getByLabel('Code aus der E-Mail').fill(code.toLowerCase());
			// Too short and mismatched: both are named at once, at their fields.
			await page.getByLabel('Neues Passwort', { exact: true }).fill('Boote');
			await page.getByLabel('Neues Passwort wiederholen').fill('Boote!');
			await page.getByRole('button', { name: 'Neues Passwort speichern' }).click();
			await expect.poll(() => page.getByText('Die beiden Eingaben des neuen Passworts stimmen nicht überein.').count()).toBe(1);
			expect(await page.getByLabel('Neues Passwort', { exact: true }).getAttribute('aria-describedby')).toMatch(/fehler/);
			expect(await page.getByText('Das Passwort muss mindestens 12 Zeichen lang sein (jetzt: 5).').count()).toBe(1);

			const password = 'Zwölf Boote liegen im Hafen';
			await page.getByLabel('Neues Passwort', { exact: true }).fill(password);
			await page.getByLabel('Neues Passwort wiederholen').fill(password + ' x');
			await page.getByRole('button', { name: 'Neues Passwort speichern' }).click();
			await expect.poll(() => page.getByText('Die beiden Eingaben des neuen Passworts stimmen nicht überein.').count()).toBe(1);
			expect(await page.getByLabel('E-Mail-Adresse').inputValue()).toBe(email);
			// Both password fields come back empty; typing starts again in the first, where the focus is.
			expect(await page.getByLabel('Neues Passwort', { exact: true }).evaluate((field) => field === document.activeElement)).toBe(true);

			await page.getByLabel('Neues Passwort', { exact: true }).fill(password);
			await page.getByLabel('Neues Passwort wiederholen').fill(password);
			await page.getByRole('button', { name: 'Neues Passwort speichern' }).click();
			await page.waitForURL(`${baseURL}/portal/?erledigt=passwort-neu`);
		} finally {
			await close();
		}
		// The complete link of that mail is used up with its code: no point in offering the code again.
		const mail = await waitForMail(mailDir, email, /Neues Passwort/);
		const link = /(http\S+passwort-zuruecksetzen\/\?token=\S+)/.exec(mail.text ?? '')![1]!;
		const later = await openPage(browser(), { javaScriptEnabled: false });
		try {
			await later.page.goto(link);
			expect((await later.page.getByRole('alert').textContent())?.trim()).toMatch(/^Dieser Link ist abgelaufen, wurde schon verwendet oder durch einen neueren ersetzt\. Mit einer neueren E-Mail/);
		} finally {
			await later.close();
		}
	});
});
