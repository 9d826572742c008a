/**
 * The warning before a session ends without use (WCAG 2.2.1): the office's session ends after
 * 30 minutes, and a message half written must not be lost to it. The page's clock is Playwright's
 * (moved forward instead of waited for); the server's session is moved back in its database.
 * Own server: sessions are changed.
 */
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openPage, signIn, useBrowser, type TrackedPage } from '../helpers/browser.ts';
import { DEMO_COORDINATOR, demoMember, get, login } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const browser = useBrowser();
let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server.stop());

const sessionIdOf = (cookie: string) => /session=([^.;]+)\./.exec(cookie)![1]!;

/** When the server last counted the session as used (Unix seconds), or sets it that many seconds back. */
async function lastUsed(sessionId: string, setSecondsAgo?: number): Promise<number> {
	const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
	try {
		if (setSecondsAgo !== undefined) {
			await db.execute({ sql: 'UPDATE auth_session SET last_verified_at = ? WHERE id = ?', args: [Math.floor(Date.now() / 1000) - setSecondsAgo, sessionId] });
		}
		const row = await db.execute({ sql: 'SELECT last_verified_at FROM auth_session WHERE id = ?', args: [sessionId] });
		return Number(row.rows[0]?.['last_verified_at'] ?? 0);
	} finally {
		db.close();
	}
}

const statusOf = async (cookie: string | undefined, query = '') =>
	(await (await get(server.baseURL, `/portal/sitzung.json${query}`, cookie)).json()) as { seconds: number; extendable: boolean };

describe('how long a session has left', () => {
	test('asking does not lengthen it; ?verlaengern does; without a session it is 0', async () => {
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const id = sessionIdOf(office);
		const before = await lastUsed(id, 10 * 60);
		const asked = await statusOf(office);
		expect(asked.seconds).toBeGreaterThan(19 * 60);
		expect(asked.seconds).toBeLessThanOrEqual(20 * 60);
		expect(asked.extendable).toBe(true);
		expect(await lastUsed(id), 'only looked').toBe(before);

		expect((await statusOf(office, '?verlaengern')).seconds).toBeGreaterThan(29 * 60);
		expect(await lastUsed(id)).toBeGreaterThan(before + 9 * 60);
		expect(await statusOf(undefined)).toEqual({ seconds: 0, extendable: false });
	});

	test('a member, whose session lasts days, gets no warning on the page', async () => {
		const member = await login(server.baseURL, demoMember(3));
		expect(await (await get(server.baseURL, '/portal/', member)).text()).not.toMatch(/<dialog[^>]*sitzungsende/);
	});
});

describe('the office is warned before its session ends', () => {
	let tab: TrackedPage;
	let sessionId: string;
	beforeAll(async () => {
		tab = await openPage(browser());
		await tab.page.clock.install();
		await signIn(tab.page, server.baseURL, DEMO_COORDINATOR, { home: '/koordination/' });
		sessionId = sessionIdOf((await tab.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; '));
		await tab.page.goto(`${server.baseURL}/koordination/bewerbungen/`);
		await tab.page.getByRole('searchbox').first().fill('Halbfertige Suche');
	});
	afterAll(() => tab.close());

	test('the office page carries the dialog, closed', async () => {
		expect(await tab.page.locator('dialog#sitzungsende').count()).toBe(1);
		await expect(tab.page.getByRole('dialog').count()).resolves.toBe(0);
	});

	test('two minutes before, a dialog offers to stay signed in, and staying keeps what was typed', async () => {
		const { page } = tab;
		const dialog = page.getByRole('dialog', { name: 'Ihre Anmeldung endet bald' });
		await page.clock.fastForward('20:00');
		await expect(dialog.isVisible(), 'not yet').resolves.toBe(false);

		const before = await lastUsed(sessionId, 28 * 60 + 30); // 90 seconds left on the server
		await page.clock.fastForward('08:40');
		await dialog.waitFor();
		await expect(dialog.textContent()).resolves.toMatch(/Um \d\d:\d\d Uhr endet Ihre Anmeldung/);
		expect(await lastUsed(sessionId), 'the page only asked').toBe(before);
		await expect(page.evaluate(() => document.activeElement?.textContent), 'the dialog has the focus').resolves.toBe('Angemeldet bleiben');
		const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
		expect(axe.violations.map((v) => v.id)).toEqual([]);

		await page.getByRole('button', { name: 'Angemeldet bleiben' }).click();
		await dialog.waitFor({ state: 'hidden' });
		expect(await lastUsed(sessionId)).toBeGreaterThan(before + 20 * 60);
		await expect(page.getByRole('searchbox').first().inputValue()).resolves.toBe('Halbfertige Suche');
	});

	test('once it has ended, also while the computer slept, the dialog says how to keep the page: sign in in another tab and come back', async () => {
		const { page } = tab;
		// The lid closed over lunch: no timer ran, the clock moved on, and the tab is looked at again.
		await lastUsed(sessionId, 31 * 60);
		await page.clock.setSystemTime((await page.evaluate(() => Date.now())) + 60 * 60 * 1000);
		await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
		const ended = page.getByRole('dialog', { name: 'Ihre Anmeldung ist abgelaufen' });
		await ended.waitFor();
		await expect(ended.getByRole('link', { name: 'in einem neuen Tab an' }).getAttribute('target')).resolves.toBe('_blank');
		await expect(page.getByRole('searchbox').first().inputValue()).resolves.toBe('Halbfertige Suche');

		// Signed in again elsewhere, the dialog goes by itself at the next look.
		const other = await tab.context.newPage();
		await signIn(other, server.baseURL, DEMO_COORDINATOR, { home: '/koordination/' });
		await other.close();
		await page.clock.fastForward('00:15');
		await ended.waitFor({ state: 'hidden' });
	});

	test('a warning left unanswered turns into the notice, and the focus moves to its way on', async () => {
		const { page } = tab;
		const again = sessionIdOf((await tab.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; '));
		await lastUsed(again, 28 * 60 + 30);
		await page.clock.fastForward('28:40');
		await page.getByRole('dialog', { name: 'Ihre Anmeldung endet bald' }).waitFor();
		await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Angemeldet bleiben');
		await lastUsed(again, 31 * 60);
		await page.clock.fastForward('02:00');
		await page.getByRole('dialog', { name: 'Ihre Anmeldung ist abgelaufen' }).waitFor();
		// The button that had the focus is hidden now.
		await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('in einem neuen Tab an');
	});
});
