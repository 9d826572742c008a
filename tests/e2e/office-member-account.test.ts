/**
 * The office helps with a member's account: signs them out everywhere (a lost laptop) and
 * removes their authenticator app (a lost phone), each from the member's page, each answered
 * with a plain GET. Over HTTP against the shared demo server, as mitglied23 (no other test uses it).
 */
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { describe, expect, inject, test } from 'vitest';
import { codeForStep, stepAt } from '../../src/lib/server/totp.ts';
import { DEMO_COORDINATOR, DEMO_PASSWORD, demoMember, get, login, postForm } from '../helpers/http.ts';

const baseURL = inject('baseURL');
const EMAIL = demoMember(23);
const MEMBER_PAGE = '/koordination/mitglieder/demouser00000023/';

describe("the office and a member's sign-ins", () => {
	test('signs the member out everywhere and removes their app; the password alone then signs in', async () => {
		const member = await login(baseURL, EMAIL);
		const profile = await (await get(baseURL, '/portal/profil/?app=einrichten', member)).text();
		const offer = /name="offer" value="([^"]+)"/.exec(profile)![1]!.replaceAll('&#x3D;', '=');
		const key = decodeBase32IgnorePadding(/class="totp-key[^"]*"[^>]*>([^<]+)</.exec(profile)![1]!.replaceAll(' ', ''));
		const enabled = await postForm(baseURL, '/_actions/secondFactor.enable/', { offer, code: codeForStep(key, stepAt(new Date())), password: DEMO_PASSWORD }, { cookie: member });
		expect(enabled.status).toBe(200);

		const office = await login(baseURL, DEMO_COORDINATOR);
		const before = await (await get(baseURL, MEMBER_PAGE, office)).text();
		expect(before).toMatch(/Anmeldungen<\/dt><dd>1 aktiv, zuletzt genutzt/);
		expect(before).toMatch(/Zuletzt angemeldet<\/dt><dd>\d{2}\.\d{2}\.\d{2}, \d{2}:\d{2}</);
		expect(before).toMatch(/Erinnerungen an Treffen<\/dt><dd>eine Woche und einen Tag vorher</);
		expect(before).toMatch(/Anmeldung mit App<\/dt><dd>eingerichtet am /);

		const ended = await postForm(baseURL, `${MEMBER_PAGE}?_action=members.endSessions`, { userId: 'demouser00000023' }, { cookie: office });
		expect([ended.status, ended.location]).toEqual([303, `${MEMBER_PAGE}?erledigt=abgemeldet-1`]);
		expect(await (await get(baseURL, ended.location!, office)).text()).toContain('Eine Anmeldung ist beendet.');
		const signedOut = await get(baseURL, '/portal/', member);
		expect(signedOut.status).toBe(302);
		expect(signedOut.headers.get('location')).toMatch(/^\/portal\/anmelden\//);

		// With the app, the password alone leads to the code step only.
		expect((await postForm(baseURL, '/portal/anmelden/?_action=auth.login', { email: EMAIL, password: DEMO_PASSWORD })).location).toBe('/portal/anmelden/code/');
		const unconfirmed = await postForm(baseURL, `${MEMBER_PAGE}?_action=members.removeSecondFactor`, { userId: 'demouser00000023' }, { cookie: office });
		expect(unconfirmed.status).toBe(400);
		expect(unconfirmed.body).toContain('Bitte wählen Sie, wie Sie geprüft haben, dass die Bitte von der Person selbst kommt.');
		// A choice, not free text: the log is kept for good, and a typed note invites names and numbers.
		expect((await postForm(baseURL, `${MEMBER_PAGE}?_action=members.removeSecondFactor`, { userId: 'demouser00000023', verification: 'Rückruf bei Frau M. unter 0361 123456' }, { cookie: office })).status).toBe(400);
		const verification = 'Rückruf unter der Telefonnummer aus unseren Unterlagen';
		const removed = await postForm(baseURL, `${MEMBER_PAGE}?_action=members.removeSecondFactor`, { userId: 'demouser00000023', verification: 'rueckruf' }, { cookie: office });
		expect([removed.status, removed.location]).toEqual([303, `${MEMBER_PAGE}?erledigt=app-entfernt`]);
		const after = await (await get(baseURL, removed.location!, office)).text();
		expect(after).toContain('Die Anmeldung mit App ist entfernt');
		expect(after).toMatch(/Anmeldung mit App<\/dt><dd>nein/);
		expect((await postForm(baseURL, '/portal/anmelden/?_action=auth.login', { email: EMAIL, password: DEMO_PASSWORD })).location).toBe('/portal/');

		// The office's log says who removed it and how they checked; the member's page leads to their entries alone.
		expect(await (await get(baseURL, '/koordination/protokoll/', office)).text()).toContain(`Anmeldung mit Authenticator-App entfernt (geprüft: ${verification})`);
		const ownLog = `/koordination/protokoll/?betrifft=demouser00000023`;
		expect(after).toContain(`href="${ownLog}"`);
		// The table's body rows as cells of text: time, who, what, concerns.
		const rows = (await (await get(baseURL, ownLog, office)).text())
			.split('<tbody')[1]!.split('</tbody>')[0]!
			.split(/<tr[\s>]/)
			.slice(1)
			.map((row) => row.split(/<td[\s>]/).slice(1).map((cell) => cell.replace(/<[^>]*>/g, '').replace(/^[^>]*>/, '').trim()));
		expect(rows.map((cells) => cells[2])).toEqual(expect.arrayContaining(['Alle Anmeldungen beendet', `Anmeldung mit Authenticator-App entfernt (geprüft: ${verification})`, 'Anmeldung mit Authenticator-App eingerichtet']));
		// Only entries about this member (or done by them): one name in the last column.
		expect(new Set(rows.map((cells) => cells[3])).size, JSON.stringify(rows)).toBe(1);

		// Twice is a mistake the office hears about, not a silent success.
		const again = await postForm(baseURL, `${MEMBER_PAGE}?_action=members.removeSecondFactor`, { userId: 'demouser00000023', verification: 'rueckruf' }, { cookie: office });
		expect(again.status).toBe(409);
	});
});
