/**
 * "Meine Daten" in Chromium: the JSON download (a file, not cached, only one's own data) and
 * deleting the own account with the password, after which the login fails.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { useBrowser, openPage, textOf, signIn as signInAt } from '../helpers/browser.ts';
import { DEMO_COORDINATOR, DEMO_PASSWORD, demoMember, get, login, postForm } from '../helpers/http.ts';
import { waitForMail } from '../helpers/mail-sink.ts';

const baseURL = inject('baseURL');
const mailDir = inject('mailDir');
const browser = useBrowser();

/** The shared sign-in with this file's server. */
const signIn = (page: Page, email: string) => signInAt(page, baseURL, email);

describe('own data', () => {
	test('download: a dated JSON file with the member’s own data and nobody else’s', async () => {
		const email = demoMember(16);
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, email);
			await page.getByRole('link', { name: 'Meine Daten' }).click();
			await page.waitForURL(`${baseURL}/portal/daten/`);
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Meine Daten herunterladen (JSON)' }).click()]);
			expect(download.suggestedFilename()).toMatch(/^netzwerkforum-meine-daten-\d{4}-\d{2}-\d{2}\.json$/);
			const text = readFileSync((await download.path())!, 'utf8');
			const data = JSON.parse(text);
			expect(data.konto).toMatchObject({ eMail: email, name: 'Dr. Henrike Albrecht', eMailFuerGruppeSichtbar: false });
			expect(data.unternehmen.name).toBe('Optik Leuchtenburg GmbH');
			expect(data.interessen.map((i: { titel: string }) => i.titel)).toEqual(['Digitalisierung und Automatisierung', 'Kundenbindung', 'Geschäftsmodellentwicklung']);
			expect(data.anmeldungen.length).toBeGreaterThan(0);
			expect(text).not.toContain('$argon2');
			for (const other of [1, 2, 15, 17, 24]) expect(text).not.toContain(demoMember(other));
			expect(text).not.toContain('Vogtlandring');
		} finally {
			await close();
		}

		const response = await get(baseURL, '/portal/daten/export/', await login(baseURL, email));
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="netzwerkforum-meine-daten-\d{4}-\d{2}-\d{2}\.json"$/);
		expect(response.headers.get('cache-control')).toBe('no-store');
	});

	test('deleting the account needs the password; afterwards the login fails', async () => {
		const email = demoMember(17);
		const otherDevice = await login(baseURL, email);
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, email);
			await page.goto(`${baseURL}/portal/daten/`);
			await page.getByLabel('Ihr Passwort zur Bestätigung').fill('Das ist nicht mein Passwort');
			await page.getByRole('button', { name: 'Konto endgültig löschen' }).click();
			await expect.poll(() => textOf(page.getByRole('alert'))).toBe('Das eingegebene Passwort stimmt nicht. Bitte versuchen Sie es noch einmal.');
			expect((await get(baseURL, '/portal/', otherDevice)).status, 'nothing happened yet').toBe(200);

			await page.getByLabel('Ihr Passwort zur Bestätigung').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Konto endgültig löschen' }).click();
			// (The form's #loeschen fragment rides along through the redirect; it names nothing there.)
			await page.waitForURL((url) => url.pathname === '/portal/anmelden/' && url.search === '?geloescht=1');
			expect(await textOf(page.getByRole('status'))).toMatch(/^Ihr Konto und Ihre persönlichen Daten sind gelöscht\./);
			await page.goto(`${baseURL}/portal/`);
			expect(new URL(page.url()).pathname, 'this browser is signed out').toBe('/portal/anmelden/');
		} finally {
			await close();
		}
		expect((await get(baseURL, '/portal/', otherDevice)).status, 'every other session is gone').toBe(302);
		const attempt = await postForm(baseURL, '/portal/anmelden/?_action=auth.login', { email, password: DEMO_PASSWORD });
		expect(attempt.status).toBe(401);
		expect(attempt.body).toContain('E-Mail-Adresse oder Passwort ist falsch.');
		await waitForMail(mailDir, email, /Ihr Konto im ThZM-Netzwerkforum ist gelöscht/);

		// The company stays until the office deletes it; the answer to that form is a plain GET.
		const office = await openPage(browser());
		try {
			await signInAt(office.page, baseURL, DEMO_COORDINATOR, { home: '/koordination/' });
			// The list narrowed to a view: deleting down in its section keeps the view.
			await office.page.goto(`${baseURL}/koordination/mitglieder/?stand=deaktiviert`);
			const orphan = office.page.getByRole('listitem').filter({ hasText: 'Vogtlandring Schaltanlagenbau GmbH' });
			await orphan.getByRole('checkbox', { name: /endgültig/ }).check();
			await orphan.getByRole('button', { name: /Daten löschen/ }).click();
			// Back at the section of the form (the message is there, below the table of members).
			await office.page.waitForURL(`${baseURL}/koordination/mitglieder/?stand=deaktiviert&erledigt=geloescht#ohne-konto`);
			expect(await office.page.getByLabel('Stand').inputValue()).toBe('deaktiviert');
			expect(await textOf(office.page.getByRole('status'))).toBe('Die Daten des Unternehmens sind gelöscht.');
			expect(await office.page.getByText('Vogtlandring Schaltanlagenbau GmbH').count()).toBe(0);
		} finally {
			await office.close();
		}
	});
});
