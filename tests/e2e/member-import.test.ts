/**
 * The office takes over its existing network from a spreadsheet, in Chromium: a faulty file is
 * named line by line and creates nothing; a good one (saved by Excel in Windows-1252) shows who
 * would come, creates the accounts without mail, and the invitations go out when the office
 * says so. Own server: the demo data change.
 */
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_COORDINATOR, get, login, postForm } from '../helpers/http.ts';
import { openPage, signIn, textOf, useBrowser, type TrackedPage } from '../helpers/browser.ts';
import { readMails } from '../helpers/mail-sink.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const browser = useBrowser();
let server: RunningServer;
let tab: TrackedPage;

const HEADER = 'Unternehmen;Rechtsform;WZ-Klasse;PLZ;Ort;Person;Funktion;E-Mail;Themen (Rangfolge)';
const GOOD = [
	HEADER,
	'Röder Präzisionsguss GmbH;GmbH;24.53;98527;Suhl;Jörg Röder;Geschäftsführer;joerg@roeder-guss.example;Energieeffizienz | Mitarbeitergewinnung',
	'Röder Präzisionsguss GmbH;GmbH;24.53;98527;Suhl;Anke Röder;Prokuristin;anke@roeder-guss.example;',
	'Saale Software UG;UG (haftungsbeschränkt);62.01;07743;Jena;Sven Saale;Inhaber;sven@saale-software.example;Kundenbindung',
].join('\r\n');
/** As Excel with German settings saves "CSV (Trennzeichen-getrennt)": Windows-1252, one byte per umlaut. */
const windows1252 = (text: string) => Buffer.from([...text].map((ch) => ch.charCodeAt(0)));

beforeAll(async () => {
	server = await startServer();
	tab = await openPage(browser());
	await signIn(tab.page, server.baseURL, DEMO_COORDINATOR, { home: '/koordination/' });
});
afterAll(async () => {
	await tab?.close();
	await server?.stop();
});

const outboxMails = () => readMails(join(server.dir, 'outbox'));
const recipient = (mail: Awaited<ReturnType<typeof readMails>>[number]) => (mail.to && 'text' in mail.to ? mail.to.text : '');

async function check(name: string, content: Buffer) {
	await tab.page.setInputFiles('#feld-datei', { name, mimeType: 'text/csv', buffer: content });
	await tab.page.getByRole('button', { name: 'Datei prüfen' }).click();
	await tab.page.getByRole('heading', { name: new RegExp(`^2\\. Ergebnis der Prüfung: ${name}`) }).waitFor();
}

describe('taking over an existing network', () => {
	test('a faulty file is named line by line, column by column, and nothing is created', async () => {
		const { page } = tab;
		await page.goto(`${server.baseURL}/koordination/mitglieder/`);
		await page.getByRole('link', { name: 'Bestand aus einer Liste übernehmen' }).click();
		await page.getByRole('heading', { name: 'Bestand übernehmen', level: 1 }).waitFor();
		await check('fehler.csv', Buffer.from(`${HEADER}\r\nKaputt GmbH;GmbH;28.41;985;Suhl;Karl Kaputt;;karl(at)kaputt.example;\r\n`));
		const alert = page.locator('#ergebnis-titel + .form-message--error');
		expect(await textOf(alert)).toContain('So lässt sich die Datei nicht übernehmen (2 Probleme).');
		expect(await textOf(alert)).toContain('Zeile 2 (Kaputt GmbH): Spalte „PLZ“: Bitte geben Sie eine fünfstellige Postleitzahl an.');
		expect(await textOf(alert)).toContain('Zeile 2 (Kaputt GmbH): Spalte „E-Mail“: Bitte geben Sie eine gültige E-Mail-Adresse an');
		expect(await page.getByRole('button', { name: /Konten? anlegen/ }).count()).toBe(0);
		const members = await (await get(server.baseURL, '/koordination/mitglieder/?suche=Kaputt', await login(server.baseURL, DEMO_COORDINATOR))).text();
		expect(members).toContain('Keine Mitglieder zu dieser Auswahl.');
	});

	test('a good file shows who would come; taking it over creates invited accounts and sends no mail', async () => {
		const { page } = tab;
		await check('bestand.csv', windows1252(GOOD));
		expect(await textOf(page.locator('section', { has: page.getByRole('heading', { name: /^2\./ }) }).locator('p').first())).toBe('3 Personen aus 2 Unternehmen, davon 2 neu.');
		const rows = page.locator('table tbody tr');
		expect(await rows.count()).toBe(3);
		expect(await textOf(rows.first())).toContain('Röder Präzisionsguss GmbH, Suhl');
		expect(await textOf(rows.first())).toContain('Energieeffizienz, Mitarbeitergewinnung');
		const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
		expect(axe.violations.map((v) => v.id)).toEqual([]);

		await page.getByRole('button', { name: '3 Konten anlegen' }).click();
		await page.waitForURL(/erledigt=angelegt-3-2/);
		expect(await textOf(page.getByRole('status'))).toBe('3 Konten sind angelegt, dazu 2 neue Unternehmen. Eingeladen ist noch niemand; das geht unten unter „Einladungen“, wenn es so weit ist.');
		expect(await textOf(page.locator('section', { has: page.getByRole('heading', { name: 'Einladungen' }) }))).toContain('3 übernommene Konten haben noch keine Einladung bekommen: Anke Röder, Jörg Röder, Sven Saale.');
		expect(await outboxMails()).toEqual([]);

		await page.goto(`${server.baseURL}/koordination/mitglieder/?suche=Röder`);
		expect(await textOf(page.locator('table tbody'))).toMatch(/Röder Präzisionsguss GmbH 2 Personen.*übernommen, nicht eingeladen/);
		// Their own view of the list; "Einladung noch nicht angenommen" is for invitations that went out.
		await page.goto(`${server.baseURL}/koordination/mitglieder/?stand=nicht-eingeladen`);
		expect(await page.locator('table tbody tr').count()).toBe(3);
		await page.goto(`${server.baseURL}/koordination/mitglieder/?stand=eingeladen`);
		expect(await textOf(page.locator('main'))).not.toContain('Röder');
		await page.goto(`${server.baseURL}/koordination/`);
		expect(await textOf(page.locator('section', { has: page.getByRole('heading', { name: /^Einladung noch nicht angenommen/ }) }))).toContain('3 übernommene Konten warten noch auf die erste Einladung');
	});

	test('the same file a second time: its check names the accounts it has now, and taking it again creates nothing twice', async () => {
		await tab.page.goto(`${server.baseURL}/koordination/mitglieder/uebernehmen/`);
		await check('bestand.csv', Buffer.from(GOOD));
		expect(await textOf(tab.page.locator('#ergebnis-titel + .form-message--error'))).toContain('Zeile 2 (Röder Präzisionsguss GmbH): Zu joerg@roeder-guss.example gibt es schon ein Konto (Jörg Röder).');
		// A second click on "anlegen" (or the form sent again) answers as the first did.
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const again = await postForm(server.baseURL, '/koordination/mitglieder/uebernehmen/?_action=memberImport.take', { daten: GOOD }, { cookie: office });
		expect([again.status, again.location]).toEqual([303, '/koordination/mitglieder/uebernehmen/?erledigt=schon-angelegt-3']);
		expect(await (await get(server.baseURL, again.location!, office)).text()).toContain('Diese Datei ist schon übernommen (3 Konten); doppelt angelegt ist nichts.');
		expect(await (await get(server.baseURL, '/koordination/mitglieder/?suche=Röder', office)).text()).toMatch(/2 Personen/);
	});

	test('one account is invited from its own page: the first invitation, not "again"', async () => {
		const { page } = tab;
		await page.goto(`${server.baseURL}/koordination/mitglieder/uebernehmen/`);
		await page.getByRole('link', { name: 'Sven Saale' }).click();
		expect(await textOf(page.locator('dd').filter({ hasText: 'übernommen' }))).toBe('aus der Liste übernommen, noch nicht eingeladen');
		await page.getByRole('button', { name: 'Einladung senden', exact: true }).click();
		await page.waitForURL(/erledigt=erste-einladung/);
		expect(await textOf(page.getByRole('status'))).toBe('Die Einladung ist verschickt; ihr Link gilt sieben Tage.');
		expect(await page.getByRole('button', { name: 'Einladung erneut senden' }).count()).toBe(1);
	});

	test('the other invitations go out when the office says so, one to each', async () => {
		const { page } = tab;
		await page.goto(`${server.baseURL}/koordination/mitglieder/uebernehmen/`);
		await page.getByRole('button', { name: '2 Einladungen senden' }).click();
		await page.waitForURL(/erledigt=einladungen-2/);
		expect(await textOf(page.getByRole('status'))).toContain('2 Einladungen gehen gerade hinaus');
		for (let i = 0; i < 100 && (await outboxMails()).length < 3; i++) await new Promise((r) => setTimeout(r, 100));
		const mails = await outboxMails();
		expect(mails.map(recipient).map((to) => /<?([^<>\s]+@[^<>\s]+)>?$/.exec(to)?.[1]).sort()).toEqual(['anke@roeder-guss.example', 'joerg@roeder-guss.example', 'sven@saale-software.example']);
		await page.reload();
		expect(await textOf(page.locator('section', { has: page.getByRole('heading', { name: 'Einladungen' }) }))).toBe('Einladungen Kein übernommenes Konto wartet auf seine erste Einladung.');
	});
});
