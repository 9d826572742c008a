/**
 * Joining, in Chromium: a company applies (without and with JavaScript), sees its mistakes
 * next to the fields with everything kept, the office accepts or declines, and the new member
 * receives the invitation over SMTP, sets a password and signs in.
 */
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_COMPANIES } from '../../db/seed/demo.ts';
import { openPage, signIn as signInAt, textOf, useBrowser } from '../helpers/browser.ts';
import { DEMO_COORDINATOR, DEMO_PASSWORD, get, login, postForm } from '../helpers/http.ts';
import { waitForMail } from '../helpers/mail-sink.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const baseURL = inject('baseURL');
const mailDir = inject('mailDir');
const browser = useBrowser();

/** Fills every field; `industry: null` leaves the branch as it is (picked from the suggestions). */
async function fillApplication(page: Page, company: string, email: string, industry: string | null = '22.29 – Herstellung von sonstigen Kunststoffwaren') {
	await page.getByLabel('Name des Unternehmens').fill(company);
	await page.getByLabel('Rechtsform (freiwillig)', { exact: true }).selectOption('GmbH');
	if (industry) await page.getByLabel('Branche', { exact: true }).fill(industry);
	await page.getByLabel('Beschäftigte').selectOption('10-49');
	await page.getByLabel('Straße und Hausnummer').fill('Am Werk 7');
	await page.getByLabel('Postleitzahl').fill('07743');
	await page.getByLabel('Ort', { exact: true }).fill('Jena');
	await page.getByLabel('Ihr Name').fill('Greta Probst');
	await page.getByLabel('Ihre Funktion').fill('Geschäftsführerin');
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Thema, 1. Wahl').selectOption({ label: 'Energieeffizienz' });
	await page.getByLabel('Thema, 2. Wahl (freiwillig)').selectOption({ label: 'Mitarbeitergewinnung' });
	await page.getByLabel('Was Sie sich erhoffen (freiwillig)').fill('Erfahrungen mit Druckluft und Abwärme austauschen.');
	await page.getByLabel('Wettbewerber und enge Geschäftspartner (freiwillig)').fill('Thüringer Leichtmetallguss AG (Wettbewerber)');
	// People need more than the minimum fill time; the test waits as long.
	await page.waitForTimeout(3100);
}

async function signIn(page: Page, email: string, password: string) {
	await page.goto(`${baseURL}/portal/anmelden/`);
	await page.getByLabel('E-Mail-Adresse').fill(email);
	await page.getByLabel('Passwort', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Anmelden' }).click();
}

describe('applying', () => {
	test('the list of industries finds a division\'s name while typing: "Maschinenbau" is no class\'s title', async () => {
		const html = await (await get(baseURL, '/mitmachen/')).text();
		const machines = [...html.matchAll(/<option value="(28\.\d\d) – [^"]+" label="Maschinenbau"/g)].map((m) => m[1]);
		expect(machines).toContain('28.41');
		expect(machines.length).toBeGreaterThan(10);
		expect(html).toContain('z. B. „Maschinenbau“, „Werkzeug“, „Software“');
	});

	test('the form is never kept by the browser, so going back after sending brings a fresh one', async () => {
		const response = await get(baseURL, '/mitmachen/');
		expect(response.headers.get('cache-control')).toBe('no-store');
		const html = await response.text();
		// A restored key would make a corrected second application count as the first one.
		expect(html).toMatch(/<input type="hidden" name="idempotencyKey" value="[a-z2-9]{16}" autocomplete="off"/);
		// The trap for bots carries no name or label that autofill would fill in (a fax number once did).
		expect(html).toMatch(/<input id="feld-zusatzangabe" name="zusatzangabe" tabindex="-1" autocomplete="off"/);
		expect(html).not.toMatch(/name="fax"|Faxnummer/);
	});

	test('a long text or name pasted in is never cut off by the browser: the server checks the limit and keeps the text', async () => {
		const html = await (await get(baseURL, '/mitmachen/')).text();
		const textareas = html.match(/<textarea[^>]*>/g) ?? [];
		expect(textareas.length).toBe(2);
		for (const textarea of textareas) expect(textarea).not.toContain('maxlength');
		expect(html).toMatch(/id="feld-motivation-hinweis">Was möchten Sie in der Fokusgruppe besprechen, was mitnehmen\? Höchstens 2\.000 Zeichen\.</);
		// Nor a line: a company name pasted in whole comes back whole, with the limit said.
		const inputs = html.match(/<input[^>]*>/g) ?? [];
		expect(inputs.length).toBeGreaterThan(10);
		for (const input of inputs) expect(input).not.toContain('maxlength');
		const applicant = await openPage(browser(), { javaScriptEnabled: false });
		try {
			const { page } = applicant;
			await page.goto(`${baseURL}/mitmachen/`);
			const longName = `Schäfer & Söhne Präzisionsteile und Vorrichtungsbau für Werkzeugmaschinen GmbH & Co. KG, Zweigniederlassung Ilmenau-Süd (Thüringen), Betriebsteil Langewiesen`;
			expect(longName.length).toBeGreaterThan(150);
			await page.getByLabel('Name des Unternehmens').focus();
			await page.keyboard.insertText(longName); // as a paste arrives: maxlength would cut it here
			await page.getByRole('button', { name: 'Bewerbung absenden' }).click();
			await expect.poll(() => page.getByText('Höchstens 150 Zeichen, bitte kürzen.').count()).toBeGreaterThan(0);
			expect(await page.getByLabel('Name des Unternehmens').inputValue()).toBe(longName);
		} finally {
			await applicant.close();
		}
	});

	test('without JavaScript: errors next to the fields, entries kept, then accepted and invited', async () => {
		const company = 'Saaletal Kunststoff Probst GmbH';
		const email = 'greta.probst@example.net';
		const applicant = await openPage(browser(), { javaScriptEnabled: false });
		try {
			const { page } = applicant;
			await page.goto(`${baseURL}/mitmachen/`);
			// Sent empty, there is nothing else to keep, and the summary does not claim there is.
			await page.getByRole('button', { name: 'Bewerbung absenden' }).click();
			await expect.poll(() => page.locator('#fehler p').textContent().then((t) => t?.trim())).toMatch(/^Bitte prüfen Sie \d+ Angaben\.$/);
			await page.getByLabel('Name des Unternehmens').fill(company);
			await page.getByLabel('Postleitzahl').fill('123');
			await page.getByLabel('Branche', { exact: true }).fill('Maschinenbau');
			await page.getByRole('button', { name: 'Bewerbung absenden' }).click();
			await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/Bitte prüfen Sie \d+ Angaben\. Ihre übrigen Eingaben sind noch da\./);
			expect(await page.evaluate(() => document.activeElement?.id), 'the summary has the focus, so it is read out and in view').toBe('fehler');
			expect(await page.locator('[autofocus]').count(), 'HTML allows one autofocus per page').toBe(1);
			expect(await page.getByLabel('Name des Unternehmens').inputValue()).toBe(company);
			expect(await page.getByText('Bitte geben Sie eine fünfstellige Postleitzahl an.').count()).toBeGreaterThan(0);
			expect(await page.getByLabel('Postleitzahl').getAttribute('aria-invalid')).toBe('true');
			expect(await page.title(), 'announced first when the page comes back').toMatch(/^Fehler: Mitmachen/);
			// The summary lists the problems in the order of the form.
			const listed = await page.locator('#fehler li a').allTextContents();
			expect(listed.indexOf('Beschäftigte')).toBeLessThan(listed.indexOf('Postleitzahl'));
			// A branch in own words: the classes it may mean, to pick with one tap.
			const suggestions = page.getByRole('group', { name: 'Passende Branchen zu „Maschinenbau“' });
			expect(await suggestions.getByRole('radio').count()).toBeGreaterThan(2);
			await suggestions.getByLabel('28.99 – Herstellung von Maschinen für sonstige bestimmte Wirtschaftszweige a. n. g.').check();

			await fillApplication(page, company, email, null);
			await page.getByRole('button', { name: 'Bewerbung absenden' }).click();
			await page.waitForURL(`${baseURL}/mitmachen/danke/`);
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Vielen Dank für Ihre Bewerbung');
		} finally {
			await applicant.close();
		}
		const receipt = await waitForMail(mailDir, email, /ist eingegangen/);
		expect(receipt.replyTo?.value[0]?.address, 'the applicant answers the office').toBe('koordination@example.org');
		const notice = await waitForMail(mailDir, 'koordination@example.org', new RegExp(`Neue Bewerbung: ${company}`));
		expect(notice.replyTo?.value[0]?.address, 'the office answers the applicant').toBe(email);

		const office = await openPage(browser());
		try {
			const { page } = office;
			await signIn(page, DEMO_COORDINATOR, DEMO_PASSWORD);
			await page.waitForURL(`${baseURL}/koordination/`);
			// The demo's application from Coburg (Bavaria) has waited long; it keeps its warning there too.
			const waiting = page.getByRole('region', { name: /^Warten seit über 14 Tagen/ }).getByRole('listitem').filter({ hasText: 'Coburger Antriebssysteme KG' });
			expect(await textOf(waiting)).toMatch(/, Coburg · eingegangen .+ · außerhalb Thüringens$/);
			// Members without a group: the queue says where they get one.
			const withoutGroup = page.getByRole('region', { name: /^Aufgenommene Mitglieder ohne Gruppe/ });
			expect(await withoutGroup.getByRole('link', { name: 'Gruppen', exact: true }).getAttribute('href')).toBe('/koordination/gruppen/');
			// All demo members are without a group: their list waits behind a disclosure, so the sections below stay near.
			expect(await textOf(withoutGroup.locator('summary'))).toMatch(/^Liste der \d{2} Mitglieder$/);
			const someone = withoutGroup.locator('li a').first();
			expect(await someone.isVisible()).toBe(false);
			await withoutGroup.locator('summary').click();
			expect(await someone.isVisible()).toBe(true);
			await page.getByRole('region', { name: /Neue Bewerbungen/ }).getByRole('link', { name: company }).click();
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(company);
			await page.getByLabel('Notiz (nicht in E-Mails; Teil einer Datenauskunft an die Person)').first().fill('Passt zur Energiegruppe.');
			await page.getByRole('button', { name: 'Aufnehmen und einladen' }).click();
			await expect.poll(() => page.getByRole('status').textContent()).toMatch(/Aufgenommen\. Das Mitgliedskonto ist angelegt und die Einladung verschickt\./);
			expect(new URL(page.url()).search, 'a plain GET after the decision: reloading does not decide again').toBe('?erledigt=aufgenommen');
			// The competitors the application named lead to the member's conflict register, and stand beside it.
			await page.getByRole('link', { name: 'im Konfliktregister des Mitglieds' }).click();
			expect(new URL(page.url()).hash).toBe('#konfliktregister');
			expect(await textOf(page.locator('blockquote.applicant-note'))).toBe('Thüringer Leichtmetallguss AG (Wettbewerber)');
		} finally {
			await office.close();
		}

		const invitation = await waitForMail(mailDir, email, /Ihre Bewerbung ist angenommen/);
		expect(invitation.text).toContain(`die Bewerbung Ihres Unternehmens „${company}“ angenommen`);
		const link = /(http\S+\/portal\/einladung\/\?token=\S+)/.exec(invitation.text ?? '')![1]!;
		const member = await openPage(browser());
		try {
			const { page } = member;
			await page.goto(link);
			const password = 'Neun Reiher stehen an der Saale';
			await page.getByLabel('Neues Passwort', { exact: true }).fill(password);
			await page.getByLabel('Neues Passwort wiederholen').fill(password);
			await page.getByRole('button', { name: 'Passwort festlegen und anmelden' }).click();
			await page.waitForURL(`${baseURL}/portal/`);
			expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Guten Tag, Greta Probst');
		} finally {
			await member.close();
		}
	});

	test('with JavaScript: apply, then the office declines with a polite mail', async () => {
		const company = 'Werratal Versuchsbau GmbH';
		const email = 'absage@example.net';
		const applicant = await openPage(browser());
		try {
			await applicant.page.goto(`${baseURL}/mitmachen/`);
			await fillApplication(applicant.page, company, email);
			await applicant.page.getByRole('button', { name: 'Bewerbung absenden' }).click();
			await applicant.page.waitForURL(`${baseURL}/mitmachen/danke/`);
		} finally {
			await applicant.close();
		}
		const office = await openPage(browser());
		try {
			const { page } = office;
			await signIn(page, DEMO_COORDINATOR, DEMO_PASSWORD);
			await page.waitForURL(`${baseURL}/koordination/`);
			await page.getByRole('link', { name: 'Bewerbungen', exact: true }).click();
			await page.getByLabel('Suche', { exact: true }).fill('Werratal');
			await page.getByRole('button', { name: 'Suchen' }).click();
			await page.getByRole('link', { name: company }).click();
			await page.getByLabel('Begründung (nicht im Absageschreiben; Teil einer Datenauskunft an die Person)').fill('Wettbewerber bereits in der Gruppe.');
			// The office can read the mail before it goes, and has to say it means it.
			await page.getByText('Text der Absage ansehen').click();
			expect(await page.locator('.mail-preview').textContent()).toContain(`für die Bewerbung Ihres Unternehmens „${company}“`);
			await page.getByRole('button', { name: 'Ablehnen' }).click();
			expect(await page.getByRole('button', { name: 'Ablehnen' }).count(), 'the browser keeps the unconfirmed form').toBe(1);
			await page.getByLabel('Ja, ablehnen. Das lässt sich nicht zurücknehmen.').check();
			await page.getByRole('button', { name: 'Ablehnen' }).click();
			await expect.poll(() => textOf(page.getByRole('status'))).toBe('Abgelehnt. Die freundliche Absage ist per E-Mail an das Unternehmen unterwegs.');
			// The answer has the focus: read out, and the keyboard goes on from there, not from the top.
			expect(await page.getByRole('status').evaluate((message) => message === document.activeElement)).toBe(true);
			expect(await page.getByRole('button', { name: 'Ablehnen' }).count()).toBe(0);
			// Later, for whoever takes the applicant's call: the page and the log say the mail went out.
			await page.reload();
			expect(await page.getByText('(Absage per E-Mail veranlasst): Wettbewerber bereits in der Gruppe.').count()).toBe(1);
		} finally {
			await office.close();
		}
		const mail = await waitForMail(mailDir, email, /Ihre Bewerbung für das ThZM-Netzwerkforum$/);
		expect(mail.text).toContain('leider');
		expect(mail.text).not.toContain('Wettbewerber bereits');
	});

	test('a refused decision keeps its note, and an unticked mail box stays unticked', async () => {
		const office = await login(baseURL, DEMO_COORDINATOR);
		const page = '/koordination/bewerbungen/antrag4444444444/';
		// Not confirmed: refused, nothing decided.
		const refused = await postForm(baseURL, `${page}?_action=applications.decline`, { id: 'antrag4444444444', note: 'Erst nach Rücksprache' }, { cookie: office });
		expect(refused.status).toBe(400);
		expect(refused.body).toMatch(/<input type="checkbox" id="notify" name="notifyApplicant"\s*\/?>/);
		expect(refused.body).toContain('>Erst nach Rücksprache</textarea>');
		// The refusal stands at the tick box, which takes the focus; the top of the page stays quiet
		// (the forms are far below it on a phone).
		expect(refused.body).toMatch(/<input type="checkbox" id="decline-confirmed"[^>]*aria-invalid="true"[^>]*autofocus/);
		expect(refused.body).toContain('<p class="error" id="decline-confirmed-fehler">Bitte bestätigen Sie die Absage; sie lässt sich nicht zurücknehmen.</p>');
		expect(refused.body).not.toMatch(/role="alert"/);
		const withdrawRefused = await postForm(baseURL, `${page}?_action=applications.withdraw`, { id: 'antrag4444444444', note: 'x'.repeat(2001), confirmed: 'on' }, { cookie: office });
		expect(withdrawRefused.status).toBe(400);
		expect(withdrawRefused.body).toContain(`>${'x'.repeat(2001)}</textarea>`);
		expect(withdrawRefused.body, 'the note too long is marked at the note').toMatch(/<textarea id="notiz-withdraw"[^>]*aria-invalid="true"/);
		expect(withdrawRefused.body).toMatch(/<p class="error" id="notiz-withdraw-fehler">Höchstens 2\.000 Zeichen/);
		// Withdrawn cannot be taken back either: not without the tick.
		const unconfirmed = await postForm(baseURL, '/_actions/applications.withdraw/', { id: 'antrag4444444444' }, { cookie: office });
		expect(unconfirmed.status).toBe(400);
		expect(JSON.parse(unconfirmed.body).fields.confirmed).toEqual(['Bitte bestätigen Sie, dass das Unternehmen seine Bewerbung zurückzieht; das lässt sich nicht zurücknehmen.']);
		// A fresh page has the box ticked.
		expect(await (await get(baseURL, page, office)).text()).toMatch(/<input type="checkbox" id="notify" name="notifyApplicant" checked/);
	});
});

describe('an application from someone already on file', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(() => server.stop());

	test('the office sees the account under the address and the company on file before it decides', async () => {
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		// A demo member applies again, for the company of another demo member.
		await db.execute({
			sql: `INSERT INTO application (id, status, company_name, industry_code, industry_label, street, postcode, town, size_band, contact_name, contact_position, contact_email, interests, opt_ins, submitted_at, idempotency_key)
				VALUES ('nochmalantragzwo', 'submitted', ?, '62.01', 'Programmierungstätigkeiten', 'Am Ehrenberg 1', '98693', 'Ilmenau', '10-49', 'Katrin Vogler', 'Geschäftsführerin', 'mitglied1@example.org', '["kundenbindung"]', '[]', ?, 'nochmalschluessel')`,
			args: [DEMO_COMPANIES[1]!.name, Math.floor(Date.now() / 1000)],
		});
		db.close();
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const page = await (await get(server.baseURL, '/koordination/bewerbungen/nochmalantragzwo/', office)).text();
		const onFile = /<section class="notice" aria-labelledby="schon-erfasst">([\s\S]*?)<\/section>/.exec(page)?.[1] ?? '';
		expect(onFile).toContain('Unter mitglied1@example.org gibt es schon ein Mitgliedskonto (Katrin Vogler). Aufnehmen ist mit dieser Adresse nicht möglich.');
		expect(onFile).toContain(`Ein Unternehmen „${DEMO_COMPANIES[1]!.name}“ (98693 Ilmenau) ist schon erfasst.`);
		expect(onFile).toContain('href="/koordination/mitglieder/demouser00000001/"');
		// An application nobody knows has no such section, and neither has one already decided.
		expect(await (await get(server.baseURL, '/koordination/bewerbungen/antrag3333333333/', office)).text()).not.toContain('schon-erfasst');
		expect((await postForm(server.baseURL, '/_actions/applications.withdraw/', { id: 'nochmalantragzwo', confirmed: 'on' }, { cookie: office })).status).toBe(200);
		expect(await (await get(server.baseURL, '/koordination/bewerbungen/nochmalantragzwo/', office)).text()).not.toContain('schon-erfasst');

		// The person asks for deletion: not without the tick, then gone at once, and the list says so.
		const address = '/koordination/bewerbungen/nochmalantragzwo/';
		const unconfirmed = await postForm(server.baseURL, `${address}?_action=applications.erase`, { id: 'nochmalantragzwo' }, { cookie: office });
		expect(unconfirmed.status).toBe(400);
		expect(unconfirmed.body).toContain('Bitte bestätigen Sie das Löschen; es lässt sich nicht zurücknehmen.');
		const erased = await postForm(server.baseURL, `${address}?_action=applications.erase`, { id: 'nochmalantragzwo', confirmed: 'on' }, { cookie: office });
		expect([erased.status, erased.location]).toEqual([303, '/koordination/bewerbungen/?erledigt=geloescht']);
		expect(await (await get(server.baseURL, erased.location!, office)).text()).toContain('Die Bewerbung ist gelöscht.');
		expect((await get(server.baseURL, address, office)).status).toBe(404);
		// A second click finds nothing left and says so.
		const again = await postForm(server.baseURL, `${address}?_action=applications.erase`, { id: 'nochmalantragzwo', confirmed: 'on' }, { cookie: office });
		expect(again.location).toBe('/koordination/bewerbungen/?erledigt=nicht-mehr-da');
		expect(await (await get(server.baseURL, again.location!, office)).text()).toContain('Diese Bewerbung gibt es nicht mehr; sie ist schon gelöscht.');
	});

	test("a colleague of a member company gave the member's address: the office corrects it and accepts the person into the company on file", async () => {
		const company = DEMO_COMPANIES[5]!;
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		const insert = (id: string, email: string, key: string) =>
			db.execute({
				sql: `INSERT INTO application (id, status, company_name, industry_code, industry_label, street, postcode, town, size_band, contact_name, contact_position, contact_email, interests, opt_ins, submitted_at, idempotency_key)
					VALUES (?, 'submitted', ?, '62.01', 'Programmierungstätigkeiten', 'Am Werk 2', ?, ?, '10-49', 'Jonas Kollege', 'Prokurist', ?, '["kundenbindung"]', '[]', ?, ?)`,
				args: [id, company.name, company.postcode, company.town, email, Math.floor(Date.now() / 1000), key],
			});
		await insert('kollegenantrag22', 'mitglied6@example.org', 'kollegenschluessel');
		const organizations = async () => Number((await db.execute('SELECT count(*) AS n FROM organization')).rows[0]!.n);
		const companiesBefore = await organizations();
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const address = '/koordination/bewerbungen/kollegenantrag22/';

		// The page offers the correction (open, since the address has an account) and the company on file.
		const page = await (await get(server.baseURL, address, office)).text();
		expect(page).toMatch(/<details open>\s*<summary>Angaben zur Ansprechperson berichtigen<\/summary>/);
		expect(page).toMatch(/<input type="radio" id="company-demoorg000000006" name="company" value="demoorg000000006" required/);
		expect(page).toContain(`Als weitere Person von „${company.name}“ (${company.postcode} ${company.town})`);

		// Accepting with the member's address: refused, with what to do and the way to the account.
		const taken = await postForm(server.baseURL, `${address}?_action=applications.accept`, { id: 'kollegenantrag22', company: 'demoorg000000006' }, { cookie: office });
		expect(taken.status).toBe(409);
		const alert = /<div class="form-message form-message--error" role="alert"[^>]*>([\s\S]*?)<\/div>/.exec(taken.body)?.[1] ?? '';
		expect(alert).toContain('berichtigen Sie sie unter „Ansprechperson“ und nehmen Sie dann auf');
		expect(alert).toContain('<a href="/koordination/mitglieder/demouser00000006/">Zum Mitglied</a>');

		// A refused correction names each field in German and keeps what was typed.
		const refused = await postForm(server.baseURL, `${address}?_action=applications.correctContact`, { id: 'kollegenantrag22', contactName: 'Jonas Kollege', contactPosition: '', contactEmail: 'jonas@kollege', contactPhone: '' }, { cookie: office });
		expect(refused.status).toBe(400);
		expect(refused.body).toContain('<p class="error" id="feld-contactPosition-fehler">Bitte geben Sie die Funktion im Unternehmen an.</p>');
		expect(refused.body).toContain('<p class="error" id="feld-contactEmail-fehler">Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@firma.de.</p>');
		expect(refused.body).toMatch(/<input id="feld-contactEmail" name="contactEmail"[^>]*value="jonas@kollege"/);
		expect(refused.body).not.toMatch(/role="alert"/);

		const corrected = await postForm(server.baseURL, `${address}?_action=applications.correctContact`, { id: 'kollegenantrag22', contactName: 'Jonas Kollege', contactPosition: 'Prokurist', contactEmail: 'Jonas.Kollege@example.net', contactPhone: '' }, { cookie: office });
		expect([corrected.status, corrected.location]).toEqual([303, `${address}?erledigt=kontakt`]);
		const after = await (await get(server.baseURL, corrected.location!, office)).text();
		expect(after).toContain('Die Angaben zur Ansprechperson sind berichtigt.');
		expect(after).toContain('href="mailto:jonas.kollege@example.net"');
		expect(after, 'the hint follows the new address').not.toContain('gibt es schon ein Mitgliedskonto');
		expect(after).toContain(`Ein Unternehmen „${company.name}“`);

		// Accepted into the company on file: a second person there, no second company.
		const accepted = await postForm(server.baseURL, `${address}?_action=applications.accept`, { id: 'kollegenantrag22', company: 'demoorg000000006' }, { cookie: office });
		expect([accepted.status, accepted.location]).toEqual([303, `${address}?erledigt=aufgenommen`]);
		const people = await db.execute("SELECT email FROM user WHERE organization_id = 'demoorg000000006' ORDER BY email");
		expect(people.rows.map((r) => r.email)).toEqual(['jonas.kollege@example.net', 'mitglied6@example.org']);
		expect(await organizations()).toBe(companiesBefore);
		const log = await (await get(server.baseURL, '/koordination/protokoll/?bereich=bewerbungen', office)).text();
		expect(log).toContain('Angaben zur Ansprechperson der Bewerbung berichtigt (E-Mail-Adresse)');
		expect(log).toContain(`Bewerbung angenommen (als weitere Person von ${company.name})`);
		// Each person's page names the other, and says that company data are shared.
		const colleagueId = String((await db.execute("SELECT id FROM user WHERE email = 'jonas.kollege@example.net'")).rows[0]!.id);
		const memberPage = (await (await get(server.baseURL, '/koordination/mitglieder/demouser00000006/', office)).text()).replace(/\s+/g, ' ');
		expect(memberPage).toContain(`Weitere Person dieses Unternehmens: <a href="/koordination/mitglieder/${colleagueId}/">Jonas Kollege</a>. Was Sie hier ändern, gilt für beide.`);
		const colleaguePage = (await (await get(server.baseURL, `/koordination/mitglieder/${colleagueId}/`, office)).text()).replace(/\s+/g, ' ');
		expect(colleaguePage).toContain('Weitere Person dieses Unternehmens: <a href="/koordination/mitglieder/demouser00000006/">');

		// Only a company on file under the application's name can be joined: another one's id (a page
		// tampered with, or a company renamed since) is refused, and nothing is made.
		await insert('kollegenantrag33', 'dritte.person@example.net', 'kollegenschluessel3');
		const elsewhere = await postForm(server.baseURL, '/koordination/bewerbungen/kollegenantrag33/?_action=applications.accept', { id: 'kollegenantrag33', company: 'demoorg000000001' }, { cookie: office });
		expect(elsewhere.status).toBe(409);
		expect(elsewhere.body).toContain('Das gewählte Unternehmen ist nicht mehr unter diesem Namen erfasst. Bitte laden Sie die Seite neu und wählen Sie noch einmal.');
		// Without a choice (a page loaded before the company was on file offers none): refused, not a second company.
		const unchosen = await postForm(server.baseURL, '/koordination/bewerbungen/kollegenantrag33/?_action=applications.accept', { id: 'kollegenantrag33' }, { cookie: office });
		expect(unchosen.status).toBe(409);
		expect(unchosen.body).toContain('Unter diesem Namen ist inzwischen ein Unternehmen erfasst. Bitte laden Sie die Seite neu und wählen Sie');
		expect(await organizations()).toBe(companiesBefore);
		expect((await db.execute("SELECT count(*) AS n FROM user WHERE email = 'dritte.person@example.net'")).rows[0]!.n).toBe(0);
		db.close();
	});

	test('declined without the mail: the page and the office\'s log keep saying so', async () => {
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const page = '/koordination/bewerbungen/antrag4444444444/';
		const declined = await postForm(server.baseURL, `${page}?_action=applications.decline`, { id: 'antrag4444444444', confirmed: 'on' }, { cookie: office });
		expect(declined.status).toBe(303);
		expect(await (await get(server.baseURL, page, office)).text()).toMatch(/Abgelehnt am [^<]*\(ohne E-Mail an das Unternehmen\)/);
		expect(await (await get(server.baseURL, '/koordination/protokoll/?bereich=bewerbungen', office)).text()).toContain('Bewerbung abgelehnt (ohne E-Mail an das Unternehmen)');
	});

	test('a list longer than the page shows says so', async () => {
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		await db.execute(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
			INSERT INTO application (id, status, company_name, industry_code, industry_label, street, postcode, town, size_band, contact_name, contact_position, contact_email, interests, opt_ins, submitted_at, idempotency_key)
			SELECT printf('massenantrag%04d', i), 'submitted', printf('Massenbau %d GmbH', i), '28.41', 'Werkzeugmaschinen', 'Weg 1', '99084', 'Erfurt', '10-49', 'Max Masse', 'Inhaber', printf('masse%d@example.org', i), '["kundenbindung"]', '[]', 1700000000 + i, printf('massenschluessel%04d', i) FROM n`);
		db.close();
		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const list = await (await get(server.baseURL, '/koordination/bewerbungen/', office)).text();
		expect(list).toContain('Die neuesten 500 Bewerbungen; die Suche oder der Stand grenzen ein, der Export enthält alle');
		expect(await (await get(server.baseURL, '/koordination/bewerbungen/?suche=Massenbau%2012%20GmbH', office)).text()).toMatch(/<p>\s*1 Bewerbung · Export/);
		// Nothing found: said in words, not an empty table with headings only.
		const none = await (await get(server.baseURL, '/koordination/bewerbungen/?suche=Gibt%20es%20nicht', office)).text();
		expect(none).toContain('Keine Bewerbung passt zu „Gibt es nicht“.');
		expect(none).not.toContain('<table');
	});
});

describe('an application that filled in the trap for bots', () => {
	let server: RunningServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(() => server.stop());

	test('is set aside with the normal thanks; the office finds it in its queue and takes it over', async () => {
		const company = 'Autofill Prüfbau GmbH';
		const applicant = await openPage(browser());
		try {
			const { page } = applicant;
			await page.goto(`${server.baseURL}/mitmachen/`);
			await fillApplication(page, company, 'ausfuellhilfe@example.net');
			// What a browser's autofill can do to the invisible field.
			await page.locator('#feld-zusatzangabe').evaluate((input: HTMLInputElement) => (input.value = '03641 555123'));
			await page.getByRole('button', { name: 'Bewerbung absenden' }).click();
			await page.waitForURL(`${server.baseURL}/mitmachen/danke/`);
		} finally {
			await applicant.close();
		}
		const office = await openPage(browser());
		try {
			const { page } = office;
			await signInAt(page, server.baseURL, DEMO_COORDINATOR, { home: '/koordination/' });
			// The demo's own bot and this one; neither among the new applications.
			expect(await textOf(page.locator('#q-suspected'))).toBe('Aussortierte Bewerbungen (2)');
			expect(await page.locator('section[aria-labelledby="q-new"]').textContent()).not.toContain(company);
			await page.getByRole('link', { name: 'Aussortierte ansehen' }).click();
			expect(await page.getByLabel('Stand').inputValue()).toBe('aussortiert');
			await page.getByRole('link', { name: company }).click();
			expect(await page.locator('#aussortiert + p').textContent()).toContain('keine Eingangsbestätigung an ausfuellhilfe@example.net');
			expect(await page.getByRole('button', { name: 'Aufnehmen und einladen' }).count()).toBe(0);
			await page.getByRole('button', { name: 'Als echte Bewerbung übernehmen' }).click();
			await expect.poll(() => textOf(page.getByRole('status'))).toBe('Übernommen. Die Bewerbung wartet jetzt wie jede andere auf Ihre Entscheidung.');
			expect(await textOf(page.locator('.badge').first())).toBe('Eingegangen');
			expect(await page.getByRole('button', { name: 'Aufnehmen und einladen' }).count()).toBe(1);
			await page.getByRole('link', { name: '← Alle Bewerbungen' }).click();
			expect(await page.getByRole('link', { name: company }).count()).toBe(1);

			// The demo's bot is left: the office discards what it was shown, after saying it means it.
			await page.goto(`${server.baseURL}/koordination/bewerbungen/?stand=aussortiert`);
			await page.getByRole('button', { name: 'Verwerfen', exact: true }).click();
			expect(await page.getByRole('button', { name: 'Verwerfen', exact: true }).count(), 'the browser keeps the unconfirmed form').toBe(1);
			await page.getByLabel('Ja, die hier angezeigte Bewerbung stammt von keinem Menschen.').check();
			await page.getByRole('button', { name: 'Verwerfen', exact: true }).click();
			await expect.poll(() => textOf(page.getByRole('status'))).toBe('Die aussortierte Bewerbung ist verworfen.');
			await page.goto(`${server.baseURL}/koordination/`);
			expect(await textOf(page.locator('#q-suspected'))).toBe('Aussortierte Bewerbungen (nichts offen)');
		} finally {
			await office.close();
		}
	});
});
