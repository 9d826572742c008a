/** The topic queue against a real database: only the own group reads and writes it, the office never. */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { groupMembership, topicQueueItem, user } from '../../db/schema.ts';
import { correctPerson } from '../../src/lib/server/accounts.ts';
import { renewFeed } from '../../src/lib/server/calendar-feeds.ts';
import { exportPersonalData } from '../../src/lib/server/personal-data.ts';
import { MAX_OPEN_TOPICS, addTopic, markTopicDiscussed, ownTopicQueue, ownTopicsLeftBehind, reopenTopic, withdrawTopic } from '../../src/lib/server/topic-queue.ts';
import { DEMO_GROUP_A, DEMO_GROUP_B, demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const memberOf = demoUserId;
const OFFICE = 'demokoordination';
const GROUP_A = DEMO_GROUP_A;
const GROUP_B = DEMO_GROUP_B;
const now = new Date('2026-11-26T10:00:00Z');

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
});
afterAll(() => t.close());

const idsIn = async (groupId: string) => (await t.db.select({ id: topicQueueItem.id }).from(topicQueueItem).where(eq(topicQueueItem.groupId, groupId))).map((r) => r.id);

describe('topic queue', () => {
	test('members add topics to their own group and all of the group see them in agenda order', async () => {
		expect(await addTopic(memberOf(1), { title: 'Wärmepumpen in der Halle', priority: 2, minutes: 40 }, now)).toBe('added');
		expect(await addTopic(memberOf(2), { title: 'Azubis finden', priority: 1, minutes: 30 }, new Date(now.getTime() + 1000))).toBe('added');
		const seenByThree = (await ownTopicQueue(memberOf(3), now))!;
		expect(seenByThree.agenda.map((e) => e.topic.title)).toEqual(['Azubis finden', 'Wärmepumpen in der Halle']);
		expect(seenByThree.agenda.map((e) => e.topic.mine)).toEqual([false, false]);
		expect((await ownTopicQueue(memberOf(1), now))!.agenda.map((e) => e.topic.mine)).toEqual([false, true]);
		// A double tap sends the same point twice, together: it is listed once. Another member's same words are their own point.
		const [again, other] = await Promise.all([
			addTopic(memberOf(1), { title: 'Wärmepumpen in der Halle', priority: 2, minutes: 40 }, now),
			addTopic(memberOf(2), { title: 'Wärmepumpen in der Halle', priority: 3, minutes: 20 }, now),
		]);
		expect([again, other]).toEqual(['added', 'added']);
		const titles = (await ownTopicQueue(memberOf(3), now))!.agenda.map((e) => e.topic.title);
		expect(titles.filter((title) => title === 'Wärmepumpen in der Halle')).toHaveLength(2);
		await t.db.delete(topicQueueItem).where(and(eq(topicQueueItem.userId, memberOf(2)), eq(topicQueueItem.title, 'Wärmepumpen in der Halle')));
	});

	test('another group, a member without a group and the office see nothing and change nothing', async () => {
		const [first] = await idsIn(GROUP_A);
		expect((await ownTopicQueue(memberOf(6), now))!.agenda).toEqual([]);
		expect(await ownTopicQueue(memberOf(20), now)).toBeNull();
		expect(await ownTopicQueue(OFFICE, now)).toBeNull();
		for (const outsider of [memberOf(6), memberOf(20), OFFICE]) {
			expect(await markTopicDiscussed(outsider, first!, now)).toBe(false);
			expect(await withdrawTopic(outsider, first!)).toBe(false);
		}
		expect(await addTopic(memberOf(20), { title: 'Irgendwas', priority: 2, minutes: 10 }, now)).toBe('no-group');
		expect(await addTopic(OFFICE, { title: 'Irgendwas', priority: 2, minutes: 10 }, now)).toBe('no-group');
		expect(await idsIn(GROUP_B)).toEqual([]);
		const rows = await t.db.select().from(topicQueueItem).where(eq(topicQueueItem.groupId, GROUP_A));
		expect(rows.every((r) => r.discussedAt === null)).toBe(true);
	});

	test('only the author withdraws; any group member ticks off; ticked topics leave the agenda', async () => {
		const queue = (await ownTopicQueue(memberOf(1), now))!;
		const warm = queue.agenda.find((e) => e.topic.title.startsWith('Wärme'))!.topic;
		const azubis = queue.agenda.find((e) => e.topic.title.startsWith('Azubis'))!.topic;
		expect(await withdrawTopic(memberOf(1), azubis.id)).toBe(false);
		expect(await markTopicDiscussed(memberOf(4), azubis.id, now)).toBe(true);
		expect(await markTopicDiscussed(memberOf(4), azubis.id, new Date(now.getTime() + 60_000)), 'a second tick keeps the first').toBe('already');
		expect((await t.db.select({ at: topicQueueItem.discussedAt }).from(topicQueueItem).where(eq(topicQueueItem.id, azubis.id)).get())!.at).toEqual(now);
		const after = (await ownTopicQueue(memberOf(5), now))!;
		expect(after.agenda.map((e) => e.topic.id)).toEqual([warm.id]);
		expect(after.discussed.map((d) => d.id)).toEqual([azubis.id]);
		expect(await withdrawTopic(memberOf(1), warm.id)).toBe(true);
		expect((await ownTopicQueue(memberOf(5), now))!.agenda).toEqual([]);
	});

	test(`a group holds at most ${MAX_OPEN_TOPICS} open topics`, async () => {
		for (let i = 0; i < MAX_OPEN_TOPICS - 2; i++) expect(await addTopic(memberOf(7), { title: `Thema ${i}`, priority: 3, minutes: 5 }, now)).toBe('added');
		// Five members adding at the same moment for the last two places: two get them.
		const atOnce = await Promise.all([6, 7, 8, 9, 10].map((n) => addTopic(memberOf(n), { title: `Gleichzeitig ${n}`, priority: 2, minutes: 5 }, now)));
		expect(atOnce.filter((outcome) => outcome === 'added')).toHaveLength(2);
		expect(await addTopic(memberOf(8), { title: 'eins zu viel', priority: 1, minutes: 5 }, now)).toBe('full');
		expect((await ownTopicQueue(memberOf(6), now))!.full).toBe(true);
		// Putting a discussed topic back meets the same limit.
		const first = (await ownTopicQueue(memberOf(6), now))!.agenda[0]!.topic;
		expect(await markTopicDiscussed(memberOf(6), first.id, now)).toBe(true);
		expect(await addTopic(memberOf(8), { title: 'rückt nach', priority: 3, minutes: 5 }, now)).toBe('added');
		expect(await reopenTopic(memberOf(6), first.id)).toBe('full');
		expect(await reopenTopic(memberOf(6), 'gibtesnichtxxxxx')).toBe(false);
	});

	test('the own proposals are in the download of the own data, the others\' are not', async () => {
		await addTopic(memberOf(2), { title: 'Nachfolge regeln', priority: 2, minutes: 20 }, now);
		const token = await renewFeed(memberOf(2), now);
		const data = (await exportPersonalData(memberOf(2), (s) => s))!;
		expect(data.kalenderAbo?.eingerichtet).toBe(now.toISOString());
		expect(JSON.stringify(data)).not.toContain(token.split('.')[1]);
		expect(data.vorgeschlageneGespraechspunkte.map((x) => x.titel).sort()).toEqual(['Azubis finden', 'Nachfolge regeln']);
		expect(JSON.stringify(data)).not.toContain('Wärmepumpen');
	});

	test('the download of a member who left the group says whether their topic is still open, not when the group discussed it', async () => {
		const author = memberOf(5);
		expect(await addTopic(author, { title: 'Mein Punkt bleibt hier', priority: 2, minutes: 15 }, now)).toBe('added');
		const [id] = (await t.db.select({ id: topicQueueItem.id }).from(topicQueueItem).where(eq(topicQueueItem.title, 'Mein Punkt bleibt hier'))).map((r) => r.id);
		expect(await markTopicDiscussed(memberOf(1), id!, now)).toBe(true);
		const exported = async () => (await exportPersonalData(author, (x) => x))!.vorgeschlageneGespraechspunkte.find((x) => x.titel === 'Mein Punkt bleibt hier');
		expect(await exported()).toMatchObject({ besprochen: now.toISOString() });
		const seat = (await t.db.select().from(groupMembership).where(eq(groupMembership.userId, author)).get())!;
		await t.db.delete(groupMembership).where(and(eq(groupMembership.groupId, seat.groupId), eq(groupMembership.userId, author)));
		try {
			const left = await exported();
			expect(left).toMatchObject({ offen: false, hinweis: expect.stringContaining('Sie gehören dieser Gruppe nicht mehr an') });
			expect(left).not.toHaveProperty('besprochen');
		} finally {
			await t.db.insert(groupMembership).values(seat);
		}
	});

	test('a topic ticked off by mistake goes back on the list, by a member of the group only', async () => {
		await addTopic(memberOf(1), { title: 'Versehentlich abgehakt', priority: 2, minutes: 10 }, now);
		const [id] = (await t.db.select({ id: topicQueueItem.id }).from(topicQueueItem).where(eq(topicQueueItem.title, 'Versehentlich abgehakt'))).map((r) => r.id);
		expect(await reopenTopic(memberOf(2), id!), 'an open topic is not reopened').toBe(false);
		expect(await markTopicDiscussed(memberOf(2), id!, now)).toBe(true);
		expect(await reopenTopic(memberOf(6), id!), 'not by another group').toBe(false);
		expect(await reopenTopic(OFFICE, id!), 'not by the office').toBe(false);
		expect(await reopenTopic(memberOf(3), id!)).toBe(true);
		expect((await ownTopicQueue(memberOf(1), now))!.agenda.some((e) => e.topic.title === 'Versehentlich abgehakt')).toBe(true);
		expect(await withdrawTopic(memberOf(1), id!)).toBe(true);
	});

	test('an author taken out of the group or deactivated is no longer named to those who stay; the topic stays', async () => {
		await addTopic(memberOf(4), { title: 'Energieaudit vorbereiten', priority: 2, minutes: 15 }, now);
		const named = async () => (await ownTopicQueue(memberOf(3), now))!.agenda.find((e) => e.topic.title === 'Energieaudit vorbereiten')?.topic.authorName;
		expect(await named()).toBe((await t.db.select({ name: user.name }).from(user).where(eq(user.id, memberOf(4))).get())!.name);
		await t.db.delete(groupMembership).where(and(eq(groupMembership.groupId, GROUP_A), eq(groupMembership.userId, memberOf(4))));
		expect(await named()).toBeNull();
		await t.db.insert(groupMembership).values({ groupId: GROUP_A, userId: memberOf(4), createdAt: new Date('2026-01-01T00:00:00Z') });
		// Deactivated, the author still holds the seat but is off the group's list of members: not named either.
		await t.db.update(user).set({ deactivatedAt: now }).where(eq(user.id, memberOf(4)));
		expect(await named()).toBeNull();
		await t.db.update(user).set({ deactivatedAt: null }).where(eq(user.id, memberOf(4)));
	});

	test('an author taken out of the group still sees their open topics there and withdraws them; nothing else of the group', async () => {
		const author = memberOf(3);
		expect(await addTopic(author, { title: 'Heikles eigenes Thema', priority: 1, minutes: 15 }, now)).toBe('added');
		expect(await addTopic(author, { title: 'Schon besprochen', priority: 3, minutes: 5 }, now)).toBe('added');
		const idOf = async (title: string) => (await t.db.select({ id: topicQueueItem.id }).from(topicQueueItem).where(eq(topicQueueItem.title, title)).get())!.id;
		await markTopicDiscussed(memberOf(1), await idOf('Schon besprochen'), now);
		const seat = (await t.db.select().from(groupMembership).where(eq(groupMembership.userId, author)).get())!;
		expect(await ownTopicsLeftBehind(author), 'nothing left behind while seated').toEqual([]);
		await t.db.delete(groupMembership).where(eq(groupMembership.userId, author));
		try {
			const left = await ownTopicsLeftBehind(author);
			expect(left.map((x) => x.title)).toEqual(['Heikles eigenes Thema']);
			expect(left[0]!.groupName).toMatch(/^Fokusgruppe /);
			// Another member's topic of that group stays out of reach.
			const others = (await ownTopicQueue(memberOf(1), now))!.agenda.map((e) => e.topic).filter((x) => !x.mine && x.title !== 'Heikles eigenes Thema');
			expect(others.length).toBeGreaterThan(0);
			for (const other of others) expect(await withdrawTopic(author, other.id)).toBe(false);
			expect(await withdrawTopic(author, await idOf('Schon besprochen')), 'a discussed one is the group\'s record').toBe(false);
			expect(await withdrawTopic(author, left[0]!.id)).toBe(true);
			expect(await ownTopicsLeftBehind(author)).toEqual([]);
			expect((await ownTopicQueue(memberOf(1), now))!.agenda.some((e) => e.topic.title === 'Heikles eigenes Thema')).toBe(false);
		} finally {
			await t.db.insert(groupMembership).values(seat);
		}
	});

	test('a member taken out while adding, ticking off or reopening changes nothing: the seat is checked where it writes', async () => {
		const member = memberOf(5);
		await addTopic(member, { title: 'Eigenes Thema', priority: 2, minutes: 10 }, now);
		const own = (await t.db.select({ id: topicQueueItem.id }).from(topicQueueItem).where(eq(topicQueueItem.title, 'Eigenes Thema')).get())!.id;
		const other = (await t.db.select({ id: topicQueueItem.id }).from(topicQueueItem).where(and(eq(topicQueueItem.groupId, GROUP_A), eq(topicQueueItem.title, 'Energieaudit vorbereiten'))).get())!.id;
		await markTopicDiscussed(memberOf(3), other, now);
		const before = JSON.stringify(await t.db.select().from(topicQueueItem).where(eq(topicQueueItem.groupId, GROUP_A)));
		// The office takes the member out at the same moment as each of the member's writes.
		const takeOut = () => t.db.transaction((tx) => tx.delete(groupMembership).where(and(eq(groupMembership.groupId, GROUP_A), eq(groupMembership.userId, member))));
		const putBack = () => t.db.insert(groupMembership).values({ groupId: GROUP_A, userId: member, createdAt: new Date('2026-01-01T00:00:00Z') });
		for (const write of [
			() => addTopic(member, { title: 'Nach dem Austritt', priority: 1, minutes: 5 }, now),
			() => markTopicDiscussed(member, own, now),
			() => reopenTopic(member, other),
		]) {
			const [result] = await Promise.all([write(), takeOut()]);
			expect(result === 'no-group' || result === false, String(result)).toBe(true);
			await putBack();
		}
		expect(JSON.stringify(await t.db.select().from(topicQueueItem).where(eq(topicQueueItem.groupId, GROUP_A)))).toBe(before);
	});

	test('an account the office moves to another address sees the topics added from then on only, its own earlier ones included, like a newcomer', async () => {
		const member = memberOf(4);
		expect(await addTopic(member, { title: 'Mein eigener Punkt von vorher', priority: 3, minutes: 5 }, now)).toBe('added');
		const before = (await ownTopicQueue(member, now))!.agenda.map((e) => e.topic.title);
		expect(before.length).toBeGreaterThan(1);
		const moved = new Date(now.getTime() + 60_000);
		const person = (await t.db.select().from(user).where(eq(user.id, member)).get())!;
		expect(await correctPerson(member, { name: person.name, position: person.position, email: 'neue.adresse@example.org', phone: person.phone }, OFFICE, moved)).toMatchObject({ ok: true, emailChanged: true });
		// Whoever reads the new address may be someone else (the office itself): not even the member's own earlier topics.
		expect((await ownTopicQueue(member, moved))!.agenda).toEqual([]);
		expect((await ownTopicQueue(member, moved))!.unseenBefore).toBe(true);
		expect((await exportPersonalData(member, (x) => x))!.vorgeschlageneGespraechspunkte.map((x) => x.titel)).not.toContain('Mein eigener Punkt von vorher');
		expect(await addTopic(memberOf(1), { title: 'Nach dem Umzug der Anmeldung', priority: 2, minutes: 10 }, new Date(moved.getTime() + 60_000))).toBe('added');
		expect(await addTopic(member, { title: 'Mein Punkt danach', priority: 2, minutes: 10 }, new Date(moved.getTime() + 90_000))).toBe('added');
		expect((await ownTopicQueue(member, moved))!.agenda.map((e) => e.topic.title).sort()).toEqual(['Mein Punkt danach', 'Nach dem Umzug der Anmeldung']);
		// The others' list is as it was, with the new topic.
		expect((await ownTopicQueue(memberOf(1), moved))!.agenda.map((e) => e.topic.title)).toEqual(expect.arrayContaining([...before, 'Nach dem Umzug der Anmeldung']));
		// A correction of the name only is no new login.
		expect((await correctPerson(member, { name: `${person.name} B.`, position: person.position, email: 'neue.adresse@example.org', phone: person.phone }, OFFICE, new Date(moved.getTime() + 120_000))).ok).toBe(true);
		expect((await t.db.select({ at: user.loginMovedAt }).from(user).where(eq(user.id, member)).get())!.at).toEqual(moved);
	});

	test('an account never invited that holds a seat: its address corrected quietly, it too sees the topics from then on only', async () => {
		const member = memberOf(5);
		expect((await ownTopicQueue(member, now))!.agenda.length).toBeGreaterThan(0);
		const moved = new Date(now.getTime() + 180_000);
		const person = (await t.db.select().from(user).where(eq(user.id, member)).get())!;
		const corrected = await correctPerson(member, { name: person.name, position: person.position, email: 'die.koordination.selbst@example.org', phone: person.phone }, OFFICE, moved, {
			neverInvited: true,
		});
		expect(corrected).toMatchObject({ ok: true, emailChanged: true, quietly: true });
		// The office could otherwise invite itself to that address and read what the group said before.
		expect((await ownTopicQueue(member, moved))!.agenda).toEqual([]);
		expect((await ownTopicQueue(member, moved))!.unseenBefore).toBe(true);
	});

	test('a deleted author leaves the topic with the group, without a trace of who it was', async () => {
		await t.db.delete(user).where(eq(user.id, memberOf(2)));
		const queue = (await ownTopicQueue(memberOf(3), now))!;
		const left = queue.agenda.find((e) => e.topic.title === 'Nachfolge regeln')!;
		expect(left.topic.authorName).toBeNull();
		expect(JSON.stringify(await t.db.select().from(topicQueueItem))).not.toContain(memberOf(2));
	});
});
