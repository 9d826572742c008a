/**
 * Two people of one member company, over HTTP and on a phone: the office's member list marks
 * them (and not a namesake company), the export tells them apart by the company's id, the group
 * board names the colleague, and the member's profile says how the company's listing works.
 */
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsv } from '../../src/lib/export/csv.ts';
import { openPage, useBrowser } from '../helpers/browser.ts';
import { DEMO_COORDINATOR, get, login, postForm } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const COLLEAGUE = 'kollegin00000002';
const NAMESAKE = 'namensvetterin02';
let server: RunningServer;
let office: string;
beforeAll(async () => {
	server = await startServer();
	// A second person of demo company 2 (with the demo password), and another company of its name in another town.
	const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
	await db.execute(`INSERT INTO organization (id, name, industry_code, industry_label, postcode, town, latitude, longitude, created_at)
		SELECT 'namensvetter0002', name, industry_code, industry_label, '99867', 'Gotha', 50.95, 10.7, created_at FROM organization WHERE id = 'demoorg000000002'`);
	await db.execute(`INSERT INTO user (id, organization_id, name, email, role, password_hash, created_at)
		SELECT '${COLLEAGUE}', organization_id, 'Clara Kollegin', 'clara.kollegin@example.org', 'member', password_hash, created_at FROM user WHERE id = 'demouser00000002'`);
	await db.execute(`INSERT INTO user (id, organization_id, name, email, role, password_hash, created_at)
		SELECT '${NAMESAKE}', 'namensvetter0002', 'Nora Namensvetter', 'nora@example.org', 'member', password_hash, created_at FROM user WHERE id = 'demouser00000002'`);
	await db.execute(`INSERT INTO interest (user_id, topic_slug, rank, updated_at) SELECT '${COLLEAGUE}', topic_slug, rank, updated_at FROM interest WHERE user_id = 'demouser00000002'`);
	db.close();
	office = await login(server.baseURL, DEMO_COORDINATOR);
});
afterAll(() => server.stop());

/** The member list's rows, each as [account id, row HTML]. */
async function memberRows(query = ''): Promise<[string, string][]> {
	const html = await (await get(server.baseURL, `/koordination/mitglieder/${query}`, office)).text();
	const body = html.split('<tbody')[1]!.split('</tbody>')[0]!;
	return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [/href="\/koordination\/mitglieder\/([a-z0-9]+)\/"/.exec(m[1]!)![1]!, m[1]!.replace(/\s+/g, ' ')]);
}

describe("the office's member list", () => {
	test('marks the two people of one company, one below the other, and not the company of the same name', async () => {
		const rows = await memberRows();
		const ids = rows.map(([id]) => id);
		const first = ids.indexOf('demouser00000002');
		expect(ids.indexOf(COLLEAGUE), 'right below or above').toBe(first + (ids[first + 1] === COLLEAGUE ? 1 : -1));
		const row = new Map(rows);
		expect(row.get('demouser00000002')).toContain('<span class="badge">2 Personen</span>');
		expect(row.get('demouser00000002')).toContain('<small>mit Clara Kollegin</small>');
		expect(row.get(COLLEAGUE)).toContain('<span class="badge">2 Personen</span>');
		expect(row.get(COLLEAGUE)).toMatch(/<small>mit [^<]+<\/small>/);
		expect(row.get(NAMESAKE)).not.toContain('Personen</span>');
		expect(row.get(NAMESAKE)).not.toContain('<small>');
		// Found alone by a search, the colleague's row still says there is someone else.
		expect((await memberRows('?suche=Clara')).map(([id, html]) => [id, html.includes('2 Personen')])).toEqual([[COLLEAGUE, true]]);
	});

	const browser = useBrowser();
	test('on a phone, the card of each shows the marker and the colleague, with nothing off to the side', async () => {
		const { page, context, close } = await openPage(browser(), { viewport: { width: 390, height: 844 } });
		try {
			const [name, value] = office.split('=') as [string, string];
			await context.addCookies([{ name, value, url: server.baseURL }]);
			await page.goto(`${server.baseURL}/koordination/mitglieder/?suche=Clara`);
			const card = page.locator('tbody tr').first();
			for (const shown of [card.locator('.badge', { hasText: '2 Personen' }), card.getByText(/^mit /)]) {
				expect(await shown.isVisible()).toBe(true);
				expect(await shown.evaluate((element) => element.getBoundingClientRect().right <= innerWidth)).toBe(true);
			}
			expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
		} finally {
			await close();
		}
	});
});

test("the members export has the company's id: shared by colleagues, another for the namesake, as in the JSON", async () => {
	const csv = parseCsv(await (await get(server.baseURL, '/koordination/export/?datei=mitglieder&format=csv', office)).text());
	const json = (await (await get(server.baseURL, '/koordination/export/?datei=mitglieder&format=json', office)).json()) as { userId: string; organizationId: string }[];
	const [header, ...rows] = csv;
	const column = header!.indexOf('Unternehmens-ID');
	expect(column).toBe(1);
	const companyOf = new Map(rows.map((r) => [r[0], r[column]]));
	expect(companyOf.get('demouser00000002')).toBe('demoorg000000002');
	expect(companyOf.get(COLLEAGUE)).toBe('demoorg000000002');
	expect(companyOf.get(NAMESAKE)).toBe('namensvetter0002');
	expect(new Map(json.map((r) => [r.userId, r.organizationId]))).toEqual(companyOf);
});

test('the group board names the colleague and where they sit, beside each of the two', async () => {
	expect((await postForm(server.baseURL, '/_actions/groups.run/', {}, { cookie: office })).status).toBe(200);
	const board = (await (await get(server.baseURL, '/koordination/gruppen/', office)).text()).replaceAll('<!-- -->', '');
	expect(board).toMatch(/<span class="hint">Gleiches Unternehmen wie Clara Kollegin \((Entwurf \d+|Warteliste)\)<\/span>/);
	expect(board).toMatch(/<span class="hint">Gleiches Unternehmen wie [^<(]+ \((Entwurf \d+|Warteliste)\)<\/span>/);
	expect(board.match(/Gleiches Unternehmen wie/g)).toHaveLength(2);
	expect(board).not.toContain('Gleiches Unternehmen wie Nora');
});

describe("a member's profile", () => {
	const NOTE =
		'Für Ihr Unternehmen haben mehrere Personen ein Konto: Genannt wird es, wenn mindestens eine von ihnen zugestimmt und keine widerrufen hat (deaktivierte Konten zählen nicht), also auch ohne Ihre Zustimmung, nicht aber nach Ihrem Widerruf.';
	test('explains the listing of the company beside that consent when a colleague has an account, and only then', async () => {
		const colleague = await login(server.baseURL, 'clara.kollegin@example.org');
		const profile = (await (await get(server.baseURL, '/portal/profil/', colleague)).text()).replace(/\s+/g, ' ');
		expect(profile).toContain(`<p class="hint" id="notiz-listing">${NOTE}</p>`);
		// Read with the listing's box, which says "nicht erteilt" for her while the company is named on the other's consent.
		expect(profile).toMatch(/id="feld-listing"[^>]*aria-describedby="stand-listing notiz-listing"/);
		expect(profile).toContain('<p class="hint" id="stand-listing">Stand: nicht erteilt</p>');
		expect(profile).not.toContain('notiz-events');
		for (const alone of ['mitglied3@example.org', 'nora@example.org']) {
			const page = await (await get(server.baseURL, '/portal/profil/', await login(server.baseURL, alone))).text();
			expect(page, alone).not.toContain('notiz-listing');
			expect(page, alone).toMatch(/aria-describedby="stand-listing"/);
		}
	});
});
