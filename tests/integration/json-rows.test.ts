/**
 * Lists read as one JSON cell (src/lib/server/json-rows.ts) must come back exactly as the same
 * select would have returned them row by row: same values, same types (dates, booleans, nulls
 * from an outer join), same order. The member dashboard reads its group and meetings this way.
 */
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { organization, user } from '../../db/schema.ts';
import { getOwnGroup } from '../../src/lib/server/groups.ts';
import { jsonList, readJsonList } from '../../src/lib/server/json-rows.ts';
import { createMeeting, listOwnMeetings, replyToMeeting } from '../../src/lib/server/meetings.ts';
import { DEMO_GROUP_A, demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
	// One member shares the address, the coordinator has no company: a boolean both ways and an outer join's null.
	await t.db.update(user).set({ shareEmail: true, position: null }).where(eq(user.id, demoUserId(2)));
});
afterAll(() => t.close());

const fields = {
	id: user.id,
	name: user.name,
	position: user.position,
	shareEmail: user.shareEmail,
	createdAt: user.createdAt,
	company: sql<string | null>`${organization.name}`,
	nameLength: sql<number>`length(${user.name})`,
	// An `sql` with a mapping that changes the type: the JSON path must apply it too.
	createdAgain: sql`${user.createdAt}`.mapWith(user.createdAt),
};

describe('a list as one JSON cell', () => {
	test('reads back as the rows of the same select, in its order', async () => {
		const rows = await t.db.select(fields).from(user).leftJoin(organization, eq(user.organizationId, organization.id)).orderBy(asc(user.id));
		const [cell] = await t.db.select({ list: jsonList(fields, user.id) }).from(user).leftJoin(organization, eq(user.organizationId, organization.id));
		const read = readJsonList(fields, cell?.list);

		expect(rows.length).toBeGreaterThan(20);
		expect(read).toEqual(rows);
		expect(read[0]!.createdAt).toBeInstanceOf(Date);
		expect(read[0]!.createdAgain).toBeInstanceOf(Date);
		expect(read.some((r) => r.shareEmail === true) && read.some((r) => r.shareEmail === false)).toBe(true);
		expect(read.some((r) => r.company === null)).toBe(true); // the coordinator
		expect(read.some((r) => r.position === null)).toBe(true);
	});

	test('nothing matched reads as an empty list', async () => {
		const [cell] = await t.db.select({ list: jsonList(fields, user.id) }).from(user).leftJoin(organization, eq(user.organizationId, organization.id)).where(eq(user.id, 'gibtesnichtxxxxx'));
		expect(cell?.list).toBe('[]');
		expect(readJsonList(fields, cell?.list)).toEqual([]);
		expect(readJsonList(fields, null)).toEqual([]);
	});

	test('a field name that is not a plain word never reaches the SQL', () => {
		expect(() => jsonList({ "x', (SELECT 1), 'y": user.id }, user.id)).toThrow(/Ungeeigneter Feldname/);
	});

	test('columns JSON would change are refused when the query is built', () => {
		expect(() => jsonList({ lat: organization.latitude }, user.id)).toThrow(/lat: Spalten vom Typ SQLiteReal/);
	});
});

describe('what the dashboard reads this way', () => {
	test('the own group: members by company, contact only where shared', async () => {
		const group = (await getOwnGroup(demoUserId(1)))!;
		expect(group.id).toBe(DEMO_GROUP_A);
		expect(group.publishedAt === null || group.publishedAt instanceof Date).toBe(true);
		expect(group.members.map((m) => m.userId).sort()).toEqual([1, 2, 3, 4, 5].map(demoUserId).sort());
		const companies = group.members.map((m) => m.organizationName);
		expect(companies).toEqual([...companies].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
		expect(group.members.find((m) => m.userId === demoUserId(2))!.email).toBe('mitglied2@example.org');
		expect(group.members.filter((m) => m.userId !== demoUserId(2)).every((m) => m.email === null && m.phone === null)).toBe(true);
	});

	test('the own group: the phone only where shared, nobody deactivated or without a company', async () => {
		await t.db.update(user).set({ phone: '0361 000000', sharePhone: true }).where(eq(user.id, demoUserId(3)));
		await t.db.update(user).set({ phone: '0361 111111', sharePhone: false }).where(eq(user.id, demoUserId(4)));
		await t.db.update(user).set({ deactivatedAt: new Date() }).where(eq(user.id, demoUserId(5)));
		const members = (await getOwnGroup(demoUserId(1)))!.members;
		expect(members.find((m) => m.userId === demoUserId(3))!.phone).toBe('0361 000000');
		expect(members.find((m) => m.userId === demoUserId(4))!.phone).toBeNull();
		expect(members.map((m) => m.userId)).not.toContain(demoUserId(5));
		expect(members.map((m) => m.userId)).not.toContain(demoUserId(6)); // group B

		// A group whose other members are all gone still is the caller's group, with nobody listed.
		for (const n of [1, 2, 3, 4]) await t.db.update(user).set({ deactivatedAt: new Date() }).where(eq(user.id, demoUserId(n)));
		const emptied = (await getOwnGroup(demoUserId(1)))!;
		expect(emptied.id).toBe(DEMO_GROUP_A);
		expect(emptied.members).toEqual([]);
		for (const n of [1, 2, 3, 4, 5]) await t.db.update(user).set({ deactivatedAt: null }).where(eq(user.id, demoUserId(n)));
	});

	test('the own meetings: dates, host, own reply and the count of those coming', async () => {
		const id = await createMeeting(DEMO_GROUP_A, { startsAtLocal: '2030-03-06T14:00', durationMinutes: 180, hostOrganizationId: null, address: 'Erfurt', agenda: null }, 'demokoordination');
		await createMeeting(DEMO_GROUP_A, { startsAtLocal: '2030-01-09T14:00', durationMinutes: 180, hostOrganizationId: null, address: null, agenda: null }, 'demokoordination');
		await replyToMeeting(demoUserId(1), id, true);
		await replyToMeeting(demoUserId(2), id, true);
		await replyToMeeting(demoUserId(3), id, false);
		const meetings = await listOwnMeetings(demoUserId(3));
		const mine = meetings.find((m) => m.id === id)!;
		const startsAt = new Date('2030-03-06T13:00:00Z'); // 14:00 in Erfurt
		expect(mine).toMatchObject({ startsAt, status: 'planned', hostName: null, address: 'Erfurt', groupName: 'Fokusgruppe A', myReply: 0, attending: 2 });
		expect(mine.endsAt).toBeInstanceOf(Date);
		expect(meetings).toHaveLength(2);
		expect(meetings.map((m) => m.startsAt.getTime())).toEqual(meetings.map((m) => m.startsAt.getTime()).sort((a, b) => a - b));
		expect(await listOwnMeetings(demoUserId(11))).toEqual([]); // no group, no meetings
	});
});
