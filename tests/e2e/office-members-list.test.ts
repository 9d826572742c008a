/** The office's list of members narrowed to who needs something: no group yet, an open invitation, an account switched off. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_COORDINATOR, get, login, postForm } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer;
let office: string;
beforeAll(async () => {
	server = await startServer();
	office = await login(server.baseURL, DEMO_COORDINATOR);
	expect((await postForm(server.baseURL, '/_actions/members.setDeactivated/', { userId: 'demouser00000024', deactivated: 'true' }, { cookie: office })).status).toBe(200);
});
afterAll(() => server.stop());

/** The names in the list's first column, in order. */
async function companiesShown(query: string): Promise<{ count: string; companies: string[] }> {
	const html = await (await get(server.baseURL, `/koordination/mitglieder/${query}`, office)).text();
	const body = html.includes('<tbody') ? html.split('<tbody')[1]!.split('</tbody>')[0]! : '';
	return {
		count: /(\d+ (?:von \d+ )?Mitglieder[n]?[^·]*)·/.exec(html)?.[1]?.trim() ?? '',
		companies: [...body.matchAll(/<a href="\/koordination\/mitglieder\/(demouser\d+)\/"/g)].map((m) => m[1]!),
	};
}

describe('the list of members by state', () => {
	test('deactivated, without a group, and everybody for an unknown view', async () => {
		const off = await companiesShown('?stand=deaktiviert');
		expect(off.companies).toEqual(['demouser00000024']);
		expect(off.count).toBe('1 von 24 Mitgliedern (Deaktiviert)');
		// Nobody sits in a group on a fresh demo: all active members need one.
		const waiting = await companiesShown('?stand=ohne-gruppe');
		expect(waiting.companies).toHaveLength(23);
		expect(waiting.companies).not.toContain('demouser00000024');
		expect((await companiesShown('?stand=eingeladen')).companies).toEqual([]);
		expect(await (await get(server.baseURL, '/koordination/mitglieder/?stand=eingeladen', office)).text()).toContain('Keine Mitglieder zu dieser Auswahl.');
		expect((await companiesShown('?stand=unsinn')).companies).toHaveLength(24);
		// The view and the search work together.
		const searched = await companiesShown('?stand=deaktiviert&suche=gibt-es-nicht');
		expect(searched.companies).toEqual([]);
	});
});
