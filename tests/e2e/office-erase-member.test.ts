/**
 * The office erases a member's account (the person asked for it, or the membership ended): only
 * after deactivating it, only when confirmed, answered in German, and the person is told. Own
 * server: the demo data changes.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_COORDINATOR, demoMember, get, login, postForm } from '../helpers/http.ts';
import { readMails } from '../helpers/mail-sink.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const MEMBER = 'demouser00000020';
const MEMBER_PAGE = `/koordination/mitglieder/${MEMBER}/`;
const ERASE = `${MEMBER_PAGE}?_action=members.eraseAccount`;

let server: RunningServer;
let office: string;
beforeAll(async () => {
	server = await startServer();
	office = await login(server.baseURL, DEMO_COORDINATOR);
});
afterAll(() => server.stop());

describe("erasing a member's account from the office", () => {
	test('an active account is not erased; the page offers it only once the account is off', async () => {
		expect(await (await get(server.baseURL, MEMBER_PAGE, office)).text()).not.toContain('Konto und Daten löschen');
		const refused = await postForm(server.baseURL, ERASE, { userId: MEMBER, confirmed: 'on' }, { cookie: office });
		expect(refused.status).toBe(409);
		expect(refused.body).toContain('Das Konto ist aktiv. Deaktivieren Sie es zuerst; löschen lässt sich nur ein deaktiviertes Konto.');
		expect((await get(server.baseURL, MEMBER_PAGE, office)).status, 'still there').toBe(200);
	});

	test('without the confirmation it asks for it, at the checkbox, and erases nothing', async () => {
		expect((await postForm(server.baseURL, `/_actions/members.setDeactivated/`, { userId: MEMBER, deactivated: 'true' }, { cookie: office })).status).toBe(200);
		const page = await (await get(server.baseURL, MEMBER_PAGE, office)).text();
		expect(page).toContain('<summary>Konto und Daten löschen</summary>');

		const unconfirmed = await postForm(server.baseURL, ERASE, { userId: MEMBER }, { cookie: office });
		expect(unconfirmed.status).toBe(400);
		expect(unconfirmed.body).toMatch(/<details class="inline-details" open>\s*<summary>Konto und Daten löschen<\/summary>/);
		expect(unconfirmed.body).toMatch(/id="loeschen-bestaetigt-fehler">Bitte bestätigen Sie das Löschen; es lässt sich nicht zurücknehmen\.</);
		expect((await get(server.baseURL, MEMBER_PAGE, office)).status).toBe(200);
	});

	test('confirmed, the account goes, the list says so and keeps the company, and the person gets a mail', async () => {
		const erased = await postForm(server.baseURL, ERASE, { userId: MEMBER, confirmed: 'on' }, { cookie: office });
		expect([erased.status, erased.location]).toEqual([303, '/koordination/mitglieder/?erledigt=konto-geloescht']);
		const list = await (await get(server.baseURL, erased.location!, office)).text();
		expect(list).toContain('Das Konto und die Daten der Person sind gelöscht. Sie hat eine E-Mail darüber bekommen.');
		expect(list, 'the company waits under "Unternehmen ohne Konto"').toMatch(/<h2 id="ohne-konto">Unternehmen ohne Konto \(1\)<\/h2>/);

		expect((await get(server.baseURL, MEMBER_PAGE, office)).status, 'the page is gone').toBe(404);
		await expect(login(server.baseURL, demoMember(20)), 'nobody signs in with it').rejects.toThrow();

		const mails = await readMails(join(server.dir, 'outbox'));
		const notice = mails.find((m) => m.subject === 'Ihr Konto im ThZM-Netzwerkforum ist gelöscht');
		expect(notice?.to && 'text' in notice.to ? notice.to.text : '').toContain(demoMember(20));
		expect(notice?.text).toContain('die Koordinierungsstelle hat Ihr Konto im Mitgliederportal am');
		expect(notice?.text).not.toContain('wie von Ihnen gewünscht');

		// A second click (the first one's answer was slow): erased it is, not "nicht gefunden"; nothing is sent again.
		const again = await postForm(server.baseURL, ERASE, { userId: MEMBER, confirmed: 'on' }, { cookie: office });
		expect([again.status, again.location], 'a second click').toEqual([303, '/koordination/mitglieder/?erledigt=konto-schon-geloescht']);
		expect(await (await get(server.baseURL, again.location!, office)).text()).toContain('Das Konto und die Daten der Person sind gelöscht.');
		await new Promise((r) => setTimeout(r, 200));
		expect((await readMails(join(server.dir, 'outbox'))).filter((m) => m.subject === 'Ihr Konto im ThZM-Netzwerkforum ist gelöscht')).toHaveLength(1);
	});
});
