/**
 * A password known from data breaches, in Chromium, against a fake Pwned Passwords range API on
 * loopback: the profile refuses it with the reason and the count, the old password stays
 * valid, and another new password goes through.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPage, signIn, textOf, useBrowser } from '../helpers/browser.ts';
import { DEMO_PASSWORD, login } from '../helpers/http.ts';
import { startFakeRangeApi, type FakeRangeApi } from '../helpers/pwned-passwords.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const LEAKED = 'Kupferkessel Wintergarten 1987';
const FRESH = 'Neun Linden säumen den Anger';
const MEMBER = 'mitglied4@example.org';

let api: FakeRangeApi;
let server: RunningServer;
beforeAll(async () => {
	api = await startFakeRangeApi({ [LEAKED]: 1234 });
	server = await startServer({ BREACHED_PASSWORDS_URL: api.url });
});
afterAll(async () => {
	await server?.stop();
	await api?.close();
});
const browser = useBrowser();

const passwordSection = (page: Page) => page.getByRole('region', { name: 'Passwort ändern' });

async function changePassword(page: Page, password: string) {
	await page.getByLabel('Bisheriges Passwort').fill(DEMO_PASSWORD);
	await page.getByLabel('Neues Passwort', { exact: true }).fill(password);
	await page.getByLabel('Neues Passwort wiederholen').fill(password);
	await page.getByRole('button', { name: 'Passwort ändern' }).click();
}

describe('breached passwords', () => {
	test('the profile refuses a leaked password with the reason; the old one keeps working', async () => {
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, server.baseURL, MEMBER);
			await page.goto(`${server.baseURL}/portal/profil/`);
			await changePassword(page, LEAKED);
			await expect
				.poll(() => textOf(passwordSection(page).getByRole('alert')))
				.toBe('Dieses Passwort ist aus Datenlecks bekannt (1.234-mal gefunden) und wird deshalb bei Angriffen als eines der ersten ausprobiert. Bitte wählen Sie ein anderes.');
			expect(api.requests.map((r) => r.path)).toHaveLength(1);
			// Nothing changed: the demo password still signs in.
			expect(await login(server.baseURL, MEMBER, DEMO_PASSWORD)).toBeTruthy();

			await changePassword(page, FRESH);
			await expect.poll(() => textOf(passwordSection(page).getByRole('status'))).toMatch(/^Ihr Passwort ist geändert\./);
		} finally {
			await close();
		}
	});
});
