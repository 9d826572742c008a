/**
 * Two people of one member company, told apart from two companies of one name: in the office's
 * member list, its export, on the group board and on the member's own profile.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { interest, organization, user } from '../../db/schema.ts';
import { seedDemo } from '../../db/seed/demo.ts';
import { MEMBER_COLUMNS } from '../../src/lib/export/columns.ts';
import { parseCsv, toCsv } from '../../src/lib/export/csv.ts';
import { getProfile } from '../../src/lib/server/accounts.ts';
import { boardState, runMatching, DEFAULT_SETTINGS } from '../../src/lib/server/matching-board.ts';
import { listMembers } from '../../src/lib/server/members.ts';
import { exportMembers } from '../../src/lib/server/office.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
/** demouser00000002 of demoorg000000002, and a colleague accepted into that company. */
const FIRST = 'demouser00000002';
const COMPANY = 'demoorg000000002';
const COLLEAGUE = 'kollegin00000002';
/** Another company under the name of demoorg000000002, with a person of its own. */
const NAMESAKE_COMPANY = 'namensvetter0002';
const NAMESAKE = 'namensvetterin02';

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemo(t.db, 'hash');
	const now = new Date('2026-11-28T10:00:00Z');
	const company = (await t.db.select().from(organization).where(eq(organization.id, COMPANY)).get())!;
	await t.db.insert(organization).values({ ...company, id: NAMESAKE_COMPANY, town: 'Gotha', createdAt: now });
	// The namesake's person first: in the order of accounts, the two companies would interleave.
	await t.db.insert(user).values([
		{ id: NAMESAKE, organizationId: NAMESAKE_COMPANY, name: 'Nora Namensvetter', email: 'nora@example.org', role: 'member', passwordHash: 'hash', createdAt: now },
		{ id: COLLEAGUE, organizationId: COMPANY, name: 'Clara Kollegin', email: 'clara.kollegin@example.org', role: 'member', passwordHash: 'hash', createdAt: now },
	]);
	await t.db.insert(interest).values([COLLEAGUE, NAMESAKE].map((userId) => ({ userId, topicSlug: 'energieeffizienz', rank: 1, updatedAt: now })));
});
afterAll(() => t.close());

describe("the office's member list", () => {
	test('lists the people of one company one after the other, each with the other, and a namesake company apart', async () => {
		const members = await listMembers();
		const name = members.find((m) => m.userId === FIRST)!.name;
		const sameName = members.filter((m) => m.organizationId === COMPANY || m.organizationId === NAMESAKE_COMPANY);
		expect(sameName.map((m) => m.organizationId)).toEqual(COMPANY < NAMESAKE_COMPANY ? [COMPANY, COMPANY, NAMESAKE_COMPANY] : [NAMESAKE_COMPANY, COMPANY, COMPANY]);
		const byId = new Map(members.map((m) => [m.userId, m]));
		expect(byId.get(FIRST)!.colleagues).toEqual([{ userId: COLLEAGUE, name: 'Clara Kollegin' }]);
		expect(byId.get(COLLEAGUE)!.colleagues).toEqual([{ userId: FIRST, name }]);
		expect(byId.get(NAMESAKE)!.colleagues).toEqual([]);
		expect(byId.get('demouser00000003')!.colleagues).toEqual([]);
		// A search that finds one of them still says who else works there.
		expect((await listMembers({ query: 'Clara' })).map((m) => [m.userId, m.colleagues])).toEqual([[COLLEAGUE, [{ userId: FIRST, name }]]]);
	});

	test("the export carries the company's id, the same for both colleagues and another for the namesake, as CSV column 'Unternehmens-ID'", async () => {
		const rows = await exportMembers();
		const companyOf = new Map(rows.map((r) => [r.userId, r.organizationId]));
		expect([companyOf.get(FIRST), companyOf.get(COLLEAGUE), companyOf.get(NAMESAKE)]).toEqual([COMPANY, COMPANY, NAMESAKE_COMPANY]);
		// One row per person: the list page's colleague names are not part of the export.
		expect(rows.every((r) => !('colleagues' in r))).toBe(true);
		const [header, ...lines] = parseCsv(toCsv(rows as never[], MEMBER_COLUMNS as never));
		const idColumn = header!.indexOf('Unternehmens-ID');
		expect(header!.slice(0, 3)).toEqual(['Konto-ID', 'Unternehmens-ID', 'Unternehmen']);
		const csvCompanyOf = new Map(lines.map((line) => [line[0], line[idColumn]]));
		expect([csvCompanyOf.get(FIRST), csvCompanyOf.get(COLLEAGUE), csvCompanyOf.get(NAMESAKE)]).toEqual([COMPANY, COMPANY, NAMESAKE_COMPANY]);
	});
});

test('the group board names the colleague of each of two people of one company, and nobody else has one', async () => {
	await runMatching(DEFAULT_SETTINGS, 'demokoordination');
	const { people } = await boardState();
	const byId = new Map(people.map((p) => [p.id, p]));
	expect(byId.get(FIRST)!.colleagues).toEqual([{ id: COLLEAGUE, name: 'Clara Kollegin' }]);
	expect(byId.get(COLLEAGUE)!.colleagues).toEqual([{ id: FIRST, name: byId.get(FIRST)!.name }]);
	expect(people.filter((p) => p.colleagues.length > 0).map((p) => p.id).sort()).toEqual([COLLEAGUE, FIRST].sort());
});

test('the profile knows whether another person of the company has an account', async () => {
	expect((await getProfile(FIRST))?.hasColleague).toBe(true);
	expect((await getProfile(COLLEAGUE))?.hasColleague).toBe(true);
	expect((await getProfile(NAMESAKE))?.hasColleague).toBe(false);
	expect((await getProfile('demouser00000003'))?.hasColleague).toBe(false);
	// A deactivated colleague does not count for the website listing, so not here either.
	await t.db.update(user).set({ deactivatedAt: new Date() }).where(eq(user.id, COLLEAGUE));
	try {
		expect((await getProfile(FIRST))?.hasColleague).toBe(false);
	} finally {
		await t.db.update(user).set({ deactivatedAt: null }).where(eq(user.id, COLLEAGUE));
	}
});
