/** The office's exports lose nothing between CSV and JSON, and extra form fields change nothing. */
import { createClient } from '@libsql/client';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { parseCsv, LIST_SEPARATOR } from '../../src/lib/export/csv.ts';
import { APPLICATION_COLUMNS } from '../../src/lib/export/columns.ts';
import { VALID_FORM } from '../fixtures/application.ts';
import { DEMO_COORDINATOR, get, login, postForm } from '../helpers/http.ts';

const baseURL = inject('baseURL');
const serverDir = inject('serverDir');

describe('exports', () => {
	test('both office lists link their downloads and tell how to open the table in Excel', async () => {
		const cookie = await login(baseURL, DEMO_COORDINATOR);
		for (const [list, file] of [['bewerbungen', 'bewerbungen'], ['mitglieder', 'mitglieder']]) {
			const html = await (await get(baseURL, `/koordination/${list}/`, cookie)).text();
			expect(html).toContain(`<a href="/koordination/export/?datei=${file}&amp;format=csv" download>Tabelle (CSV)</a>`);
			expect(html).toContain(`<a href="/koordination/export/?datei=${file}&amp;format=json" download>für andere Programme (JSON)</a>`);
			expect(html).toContain('Tipp für Excel');
		}
		// The demo's application from Coburg: the list says outside of what, as the start page does.
		expect(await (await get(baseURL, '/koordination/bewerbungen/', cookie)).text()).toContain('<span class="badge badge--warn">außerhalb Thüringens</span>');
	});

	test('applications: the CSV (German spreadsheet format) carries every exported field of the JSON export', async () => {
		const cookie = await login(baseURL, DEMO_COORDINATOR);
		const csvResponse = await get(baseURL, '/koordination/export/?datei=bewerbungen&format=csv', cookie);
		expect(csvResponse.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(csvResponse.headers.get('content-disposition')).toMatch(/attachment; filename="netzwerkforum-bewerbungen-\d{4}-\d{2}-\d{2}\.csv"/);
		const bytes = new Uint8Array(await csvResponse.arrayBuffer());
		expect([...bytes.slice(0, 3)], 'UTF-8-BOM für Excel').toEqual([0xef, 0xbb, 0xbf]);
		const csvText = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
		const json = (await (await get(baseURL, '/koordination/export/?datei=bewerbungen&format=json', cookie)).json()) as Record<string, unknown>[];
		const [header, ...rows] = parseCsv(csvText);
		expect(header).toEqual(APPLICATION_COLUMNS.map((c) => c.header));
		expect(rows.length).toBe(json.length);
		expect(json.length).toBeGreaterThanOrEqual(3);
		const asCell = (value: unknown) =>
			value === null || value === undefined ? '' : Array.isArray(value) ? value.join(LIST_SEPARATOR) : typeof value === 'object' ? JSON.stringify(value) : String(value);
		for (const [i, record] of json.entries()) {
			const expected = APPLICATION_COLUMNS.map((c) => asCell(c.value(record as never) ?? null));
			expect(rows[i]).toEqual(expected);
		}
		// Readable for the office (the columns' own test has the wording), and without the form's internal key.
		expect(csvText).not.toContain('[object Object]');
		expect(json.some((record) => 'idempotencyKey' in record)).toBe(false);
	});

	test('members as CSV and JSON; members never get either', async () => {
		const cookie = await login(baseURL, DEMO_COORDINATOR);
		const csv = await (await get(baseURL, '/koordination/export/?datei=mitglieder&format=csv', cookie)).text();
		const json = (await (await get(baseURL, '/koordination/export/?datei=mitglieder&format=json', cookie)).json()) as unknown[];
		expect(parseCsv(csv).length - 1).toBe(json.length);
		expect(parseCsv(csv)[0]).toContain('Fokusgruppe');
		const member = await login(baseURL, 'mitglied20@example.org');
		expect((await get(baseURL, '/koordination/export/?datei=mitglieder&format=csv', member)).status).toBe(404);
	});
});

describe('mass assignment', () => {
	test('status, role and ids sent along with an application are ignored', async () => {
		const page = await (await get(baseURL, '/mitmachen/')).text();
		const startedAt = /name="startedAt" value="([^"]+)"/.exec(page)![1]!.replaceAll('&#x3D;', '=');
		await new Promise((r) => setTimeout(r, 3100));
		const key = 'massenzuweisung2';
		const fields: Record<string, string> = { ...(VALID_FORM as unknown as Record<string, string>), idempotencyKey: key, startedAt, optInListing: 'on' };
		delete fields.optInEvents;
		const response = await postForm(baseURL, '/mitmachen/?_action=applications.submit', {
			...fields,
			status: 'accepted',
			role: 'coordinator',
			id: 'selbstgewaehlt',
			organizationId: 'demoorg000000001',
			decidedBy: 'demokoordination',
		});
		expect(response.status).toBe(303);
		const db = createClient({ url: `file:${join(serverDir, 'e2e.db')}` });
		const row = (await db.execute({ sql: 'SELECT id, status, organization_id, decided_by FROM application WHERE idempotency_key = ?', args: [key] })).rows[0]!;
		db.close();
		expect(row.status).toBe('submitted');
		expect(row.id).not.toBe('selbstgewaehlt');
		expect(row.organization_id).toBeNull();
		expect(row.decided_by).toBeNull();
	});

	test("the office's member form rejects fields it does not have", async () => {
		const cookie = await login(baseURL, DEMO_COORDINATOR);
		const response = await postForm(
			baseURL,
			'/_actions/members.update/',
			{ userId: 'demouser00000021', name: 'Grabfeld Beratungskontor', industry: '70.22', postcode: '98617', town: 'Meiningen', sizeBand: '1-9', role: 'coordinator', email: 'uebernahme@example.org' },
			{ cookie },
		);
		expect(response.status).toBe(400);
	});
});
