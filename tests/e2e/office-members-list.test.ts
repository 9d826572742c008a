/** The office's list of members narrowed to who needs something: no group yet, an open invitation, an account switched off. */
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_COORDINATOR, DEMO_PASSWORD, get, login, postForm } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { openPage, textOf, useBrowser } from '../helpers/browser.ts';

let server: RunningServer;
let office: string;
beforeAll(async () => {
	server = await startServer();
	office = await login(server.baseURL, DEMO_COORDINATOR);
	const act = async (action: string, fields: [string, string][]) => expect((await postForm(server.baseURL, `/_actions/${action}/`, fields, { cookie: office })).status, action).toBe(200);
	// One member switched off, six in a published group, one invited from an accepted application.
	await act('members.setDeactivated', [['userId', 'demouser00000024'], ['deactivated', 'true']]);
	await act('groups.run', [['chooseMembers', '1'], ...Array.from({ length: 6 }, (_, i): [string, string] => ['members', `demouser${String(i + 1).padStart(8, '0')}`])]);
	await act('groups.publish', [['checked', 'on']]);
	await act('applications.accept', [['id', 'antrag2222222222']]);
});
afterAll(() => server.stop());

/** The names in the list's first column, in order. */
async function companiesShown(query: string): Promise<{ count: string; companies: string[] }> {
	const html = await (await get(server.baseURL, `/koordination/mitglieder/${query}`, office)).text();
	const body = html.includes('<tbody') ? html.split('<tbody')[1]!.split('</tbody>')[0]! : '';
	return {
		count: /<p>\s*(\d+ [^·<]*)· Export/.exec(html)?.[1]?.trim() ?? '',
		companies: [...body.matchAll(/<a href="\/koordination\/mitglieder\/([a-z0-9]+)\/"/g)].map((m) => m[1]!),
	};
}

describe('the list of members by state', () => {
	test('deactivated, without a group, invited, and everybody for an unknown view', async () => {
		const off = await companiesShown('?stand=deaktiviert');
		expect(off.companies).toEqual(['demouser00000024']);
		expect(off.count).toBe('1 von 25 Mitgliedern (Deaktiviert)');
		// Active and without a group: not the six in the group, not the one switched off, not the invited one.
		const waiting = await companiesShown('?stand=ohne-gruppe');
		expect(waiting.companies).toHaveLength(17);
		for (const id of ['demouser00000001', 'demouser00000006', 'demouser00000024']) expect(waiting.companies).not.toContain(id);
		const invited = await companiesShown('?stand=eingeladen');
		expect(invited.companies).toHaveLength(1);
		expect(invited.companies[0]).not.toMatch(/^demouser/);
		expect((await companiesShown('?stand=unsinn')).companies).toHaveLength(25);
		// The chosen view stays chosen in the form.
		expect(await (await get(server.baseURL, '/koordination/mitglieder/?stand=deaktiviert', office)).text()).toMatch(/<option value="deaktiviert" selected/);
	});

	test('quiet for three months: active members with no sign-in since, until they sign in', async () => {
		// The demo members have never signed in on this server; one does now, one signed in long ago.
		await login(server.baseURL, 'mitglied3@example.org');
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		await db.execute({ sql: 'UPDATE user SET last_sign_in_at = ? WHERE id = ?', args: [Math.floor(Date.now() / 1000) - 100 * 24 * 3600, 'demouser00000004'] });
		await db.execute({ sql: 'UPDATE user SET last_sign_in_at = ? WHERE id = ?', args: [Math.floor(Date.now() / 1000) - 10 * 24 * 3600, 'demouser00000005'] });
		db.close();
		const quiet = await companiesShown('?stand=lange-nicht-angemeldet');
		expect(quiet.companies).toContain('demouser00000004');
		for (const id of ['demouser00000003', 'demouser00000005', 'demouser00000024']) expect(quiet.companies).not.toContain(id);
		// Everyone else active: 24 demo members, minus the one switched off, minus 3 and 5.
		expect(quiet.companies).toHaveLength(21);
	});

	test('the view narrows the search, and the count says so', async () => {
		// A word of the switched-off member's company name (the search looks at companies, people and towns).
		const html = await (await get(server.baseURL, '/koordination/mitglieder/demouser00000024/', office)).text();
		const company = /<h1>([^<]+)<\/h1>/.exec(html)![1]!.trim();
		const word = company.split(' ')[0]!;
		const searched = await companiesShown(`?suche=${encodeURIComponent(word)}`);
		expect(searched.companies).toContain('demouser00000024');
		const narrowed = await companiesShown(`?stand=deaktiviert&suche=${encodeURIComponent(word)}`);
		expect(narrowed.companies).toEqual(['demouser00000024']);
		expect(narrowed.count).toBe(`1 von ${searched.companies.length} Treffern (Deaktiviert)`);
		expect(await companiesShown('?stand=deaktiviert&suche=gibt-es-nicht')).toMatchObject({ companies: [] });
	});

	test('a name is found however its umlaut is typed, and an industry by its code', async () => {
		const proper = (await companiesShown(`?suche=${encodeURIComponent('Böttcher')}`)).companies;
		expect(proper).toHaveLength(1);
		for (const typed of ['Boettcher', 'Bottcher', 'BÖTTCHER', '13.30']) {
			expect((await companiesShown(`?suche=${encodeURIComponent(typed)}`)).companies, typed).toEqual(proper);
		}
	});
});

describe('correcting a person', () => {
	test('an address another account has is refused at the address field, with what was typed kept', async () => {
		const page = '/koordination/mitglieder/demouser00000010/';
		const refused = await postForm(server.baseURL, `${page}?_action=members.updatePerson`, { userId: 'demouser00000010', personName: 'Neuer Name', email: 'mitglied11@example.org' }, { cookie: office });
		expect(refused.status).toBe(409);
		expect(refused.body).toContain('<p class="error" id="feld-email-fehler">Zu dieser E-Mail-Adresse gibt es schon ein anderes Konto.</p>');
		expect(refused.body, 'said once, at the field').not.toMatch(/role="alert"[^>]*> <p>Zu dieser E-Mail-Adresse/);
		expect(refused.body).toMatch(/name="personName"[^>]*value="Neuer Name"/);
	});
});

describe('switching an account off or on twice', () => {
	test('the second click says nothing changed, and the log has the change once', async () => {
		const page = '/koordination/mitglieder/demouser00000024/';
		const switchTo = (off: boolean) => postForm(server.baseURL, `${page}?_action=members.setDeactivated`, off ? { userId: 'demouser00000024', deactivated: 'true' } : { userId: 'demouser00000024' }, { cookie: office });
		// Switched off in beforeAll already.
		const again = await switchTo(true);
		expect([again.status, again.location]).toEqual([303, `${page}?erledigt=schon-deaktiviert`]);
		expect(await (await get(server.baseURL, again.location!, office)).text()).toContain('Das Konto war schon deaktiviert; es hat sich nichts geändert.');
		expect((await switchTo(false)).location).toBe(`${page}?erledigt=aktiviert`);
		expect((await switchTo(false)).location).toBe(`${page}?erledigt=schon-aktiviert`);
		expect((await switchTo(true)).location).toBe(`${page}?erledigt=deaktiviert`);
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		const logged = (await db.execute("SELECT action FROM audit_event WHERE subject_id = 'demouser00000024' AND action LIKE 'member.%activated' ORDER BY id")).rows.map((r) => r.action);
		db.close();
		expect(logged).toEqual(['member.deactivated', 'member.reactivated', 'member.deactivated']);
	});
});

describe('switching off someone in the open draft of the group forming', () => {
	test('takes them out of the draft, and the office is told so', async () => {
		const run = await postForm(server.baseURL, '/_actions/groups.run/', {}, { cookie: office });
		expect(run.status).toBe(200);
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		const draftSeats = async () =>
			(await db.execute("SELECT m.user_id FROM group_membership m JOIN focus_group g ON g.id = m.group_id WHERE g.status = 'draft' ORDER BY m.user_id")).rows.map((r) => String(r.user_id));
		const seated = await draftSeats();
		const person = seated[0]!;
		const page = `/koordination/mitglieder/${person}/`;
		const off = await postForm(server.baseURL, `${page}?_action=members.setDeactivated`, { userId: person, deactivated: 'true' }, { cookie: office });
		expect([off.status, off.location]).toEqual([303, `${page}?erledigt=deaktiviert-entwurf`]);
		expect(await (await get(server.baseURL, off.location!, office)).text()).toContain('Die Person ist auch aus dem offenen Entwurf der Gruppenbildung genommen.');
		expect(await draftSeats()).toEqual(seated.slice(1));
		db.close();
	});
});

describe('a refused entry for the conflict register', () => {
	test('keeps the company chosen and the note typed, with the reason beside the field', async () => {
		const page = '/koordination/mitglieder/demouser00000003/';
		const refused = await postForm(server.baseURL, `${page}?_action=members.addConflict`, { userId: 'demouser00000003', otherOrganizationId: 'demoorg000000002', kind: '', note: 'Wettbewerb im Landkreis' }, { cookie: office });
		expect(refused.status).toBe(400);
		expect(refused.body).toMatch(/<option value="demoorg000000002" selected/);
		expect(refused.body).toMatch(/<input[^>]*name="note"[^>]*value="Wettbewerb im Landkreis"/);
		expect(refused.body).toContain('Bitte wählen Sie die Art des Konflikts.');
	});
});

describe('an entry for the conflict register', () => {
	const browser = useBrowser();
	test('answers in the register\'s section at the foot of the page, where the focus then is', async () => {
		const { page, context, close } = await openPage(browser(), { viewport: { width: 390, height: 844 } });
		try {
			const [name, value] = office.split('=') as [string, string];
			await context.addCookies([{ name, value, url: server.baseURL }]);
			await page.goto(`${server.baseURL}/koordination/mitglieder/demouser00000005/`);
			const other = await page.getByLabel('Unternehmen', { exact: true }).locator('option').nth(1).textContent();
			await page.getByLabel('Unternehmen', { exact: true }).selectOption({ index: 1 });
			await page.getByLabel('Art', { exact: true }).selectOption({ index: 1 });
			await page.getByRole('button', { name: 'Eintragen' }).click();
			await page.waitForURL(/\?erledigt=konflikt#konfliktregister$/);
			const answer = page.locator('#konfliktregister ~ [role="status"]');
			expect(await textOf(answer)).toBe('Der Eintrag steht im Konfliktregister.');
			// Its button names the company, not just "entfernen" beside it (WCAG 2.4.6).
			const company = other!.replace(/ \([^)]*\)$/, '');
			const removeButtons = await page.getByRole('button', { name: /^entfernen/ }).evaluateAll((buttons) => buttons.map((b) => b.textContent));
			expect(removeButtons).toEqual([`entfernen: ${company}`]);
			await expect.poll(() => answer.evaluate((message) => message === document.activeElement)).toBe(true);
			expect(await answer.evaluate((message) => message.getBoundingClientRect().top >= 0 && message.getBoundingClientRect().bottom <= innerHeight)).toBe(true);
		} finally {
			await close();
		}
	});
});

describe('a members list longer than the page shows', () => {
	test('says how many it leaves out and how to find them', async () => {
		const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
		await db.execute(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
			INSERT INTO organization (id, name, industry_code, industry_label, town, created_at) SELECT printf('massenfirma%05d', i), printf('Massenbau %d GmbH', i), '28.41', 'Werkzeugmaschinen', 'Erfurt', 1700000000 FROM n`);
		await db.execute(`INSERT INTO user (id, organization_id, name, email, role, created_at) SELECT replace(id, 'massenfirma', 'massenmitgl'), id, 'Max Masse', id || '@example.org', 'member', 1700000000 FROM organization WHERE id LIKE 'massenfirma%'`);
		db.close();
		const list = await (await get(server.baseURL, '/koordination/mitglieder/', office)).text();
		expect(list).toMatch(/Angezeigt sind die ersten 500 von 52\d, nach Unternehmen sortiert; die Suche oder der Stand grenzen ein, der Export enthält alle\./);
		expect((list.split('<tbody')[1]!.match(/<tr>/g) ?? []).length).toBe(500);
		expect(await (await get(server.baseURL, '/koordination/mitglieder/?suche=Massenbau%2012%20GmbH', office)).text()).not.toContain('Angezeigt sind die ersten');
	});
});

describe('a deactivated member signing in', () => {
	test('with the right password reads that the access is deactivated and whom to ask; with a wrong one, only that it is wrong', async () => {
		const wrong = await postForm(server.baseURL, '/portal/anmelden/?_action=auth.login', { email: 'mitglied24@example.org', password: 'falsch geraten und lang' });
		expect(wrong.status).toBe(401);
		expect(wrong.body).toContain('E-Mail-Adresse oder Passwort ist falsch.');
		// A refused form says so in its title, which a screen reader reads first; the page asked for plainly does not.
		expect(wrong.body).toContain('<title>Fehler: Anmelden · ThZM-Netzwerkforum</title>');
		expect(await (await get(server.baseURL, '/portal/anmelden/')).text()).toContain('<title>Anmelden · ThZM-Netzwerkforum</title>');
		const right = await postForm(server.baseURL, '/portal/anmelden/?_action=auth.login', { email: 'mitglied24@example.org', password: DEMO_PASSWORD });
		expect(right.status).toBe(403);
		expect(right.body).toContain('Ihr Zugang ist derzeit deaktiviert');
		expect(right.body).not.toContain('Passwort ist falsch');
		expect(right.setCookie.join('')).not.toMatch(/session=/);
	});
});
