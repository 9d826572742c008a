/**
 * Real Chromium (Debian's /usr/bin/chromium) through playwright-core. Every page records the
 * requests it makes and the cookies it receives, so tests can assert "nothing left the site".
 */
import { DEMO_PASSWORD } from './http.ts';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		headless: true,
		// The machines have no network beyond loopback; keep Chromium from dialling out.
		args: [
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run',
			'--disable-quic',
			'--disable-gpu',
		],
	});
}

/**
 * The Chromium of one test file: launched before its first test, closed after its last.
 * Call at the top of the file; the returned function gives the running browser.
 */
export function useBrowser(): () => Browser {
	let browser: Browser | undefined;
	beforeAll(async () => {
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
	});
	return () => {
		if (!browser) throw new Error('Chromium läuft noch nicht: useBrowser() gehört auf die oberste Ebene der Testdatei.');
		return browser;
	};
}

export interface TrackedPage {
	page: Page;
	context: BrowserContext;
	/** Every URL the page requested, in order. */
	requests: string[];
	close: () => Promise<void>;
}

export async function openPage(
	browser: Browser,
	options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<TrackedPage> {
	const context = await browser.newContext({
		javaScriptEnabled: options.javaScriptEnabled ?? true,
		viewport: options.viewport ?? { width: 1280, height: 900 },
		locale: 'de-DE',
	});
	const page = await context.newPage();
	const requests: string[] = [];
	page.on('request', (request) => requests.push(request.url()));
	return { page, context, requests, close: () => context.close() };
}

/** An element's text as a reader sees it: whitespace from the markup collapsed and trimmed. */
/**
 * Waits until every island on the page has hydrated (Astro then drops `ssr` from its
 * <astro-island>). Before that a button inside an island posts its plain form instead.
 */
export async function islandsReady(page: Page): Promise<void> {
	await page.waitForFunction(() => document.querySelectorAll('astro-island[ssr]').length === 0);
}

export async function textOf(locator: Locator): Promise<string> {
	return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Signs in through the login form as a person would and waits for the start page of the role
 * (`/portal/` for members, `/koordination/` for the office).
 */
export async function signIn(page: Page, baseURL: string, email: string, options: { password?: string; home?: string } = {}): Promise<void> {
	await page.goto(`${baseURL}/portal/anmelden/`);
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Passwort', { exact: true }).fill(options.password ?? DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Anmelden' }).click();
	await page.waitForURL(`${baseURL}${options.home ?? '/portal/'}`);
}
