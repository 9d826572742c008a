/** axe (WCAG 2.1 AA) on every page behind or around the login, as the role that sees it. */
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { useBrowser } from '../helpers/browser.ts';
import { DEMO_COORDINATOR, demoMember, login } from '../helpers/http.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();
const contexts: Record<string, BrowserContext> = {};

async function contextAs(email: string | null): Promise<BrowserContext> {
	const context = await browser().newContext({ locale: 'de-DE' });
	if (email) {
		const [name, value] = (await login(baseURL, email)).split('=') as [string, string];
		await context.addCookies([{ name, value, url: baseURL }]);
	}
	return context;
}

beforeAll(async () => {
	contexts.anonymous = await contextAs(null);
	contexts.member = await contextAs(demoMember(22));
	contexts.coordinator = await contextAs(DEMO_COORDINATOR);
});

const PAGES: [role: 'anonymous' | 'member' | 'coordinator', path: string][] = [
	['anonymous', '/portal/anmelden/'],
	['anonymous', '/portal/passwort-vergessen/'],
	['anonymous', '/portal/einladung/'],
	['anonymous', '/portal/passwort-zuruecksetzen/?token=abgelaufen'],
	['anonymous', '/mitmachen/danke/'],
	['member', '/portal/'],
	['member', '/portal/interessen/'],
	['member', '/portal/gespraechspunkte/'],
	['member', '/portal/profil/'],
	['member', '/portal/daten/'],
	['coordinator', '/koordination/'],
	['coordinator', '/koordination/bewerbungen/'],
	['coordinator', '/koordination/bewerbungen/antrag3333333333/'],
	['coordinator', '/koordination/bewerbungen/?stand=aussortiert'],
	['coordinator', '/koordination/bewerbungen/antrag5555555555/'],
	['coordinator', '/koordination/mitglieder/'],
	['coordinator', '/koordination/mitglieder/?stand=ohne-gruppe'],
	['coordinator', '/koordination/mitglieder/demouser00000003/'],
	['coordinator', '/koordination/mitglieder/uebernehmen/'],
	['coordinator', '/koordination/protokoll/'],
	['coordinator', '/koordination/protokoll/?bereich=mitglieder&betrifft=demouser00000003'],
	['coordinator', '/koordination/team/'],
];

describe('accessibility behind the login', () => {
	test.each(PAGES)('as %s: %s has no WCAG 2.1 AA violation', async (role, path) => {
		const page = await contexts[role]!.newPage();
		try {
			const response = await page.goto(baseURL + path);
			expect(response?.status()).toBe(200);
			const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
		} finally {
			await page.close();
		}
	});

	// On a phone a table that scrolls sideways hides its last column (and axe asks for a focusable
	// scroll area); the member's pages must fit 320 px without either.
	test.each(PAGES.filter(([role]) => role === 'member'))('as %s at 320 px: %s fits the screen and has no violation', async (role, path) => {
		const page = await contexts[role]!.newPage();
		try {
			await page.setViewportSize({ width: 320, height: 640 });
			await page.goto(baseURL + path);
			const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
			const cutOff = await page.locator('.table-wrap').evaluateAll((wraps) => wraps.filter((w) => w.scrollWidth > w.clientWidth + 1).length);
			expect(cutOff, 'tables scrolling sideways').toBe(0);
		} finally {
			await page.close();
		}
	});

	test('the application form with errors shown has no violation either', async () => {
		const page = await contexts.anonymous!.newPage();
		try {
			await page.goto(`${baseURL}/mitmachen/`);
			await page.getByRole('button', { name: 'Bewerbung absenden' }).click();
			await expect.poll(() => page.getByRole('alert').count()).toBeGreaterThan(0);
			const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			expect(result.violations.map((v) => v.id)).toEqual([]);
		} finally {
			await page.close();
		}
	});

	test('on a phone, "Passwort vergessen?" is a target of its own, clear of the sign-in button', async () => {
		const page = await contexts.anonymous!.newPage();
		try {
			await page.setViewportSize({ width: 320, height: 640 });
			await page.goto(`${baseURL}/portal/anmelden/`);
			const button = (await page.getByRole('button', { name: 'Anmelden' }).boundingBox())!;
			const link = (await page.getByRole('link', { name: 'Passwort vergessen?' }).boundingBox())!;
			expect(link.height, 'at least 24 px high (WCAG 2.5.8)').toBeGreaterThanOrEqual(24);
			expect(link.y - (button.y + button.height), 'space between the two').toBeGreaterThanOrEqual(16);
		} finally {
			await page.close();
		}
	});
});
