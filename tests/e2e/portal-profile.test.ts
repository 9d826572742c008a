/**
 * The profile in Chromium: share the e-mail address with the group, keep entries after an
 * error, change the password (the old one fails afterwards, the other device is signed out,
 * a notice arrives), and end another session from the list.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { useBrowser, openPage, textOf, signIn as signInAt } from '../helpers/browser.ts';
import { DEMO_COORDINATOR, DEMO_PASSWORD, demoMember, get, login, postForm } from '../helpers/http.ts';
import { waitForMail } from '../helpers/mail-sink.ts';

const baseURL = inject('baseURL');
const mailDir = inject('mailDir');
const browser = useBrowser();

/** The shared sign-in with this file's server. */
const signIn = (page: Page, email: string, password = DEMO_PASSWORD) => signInAt(page, baseURL, email, { password });

const statusIn = (page: Page, heading: string) => page.getByRole('region', { name: heading }).getByRole('status');
const alertIn = (page: Page, heading: string) => page.getByRole('region', { name: heading }).getByRole('alert');

describe('profile', () => {
	const email = demoMember(15);
	const NEW_PASSWORD = 'Neun Linden säumen den Anger';

	test('visibility, contact data, password change and sessions', async () => {
		const otherDevice = await login(baseURL, email);
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, email);
			await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Profil' }).click();
			await page.waitForURL(`${baseURL}/portal/profil/`);
			expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Mein Profil');

			// Off until the member turns it on.
			const shareEmail = page.getByLabel('Meine E-Mail-Adresse für meine Fokusgruppe sichtbar machen');
			const sharePhone = page.getByLabel('Meine Telefonnummer für meine Fokusgruppe sichtbar machen');
			expect(await shareEmail.isChecked()).toBe(false);
			expect(await sharePhone.isChecked()).toBe(false);
			await shareEmail.check();
			await page.getByLabel('Telefon (freiwillig)').fill('0361 7654321');
			await page.getByLabel('Name', { exact: true }).fill('A');
			await page.getByRole('button', { name: 'Kontaktdaten speichern' }).click();
			const name = page.getByLabel('Name', { exact: true });
			await expect.poll(async () => textOf(page.locator(`#${await name.getAttribute('aria-describedby')}`))).toBe('Bitte geben Sie Ihren Namen an (mindestens 3 Zeichen).');
			expect(await page.getByLabel('Telefon (freiwillig)').inputValue(), 'entries are kept').toBe('0361 7654321');
			expect(await shareEmail.isChecked()).toBe(true);
			// The answer starts at a summary above the form, which has the focus and links to the field.
			expect(await page.evaluate(() => document.activeElement?.id)).toBe('fehler');
			expect(await textOf(page.locator('#fehler li'))).toBe('Name: Bitte geben Sie Ihren Namen an (mindestens 3 Zeichen).');

			await name.fill('Andreas Kummer');
			await page.getByRole('button', { name: 'Kontaktdaten speichern' }).click();
			await expect.poll(() => textOf(statusIn(page, 'Kontaktdaten'))).toBe('Ihre Kontaktdaten sind gespeichert.');
			await page.goto(`${baseURL}/portal/profil/`);
			expect(await shareEmail.isChecked()).toBe(true);
			expect(await sharePhone.isChecked()).toBe(false);
			expect(await page.getByLabel('Telefon (freiwillig)').inputValue()).toBe('0361 7654321');

			// Both sessions are listed; this one is marked.
			const sessions = page.getByRole('table', { name: 'Ihre aktiven Anmeldungen' }).getByRole('row');
			expect(await sessions.count()).toBe(3);
			expect(await page.getByText('dieses Gerät').count()).toBe(1);
			// This device is in use now; the others' time is as exact as it is stored, and the page says how exact.
			const thisDevice = sessions.filter({ hasText: 'dieses Gerät' });
			expect(await textOf(thisDevice.getByRole('cell').nth(2))).toBe('jetzt');
			expect(await page.getByText('„Zuletzt genutzt“ ist auf eine Stunde genau.').count()).toBe(1);

			// Password: two different new ones are refused; every field comes back empty, the focus
			// where typing starts again.
			await page.getByLabel('Bisheriges Passwort').fill(DEMO_PASSWORD);
			await page.getByLabel('Neues Passwort', { exact: true }).fill(NEW_PASSWORD);
			await page.getByLabel('Neues Passwort wiederholen').fill(`${NEW_PASSWORD}!`);
			await page.getByRole('button', { name: 'Passwort ändern' }).click();
			await expect.poll(() => page.getByText('Die beiden Eingaben des neuen Passworts stimmen nicht überein.').count()).toBe(1);
			await expect.poll(() => page.getByLabel('Bisheriges Passwort').evaluate((field) => field === document.activeElement)).toBe(true);

			// The wrong current one is refused.
			await page.getByLabel('Bisheriges Passwort').fill('Falsches Passwort 123');
			await page.getByLabel('Neues Passwort', { exact: true }).fill(NEW_PASSWORD);
			await page.getByLabel('Neues Passwort wiederholen').fill(NEW_PASSWORD);
			await page.getByRole('button', { name: 'Passwort ändern' }).click();
			await expect.poll(() => textOf(alertIn(page, 'Passwort ändern'))).toBe('Ihr bisheriges Passwort stimmt nicht. Bitte geben Sie es noch einmal ein und das neue Passwort wieder zweimal.');
			// The answer is where the form was, not below the fold of a page reloaded at its top.
			expect(new URL(page.url()).hash).toBe('#passwort');
			await expect.poll(() => alertIn(page, 'Passwort ändern').evaluate((el) => el.getBoundingClientRect().top < window.innerHeight)).toBe(true);

			await page.getByLabel('Bisheriges Passwort').fill(DEMO_PASSWORD);
			await page.getByLabel('Neues Passwort', { exact: true }).fill(NEW_PASSWORD);
			await page.getByLabel('Neues Passwort wiederholen').fill(NEW_PASSWORD);
			await page.getByRole('button', { name: 'Passwort ändern' }).click();
			await expect.poll(() => textOf(statusIn(page, 'Passwort ändern'))).toBe('Ihr Passwort ist geändert. Eine andere Anmeldung wurde beendet.');
			// A plain GET after the change (still signed in on the new session), back at the section.
			expect([new URL(page.url()).search, new URL(page.url()).hash]).toEqual(['?erledigt=passwort-1', '#passwort']);
			expect(await page.getByRole('table', { name: 'Ihre aktiven Anmeldungen' }).getByRole('row').count()).toBe(2);

			expect((await get(baseURL, '/portal/', otherDevice)).status, 'the other device is signed out').toBe(302);
			expect((await postForm(baseURL, '/portal/anmelden/?_action=auth.login', { email, password: DEMO_PASSWORD })).status, 'the old password fails').toBe(401);
			await waitForMail(mailDir, email, /Ihr Passwort wurde geändert/);

			// A new device shows up and can be ended from here.
			const laptop = await login(baseURL, email, NEW_PASSWORD);
			await page.goto(`${baseURL}/portal/profil/`);
			await page.getByRole('button', { name: /^Beenden\b.*Unbekanntes Gerät/ }).click();
			await expect.poll(() => textOf(statusIn(page, 'Wo Sie angemeldet sind'))).toBe('Eine Anmeldung ist beendet.');
			expect((await get(baseURL, '/portal/', laptop)).status).toBe(302);
			expect(await page.getByText('Sie sind nirgends sonst angemeldet.').count()).toBe(1);
		} finally {
			await close();
		}
	});
});

describe('reminders', () => {
	test('a member turns the week reminder off; the choice stays, the section answers where it is', async () => {
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, demoMember(20));
			await page.goto(`${baseURL}/portal/profil/`);
			const week = page.getByLabel('eine Woche vor jedem Treffen');
			const day = page.getByLabel('am Tag vor jedem Treffen');
			expect([await week.isChecked(), await day.isChecked()], 'both on until the member says otherwise').toEqual([true, true]);
			await week.uncheck();
			await page.getByRole('button', { name: 'Auswahl speichern' }).click();
			await expect.poll(() => textOf(statusIn(page, 'Erinnerungen an Treffen'))).toBe('Ihre Auswahl für die Erinnerungen ist gespeichert.');
			expect(new URL(page.url()).hash).toBe('#erinnerungen');
			await page.goto(`${baseURL}/portal/profil/`);
			expect([await week.isChecked(), await day.isChecked()]).toEqual([false, true]);
			// The office sees the choice on the member's page.
			const office = await login(baseURL, DEMO_COORDINATOR);
			expect(await (await get(baseURL, '/koordination/mitglieder/demouser00000020/', office)).text()).toMatch(/Erinnerungen an Treffen<\/dt><dd>nur am Tag davor</);
		} finally {
			await close();
		}
	});
});

describe('a change not yet sent', () => {
	test('sending another form of the page asks first; staying keeps the typing, and sending the changed form itself does not ask', async () => {
		const { page, close } = await openPage(browser());
		const asked: string[] = [];
		try {
			await signIn(page, demoMember(21));
			await page.goto(`${baseURL}/portal/profil/`);
			const phone = page.getByLabel('Telefon (freiwillig)');
			await phone.fill('0361 7654321');
			// The browser asks; the member chooses to stay.
			page.once('dialog', (dialog) => {
				asked.push(dialog.type());
				void dialog.dismiss();
			});
			await page.getByRole('button', { name: 'Auswahl speichern' }).click();
			await expect.poll(() => asked).toEqual(['beforeunload']);
			expect(await phone.inputValue(), 'still there after staying').toBe('0361 7654321');
			// Sending the contact form itself is no leaving.
			page.on('dialog', (dialog) => {
				asked.push(dialog.type());
				void dialog.accept();
			});
			await page.getByRole('button', { name: 'Kontaktdaten speichern' }).click();
			await expect.poll(() => textOf(statusIn(page, 'Kontaktdaten'))).toMatch(/gespeichert/);
			expect(asked).toEqual(['beforeunload']);
			// Nothing changed now: leaving asks nothing.
			await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Übersicht' }).click();
			await page.waitForURL(`${baseURL}/portal/`);
			expect(asked).toEqual(['beforeunload']);
		} finally {
			await close();
		}
	});
});

describe('consents', () => {
	const EVENTS = 'Das ThZM darf mich per E-Mail zu weiteren Veranstaltungen des Thüringer Zentrums für Maschinenbau einladen.';
	const LISTING = 'Nach der Aufnahme darf unser Unternehmen (Name und Ort) auf der Website des Netzwerkforums als Mitglied genannt werden.';

	test('a member gives one in the profile; the office enters the withdrawal they sent by mail; the member sees it and the export lists it while it stood', async () => {
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, demoMember(19));
			await page.goto(`${baseURL}/portal/profil/`);
			expect([await page.getByLabel(EVENTS).isChecked(), await page.getByLabel(LISTING).isChecked()]).toEqual([false, false]);
			expect(await textOf(page.locator('#stand-events'))).toBe('Stand: nicht erteilt');
			await page.getByLabel(EVENTS).check();
			await page.getByRole('button', { name: 'Einwilligungen speichern' }).click();
			await expect.poll(() => textOf(statusIn(page, 'Einwilligungen'))).toBe('Ihre Einwilligungen sind gespeichert.');
			expect(new URL(page.url()).hash).toBe('#einwilligungen');
			expect(await page.getByLabel(EVENTS).isChecked()).toBe(true);
			expect(await textOf(page.locator('#stand-events'))).toMatch(/^Stand: erteilt am \d{1,2}\. \p{L}+ \d{4} \(Fassung vom 25\. November 2026\)$/u);

			const office = await openPage(browser());
			try {
				await signInAt(office.page, baseURL, DEMO_COORDINATOR, { home: '/koordination/' });
				const csv = await (await office.page.request.get(`${baseURL}/koordination/export/?datei=mitglieder&format=csv`)).text();
				expect(csv.split('\n').find((line) => line.startsWith('demouser00000019'))).toContain('Einladungen zu Veranstaltungen (Fassung vom 25. November 2026');
				await office.page.goto(`${baseURL}/koordination/mitglieder/demouser00000019/`);
				await office.page.getByText('Einwilligungen: 1 von 2 erteilt').click();
				// The office records withdrawals only: a consent not given cannot be ticked here.
				expect(await office.page.getByLabel(LISTING).isDisabled()).toBe(true);
				await office.page.getByLabel(EVENTS).uncheck();
				await office.page.getByRole('button', { name: 'Widerruf eintragen' }).click();
				await expect.poll(() => textOf(office.page.getByRole('status'))).toBe('Die Einwilligungen sind eingetragen.');
				expect(await office.page.getByText('Einwilligungen: 0 von 2 erteilt').count()).toBe(1);
				const csvAfter = await (await office.page.request.get(`${baseURL}/koordination/export/?datei=mitglieder&format=csv`)).text();
				expect(csvAfter.split('\n').find((line) => line.startsWith('demouser00000019'))).not.toContain('Einladungen zu Veranstaltungen');
			} finally {
				await office.close();
			}

			await page.goto(`${baseURL}/portal/profil/`);
			expect(await page.getByLabel(EVENTS).isChecked()).toBe(false);
			expect(await textOf(page.locator('#stand-events'))).toMatch(/^Stand: widerrufen am \d{1,2}\. \p{L}+ \d{4}$/u);
		} finally {
			await close();
		}
	});
});
