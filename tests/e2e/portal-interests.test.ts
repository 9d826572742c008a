/**
 * Ranking interests in Chromium: with the keyboard alone on the island (Tab to a button,
 * Enter or Space), hearing each change in the live region; by dragging with mouse and finger;
 * and the same without JavaScript
 * through the three selects. The office then sees the change in its queue.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { useBrowser, openPage, textOf, signIn as signInAt } from '../helpers/browser.ts';
import { DEMO_COORDINATOR, demoMember, get, login } from '../helpers/http.ts';

const baseURL = inject('baseURL');
const browser = useBrowser();

/** The shared sign-in with this file's server. */
const signIn = (page: Page, email: string) => signInAt(page, baseURL, email);

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');

/** Presses Tab until the focused control's text is `name`, as a keyboard user would. */
async function tabTo(page: Page, name: string) {
	for (let i = 0; i < 80; i++) {
		await page.keyboard.press('Tab');
		if ((await focusedText(page)) === name) return;
	}
	throw new Error(`Mit Tab nicht erreicht: ${name}`);
}

const rankingOf = (page: Page) =>
	page
		.getByRole('list', { name: 'Ihre Themen, das wichtigste zuerst' })
		.getByRole('listitem')
		.evaluateAll((items) => items.map((li) => li.querySelector('.ranking-title')?.textContent?.replace(/^\d+\.\s*/, '').trim()));

/** Opens the page with the island's code held back (a slow connection) until `release()` is called. */
async function openWithIslandHeld(page: Page): Promise<() => void> {
	let release: () => void = () => {};
	const released = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_astro/**/*.js', async (route) => {
		await released;
		await route.continue();
	});
	await page.goto(`${baseURL}/portal/interessen/`, { waitUntil: 'domcontentloaded' });
	return release;
}

describe('ranking interests', () => {
	test('with the keyboard alone: move, remove, add, save, each change announced', async () => {
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, demoMember(13));
			await page.getByRole('link', { name: 'Interessen', exact: true }).click();
			await page.waitForURL(`${baseURL}/portal/interessen/`);
			await expect.poll(() => rankingOf(page)).toEqual(['Energieeffizienz', 'Mitarbeitergewinnung', 'Kundenbindung']);
			// The island replaced the plain form: its selects are gone, one save button is left.
			expect(await page.getByLabel('Thema, 1. Wahl').isVisible()).toBe(false);
			expect(await page.getByRole('button', { name: 'Themen speichern' }).count()).toBe(1);
			const announcement = page.getByRole('status');

			await tabTo(page, 'Nach oben: Kundenbindung');
			await page.keyboard.press('Enter');
			await expect.poll(() => textOf(announcement)).toBe('Kundenbindung ist jetzt auf Platz 2.');
			expect(await focusedText(page), 'focus stays on the control used').toBe('Nach oben: Kundenbindung');
			await page.keyboard.press('Space');
			await expect.poll(() => textOf(announcement)).toBe('Kundenbindung ist jetzt auf Platz 1.');
			await page.keyboard.press('Enter');
			await expect.poll(() => textOf(announcement)).toBe('Kundenbindung ist schon auf Platz 1.');
			expect(await rankingOf(page)).toEqual(['Kundenbindung', 'Energieeffizienz', 'Mitarbeitergewinnung']);

			await tabTo(page, 'Entfernen: Mitarbeitergewinnung');
			await page.keyboard.press('Enter');
			await expect.poll(() => textOf(announcement)).toBe('Mitarbeitergewinnung entfernt.');
			expect(await focusedText(page)).toBe('Hinzufügen: Mitarbeitergewinnung');

			await tabTo(page, 'Hinzufügen: Unternehmensführung');
			await page.keyboard.press('Space');
			await expect.poll(() => textOf(announcement)).toBe('Unternehmensführung hinzugefügt, jetzt auf Platz 3.');
			expect(await focusedText(page)).toBe('Nach oben: Unternehmensführung');

			await tabTo(page, 'Hinzufügen: Digitalisierung und Automatisierung');
			await page.keyboard.press('Enter');
			await expect.poll(() => textOf(announcement)).toBe('Sie haben schon 3 Themen gewählt. Entfernen Sie zuerst eines.');

			await tabTo(page, 'Themen speichern');
			await page.keyboard.press('Enter');
			await expect.poll(() => textOf(announcement)).toBe('Ihre Themen sind gespeichert.');

			await page.reload();
			await expect.poll(() => rankingOf(page)).toEqual(['Kundenbindung', 'Energieeffizienz', 'Unternehmensführung']);
		} finally {
			await close();
		}

		const office = await login(baseURL, DEMO_COORDINATOR);
		const queue = await (await get(baseURL, '/koordination/', office)).text();
		const section = queue.slice(queue.indexOf('Interessen geändert in den letzten 30 Tagen'));
		expect(section).toMatch(/Ettersberg Backmanufaktur GmbH<\/a> \(Juliane Sommer\)[^<]*1\. Kundenbindung, 2\. Energieeffizienz, 3\. Unternehmensführung/);
	});

	test('a save that cannot reach the server says so, and the next click saves', async () => {
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, demoMember(22));
			await page.goto(`${baseURL}/portal/interessen/`);
			// The island's list, once it has mounted; removing a topic gives something to save.
			const remove = page.locator('button', { hasText: /^Entfernen: / });
			await expect.poll(() => remove.count()).toBeGreaterThan(0);
			await remove.last().click();
			// The connection drops for the first try, and a proxy answers the second with its error page.
			let tries = 0;
			await page.route('**/_actions/portal.saveInterests**', async (route) => {
				tries++;
				if (tries === 1) return route.abort('internetdisconnected');
				if (tries === 2) return route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
				return route.continue();
			});
			const notSaved = 'Das Speichern hat nicht geklappt. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es noch einmal.';
			for (let attempt = 1; attempt <= 2; attempt++) {
				await page.getByRole('button', { name: 'Themen speichern' }).click();
				await expect.poll(() => textOf(page.getByRole('alert'))).toBe(notSaved);
			}
			await page.getByRole('button', { name: 'Themen speichern' }).click();
			await expect.poll(() => textOf(page.getByRole('status').filter({ hasText: 'gespeichert' }))).toBe('Ihre Themen sind gespeichert.');
			expect(tries).toBe(3);
		} finally {
			await close();
		}
	});

	test('dragging with the mouse moves a topic, and the new place is announced', async () => {
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, demoMember(19));
			await page.goto(`${baseURL}/portal/interessen/`);
			await expect.poll(() => rankingOf(page)).toEqual(['Kundenbindung', 'Mitarbeitergewinnung', 'Geschäftsmodellentwicklung']);
			const grip = page.locator('.ranking-item', { hasText: 'Geschäftsmodellentwicklung' }).locator('.ranking-grip');
			const target = await page.locator('.ranking-item', { hasText: 'Kundenbindung' }).boundingBox();
			const from = (await grip.boundingBox())!;
			await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
			await page.mouse.down();
			await page.mouse.move(from.x + from.width / 2, target!.y + 4, { steps: 8 });
			await page.mouse.up();
			await expect.poll(() => rankingOf(page)).toEqual(['Geschäftsmodellentwicklung', 'Kundenbindung', 'Mitarbeitergewinnung']);
			expect(await textOf(page.getByRole('status'))).toBe('Geschäftsmodellentwicklung ist jetzt auf Platz 1.');
			expect(await page.getByText('Noch nicht gespeichert.').count()).toBe(1);
			// Leaving before saving: the browser asks first, and staying keeps the new order.
			const asked: string[] = [];
			page.once('dialog', (dialog) => {
				asked.push(dialog.type());
				void dialog.dismiss();
			});
			await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Übersicht' }).click();
			await expect.poll(() => asked).toEqual(['beforeunload']);
			expect(new URL(page.url()).pathname).toBe('/portal/interessen/');
			expect(await rankingOf(page)).toEqual(['Geschäftsmodellentwicklung', 'Kundenbindung', 'Mitarbeitergewinnung']);
		} finally {
			await close();
		}
	});

	test('dragging with a finger on a touch screen moves a topic too', async () => {
		const context = await browser().newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 }, locale: 'de-DE' });
		try {
			const page = await context.newPage();
			await signIn(page, demoMember(21));
			await page.goto(`${baseURL}/portal/interessen/`);
			await expect.poll(async () => (await rankingOf(page)).length).toBeGreaterThan(1);
			const before = await rankingOf(page);
			const last = before.at(-1)!;
			await page.getByRole('list', { name: 'Ihre Themen, das wichtigste zuerst' }).scrollIntoViewIfNeeded();
			const grip = (await page.locator('.ranking-item', { hasText: last }).locator('.ranking-grip').boundingBox())!;
			const top = (await page.locator('.ranking-item').first().boundingBox())!;
			// Real touch input through the DevTools protocol; Chromium turns it into pointer events.
			const cdp = await context.newCDPSession(page);
			const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
				cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
			const x = grip.x + grip.width / 2;
			await touch('touchStart', x, grip.y + grip.height / 2);
			for (let step = 1; step <= 8; step++) await touch('touchMove', x, grip.y + grip.height / 2 + ((top.y + 4 - grip.y - grip.height / 2) * step) / 8);
			await touch('touchEnd', x, top.y + 4);
			await expect.poll(() => rankingOf(page)).toEqual([last, ...before.slice(0, -1)]);
			expect(await textOf(page.getByRole('status'))).toBe(`${last} ist jetzt auf Platz 1.`);
			// At this width a long topic's title wraps beside its button, never under it.
			const beside = await page.locator('.ranking-available li').evaluateAll((items) =>
				items.map((li) => {
					const button = li.querySelector('button')!.getBoundingClientRect();
					const title = li.querySelector('.ranking-available-title')!.getBoundingClientRect();
					return { title: li.textContent, besideButton: title.left >= button.right && title.top < button.bottom };
				}),
			);
			expect(beside.length).toBeGreaterThan(0);
			expect(beside.filter((b) => !b.besideButton)).toEqual([]);
		} finally {
			await context.close();
		}
	});

	test('without JavaScript: three selects, German errors with entries kept, then saved', async () => {
		const { page, close } = await openPage(browser(), { javaScriptEnabled: false });
		try {
			await signIn(page, demoMember(14));
			await page.goto(`${baseURL}/portal/interessen/`);
			expect(await page.getByLabel('Thema, 1. Wahl').inputValue()).toBe('unternehmensfuehrung');

			await page.getByLabel('Thema, 1. Wahl').selectOption({ label: 'Energieeffizienz' });
			await page.getByLabel('Thema, 2. Wahl (freiwillig)').selectOption({ label: 'Energieeffizienz' });
			await page.getByLabel('Thema, 3. Wahl (freiwillig)').selectOption({ label: 'Kundenbindung' });
			const [refused] = await Promise.all([
				page.waitForResponse((r) => r.request().method() === 'POST'),
				page.waitForURL(/_action=/, { waitUntil: 'domcontentloaded' }),
				page.getByRole('button', { name: 'Themen speichern' }).click(),
			]);
			expect(refused.status()).toBe(400);
			const second = page.getByLabel('Thema, 2. Wahl (freiwillig)');
			expect(await textOf(page.locator(`#${await second.getAttribute('aria-describedby')}`))).toBe('Bitte wählen Sie jedes Thema nur einmal.');
			expect(await second.getAttribute('aria-invalid')).toBe('true');
			expect(await page.getByLabel('Thema, 1. Wahl').inputValue()).toBe('energieeffizienz');
			expect(await page.getByLabel('Thema, 3. Wahl (freiwillig)').inputValue()).toBe('kundenbindung');

			await second.selectOption({ label: 'Mitarbeitergewinnung' });
			await page.getByRole('button', { name: 'Themen speichern' }).click();
			await page.waitForURL(`${baseURL}/portal/interessen/?erledigt=gespeichert`);
			await expect.poll(() => textOf(page.getByRole('status'))).toBe('Ihre Themen sind gespeichert.');

			await page.goto(`${baseURL}/portal/interessen/`);
			expect(await page.getByLabel('Thema, 1. Wahl').inputValue()).toBe('energieeffizienz');
			expect(await page.getByLabel('Thema, 2. Wahl (freiwillig)').inputValue()).toBe('mitarbeitergewinnung');
			expect(await page.getByLabel('Thema, 3. Wahl (freiwillig)').inputValue()).toBe('kundenbindung');
		} finally {
			await close();
		}
	});

	test('a plain form posted before the island ran comes back with its errors, and the island leaves it so', async () => {
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, demoMember(13));
			// The island's code is held back on the first page (a slow connection), so the plain form is used.
			let holdIslandCode = true;
			await page.route('**/_astro/**/*.js', async (route) => {
				if (!holdIslandCode) await route.continue();
			});
			await page.goto(`${baseURL}/portal/interessen/`, { waitUntil: 'domcontentloaded' });
			await page.getByLabel('Thema, 1. Wahl').selectOption({ label: 'Energieeffizienz' });
			await page.getByLabel('Thema, 2. Wahl (freiwillig)').selectOption({ label: 'Energieeffizienz' });
			holdIslandCode = false;
			await Promise.all([page.waitForURL(/_action=/, { waitUntil: 'load' }), page.getByRole('button', { name: 'Themen speichern' }).click()]);
			// The island has run on the answer (Astro drops `ssr` once it has), and left the form with its message.
			await page.waitForFunction(() => document.querySelector('astro-island') && !document.querySelector('astro-island[ssr]'));
			const second = page.getByLabel('Thema, 2. Wahl (freiwillig)');
			expect(await second.isVisible()).toBe(true);
			expect(await second.getAttribute('aria-invalid')).toBe('true');
			expect(await textOf(page.locator(`#${await second.getAttribute('aria-describedby')}`))).toBe('Bitte wählen Sie jedes Thema nur einmal.');
			expect(await page.getByRole('list', { name: 'Ihre Themen, das wichtigste zuerst' }).count()).toBe(0);
		} finally {
			await close();
		}
	});

	test('focus in the plain form when the island takes over moves to the list, not to the start of the page', async () => {
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, demoMember(13));
			const release = await openWithIslandHeld(page);
			await page.getByLabel('Thema, 1. Wahl').focus();
			release();
			await expect.poll(() => rankingOf(page)).toHaveLength(3);
			expect(await page.evaluate(() => document.activeElement?.id)).toBe('ranking-chosen');
		} finally {
			await close();
		}
	});

	test('a choice made in the plain form before the island ran is taken over, unsaved, not replaced by the saved one', async () => {
		const { page, close } = await openPage(browser());
		try {
			await signIn(page, demoMember(14));
			const release = await openWithIslandHeld(page);
			const saved = await page.getByLabel('Thema, 1. Wahl').evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.textContent);
			const other = saved === 'Kundenbindung' ? 'Energieeffizienz' : 'Kundenbindung';
			await page.getByLabel('Thema, 1. Wahl').selectOption({ label: other });
			await page.getByLabel('Thema, 2. Wahl (freiwillig)').selectOption({ label: '– keine –' });
			await page.getByLabel('Thema, 3. Wahl (freiwillig)').selectOption({ label: '– keine –' });
			release();
			await expect.poll(() => rankingOf(page)).toEqual([other]);
			// Not saved yet: leaving asks.
			const asked: string[] = [];
			page.on('dialog', (dialog) => {
				asked.push(dialog.type());
				void dialog.dismiss();
			});
			await page.getByRole('link', { name: 'Übersicht' }).first().click({ noWaitAfter: true });
			await expect.poll(() => asked).toEqual(['beforeunload']);
			expect(new URL(page.url()).pathname).toBe('/portal/interessen/');
			// Saved by the island: leaving asks nothing, though the hidden plain form still holds the choice made in it.
			await page.getByRole('button', { name: 'Themen speichern' }).click();
			await expect.poll(() => textOf(page.getByRole('status').filter({ hasText: 'gespeichert' }))).toBe('Ihre Themen sind gespeichert.');
			await page.getByRole('link', { name: 'Übersicht' }).first().click();
			await page.waitForURL(`${baseURL}/portal/`);
			expect(asked).toEqual(['beforeunload']);
		} finally {
			await close();
		}
	});
});
