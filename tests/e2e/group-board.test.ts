/**
 * The office's group board in Chromium: run the matching on the demo data, move a member with
 * the keyboard alone and see the objective change, save, publish; then a member of a new group
 * sees it in the portal, and a member of another group does not see it.
 */
import { createClient } from '@libsql/client';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_COMPANIES } from '../../db/seed/demo.ts';
import { AxeBuilder } from '@axe-core/playwright';
import type { Dialog, Locator, Page } from 'playwright-core';
import { islandsReady, openPage, signIn, textOf, useBrowser } from '../helpers/browser.ts';
import { DEMO_COORDINATOR, demoMember, get, login, postForm } from '../helpers/http.ts';
import { readMails } from '../helpers/mail-sink.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

// Its own server: publishing groups changes what every member sees.
let server: RunningServer;
let baseURL: string;
const browser = useBrowser();
beforeAll(async () => {
	server = await startServer();
	baseURL = server.baseURL;
});
afterAll(async () => {
	await server?.stop();
});

const axeViolations = async (page: Page) =>
	(await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);

/** The office's board in a signed-in browser page, hydrated (before that, its buttons post plain forms). */
async function openBoard() {
	const opened = await openPage(browser());
	try {
		await signIn(opened.page, baseURL, DEMO_COORDINATOR, { home: '/koordination/' });
		await opened.page.goto(`${baseURL}/koordination/gruppen/`);
		await islandsReady(opened.page);
		return opened;
	} catch (error) {
		await opened.close();
		throw error;
	}
}

/** Chooses a group in a member's list with `key` and moves them with the button beside it, keyboard only. */
async function moveWithKeys(page: Page, select: Locator, key: string) {
	await select.focus();
	await page.keyboard.press(key);
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
}

/** Back to a fresh proposal for the tests after this one. */
async function freshProposal() {
	const office = await login(baseURL, DEMO_COORDINATOR);
	expect((await postForm(baseURL, '/_actions/groups.discard/', {}, { cookie: office })).status).toBe(200);
	expect((await postForm(baseURL, '/_actions/groups.run/', {}, { cookie: office })).status).toBe(200);
}

test('the office chooses who is matched; too few people are refused with a German message', async () => {
	const office = await login(baseURL, DEMO_COORDINATOR);
	const tooFew = await postForm(baseURL, '/_actions/groups.run/', { chooseMembers: '1', members: 'demouser00000001' }, { cookie: office });
	expect(tooFew.status).toBe(400);
	expect(tooFew.body).toContain('Eine Gruppe braucht mindestens 5 Personen; ausgewählt ist eine. Bitte wählen Sie mehr aus.');
	const six = Array.from({ length: 6 }, (_, i) => `demouser${String(i + 1).padStart(8, '0')}`);
	// On the page the refusal stands at the list of people, which opens and takes the focus
	// (it was 1,000 px below the button on a phone, and nothing moved).
	const tooFewOnPage = await postForm(baseURL, '/koordination/gruppen/?_action=groups.run', [['chooseMembers', '1'], ...six.slice(0, 2).map((id): [string, string] => ['members', id])], { cookie: office });
	expect(tooFewOnPage.status).toBe(400);
	expect(tooFewOnPage.body).toMatch(/<details open>\s*<summary>Wer wird eingeteilt\? \(2 von 24 ausgewählt\)/);
	expect(tooFewOnPage.body).toMatch(/<p class="error" id="members-error"[^>]*autofocus[^>]*>Eine Gruppe braucht mindestens 5 Personen; ausgewählt sind 2\./);
	// Refused on the page itself: the sizes typed and the boxes ticked stay as sent, not as last run.
	const refused = await postForm(baseURL, '/koordination/gruppen/?_action=groups.run', [['chooseMembers', '1'], ['minSize', '7'], ['maxSize', '6'], ...six.slice(0, 3).map((id): [string, string] => ['members', id])], { cookie: office });
	expect(refused.status).toBe(400);
	expect(refused.body).toContain('Die Höchstzahl muss mindestens so groß sein wie die Mindestzahl.');
	expect(refused.body).toMatch(/<input[^>]*name="minSize"[^>]*value="7"/);
	expect(refused.body).toContain('Wer wird eingeteilt? (3 von 24 ausgewählt)');
	expect(refused.body).toMatch(/<details open>\s*<summary>Einstellungen/);
	// Two refusals: the first field in the form takes the focus, not the list of people below it.
	expect(refused.body.match(/ autofocus/g)).toHaveLength(1);
	expect(refused.body).toMatch(/<input[^>]*id="feld-maxSize"[^>]*autofocus/);
	const chosen = await postForm(baseURL, '/_actions/groups.run/', [['chooseMembers', '1'], ...six.map((id): [string, string] => ['members', id])], { cookie: office });
	expect(chosen.status).toBe(200);
	const board = await (await get(baseURL, '/koordination/gruppen/', office)).text();
	expect(board).toContain('Wer wird eingeteilt? (6 von 24 ausgewählt)');
	// The settings the next run and the rule check use are visible without opening them.
	expect(board).toContain('Einstellungen: Gruppengröße 5 bis 6, Gewichte, Startwert 1');
	// Each weight says in plain words what raising it does, tied to its field for screen readers.
	expect(board).toMatch(/<p class="hint" id="feld-distancePer100Km-hinweis"[^>]*>Je höher, desto näher beieinander liegen die Betriebe einer Gruppe/);
	expect(board).toMatch(/id="feld-distancePer100Km"[^>]*aria-describedby="feld-distancePer100Km-hinweis"|aria-describedby="feld-distancePer100Km-hinweis"[^>]*id="feld-distancePer100Km"/);
	expect(board).toContain('Die erste, zweite und dritte Wahl zählen 3, 2, 1 Punkte.');
	// Each setting names its usual value: the way back after trying other weights.
	expect(board).toContain('kürzere Wege zu den Treffen. Üblich: 1.');
	expect(board).toMatch(/id="feld-minSize-hinweis"[^>]*>Üblich: 5\.</);
	// Back to everybody for the walk-through below, through the page's form as the office does it.
	const discarded = await postForm(baseURL, '/koordination/gruppen/?_action=groups.discard', {}, { cookie: office });
	expect([discarded.status, discarded.location]).toEqual([303, '/koordination/gruppen/?erledigt=verworfen']);
	expect(await (await get(baseURL, discarded.location!, office)).text()).toContain('Der Entwurf ist verworfen. Niemand wurde benachrichtigt.');
	// A second click finds nothing to discard and says so (and the log has the discard once).
	const again = await postForm(baseURL, '/koordination/gruppen/?_action=groups.discard', {}, { cookie: office });
	expect(again.location).toBe('/koordination/gruppen/?erledigt=schon-verworfen');
	expect(await (await get(baseURL, again.location!, office)).text()).toContain('Es gab keinen Entwurf (mehr) zu verwerfen; es hat sich nichts geändert.');
	// With the drafts gone, that choice is history: everybody eligible is ticked again.
	expect(await (await get(baseURL, '/koordination/gruppen/', office)).text()).toContain('Wer wird eingeteilt? (24 von 24 ausgewählt)');
	expect((await postForm(baseURL, '/_actions/groups.run/', {}, { cookie: office })).status).toBe(200);
	// Publishing mails everybody: not without the office's confirmation.
	const unconfirmed = await postForm(baseURL, '/_actions/groups.publish/', {}, { cookie: office });
	expect(unconfirmed.status).toBe(400);
	expect(unconfirmed.body).toContain('Bitte bestätigen Sie, dass Sie den Entwurf geprüft haben');
	// A confirmation given for one draft does not publish another saved in the meantime.
	const seen = /name="draft" value="([0-9a-f]+)"/.exec(await (await get(baseURL, '/koordination/gruppen/', office)).text())![1]!;
	expect((await postForm(baseURL, '/_actions/groups.run/', { seed: '7' }, { cookie: office })).status).toBe(200);
	const stale = await postForm(baseURL, '/_actions/groups.publish/', { checked: 'on', despiteRules: 'on', draft: seen }, { cookie: office });
	expect(stale.status).toBe(409);
	expect(stale.body).toContain('Der gespeicherte Entwurf hat sich inzwischen geändert');
	expect((await postForm(baseURL, '/_actions/groups.run/', {}, { cookie: office })).status).toBe(200);
});

/** Each draft group's members (sorted) and whether all their seats are held, straight from the database. */
async function draftGroups(): Promise<{ members: string[]; held: boolean }[]> {
	const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
	try {
		const rows = (await db.execute("SELECT m.group_id AS g, m.user_id AS u, m.locked AS l FROM group_membership m JOIN focus_group f ON f.id = m.group_id WHERE f.status = 'draft'")).rows;
		const byGroup = new Map<string, { members: string[]; held: boolean }>();
		for (const r of rows) {
			const group = byGroup.get(String(r.g)) ?? { members: [], held: true };
			group.members.push(String(r.u));
			group.held &&= Number(r.l) === 1;
			byGroup.set(String(r.g), group);
		}
		return [...byGroup.values()].map((g) => ({ members: g.members.sort(), held: g.held }));
	} finally {
		db.close();
	}
}

test('a whole group held with the keyboard stays together through a new run', async () => {
	const { page, close } = await openBoard();
	try {
		const hold = page.getByRole('button', { name: /^Ganze Gruppe festhalten\b.*Entwurf 1$/ });
		await hold.focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => hold.getAttribute('aria-pressed')).toBe('true');
		expect(await textOf(page.locator('.status-line'))).toMatch(/^Entwurf 1: alle Plätze fest/);
		await page.getByRole('button', { name: 'Entwurf speichern' }).click();
		await expect.poll(() => textOf(page.locator('.status-line'))).toBe('Entwurf gespeichert.');
	} finally {
		await close();
	}
	const heldGroups = (await draftGroups()).filter((g) => g.held);
	expect(heldGroups, 'exactly the group held on the board').toHaveLength(1);
	const held = heldGroups[0]!.members;
	const office = await login(baseURL, DEMO_COORDINATOR);
	for (const seed of ['7', '99']) {
		expect((await postForm(baseURL, '/_actions/groups.run/', { seed }, { cookie: office })).status).toBe(200);
		expect((await draftGroups()).map((g) => g.members), `seed ${seed}`).toContainEqual(held);
	}
	await freshProposal();
});

test('on a phone, a bar at the screen\'s foot says what is unsaved and saves it', async () => {
	const { page, close } = await openBoard();
	try {
		await page.setViewportSize({ width: 390, height: 844 });
		const bar = page.locator('.board-savebar');
		expect(await bar.count(), 'nothing to save, no bar').toBe(0);
		const first = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Entwurf 1:/ }) });
		const second = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Entwurf 2:/ }) });
		await moveWithKeys(page, second.getByRole('combobox', { name: /^Gruppe für / }).first(), 'Home'); // into Entwurf 1: seven
		await expect.poll(() => bar.count()).toBe(1);
		// Wherever the move left the page, the bar is on screen, with the change and the rule it breaks.
		const box = (await bar.boundingBox())!;
		expect(box.y >= 0 && box.y + box.height <= 844 + 1, `on screen (${box.y})`).toBe(true);
		expect(await textOf(bar.locator('p'))).toMatch(/^Nicht gespeichert · Zielwert [+−][\d,]+ · Regelverstoß: Entwurf 1 hat 7 Mitglieder \(erlaubt: 5 bis 6\)\.$/);
		await bar.getByRole('button', { name: 'Entwurf speichern' }).click();
		await expect.poll(() => textOf(page.locator('.status-line'))).toBe('Entwurf gespeichert.');
		// Saved: the bar answers where its button was, keeps the focus, and has nothing left to save.
		expect(await textOf(bar.locator('p'))).toBe('Entwurf gespeichert.');
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Entwurf gespeichert.');
		expect(await bar.getByRole('button').count()).toBe(0);
		// The next move makes it a bar with something to save again.
		await moveWithKeys(page, first.getByRole('combobox', { name: /^Gruppe für / }).first(), 'End');
		await expect.poll(() => textOf(bar.locator('p'))).toMatch(/^Nicht gespeichert · /);
		// On a wide screen the summary stays in view instead, and the bar is not shown.
		await page.setViewportSize({ width: 1280, height: 900 });
		expect(await bar.isVisible()).toBe(false);
		// "Neu berechnen" works on the saved draft: the page asks in words first (the browser's own
		// question names nothing), "Abbrechen" keeps the change, and after a yes the browser asks no more.
		const asked: string[] = [];
		page.once('dialog', (dialog) => {
			asked.push(dialog.message());
			void dialog.dismiss();
		});
		const boardAddress = page.url();
		await page.getByRole('button', { name: 'Neu berechnen' }).click();
		await expect.poll(() => asked.length).toBe(1);
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(page.url(), 'nothing sent').toBe(boardAddress);
		expect(asked[0]).toMatch(/^Ihre Änderungen am Entwurf \(Verschiebungen, festgehaltene Plätze\) sind noch nicht gespeichert/);
		expect(await textOf(bar.locator('p')), 'the change is still there').toMatch(/^Nicht gespeichert · /);
		page.once('dialog', (dialog) => {
			asked.push(dialog.type());
			void dialog.accept();
		});
		await page.getByRole('button', { name: 'Neu berechnen' }).click();
		await page.waitForURL(/\?erledigt=berechnet-/);
		expect(asked.slice(1), 'one question, no second one from the browser').toEqual(['confirm']);
	} finally {
		await close();
	}
	await freshProposal();
});

test('by keyboard, no control hides under the summary or the bar, the board fits 320 px, and saving keeps the focus', async () => {
	const { page, close } = await openBoard();
	try {
		// WCAG 1.4.10: at 320 px nothing makes the page scroll sideways (long badges did).
		await page.setViewportSize({ width: 320, height: 640 });
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

		/** Tabs through the board, counting focused controls that are wholly under a sticky bar. */
		const hiddenWhileTabbing = async (key: 'Tab' | 'Shift+Tab', stops: number) => {
			const hidden: string[] = [];
			for (let i = 0; i < stops; i++) {
				await page.keyboard.press(key);
				const covered = await page.evaluate(() => {
					const focused = document.activeElement!.getBoundingClientRect();
					const covers = (selector: string) => {
						const bar = document.querySelector(selector);
						if (!bar || getComputedStyle(bar).position !== 'sticky' || getComputedStyle(bar).display === 'none') return false;
						const box = bar.getBoundingClientRect();
						return focused.top >= box.top && focused.bottom <= box.bottom;
					};
					return covers('.board-summary') || covers('.board-savebar') ? (document.activeElement!.getAttribute('aria-label') ?? document.activeElement!.textContent ?? '?') : null;
				});
				if (covered) hidden.push(covered);
			}
			return hidden;
		};
		const second = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Entwurf 2:/ }) });
		await moveWithKeys(page, second.getByRole('combobox', { name: /^Gruppe für / }).first(), 'Home');
		await expect.poll(() => page.locator('.board-savebar').count()).toBe(1);
		await page.getByRole('combobox', { name: /^Gruppe für / }).first().focus();
		expect(await hiddenWhileTabbing('Tab', 25), 'under the bar at the foot (phone)').toEqual([]);

		await page.setViewportSize({ width: 1280, height: 900 });
		await page.getByRole('combobox', { name: /^Gruppe für / }).last().focus();
		expect(await hiddenWhileTabbing('Shift+Tab', 30), 'under the summary at the top').toEqual([]);

		// The save button turns itself off: the answer takes the focus instead of the page's body.
		const save = page.locator('.board-summary').getByRole('button', { name: 'Entwurf speichern' });
		await save.focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Entwurf gespeichert.');
	} finally {
		await close();
	}
	await freshProposal();
});

test('a group emptied by moves is gone from the board once saved, as from the stored draft', async () => {
	const { page, close } = await openBoard();
	try {
		const headings = page.getByRole('heading', { name: /^Entwurf \d+:/ });
		const before = await headings.count();
		const first = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Entwurf 1:/ }) });
		const selects = first.getByRole('combobox', { name: /^Gruppe für / });
		for (let left = await selects.count(); left > 0; left--) {
			await moveWithKeys(page, selects.first(), 'End'); // the last choice: Warteliste
			await expect.poll(() => selects.count()).toBe(left - 1);
		}
		await page.getByRole('button', { name: 'Entwurf speichern' }).click();
		await expect.poll(() => textOf(page.locator('.status-line'))).toBe('Entwurf gespeichert.');
		expect(await headings.count()).toBe(before - 1);
		expect(await page.getByText(/hat 0 Mitglieder/).count()).toBe(0);
	} finally {
		await close();
	}
	await freshProposal();
});

test('two people swap groups in one step; the list for it is not in the page\'s HTML', async () => {
	const office = await login(baseURL, DEMO_COORDINATOR);
	const html = await (await get(baseURL, '/koordination/gruppen/', office)).text();
	expect(html).toContain('Entwurf 1');
	expect(html, 'swapping needs JavaScript, and its lists grow with the square of the members').not.toContain('Tauschen mit');

	const { page, close } = await openBoard();
	try {
		const groupOf = (n: number) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`^Entwurf ${n}:`) }) });
		const firstIdIn = async (n: number) => (await groupOf(n).locator('.board-member__move select').first().getAttribute('id'))!.slice('gruppe-'.length);
		const [a, b] = [await firstIdIn(1), await firstIdIn(2)];
		await page.locator(`#tausch-${a}`).selectOption(b);
		expect(await groupOf(1).locator(`#gruppe-${a}`).count(), 'choosing alone swaps nothing').toBe(1);
		await page.locator(`#tausch-${a}`).press('Tab');
		await page.keyboard.press('Enter'); // the button Tauschen
		await expect.poll(() => groupOf(2).locator(`#gruppe-${a}`).count(), { message: 'the first is in the second group now' }).toBe(1);
		expect(await groupOf(1).locator(`#gruppe-${b}`).count(), 'and the second in the first').toBe(1);
		expect(await textOf(page.locator('.status-line')), 'said, with what it does to the objective').toMatch(/^.+ und .+ getauscht, Plätze fest\. Zielwert [−+]\d+(,\d)?, jetzt −?\d+(,\d)?\.$/);
		expect(await page.evaluate(() => document.activeElement?.id), 'the keyboard stays on the swap').toBe(`tausch-${a}`);
		// Seats given by hand are held, so a new run keeps them.
		for (const id of [a, b]) expect(await page.locator(`li.board-member:has(#gruppe-${id}) button[aria-pressed]`).getAttribute('aria-pressed'), id).toBe('true');
	} finally {
		await close();
	}
	await freshProposal();
});

test('without JavaScript the board still moves and holds people, each answered with a plain GET', async () => {
	const { page, close } = await openPage(browser(), { javaScriptEnabled: false });
	try {
		await signIn(page, baseURL, DEMO_COORDINATOR, { home: '/koordination/' });
		await page.goto(`${baseURL}/koordination/gruppen/`);
		const firstGroup = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Entwurf 1:/ }) });
		const mover = firstGroup.locator('.board-member__move').first();
		const selectId = await mover.getByRole('combobox').getAttribute('id');
		await mover.getByRole('combobox').selectOption('warteliste');
		await mover.getByRole('button', { name: /^Verschieben/ }).click();
		await page.waitForURL(`${baseURL}/koordination/gruppen/?erledigt=warteliste`);
		expect(await textOf(page.getByRole('status').first())).toBe('Auf die Warteliste verschoben; der Entwurf ist gespeichert.');
		expect(await page.locator(`#${selectId}`).inputValue(), 'the move is stored').toBe('warteliste');

		await firstGroup.getByRole('button', { name: /^Platz festhalten\b/ }).first().click();
		await page.waitForURL(`${baseURL}/koordination/gruppen/?erledigt=platz-festgehalten`);
		expect(await textOf(page.getByRole('status').first())).toMatch(/^Der Platz ist festgehalten/);
		expect(await firstGroup.getByRole('button', { name: /^Platz festhalten\b/, pressed: true }).count()).toBe(1);
	} finally {
		await close();
	}
	await freshProposal();
});

test('run, move with the keyboard, save, publish; the member sees the new group', async () => {
	const { page, close } = await openPage(browser());
	let movedName = '';
	try {
		await signIn(page, baseURL, DEMO_COORDINATOR, { home: '/koordination/' });
		await page.getByRole('navigation').getByRole('link', { name: 'Gruppen', exact: true }).click();
		await page.getByRole('button', { name: /Gruppen vorschlagen|Neu berechnen/ }).click();
		await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Gruppenbildung berechnet: \d+ Gruppen/);
		await islandsReady(page);
		expect(await axeViolations(page), 'the board with a proposal').toEqual([]);
		// A phone: nothing wider than the screen, and the summary does not stick over the board.
		const viewport = page.viewportSize()!;
		await page.setViewportSize({ width: 360, height: 740 });
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		expect(await page.locator('.board-summary').evaluate((el) => getComputedStyle(el).position)).toBe('static');
		await page.setViewportSize(viewport);

		const firstGroup = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Entwurf 1:/ }) });
		const select = firstGroup.getByRole('combobox', { name: /^Gruppe für / }).first();
		movedName = ((await select.getAttribute('aria-label')) ?? (await select.evaluate((el: HTMLSelectElement) => el.labels?.[0]?.querySelector('.visually-hidden')?.textContent)) ?? '').replace('Gruppe für ', '').trim();
		expect(movedName.length).toBeGreaterThan(3);
		// The four topic lists are told apart by their draft, not all named "Thema".
		expect(await firstGroup.getByRole('combobox', { name: 'Thema von Entwurf 1', exact: true }).count()).toBe(1);
		const live = page.locator('.status-line');
		// The button with the member's own group chosen: nothing moves, and the board says why.
		await select.focus();
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter');
		await expect.poll(() => textOf(live)).toBe(`${movedName} ist schon in Entwurf 1.`);
		// Arrow keys only choose: the member moves when the button says so, not through every group on the way.
		await select.focus();
		await page.keyboard.press('ArrowDown');
		expect(await textOf(live), 'nothing moved yet').not.toMatch(/verschoben/);
		await page.keyboard.press('Tab');
		await page.keyboard.press('Enter'); // the button Verschieben
		// A seat given by hand is held: a new run keeps what the office decided.
		await expect.poll(() => live.textContent()).toMatch(new RegExp(`${movedName} in Entwurf 2 verschoben, Platz fest\\. Zielwert [+−]\\d`));
		// The keyboard stays on the moved member's control, now in the other group.
		expect(await page.evaluate(() => document.activeElement?.id)).toMatch(/^gruppe-/);

		// Unsaved moves: leaving the page (here through "Entwurf verwerfen", which asks itself first) asks first, in words.
		const dialogs: string[] = [];
		page.once('dialog', (dialog) => {
			dialogs.push(`${dialog.type()}: ${dialog.message()}`);
			void dialog.dismiss();
		});
		await page.getByText('Entwurf verwerfen', { exact: true }).click();
		await page.getByRole('button', { name: 'Ja, Entwurf verwerfen' }).click({ noWaitAfter: true });
		await expect.poll(() => dialogs).toEqual([expect.stringMatching(/^confirm: Ihre Änderungen am Entwurf .+ gehen verloren, wenn Sie fortfahren\./)]);
		expect(await firstGroup.count(), 'still on the board, draft kept').toBe(1);
		// The session's notice closes through a form of its own (method="dialog"): that leaves nothing, so nothing is asked.
		const onDialog = (dialog: Dialog) => {
			dialogs.push(`${dialog.type()}: ${dialog.message()}`);
			void dialog.dismiss();
		};
		page.on('dialog', onDialog);
		await page.evaluate(() => {
			const notice = document.getElementById('sitzungsende') as HTMLDialogElement;
			notice.querySelector<HTMLElement>('[data-state="warning"]')!.hidden = true;
			notice.querySelector<HTMLElement>('[data-state="final"]')!.hidden = false;
			notice.showModal();
		});
		await page.getByRole('button', { name: 'Verstanden' }).click();
		await new Promise((resolve) => setTimeout(resolve, 300));
		page.off('dialog', onDialog);
		expect(dialogs, 'no question for closing the notice').toHaveLength(1);
		expect(await page.locator('#sitzungsende').evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);

		// Filling one group beyond six breaks a hard rule: the move is allowed, and the board says so at once.
		const target = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Entwurf 2:/ }) });
		const sizeOf = async () => target.getByRole('combobox', { name: /^Gruppe für / }).count();
		for (let tries = 0; (await sizeOf()) <= 6 && tries < 6; tries++) {
			const donor = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Entwurf 1:/ }) }).getByRole('combobox', { name: /^Gruppe für / }).first();
			await moveWithKeys(page, donor, 'ArrowDown');
			await expect.poll(() => live.textContent()).toMatch(/in Entwurf 2 verschoben/);
		}
		expect(await sizeOf()).toBe(7);
		await expect.poll(() => live.textContent()).toMatch(/Achtung: Entwurf 2 hat 7 Mitglieder \(erlaubt: 5 bis 6\)\./);
		expect(await textOf(target.locator('.board-violations'))).toContain('hat 7 Mitglieder');
		// The summary's list of breaks scrolls within a few lines on a wide screen; keyboards reach it, and axe finds nothing.
		expect(await page.locator('.board-summary ul[tabindex="0"]').getAttribute('aria-label')).toBe('Regelverstöße im Entwurf');
		expect(await axeViolations(page), 'the board with a rule broken').toEqual([]);
		// Saved like this, the publish form under the board names the break at once and asks for the second tick.
		const publish = page.locator('section[aria-labelledby="publish-heading"]');
		const breaksShown = async () => ((await publish.getByRole('note').count()) > 0 ? textOf(publish.getByRole('note')) : '');
		await expect.poll(() => publish.getByText(/noch nicht gespeichert/).count()).toBe(1);
		await page.getByRole('button', { name: 'Entwurf speichern' }).click();
		await expect.poll(() => live.textContent()).toBe('Entwurf gespeichert.');
		await expect.poll(breaksShown).toMatch(/Entwurf 2 hat 7 Mitglieder/);
		expect(await publish.getByLabel('Trotz der genannten Regelverstöße so veröffentlichen.').count()).toBe(1);
		expect(await publish.getByText(/noch nicht gespeichert/).count()).toBe(0);
		// Back again with the keyboard: the warning goes away.
		const others = await target.getByRole('combobox', { name: /^Gruppe für / }).all();
		let back = others[0]!;
		const nameOf = (select: typeof back) => select.evaluate((el: HTMLSelectElement) => el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? '');
		for (const candidate of others) if (!(await nameOf(candidate)).includes(movedName)) back = candidate;
		expect(await nameOf(back)).not.toContain(movedName);
		await moveWithKeys(page, back, 'ArrowUp');
		await expect.poll(() => sizeOf()).toBe(6);
		expect(await target.locator('.board-violations').count()).toBe(0);

		await page.getByRole('button', { name: 'Entwurf speichern' }).focus();
		await page.keyboard.press('Enter');
		await expect.poll(() => live.textContent()).toBe('Entwurf gespeichert.');
		// The publish form on this page now confirms the draft just saved, without a reload.
		const office = await login(baseURL, DEMO_COORDINATOR);
		const savedVersion = /name="draft" value="([0-9a-f]+)"/.exec(await (await get(baseURL, '/koordination/gruppen/', office)).text())![1];
		expect(await page.locator('input[name="draft"]').inputValue()).toBe(savedVersion);
		// ...and states the rule breaks of that draft, as the page does after a reload.
		const liveBreaks = await breaksShown();
		expect(liveBreaks).not.toMatch(/7 Mitglieder/);

		await page.goto(`${baseURL}/koordination/gruppen/`);
		expect(await breaksShown()).toBe(liveBreaks);
		expect(await page.getByText(/Der Entwurf wurde am .+ berechnet, mit dem Zielwert/).count(), 'the run of the open draft').toBe(1);
		// The board's numbers in words, with their scale: wish points out of the most possible, industries by name.
		const totals = await textOf(page.locator('.board-summary'));
		const [, got, best] = /Wunschpunkte (-?[\d,.]+) von höchstens ([\d,.]+)/.exec(totals) ?? [];
		expect(Number(best!.replace('.', '').replace(',', '.'))).toBe(3 * (await page.locator('.board-groups .board-member').count()));
		expect(Number(got!.replace('.', '').replace(',', '.'))).toBeLessThanOrEqual(Number(best!.replace('.', '').replace(',', '.')));
		expect(await textOf(page.locator('.board-group .meta').first())).toMatch(/ · Branchen: \p{L}/u);
		const secondGroup = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Entwurf 2:/ }) });
		await expect.poll(() => secondGroup.getByText(movedName, { exact: false }).count()).toBeGreaterThan(0);

		// The saved draft may break a rule after the moves above; then the office confirms that too.
		const broken = await page.getByRole('note').count();
		if (broken > 0) {
			expect(await page.getByRole('note').textContent(), 'people by name, not by id').not.toMatch(/demouser\d{8}/);
			const refused = await postForm(baseURL, '/_actions/groups.publish/', { checked: 'on' }, { cookie: office });
			expect(refused.status, 'a rule-breaking draft needs the second confirmation').toBe(400);
			expect(refused.body).toContain('Der gespeicherte Entwurf verletzt Regeln');
			await page.getByLabel('Trotz der genannten Regelverstöße so veröffentlichen.').check();
		}
		await page.getByLabel(/Ich habe den gespeicherten Entwurf geprüft; \d+ Mitglieder erhalten jetzt eine E-Mail\./).check();
		await page.getByRole('button', { name: 'Entwurf veröffentlichen' }).click();
		await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Fokusgruppen veröffentlicht/);
		expect(await page.getByText(/Der Entwurf wurde am .+ berechnet, mit dem Zielwert/).count(), 'the run belonged to the published draft').toBe(0);
		expect(await page.getByRole('link', { name: /^Fokusgruppe [A-Z]$/ }).count()).toBeGreaterThan(1);
		// A group's own page: plan a year of meetings and check it the same way.
		await page.getByRole('link', { name: /^Fokusgruppe [A-Z]$/ }).first().click();
		// A plan mails the whole group, so there is none without a look at it first: the form offers
		// only "Vorschau", and a plan sent without a preview's fingerprint is shown, not stored.
		expect(await page.getByRole('button', { name: 'Plan erstellen und Gruppe benachrichtigen' }).count()).toBe(0);
		const groupId = new URL(page.url()).pathname.split('/').at(-2)!;
		const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
		const unlooked = await postForm(baseURL, '/_actions/meetings.plan/', { groupId, start: inAMonth, time: '14:00' }, { cookie: office });
		expect(unlooked.status).toBe(200);
		expect(unlooked.body).toContain('fingerprint');
		expect(await page.reload().then(() => page.getByRole('table').count()), 'nothing stored').toBe(0);
		// First a look at the plan: shown, not stored, nobody told; the form keeps its values.
		await page.getByLabel('Abstand in Wochen').fill('9');
		await page.getByRole('button', { name: 'Vorschau' }).click();
		const preview = page.getByRole('region', { name: /^Vorschau: \d+ Treffen, noch nicht gespeichert$/ });
		await expect.poll(() => preview.count()).toBe(1);
		// The page opens at the preview, not at the form's top with the preview below the screen.
		expect(new URL(page.url()).hash).toBe('#vorschau');
		// And takes the focus, so a screen reader reads it and the keyboard goes on from there.
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('vorschau');
		const previewTop = (await preview.boundingBox())!.y;
		expect(previewTop > -1 && previewTop < 900, `the preview starts on screen (${previewTop})`).toBe(true);
		const previewed = await preview.getByRole('listitem').allTextContents();
		expect(previewed.length).toBeGreaterThanOrEqual(5);
		expect(previewed[0]!.trim()).toMatch(/^\d{1,2}\. \S+ \d{4} um 14:00 Uhr bei .+ \(.+\)/);
		expect(await page.getByRole('table').count(), 'nothing stored yet').toBe(0);
		expect(await page.getByLabel('Abstand in Wochen').inputValue()).toBe('9');
		expect(await axeViolations(page), 'the preview').toEqual([]);
		// Changed after the look: "Plan erstellen" stores nothing, since it would not store the plan
		// shown, and shows the plan it would store now instead.
		await page.getByLabel('Abstand in Wochen').fill('10');
		await page.getByRole('button', { name: 'Plan erstellen und Gruppe benachrichtigen' }).click();
		await expect.poll(() => textOf(page.getByRole('alert').first())).toContain('anders aus als in der Vorschau');
		expect(await page.getByRole('table').count(), 'still nothing stored').toBe(0);
		expect(await page.getByLabel('Abstand in Wochen').inputValue(), 'what was typed stays').toBe('10');
		expect(await preview.count(), 'the new plan is shown').toBe(1);
		expect(await preview.getByRole('listitem').allTextContents()).not.toEqual(previewed);
		await page.getByLabel('Abstand in Wochen').fill('9');
		await page.getByRole('button', { name: 'Vorschau aktualisieren' }).click();
		await expect.poll(() => preview.count()).toBe(1);
		expect(await preview.getByRole('listitem').allTextContents(), 'the same input, the same plan').toEqual(previewed);
		await page.getByRole('button', { name: 'Plan erstellen und Gruppe benachrichtigen' }).click();
		await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/\d+ Treffen/);
		expect(new URL(page.url()).search, 'a plain GET after the change: reloading does not plan again').toMatch(/^\?erledigt=geplant-\d+$/);
		// The page opens at the stored meetings, its message right under their heading (the forms below
		// looked unchanged, as if nothing had been stored); the form now offers further meetings.
		expect(new URL(page.url()).hash).toBe('#treffen');
		expect(await textOf(page.locator('#treffen + [role="status"]'))).toMatch(/^\d+ Treffen geplant und unten in der Liste/);
		expect(await page.getByRole('heading', { name: 'Weitere Treffen planen' }).count()).toBe(1);
		// On a phone each meeting is a card: its "Bearbeiten" is on screen, not off to the side of a wide table.
		await page.setViewportSize({ width: 390, height: 844 });
		const edit = (await page.locator('tr[id^="treffen-"] summary').first().boundingBox())!;
		expect(edit.x + edit.width, 'within 390 px').toBeLessThanOrEqual(390);
		expect(await axeViolations(page), 'the meetings as cards').toEqual([]);
		await page.setViewportSize({ width: 1280, height: 900 });
		expect(await page.getByRole('table').count()).toBeGreaterThan(0);
		// The stored plan is the one previewed.
		expect(await page.locator('tr[id^="treffen-"]').count()).toBe(previewed.length);
		// Nobody has answered yet: the whole group is still open for each meeting.
		expect(await textOf(page.locator('tr[id^="treffen-"] td[data-label="Zusagen"]').first())).toMatch(/^0 ja, 0 nein, [56] offen$/);
		// Each row is headed by its date, and each of its controls names the meeting (WCAG 1.3.1, 2.4.6).
		const firstRow = page.locator('tr[id^="treffen-"]').first();
		const when = await textOf(firstRow.locator('th[scope="row"]'));
		expect(when).toMatch(/\d{4}/);
		expect(await textOf(firstRow.locator('summary'))).toBe(`Bearbeiten: Treffen am ${when}`);
		expect(await firstRow.getByRole('button', { name: `Treffen absagen (${when})`, exact: true, includeHidden: true }).count()).toBe(1);
		expect(await axeViolations(page), 'a group with its meetings').toEqual([]);
		// Every company hosts a meeting now: taking a member out offers to free its meetings' host and place.
		const release = page.locator('input[name="releaseHosting"]');
		expect(await release.count()).toBeGreaterThan(0);
		expect(await textOf(page.locator(`label[for="${await release.first().getAttribute('id')}"]`))).toMatch(/^Gastgeberschaft am .+ freigeben: Gastgeber und Ort sind dann noch offen/);
		// The member's page names the group and the dates the company hosts.
		const groupPage = page.url();
		await page.locator('main a[href^="/koordination/mitglieder/"]:not([href="/koordination/mitglieder/"])').first().click();
		expect(await textOf(page.locator('dt:text-is("Fokusgruppe") + dd'))).toMatch(/^Fokusgruppe [A-Z]; Gastgeber am \d{1,2}\. \p{L}+ \d{4}/u);
		await page.goto(groupPage);
		// A second plan over the first is refused beside its form (already at its preview), and what was typed stays.
		// Tomorrow in Thuringia: between 23:00 and midnight UTC, UTC's tomorrow is already today there.
		const tomorrow = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(Date.now() + 86_400_000));
		await page.getByLabel('Erstes Treffen ab').fill(tomorrow);
		// Blocked days as people write them, or as ISO dates; anything else is named.
		await page.getByLabel(/^Gesperrte Tage/).fill('24.12.2026 morgen');
		await page.getByRole('button', { name: 'Vorschau', exact: true }).click();
		await expect.poll(() => textOf(page.locator('#plan-sperren-fehler'))).toBe('„morgen“ ist kein Datum wie 24.12.2026.');
		await page.getByLabel('Erstes Treffen ab').fill(tomorrow);
		await page.getByLabel(/^Gesperrte Tage/).fill('24.12.2026 2027-01-05');
		await page.getByRole('button', { name: 'Vorschau', exact: true }).click();
		await expect.poll(() => textOf(page.locator('form:has(#plan-start) [role="alert"]'))).toMatch(/^Bis zum .+ sind schon Treffen geplant\./);
		expect(await page.getByLabel(/^Gesperrte Tage/).inputValue()).toBe('24.12.2026 2027-01-05');
		expect(await page.getByLabel('Erstes Treffen ab').inputValue()).toBe(tomorrow);
		// Cancelling mails the group: not without the tick.
		const meetingId = (await page.locator('input[name="meetingId"]').first().getAttribute('value'))!;
		// A refused change of a meeting is explained beside its form, which stays open with what was typed.
		const row = page.locator(`#treffen-${meetingId}`);
		await row.locator('summary').click();
		const heldOn = await page.locator(`#datum-${meetingId}`).inputValue();
		// At the host's: the address field is empty, as its hint says (saving it so keeps the place, see below).
		expect(await page.locator(`#adresse-${meetingId}`).inputValue()).toBe('');
		expect(await textOf(row.locator('td[data-label="Gastgeber"]'))).toMatch(/, \d{5} /);
		await page.locator(`#datum-${meetingId}`).fill('2020-01-08');
		await page.locator(`#agenda-${meetingId}`).fill('Rundgang durch die Fertigung');
		await row.getByRole('button', { name: 'Speichern' }).click();
		await expect.poll(() => textOf(row.locator('[role="alert"]'))).not.toBe('');
		expect(await row.locator('details').getAttribute('open')).not.toBeNull();
		expect(await page.locator(`#datum-${meetingId}`).inputValue()).toBe('2020-01-08');
		expect(await page.locator(`#agenda-${meetingId}`).inputValue()).toBe('Rundgang durch die Fertigung');
		expect(await page.locator('main > [role="alert"]').count(), 'said once, beside the form').toBe(0);
		// Saved with its own date: only the schedule changed, and the answer says nobody was mailed.
		await page.locator(`#datum-${meetingId}`).fill(heldOn);
		await row.getByRole('button', { name: 'Speichern' }).click();
		await expect.poll(() => textOf(page.locator('#treffen + [role="status"]'))).toBe('Gespeichert. Zeit und Ort sind gleich geblieben; niemand wurde benachrichtigt.');
		const unconfirmedCancel = await postForm(baseURL, '/_actions/meetings.cancel/', { groupId, meetingId }, { cookie: office });
		expect(unconfirmedCancel.status).toBe(400);
		expect(unconfirmedCancel.body).toContain('Bitte bestätigen Sie die Absage');
		// Sent from the page: the message stands at that meeting's cancel form, which is open.
		const unconfirmedOnPage = await postForm(baseURL, `/koordination/gruppen/${groupId}/?_action=meetings.cancel`, { groupId, meetingId }, { cookie: office });
		expect(unconfirmedOnPage.status).toBe(400);
		expect(unconfirmedOnPage.body).toContain(`<p class="error" id="absagen-${meetingId}-fehler">Bitte bestätigen Sie die Absage; die Gruppe bekommt dazu eine E-Mail.</p>`);

		// A message to the whole group: not without the tick, then by mail to every member.
		const unconfirmedMessage = await postForm(baseURL, '/_actions/groups.message/', { groupId, form: 'formular00000009', subject: 'Neuer Ort', text: 'Das Treffen findet im neuen Werk statt.' }, { cookie: office });
		expect(unconfirmedMessage.status).toBe(400);
		expect(unconfirmedMessage.body).toContain('Bitte bestätigen Sie, dass die Nachricht an die ganze Gruppe gehen soll.');
		// On the page, the tick box itself takes the focus, with the text kept.
		const unconfirmedMessageOnPage = await postForm(baseURL, `/koordination/gruppen/${groupId}/?_action=groups.message`, { groupId, form: 'formular00000010', subject: 'Neuer Ort', text: 'Das Treffen findet im neuen Werk statt.' }, { cookie: office });
		expect(unconfirmedMessageOnPage.status).toBe(400);
		expect(unconfirmedMessageOnPage.body).toMatch(/<input[^>]*id="nachricht-bestaetigt"[^>]*autofocus/);
		expect(unconfirmedMessageOnPage.body).toContain('Das Treffen findet im neuen Werk statt.</textarea>');
		const message = page.getByRole('form', { name: 'Nachricht an die Gruppe' });
		await message.getByLabel('Betreff').fill('Neuer Ort');
		await message.getByLabel('Nachricht', { exact: true }).fill('Das Treffen findet im neuen Werk statt.\n\nBitte bringen Sie Sicherheitsschuhe mit.');
		await message.getByLabel('Die Nachricht ist fertig und soll an die ganze Gruppe gehen.').check();
		await message.getByRole('button', { name: 'Nachricht senden' }).click();
		await expect.poll(() => textOf(message.getByRole('status'))).toMatch(/^Die Nachricht ist an \d+ Mitglieder verschickt\.$/);
		expect(new URL(page.url()).hash, 'back at the form, where the message stands').toBe('#nachricht');
		const recipients = Number(/an (\d+) Mitglieder/.exec(await textOf(page.getByRole('status').first()))![1]);
		const messages = async () => (await readMails(join(server.dir, 'outbox'))).filter((m) => /^Fokusgruppe [A-Z]: Neuer Ort$/.test(m.subject ?? ''));
		await expect.poll(async () => (await messages()).length).toBe(recipients);
		expect((await messages())[0]!.text).toContain('Bitte bringen Sie Sicherheitsschuhe mit.');

		// A wrong duration is named at its field, in both meeting forms.
		for (const [action, fields] of [
			['meetings.create', { groupId, date: '2027-03-03', time: '14:00', durationMinutes: '10' }],
			['meetings.plan', { groupId, start: '2027-03-01', time: '14:00', durationMinutes: 'zwei Stunden', weekday: '3', intervalWeeks: '8', preview: '1' }],
		] as const) {
			const refused = await postForm(baseURL, `/koordination/gruppen/${groupId}/?_action=${action}`, fields, { cookie: office });
			expect(refused.status, action).toBe(400);
			expect(refused.body, action).toMatch(/<p class="error" id="[a-z-]*dauer-fehler">(Mindestens 30 Minuten\.|Bitte geben Sie die Dauer in Minuten an\.)<\/p>/);
		}

		// The host's account is deactivated later: a new time for that meeting keeps host and address.
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		const hosted = async () => (await db.execute({ sql: 'SELECT host_organization_id AS host, address FROM meeting WHERE id = ?', args: [meetingId] })).rows[0]!;
		const { host, address } = await hosted();
		const hostUser = (await db.execute({ sql: "SELECT id FROM user WHERE organization_id = ? AND role = 'member'", args: [host ?? null] })).rows[0]!.id as string;
		expect((await postForm(baseURL, '/_actions/members.setDeactivated/', { userId: hostUser, deactivated: 'true' }, { cookie: office })).status).toBe(200);
		await page.goto(`${baseURL}/koordination/gruppen/${groupId}/`);
		const editHost = page.locator(`#gastgeber-${meetingId}`);
		expect(await editHost.inputValue()).toBe(host);
		expect(await textOf(editHost.locator('option:checked'))).toMatch(/\(kein aktives Mitglied mehr\)$/);
		const date = await page.locator(`#datum-${meetingId}`).inputValue();
		const kept = await postForm(baseURL, '/_actions/meetings.update/', { groupId, meetingId, date, time: '15:00', durationMinutes: '180', hostOrganizationId: String(host), address: String(address ?? '') }, { cookie: office });
		expect(kept.status, kept.body.slice(0, 300)).toBe(200);
		expect(await hosted()).toMatchObject({ host, address });
		// Without host and place (what a host company leaving leaves behind), the work queue names the meeting.
		await db.execute({ sql: 'UPDATE meeting SET host_organization_id = NULL, address = NULL WHERE id = ?', args: [meetingId] });
		expect(await (await get(baseURL, '/koordination/', office)).text()).toMatch(/ohne Gastgeber und Ort: Treffen am \d+\. \S+ \d{4} um 15:00 Uhr/);
		// The group reads it too, rather than a date without a place to answer blind.
		const mate = (await db.execute({ sql: 'SELECT u.email FROM group_membership gm JOIN user u ON u.id = gm.user_id WHERE gm.group_id = ? AND u.deactivated_at IS NULL LIMIT 1', args: [groupId] })).rows[0]!.email as string;
		// (The first meeting listed is the group's next one: the card on the member's overview.)
		const overview = await (await get(baseURL, '/portal/', await login(baseURL, mate))).text();
		const nextCard = /<section aria-labelledby="next-heading"[\s\S]*?<\/section>/.exec(overview)![0];
		expect(nextCard).toMatch(/<p[^>]*>Gastgeber und Ort stehen noch nicht fest; die Koordinierungsstelle klärt das mit der Gruppe\.<\/p>/);
		await db.execute({ sql: 'UPDATE meeting SET host_organization_id = ?, address = ? WHERE id = ?', args: [host ?? null, address ?? null, meetingId] });
		expect(await (await get(baseURL, '/koordination/', office)).text()).not.toContain('ohne Gastgeber und Ort');
		db.close();
		expect((await postForm(baseURL, '/_actions/members.setDeactivated/', { userId: hostUser }, { cookie: office })).status).toBe(200);
	} finally {
		await close();
	}

	const index = DEMO_COMPANIES.findIndex((c) => c.person === movedName);
	expect(index).toBeGreaterThanOrEqual(0);
	const member = await login(baseURL, demoMember(index + 1));
	const portal = await (await get(baseURL, '/portal/', member)).text();
	expect(portal).toMatch(/Fokusgruppe [A-Z]:/);
	expect(portal).toContain(movedName);
	expect(portal).not.toContain('wird gerade zusammengestellt');

	// The office's page of that member names the group and the meetings the company hosts, and
	// deactivating asks first.
	const office = await login(baseURL, DEMO_COORDINATOR);
	const userId = `demouser${String(index + 1).padStart(8, '0')}`;
	const memberPage = await (await get(baseURL, `/koordination/mitglieder/${userId}/`, office)).text();
	expect(memberPage).toMatch(/<dt>Fokusgruppe<\/dt>\s*<dd>\s*<a href="\/koordination\/gruppen\/[a-z0-9]+\/">Fokusgruppe [A-Z]<\/a>/);
	expect(memberPage).toContain('<summary>Deaktivieren</summary>');
	// Saving the company unchanged logs no change of location.
	const values = Object.fromEntries([...memberPage.matchAll(/<input[^>]*name="(name|industry|street|postcode|town|website)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
	expect(Object.keys(values)).toEqual(expect.arrayContaining(['name', 'industry', 'postcode', 'town']));
	const sizeBand = /<option value="([^"]+)" selected/.exec(memberPage.slice(memberPage.indexOf('name="sizeBand"')))![1]!;
	const updates = async () => {
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		const rows = (await db.execute({ sql: "SELECT count(*) AS n FROM audit_event e JOIN user u ON u.organization_id = e.subject_id WHERE e.action = 'organization.updated' AND u.id = ?", args: [userId] })).rows;
		db.close();
		return Number(rows[0]!.n);
	};
	// The form's first save may tidy what the demo data wrote differently (the WZ label); a second one changes nothing.
	const saved = await postForm(baseURL, '/_actions/members.update/', { userId, ...values, sizeBand }, { cookie: office });
	expect(saved.status, saved.body.slice(0, 200)).toBe(200);
	const before = await updates();
	expect((await postForm(baseURL, '/_actions/members.update/', { userId, ...values, sizeBand }, { cookie: office })).status).toBe(200);
	// Nothing changed (the location looked up again included): nothing logged.
	expect(await updates()).toBe(before);
	// Through the page's own form: a plain GET follows, so reloading does not save again; saved
	// unchanged, the answer does not claim a change.
	const viaPage = await postForm(baseURL, `/koordination/mitglieder/${userId}/?_action=members.update`, { userId, ...values, sizeBand }, { cookie: office });
	expect([viaPage.status, viaPage.location]).toEqual([303, `/koordination/mitglieder/${userId}/?erledigt=angaben-unveraendert`]);
	expect(await (await get(baseURL, viaPage.location!, office)).text()).toContain('Die Angaben standen schon so; es hat sich nichts geändert.');
	// A new place the list does not know (outside Thuringia) loses the old location instead of keeping it for wrong distances, and the office is told.
	const located = async () => {
		const client = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		const row = (await client.execute({ sql: 'SELECT o.latitude AS lat FROM organization o JOIN user u ON u.organization_id = o.id WHERE u.id = ?', args: [userId] })).rows[0]!;
		client.close();
		return row.lat !== null;
	};
	const away = await postForm(baseURL, `/koordination/mitglieder/${userId}/?_action=members.update`, { userId, ...values, postcode: '01067', town: 'Dresden', sizeBand }, { cookie: office });
	expect(away.location).toBe(`/koordination/mitglieder/${userId}/?erledigt=angaben-ohne-ort`);
	expect(await (await get(baseURL, away.location!, office)).text()).toContain('Den neuen Ort findet die Ortsliste (Thüringer Postleitzahlen) nicht');
	expect(await located()).toBe(false);
	// Back at the old address, the place is found again.
	expect((await postForm(baseURL, `/koordination/mitglieder/${userId}/?_action=members.update`, { userId, ...values, sizeBand }, { cookie: office })).location).toBe(`/koordination/mitglieder/${userId}/?erledigt=angaben`);
	expect(await located()).toBe(true);
});
