/**
 * A coordinator's authenticator app, in Chromium, on a server that requires one (the production
 * default): the first sign-in leads to the setup page and nowhere else; the app's code sets it
 * up; from then on the password leads to the code step, and only the right code to the office.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { codeForStep, stepAt } from '../../src/lib/server/totp.ts';
import { readMails } from '../helpers/mail-sink.ts';
import { runScript } from '../helpers/scripts.ts';
import { openPage, signIn, textOf, useBrowser } from '../helpers/browser.ts';
import { DEMO_COORDINATOR, DEMO_PASSWORD, get, login, postForm, sessionCookieFrom } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer({ COORDINATOR_SECOND_FACTOR: 'required' });
});
afterAll(async () => {
	await server?.stop();
});
const browser = useBrowser();

const violations = async (page: Page) =>
	(await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

/** The recovery codes the page shows right after they were made. */
const recoveryCodesOn = (page: Page) => page.getByRole('region', { name: 'Ihre Ersatzcodes' }).locator('li code').allTextContents();

/** A code the app would show a step from now: one step ahead is accepted, and it is newer than any used. */
const nextCode = (key: Uint8Array, stepsAhead = 1) => codeForStep(key, stepAt(new Date()) + stepsAhead);

describe('sign-in with an authenticator app', () => {
	test('before the app is set up, the password opens only the setup page; office pages and actions wait', async () => {
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const page = await get(server.baseURL, '/koordination/bewerbungen/', office);
		expect([page.status, page.headers.get('location')]).toEqual([302, '/koordination/konto/']);
		const action = await postForm(server.baseURL, '/_actions/members.setDeactivated/', { userId: 'demouser00000001' }, { cookie: office });
		expect(action.status).toBe(403);
		expect(action.body).toContain('Bitte richten Sie zuerst die Anmeldung mit einer Authenticator-App ein.');
		expect((await get(server.baseURL, '/koordination/konto/', office)).status).toBe(200);
		// A member is never asked for a code.
		const member = await login(server.baseURL, 'mitglied3@example.org');
		expect((await get(server.baseURL, '/portal/', member)).status).toBe(200);
	});

	test('set up with the app’s code, then password and code; wrong codes are refused', async () => {
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, server.baseURL, DEMO_COORDINATOR, { home: '/koordination/konto/' });
			await page.goto(`${server.baseURL}/koordination/mitglieder/`);
			expect(new URL(page.url()).pathname).toBe('/koordination/konto/');
			expect(await violations(page)).toEqual([]);
			expect(await page.locator('.totp-qr svg').count()).toBe(1);

			const shownKey = async () => decodeBase32IgnorePadding((await textOf(page.locator('.totp-key'))).replaceAll(' ', ''));
			const key = await shownKey();
			expect(key.length).toBe(20);
			await page.getByLabel('Code aus der App').fill(nextCode(key, 0) === '000000' ? '111111' : '000000');
			await page.getByLabel('Ihr Passwort').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Einrichten' }).click();
			expect(await textOf(page.getByRole('alert'))).toContain('Dieser Code passt nicht');
			// The same key stays on screen after a wrong code: the app may have it already.
			expect(await shownKey()).toEqual(key);

			await page.getByLabel('Code aus der App').fill(nextCode(key, 0));
			await page.getByLabel('Ihr Passwort').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Einrichten' }).click();
			await expect.poll(() => textOf(page.getByRole('status'))).toContain('Die Anmeldung mit App ist eingerichtet');
			// The recovery codes are shown in this answer only; it has no address of its own to come back to.
			expect(await recoveryCodesOn(page)).toHaveLength(10);
			expect(page.url()).not.toContain('erledigt');
			// Set up: the request to set it up is gone from this answer already.
			expect(await page.getByText('Richten Sie sie bitte jetzt ein').count()).toBe(0);
			expect(await violations(page)).toEqual([]);
			await page.goto(`${server.baseURL}/koordination/mitglieder/`);
			expect(new URL(page.url()).pathname).toBe('/koordination/mitglieder/');

			await page.getByRole('button', { name: 'Abmelden' }).click();
			await page.waitForURL(/\/portal\/anmelden\//);
			await signIn(page, server.baseURL, DEMO_COORDINATOR, { home: '/portal/anmelden/code/' });
			expect(await violations(page)).toEqual([]);
			expect(await textOf(page.locator('main'))).toContain('Die technische Betreuung des Portals entfernt die Anmeldung mit App');
			// No session yet: the office stays closed until the code is right.
			const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
			expect(cookies).not.toMatch(/(^|; )session=/);
			expect((await get(server.baseURL, '/koordination/', cookies)).status).toBe(302);

			await page.getByLabel('Code', { exact: true }).fill('12345');
			await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
			expect(await textOf(page.getByRole('alert'))).toContain('Dieser Code stimmt nicht');

			await page.getByLabel('Code', { exact: true }).fill(nextCode(key));
			await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
			await page.waitForURL(`${server.baseURL}/koordination/`);
		} finally {
			await close();
		}
	});

	test('with the app set up, the password alone sets no session cookie, only the code step’s', async () => {
		const response = await postForm(server.baseURL, '/portal/anmelden/?_action=auth.login', { email: DEMO_COORDINATOR, password: DEMO_PASSWORD });
		expect([response.status, response.location]).toEqual([303, '/portal/anmelden/code/']);
		expect(response.setCookie.some((c) => /^session=/.test(c))).toBe(false);
		expect(response.setCookie.find((c) => /^anmeldung=/.test(c))).toMatch(/HttpOnly/i);
	});

	test('a member may use an app too: set up on the profile page, asked for the code at the next sign-in', async () => {
		const email = 'mitglied5@example.org';
		const { page, close } = await openPage(browser(), { viewport: { width: 375, height: 800 } });
		try {
			await signIn(page, server.baseURL, email);
			await page.goto(`${server.baseURL}/portal/profil/`);
			// A member is not made to look at a key and QR code on every visit: the steps come on request.
			expect(await page.locator('.totp-qr, .totp-key, input[name="offer"]').count()).toBe(0);
			await page.getByRole('link', { name: 'Anmeldung mit App einrichten' }).click();
			await page.waitForURL(/\/portal\/profil\/\?app=einrichten#app$/);
			expect(await page.locator('.totp-qr svg[aria-hidden="true"]').count(), 'named by its caption; the key stands as text').toBe(1);
			// The steps the link asked for take the focus at their heading (the page only scrolled there).
			await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('app');
			expect(await violations(page)).toEqual([]);
			const key = decodeBase32IgnorePadding((await textOf(page.locator('.totp-key'))).replaceAll(' ', ''));
			// On the phone with the app, the key opens in the app directly: the same key as typed.
			const appLink = new URL((await page.getByRole('link', { name: 'direkt in der Authenticator-App öffnen' }).getAttribute('href'))!);
			expect(appLink.protocol).toBe('otpauth:');
			expect(decodeBase32IgnorePadding(appLink.searchParams.get('secret')!)).toEqual(key);
			await page.getByLabel('Code aus der App').fill(nextCode(key, 0));
			// The password is asked for too: an open session alone cannot change how one signs in.
			await page.getByLabel('Ihr Passwort').fill('falsches Passwort, ganz sicher');
			await page.getByRole('button', { name: 'Einrichten' }).click();
			expect(await textOf(page.getByRole('alert'))).toContain('Das eingegebene Passwort stimmt nicht');
			await page.getByLabel('Code aus der App').fill(nextCode(key, 0));
			await page.getByLabel('Ihr Passwort').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Einrichten' }).click();
			await expect.poll(() => textOf(page.getByRole('status'))).toContain('Die Anmeldung mit App ist eingerichtet');
			const recoveryCodes = await recoveryCodesOn(page);
			expect(recoveryCodes).toHaveLength(10);
			expect(recoveryCodes[0]).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
			expect(new Set(recoveryCodes).size).toBe(10);
			// The same codes as a file to keep, made in the page: nothing is stored or served for it.
			const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Codes als Textdatei speichern' }).click()]);
			expect(download.suggestedFilename()).toMatch(/^ersatzcodes-thzm-netzwerkforum-\d{4}-\d{2}-\d{2}\.txt$/);
			const saved = readFileSync((await download.path())!, 'utf8');
			expect(saved.startsWith('\uFEFFErsatzcodes für die Anmeldung im ThZM-Netzwerkforum (mitglied5@example.org), erzeugt am ')).toBe(true);
			expect(saved.split('\r\n').slice(2, 12)).toEqual(recoveryCodes.map((code, i) => `${String(i + 1).padStart(2)}. ${code}`));
			expect(saved).toContain('Jeder Code gilt einmal, anstelle des Codes aus der Authenticator-App.');

			await page.getByRole('button', { name: 'Abmelden' }).click();
			await page.waitForURL(/\/portal\/anmelden\//);
			await signIn(page, server.baseURL, email, { home: '/portal/anmelden/code/' });
			await page.getByLabel('Code', { exact: true }).fill(nextCode(key));
			await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
			await page.waitForURL(`${server.baseURL}/portal/`);

			// Without the phone: a recovery code, as typed from paper (lower case, no dashes), once.
			await page.getByRole('button', { name: 'Abmelden' }).click();
			await page.waitForURL(/\/portal\/anmelden\//);
			await signIn(page, server.baseURL, email, { home: '/portal/anmelden/code/' });
			expect(await violations(page)).toEqual([]);
			// A member who lost everything asks the office; what the office's accounts need is not theirs to read.
			expect(await textOf(page.locator('main'))).toContain('Weder App noch Ersatzcode? Wenden Sie sich an die Koordinierungsstelle');
			expect(await textOf(page.locator('main'))).not.toContain('technische Betreuung');
			await page.getByText('Telefon nicht zur Hand? Mit einem Ersatzcode anmelden').click();
			await page.getByLabel('Ersatzcode').fill(recoveryCodes[3]!.toLowerCase().replaceAll('-', ' '));
			await page.getByRole('button', { name: 'Mit Ersatzcode anmelden' }).click();
			await page.waitForURL(`${server.baseURL}/portal/`);
			// This server writes mail to its outbox (no SMTP sink, so no envelope): found by the To header.
			const notice = async () => (await readMails(join(server.dir, 'outbox'))).find((m) => m.subject === 'Anmeldung mit einem Ersatzcode' && JSON.stringify(m.to).includes(email));
			await expect.poll(async () => (await notice())?.text).toContain('Es sind noch neun übrig');
			await page.getByRole('button', { name: 'Abmelden' }).click();
			await page.waitForURL(/\/portal\/anmelden\//);
			await signIn(page, server.baseURL, email, { home: '/portal/anmelden/code/' });
			await page.getByText('Telefon nicht zur Hand? Mit einem Ersatzcode anmelden').click();
			await page.getByLabel('Ersatzcode').fill(recoveryCodes[3]!);
			await page.getByRole('button', { name: 'Mit Ersatzcode anmelden' }).click();
			expect(await textOf(page.getByRole('alert'))).toBe('Dieser Ersatzcode stimmt nicht oder wurde schon verwendet. Bitte nehmen Sie einen anderen Ihrer Ersatzcodes.');
			// The recovery form stays open for the next code.
			expect(await page.locator('details.recovery').getAttribute('open')).not.toBeNull();
			await page.getByLabel('Ersatzcode').fill(recoveryCodes[4]!);
			await page.getByRole('button', { name: 'Mit Ersatzcode anmelden' }).click();
			await page.waitForURL(`${server.baseURL}/portal/`);

			// The profile counts what is left; new codes replace the old ones and are shown once.
			await page.goto(`${server.baseURL}/portal/profil/`);
			expect(await textOf(page.locator('#ersatzcodes + p'))).toContain('8 von 10 Ersatzcodes sind noch unbenutzt.');
			await page.getByLabel('Ihr Passwort (für neue Ersatzcodes)').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Neue Ersatzcodes erzeugen' }).click();
			await expect.poll(() => textOf(page.getByRole('status'))).toContain('Neue Ersatzcodes sind erzeugt');
			const renewed = await recoveryCodesOn(page);
			expect(renewed).toHaveLength(10);
			expect(await textOf(page.locator('#ersatzcodes + p'))).toContain('10 von 10');

			// Removing it takes the password; then the password alone signs in again.
			await page.goto(`${server.baseURL}/portal/profil/`);
			await page.getByLabel('Ihr Passwort (zum Entfernen der App)').fill('falsches Passwort, ganz sicher');
			await page.getByRole('button', { name: 'Anmeldung mit App entfernen' }).click();
			expect(await textOf(page.getByRole('alert'))).toContain('Das eingegebene Passwort stimmt nicht');
			await page.getByLabel('Ihr Passwort (zum Entfernen der App)').fill(DEMO_PASSWORD);
			await page.getByRole('button', { name: 'Anmeldung mit App entfernen' }).click();
			await page.waitForURL(/\/portal\/profil\/\?erledigt=app-entfernt#app$/);
			expect((await postForm(server.baseURL, '/portal/anmelden/?_action=auth.login', { email, password: DEMO_PASSWORD })).location).toBe('/portal/');
		} finally {
			await close();
		}
	});

	test('a lost phone: admin:reset-2fa removes the app, and the password alone leads to a new setup', async () => {
		const env = { DATABASE_URL: `file:${join(server.dir, 'e2e.db')}` };
		const reset = await runScript('scripts/admin-reset-second-factor.ts', ['--email', DEMO_COORDINATOR], env);
		expect(reset, reset.output).toMatchObject({ code: 0 });
		expect(reset.output).toContain('ist entfernt');
		expect((await runScript('scripts/admin-reset-second-factor.ts', ['--email', DEMO_COORDINATOR], env)).output).toContain('hatte keine Anmeldung mit App');
		expect((await runScript('scripts/admin-reset-second-factor.ts', ['--email', 'niemand@example.org'], env)).code).toBe(1);

		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const page = await get(server.baseURL, '/koordination/', office);
		expect([page.status, page.headers.get('location')]).toEqual([302, '/koordination/konto/']);
	});
	test('the office changes its own password on "Mein Konto", even before the app is set up', async () => {
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const password = 'Neun Linden stehen am Anger';
		const changed = await postForm(server.baseURL, '/koordination/konto/?_action=portal.changePassword', { currentPassword: DEMO_PASSWORD, password, passwordRepeat: password }, { cookie: office });
		// The earlier tests left other sessions of the coordinator: the change ends them.
		expect(changed.status).toBe(303);
		expect(changed.location).toMatch(/^\/koordination\/konto\/\?erledigt=passwort-[1-9]\d*$/);
		const page = await (await get(server.baseURL, changed.location!, office)).text();
		expect(page).toMatch(/Ihr Passwort ist geändert\. (Eine andere Anmeldung wurde|\d+ andere Anmeldungen wurden) beendet\./);
		expect(page).toContain('nach 30 Minuten ohne Nutzung');
		expect(sessionCookieFrom((await postForm(server.baseURL, '/portal/anmelden/?_action=auth.login', { email: DEMO_COORDINATOR, password })).setCookie)).not.toBeNull();
	});
});
