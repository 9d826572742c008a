/** Drafts and publication against a real database: nobody gets a second seat, and pages agree on the group. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { focusGroup, groupMembership, meeting, meetingReply, organization, organizationConflict, user } from '../../db/schema.ts';
import { describeAuditEvents } from '../../src/lib/server/audit.ts';
import { setMemberDeactivated } from '../../src/lib/server/members.ts';
import { boardState, draftRuleViolations } from '../../src/lib/server/matching-board.ts';
import {
	DraftError,
	SeatError,
	addToPublishedGroup,
	getOwnGroup,
	listGroups,
	messageGroup,
	moveDraftMember,
	ownGroupIds,
	publishDrafts,
	removeFromPublishedGroup,
	draftVersion,
	saveDraft,
	seatCandidatesFor,
} from '../../src/lib/server/groups.ts';
import { listOwnMeetings, createMeeting, meetingLine, replyToMeeting } from '../../src/lib/server/meetings.ts';
import { addTopic, ownTopicQueue } from '../../src/lib/server/topic-queue.ts';
import { DEMO_GROUP_A, demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';
import { readMails } from '../helpers/mail-sink.ts';

let t: TestDatabase;
const OFFICE = 'demokoordination';
const title = (slug: string) => slug;

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
});
afterAll(() => t.close());

describe('drafts', () => {
	test.each([
		['a member who already sits in a published group', demoUserId(1)],
		['the coordinator', OFFICE],
		['an id that does not exist', 'gibtesnichtxxxxx'],
	])('a draft with %s is refused and changes nothing', async (_what, intruder) => {
		await saveDraft([{ topic: 'energieeffizienz', members: [demoUserId(11), demoUserId(12), demoUserId(13), demoUserId(14), intruder] }], null, OFFICE).then(
			() => expect.unreachable('saved'),
			(error) => {
				expect(error).toBeInstanceOf(DraftError);
				expect((error as Error).message).toMatch(/^Der Entwurf ist nicht mehr aktuell: Eine Person hat/);
			},
		);
		expect(await listGroups('draft')).toEqual([]);
	});

	test('the board marks members who have not taken up their invitation yet, and those taken over and never invited', async () => {
		await t.db.update(user).set({ passwordHash: null }).where(inArray(user.id, [demoUserId(20), demoUserId(18)]));
		await t.db.update(user).set({ notInvitedSince: new Date() }).where(eq(user.id, demoUserId(18)));
		try {
			const people = (await boardState()).people;
			expect(people.find((p) => p.id === demoUserId(20))?.withoutPassword).toBe('invited');
			expect(people.find((p) => p.id === demoUserId(18))?.withoutPassword).toBe('not-invited');
			expect(people.find((p) => p.id === demoUserId(19))?.withoutPassword).toBeNull();
		} finally {
			await t.db.update(user).set({ passwordHash: 'hash', notInvitedSince: null }).where(inArray(user.id, [demoUserId(20), demoUserId(18)]));
		}
	});

	test('a seated member cannot be moved into a draft either', async () => {
		await saveDraft([{ topic: 'kundenbindung', members: [demoUserId(11), demoUserId(12), demoUserId(13), demoUserId(14), demoUserId(15)] }], null, OFFICE);
		const [draft] = await listGroups('draft');
		expect(await moveDraftMember(demoUserId(2), draft!.id, OFFICE)).toBe(false);
		expect(await moveDraftMember(demoUserId(16), draft!.id, OFFICE)).toBe(true);
		// A seat given by hand is held, so a new run keeps it; the seats the run gave are not.
		const seats = await t.db.select({ userId: groupMembership.userId, locked: groupMembership.locked }).from(groupMembership).where(eq(groupMembership.groupId, draft!.id));
		expect(seats.filter((seat) => seat.locked).map((seat) => seat.userId)).toEqual([demoUserId(16)]);
	});

	test('a member without coordinates gets no draft seat, neither by a saved board nor by a move, and is named', async () => {
		const [draft] = await listGroups('draft');
		const before = draft!.members.map((m) => m.userId).sort();
		const org = (await t.db.select({ org: user.organizationId, name: user.name }).from(user).where(eq(user.id, demoUserId(17))).get())!;
		const place = (await t.db.select({ latitude: organization.latitude, longitude: organization.longitude }).from(organization).where(eq(organization.id, org.org!)).get())!;
		await t.db.update(organization).set({ latitude: null, longitude: null }).where(eq(organization.id, org.org!));
		try {
			const refusal = new RegExp(`^Ohne Koordinaten kann niemand eine Gruppe bekommen: ${org.name} \\(`);
			await expect(saveDraft([{ topic: draft!.topicSlug, members: [...before, demoUserId(17)] }], null, OFFICE)).rejects.toThrow(refusal);
			await expect(moveDraftMember(demoUserId(17), draft!.id, OFFICE)).rejects.toThrow(refusal);
			expect((await listGroups('draft'))[0]!.members.map((m) => m.userId).sort(), 'nothing changed').toEqual(before);
			expect(await moveDraftMember(demoUserId(17), null, OFFICE), 'the waiting list is no seat: not refused').toBe(true);
		} finally {
			await t.db.update(organization).set(place).where(eq(organization.id, org.org!));
		}
	});

	test('rule breaks beside the publish form name people, not ids', async () => {
		const orgOf = async (n: number) => (await t.db.select({ org: user.organizationId }).from(user).where(eq(user.id, demoUserId(n))).get())!.org!;
		const [first, second] = [await orgOf(11), await orgOf(12)];
		const { code } = (await t.db.select({ code: organization.industryCode }).from(organization).where(eq(organization.id, first)).get())!;
		const before = (await t.db.select({ code: organization.industryCode }).from(organization).where(eq(organization.id, second)).get())!.code;
		await t.db.update(organization).set({ industryCode: code }).where(eq(organization.id, second));
		const [third, fourth] = [await orgOf(13), await orgOf(14)];
		await t.db.insert(organizationConflict).values({ id: 'konfliktnamen001', organizationId: third, otherOrganizationId: fourth, kind: 'competitor' });
		try {
			const messages = draftRuleViolations(await boardState());
			const clash = messages.find((m) => m.includes(`dieselbe WZ-Klasse ${code}`));
			expect(clash).toMatch(/^Entwurf 1: [^()]+ \([^()]+\) und [^()]+ \([^()]+\) haben dieselbe WZ-Klasse/);
			expect(messages.find((m) => m.includes('stehen im Konflikt'))).toMatch(/^Entwurf 1: [^()]+ \([^()]+\) und [^()]+ \([^()]+\) stehen im Konflikt\.$/);
			expect(messages.join(' ')).not.toMatch(/demo(user|org)\d{8}/);
		} finally {
			await t.db.update(organization).set({ industryCode: before }).where(eq(organization.id, second));
			await t.db.delete(organizationConflict).where(eq(organizationConflict.id, 'konfliktnamen001'));
		}
	});

	test('deactivating a member takes them out of the draft, so the board can still be saved', async () => {
		const [draft] = await listGroups('draft');
		const members = draft!.members.map((m) => m.userId);
		expect(members).toContain(demoUserId(16));
		expect(await setMemberDeactivated(demoUserId(16), true, OFFICE)).toEqual({ leftDraft: true, invited: null });
		const [after] = await listGroups('draft');
		expect(after!.members.map((m) => m.userId)).toEqual(members.filter((id) => id !== demoUserId(16)));
		// The board as the office had it open (with the person) is stale; without them it saves.
		await expect(saveDraft([{ topic: 'kundenbindung', members }], null, OFFICE)).rejects.toBeInstanceOf(DraftError);
		await saveDraft([{ topic: 'kundenbindung', members: members.filter((id) => id !== demoUserId(16)) }], null, OFFICE);
		const logged = (await describeAuditEvents(5)).find((e) => e.action.startsWith('Konto deaktiviert'));
		expect(logged?.action).toBe('Konto deaktiviert (auch aus dem Entwurf der Gruppenbildung genommen)');
		expect(await setMemberDeactivated(demoUserId(16), false, OFFICE)).toEqual({ leftDraft: false, invited: null });
		expect(await moveDraftMember(demoUserId(16), (await listGroups('draft'))[0]!.id, OFFICE)).toBe(true);
	});

	test('publishing checks the seats again and publishes nothing when one is no longer possible', async () => {
		// As if a colleague had seated or switched off someone between the look at the draft and the click.
		await t.db.update(user).set({ deactivatedAt: new Date() }).where(eq(user.id, demoUserId(16)));
		try {
			await expect(publishDrafts(OFFICE, title)).rejects.toThrow(/^Der Entwurf kann so nicht veröffentlicht werden: Eine Person hat inzwischen eine Gruppe, ist deaktiviert/);
			expect(await listGroups('draft')).toHaveLength(1);
			expect(await getOwnGroup(demoUserId(11))).toBeNull();
		} finally {
			await t.db.update(user).set({ deactivatedAt: null }).where(eq(user.id, demoUserId(16)));
		}
	});

	test('a board loaded before a colleague changed the draft is not saved over it, nor published on its confirmation', async () => {
		const loaded = draftVersion(await listGroups('draft'));
		const [draft] = await listGroups('draft');
		expect(await moveDraftMember(demoUserId(16), null, OFFICE)).toBe(true); // the colleague
		const board = [{ topic: draft!.topicSlug, members: draft!.members.map((m) => m.userId) }];
		await expect(saveDraft(board, null, OFFICE, new Date(), loaded)).rejects.toThrow(/^Der gespeicherte Entwurf hat sich inzwischen geändert/);
		await expect(publishDrafts(OFFICE, title, new Date(), loaded)).rejects.toThrow(/^Der gespeicherte Entwurf hat sich inzwischen geändert/);
		expect((await listGroups('draft'))[0]!.members.map((m) => m.userId), "the colleague's move stands").not.toContain(demoUserId(16));
		expect(await moveDraftMember(demoUserId(16), draft!.id, OFFICE)).toBe(true);
		expect(draftVersion(await listGroups('draft')), 'the same draft again').toBe(loaded);
	});

	test('publishing publishes each draft once; a move at the same moment is wholly before or after it, and the mails go to the group as published', async () => {
		const outbox = join(t.dir, 'outbox');
		// No mail yet in this database: the outbox comes with the first.
		const mailsBefore = existsSync(outbox) ? (await readMails(outbox)).length : 0;
		const [published, moved] = await Promise.all([publishDrafts(OFFICE, title), moveDraftMember(demoUserId(16), null, OFFICE)]);
		expect(published).toBe(1);
		expect(await publishDrafts(OFFICE, title)).toBe(0);
		const seated = (moved ? [11, 12, 13, 14, 15] : [11, 12, 13, 14, 15, 16]).map(demoUserId).sort();
		expect((await getOwnGroup(demoUserId(11)))?.members.map((m) => m.userId).sort()).toEqual(seated);
		const told = async () =>
			(await readMails(outbox))
				.slice(mailsBefore)
				.filter((m) => m.subject?.startsWith('Ihre Fokusgruppe steht fest'))
				.flatMap((m) => [m.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address)))
				.sort();
		const addresses = (await t.db.select({ id: user.id, email: user.email }).from(user)).filter((u) => seated.includes(u.id)).map((u) => u.email).sort();
		await expect.poll(told).toEqual(addresses);
	});

	test('draft groups come back in the order they were numbered, also from ten on', async () => {
		const numbered = Array.from({ length: 11 }, (_, i) => ({ id: `reihenfolge${String(i + 1).padStart(5, '0')}`, name: `Entwurf ${i + 1}`, topicSlug: 'energieeffizienz', cohort: 2026, status: 'draft' as const, createdAt: new Date() }));
		await t.db.insert(focusGroup).values([...numbered].reverse());
		try {
			expect((await listGroups('draft')).map((g) => g.name)).toEqual(numbered.map((g) => g.name));
		} finally {
			await t.db.delete(focusGroup).where(eq(focusGroup.status, 'draft'));
		}
	});
});

describe('one group per member on every page', () => {
	test('even with a second seat forced into the database, overview, topic list and meetings name the same group', async () => {
		// Not possible through the office's actions any more; the pages must still agree.
		const extra = 'gruppezzzzzzzzzz';
		await t.db.insert(focusGroup).values({ id: extra, name: 'Fokusgruppe Z', topicSlug: 'kundenbindung', cohort: 2026, status: 'published', publishedAt: new Date('2030-01-01T00:00:00Z') });
		await t.db.insert(groupMembership).values({ groupId: extra, userId: demoUserId(1) });
		await createMeeting(DEMO_GROUP_A, { startsAtLocal: '2030-03-06T14:00', durationMinutes: 120, hostOrganizationId: null, address: null, agenda: null }, OFFICE);
		await addTopic(demoUserId(2), { title: 'Nur in Gruppe A', priority: 2, minutes: 10 });
		const overview = (await getOwnGroup(demoUserId(1)))!;
		expect(overview.id).toBe(extra);
		expect((await ownGroupIds(demoUserId(1)))[0]).toBe(extra);
		expect((await ownTopicQueue(demoUserId(1)))!.agenda.map((e) => e.topic.title)).not.toContain('Nur in Gruppe A');
		await t.db.delete(groupMembership).where(eq(groupMembership.groupId, extra));
		await t.db.delete(focusGroup).where(eq(focusGroup.id, extra));
		expect((await getOwnGroup(demoUserId(1)))!.id).toBe(DEMO_GROUP_A);
		expect((await listOwnMeetings(demoUserId(1))).length).toBeGreaterThan(0);
	});
});

describe('published groups: the office fills and frees places', () => {
	const orgOf = async (n: number) => (await t.db.select({ org: user.organizationId }).from(user).where(eq(user.id, demoUserId(n))).get())!.org!;
	const refusal = (promise: Promise<unknown>) =>
		promise.then(
			() => expect.unreachable('seated'),
			(error) => {
				expect(error).toBeInstanceOf(SeatError);
				return (error as Error).message;
			},
		);

	test('a place freed and filled again; the newcomer is told by mail, the rules of the matching hold', async () => {
		expect(await removeFromPublishedGroup(DEMO_GROUP_A, demoUserId(5), OFFICE)).toBe(true);
		expect(await getOwnGroup(demoUserId(5))).toBeNull();
		expect(await removeFromPublishedGroup(DEMO_GROUP_A, demoUserId(5), OFFICE), 'only once').toBe(false);

		expect(await refusal(addToPublishedGroup(DEMO_GROUP_A, demoUserId(7), OFFICE, title))).toMatch(/schon eine Gruppe/);
		const joined = new Date(Date.now() + 60_000);
		// A deactivated account keeps its seat, but the newcomer will not meet it.
		const seatsBefore = await t.db.$count(groupMembership, eq(groupMembership.groupId, DEMO_GROUP_A));
		await t.db.update(user).set({ deactivatedAt: new Date() }).where(eq(user.id, demoUserId(3)));
		expect(await addToPublishedGroup(DEMO_GROUP_A, demoUserId(5), OFFICE, title, joined)).toBe(true);
		await t.db.update(user).set({ deactivatedAt: null }).where(eq(user.id, demoUserId(3)));
		expect((await getOwnGroup(demoUserId(5)))?.id).toBe(DEMO_GROUP_A);
		// What the group discussed before stays with those who were there; what comes after is shared.
		const titles = async (n: number) => (await ownTopicQueue(demoUserId(n)))!.agenda.map((e) => e.topic.title);
		expect(await titles(2)).toContain('Nur in Gruppe A');
		expect(await titles(5)).not.toContain('Nur in Gruppe A');
		expect((await ownTopicQueue(demoUserId(5)))!.unseenBefore, 'the newcomer is told that earlier ones exist').toBe(true);
		expect((await ownTopicQueue(demoUserId(2)))!.unseenBefore).toBe(false);
		expect(await addTopic(demoUserId(5), { title: 'Neu dabei', priority: 2, minutes: 10 }, new Date(joined.getTime() + 60_000))).toBe('added');
		expect(await titles(5)).toContain('Neu dabei');
		expect(await titles(2)).toContain('Neu dabei');
		// The earlier topic still takes its time at the meeting: both see 'Neu dabei' at the same place.
		const slot = async (n: number) => (await ownTopicQueue(demoUserId(n)))!.agenda.find((e) => e.topic.title === 'Neu dabei');
		expect((await slot(5))?.startsAfterMinutes).toBe((await slot(2))?.startsAfterMinutes);
		expect((await slot(2))?.startsAfterMinutes).toBeGreaterThan(0);
		const to = (m: Awaited<ReturnType<typeof readMails>>[number]) => [m.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));
		const welcome = async () => (await readMails(join(t.dir, 'outbox'))).filter((m) => to(m).includes('mitglied5@example.org') && m.text?.includes('einen freien Platz'));
		await expect.poll(async () => (await welcome()).map((m) => m.subject)).toEqual(['Ihre Fokusgruppe steht fest: Fokusgruppe A']);
		const [mail] = await welcome();
		const coming = (await listOwnMeetings(demoUserId(5))).filter((m) => m.status === 'planned' && m.startsAt > joined);
		expect(coming.length).toBeGreaterThan(0);
		// The dates already planned, with weekday and end, and where: the host, else the address, else that both are open.
		for (const m of coming) expect(mail!.text, 'the newcomer learns the dates already planned').toContain(meetingLine(m));
		expect(meetingLine({ ...coming[0]!, hostName: null, address: 'Online (Zugangslink folgt)' })).toMatch(/^\p{L}+, .+ bis .+ Uhr, Online \(Zugangslink folgt\)$/u);
		expect(meetingLine({ ...coming[0]!, hostName: null, address: null })).toMatch(/ \(Gastgeber und Ort noch offen\)$/);
		const WORDS = ['null', 'einem', 'zwei', 'drei', 'vier', 'fünf'];
		expect(mail!.text, 'the companies the newcomer will meet').toContain(`gemeinsam mit ${WORDS[seatsBefore - 1]} weiteren Unternehmen`);
		// The others hear who joined (active ones; the newcomer and the deactivated member 3 do not get it).
		const newcomerCompany = (await t.db.select({ name: organization.name }).from(organization).where(eq(organization.id, await orgOf(5))).get())!.name;
		const toldOfNewcomer = (await readMails(join(t.dir, 'outbox'))).filter((m) => m.subject === `Neu in Ihrer Fokusgruppe A: ${newcomerCompany}`).flatMap(to);
		expect(toldOfNewcomer.sort()).toEqual(['mitglied1@example.org', 'mitglied2@example.org', 'mitglied4@example.org']);

		// Same company twice: a colleague of member 1.
		await t.db.insert(user).values({ id: 'kollegin0000001x', email: 'kollegin@example.org', name: 'Kollegin', role: 'member', organizationId: await orgOf(1) });
		expect(await refusal(addToPublishedGroup(DEMO_GROUP_A, 'kollegin0000001x', OFFICE, title))).toBe('Aus diesem Unternehmen sitzt schon jemand in der Gruppe.');
		// A conflict entered against a company of the group, in either direction.
		await t.db.insert(organizationConflict).values({ id: 'konflikt0000001x', organizationId: await orgOf(2), otherOrganizationId: await orgOf(20), kind: 'competitor' });
		expect(await refusal(addToPublishedGroup(DEMO_GROUP_A, demoUserId(20), OFFICE, title))).toMatch(/Konflikt eingetragen/);
		// Six at most.
		expect(await addToPublishedGroup(DEMO_GROUP_A, demoUserId(21), OFFICE, title)).toBe(true);
		expect(await refusal(addToPublishedGroup(DEMO_GROUP_A, demoUserId(22), OFFICE, title))).toMatch(/Die Gruppe ist voll/);
		expect((await getOwnGroup(demoUserId(1)))?.members.map((m) => m.userId).sort()).toEqual([1, 2, 3, 4, 5, 21].map(demoUserId).sort());

		expect(await addToPublishedGroup('gibtesnichtxxxx', demoUserId(22), OFFICE, title), 'no such group').toBe(false);
		await t.db.delete(groupMembership).where(eq(groupMembership.userId, demoUserId(21)));

		// A competitor: another company of the same WZ class as member 3's.
		const { code } = (await t.db.select({ code: organization.industryCode }).from(organization).where(eq(organization.id, await orgOf(3))).get())!;
		await t.db.update(organization).set({ industryCode: code }).where(eq(organization.id, await orgOf(23)));
		expect(await refusal(addToPublishedGroup(DEMO_GROUP_A, demoUserId(23), OFFICE, title))).toBe(`In der Gruppe sitzt schon ein Unternehmen derselben Branche (WZ ${code}).`);
		// The office's form offers only those the rules let in, and counts the others.
		const groupA = (await t.db.select({ id: focusGroup.id, topicSlug: focusGroup.topicSlug }).from(focusGroup).where(eq(focusGroup.id, DEMO_GROUP_A)).get())!;
		const offer = await seatCandidatesFor(groupA);
		const offered = offer.fitting.map((m) => m.userId);
		for (const ruledOut of ['kollegin0000001x', demoUserId(20), demoUserId(23)]) expect(offered).not.toContain(ruledOut);
		expect(offered).toContain(demoUserId(22));
		expect(offer.unfit).toBeGreaterThanOrEqual(3);
		// Someone in the open draft would end up with two groups once it is published.
		await saveDraft([{ topic: 'kundenbindung', members: [demoUserId(22), demoUserId(24), demoUserId(18), demoUserId(19), demoUserId(17)] }], null, OFFICE);
		expect(await refusal(addToPublishedGroup(DEMO_GROUP_A, demoUserId(22), OFFICE, title))).toMatch(/^Diese Person steht im offenen Entwurf/);
		expect((await seatCandidatesFor(groupA)).fitting.map((m) => m.userId), 'nor is the form offering them').not.toContain(demoUserId(22));
		await t.db.delete(focusGroup).where(eq(focusGroup.status, 'draft'));

		// Leaving: not while the company hosts a coming meeting; replies to coming meetings go.
		const hosted = await createMeeting(DEMO_GROUP_A, { startsAtLocal: '2099-03-04T14:00', durationMinutes: 120, hostOrganizationId: await orgOf(4), address: null, agenda: null }, OFFICE);
		expect(await replyToMeeting(demoUserId(4), hosted, true)).toEqual({ hostDeclined: false });
		expect(await refusal(removeFromPublishedGroup(DEMO_GROUP_A, demoUserId(4), OFFICE))).toMatch(/^Dieses Unternehmen ist Gastgeber des Treffens am 4\. März 2099.* oder geben Sie beim Herausnehmen die Gastgeberschaft frei\.$/);
		// Or in one step: the meeting keeps its date, its host and place become open, and the group hears of it.
		// (At the host's own address, written as a plan writes it; a place the office typed in would stay.)
		const host = (await t.db.select().from(organization).where(eq(organization.id, await orgOf(4))).get())!;
		await t.db.update(meeting).set({ address: `${host.name}, ${host.street}, ${host.postcode} ${host.town}` }).where(eq(meeting.id, hosted));
		const mailsBefore = (await readMails(join(t.dir, 'outbox'))).length;
		expect(await removeFromPublishedGroup(DEMO_GROUP_A, demoUserId(4), OFFICE, new Date(), { releaseHosting: true })).toBe(true);
		expect(await t.db.select({ host: meeting.hostOrganizationId, address: meeting.address }).from(meeting).where(eq(meeting.id, hosted)).get()).toEqual({ host: null, address: null });
		const told = (await readMails(join(t.dir, 'outbox'))).slice(mailsBefore);
		expect(told.length).toBeGreaterThan(0);
		expect(told.every((m) => m.subject?.startsWith('Geändert: Treffen der Fokusgruppe A am 4. März 2099'))).toBe(true);
		const addressees = told.flatMap((m) => [m.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address)));
		expect(addressees).toContain('mitglied1@example.org');
		expect(addressees, 'not to the one who left').not.toContain('mitglied4@example.org');
		expect(await t.db.select().from(meetingReply).where(eq(meetingReply.userId, demoUserId(4))), 'no reply left behind').toEqual([]);
		const log = (await describeAuditEvents()).map((e) => e.action);
		// The subject is the group; who got or lost the seat is named after the action.
		const { name } = (await t.db.select({ name: user.name }).from(user).where(eq(user.id, demoUserId(5))).get())!;
		expect(log).toEqual(expect.arrayContaining([`Freien Platz besetzt: ${name}`, `Mitglied aus der Gruppe genommen: ${name}`]));
	});
});

describe('a message to a group', () => {
	test('goes by mail to the active members of that group only, in paragraphs, and is logged without its text', async () => {
		await t.db.update(user).set({ deactivatedAt: new Date('2026-06-01T00:00:00Z') }).where(eq(user.id, demoUserId(3)));
		try {
			// The group as the earlier tests left it: its members, and which of them are active.
			const seated = await t.db.select({ email: user.email, deactivatedAt: user.deactivatedAt }).from(groupMembership).innerJoin(user, eq(user.id, groupMembership.userId)).where(eq(groupMembership.groupId, DEMO_GROUP_A));
			const active = seated.filter((m) => !m.deactivatedAt).map((m) => m.email);
			expect(seated.some((m) => m.email === 'mitglied3@example.org' && m.deactivatedAt), 'a deactivated member sits in the group').toBe(true);
			const before = (await readMails(join(t.dir, 'outbox'))).length;
			const text = 'Das Treffen im März findet im neuen Werk statt.\n\nBitte bringen Sie Sicherheitsschuhe mit.';
			const message = { subject: 'Neuer Ort\r\nBcc: boese@example.org', text, token: 'formular00000001' };
			expect(await messageGroup(DEMO_GROUP_A, message, OFFICE)).toEqual({ sent: active.length, failed: 0 });
			// The same form again (a double click, a reload) sends nothing.
			expect(await messageGroup(DEMO_GROUP_A, message, OFFICE)).toBe('sent-already');
			// The office keeps a copy of what it wrote (sent after the members' mails).
			const isCopy = (m: { subject?: string | undefined }) => m.subject?.startsWith('Kopie: ') ?? false;
			await vi.waitFor(async () => expect((await readMails(join(t.dir, 'outbox'))).slice(before).filter(isCopy)).toHaveLength(1));
			const all = (await readMails(join(t.dir, 'outbox'))).slice(before);
			const copy = all.find(isCopy)!;
			expect(JSON.stringify(copy.to)).toContain(t.config.officeEmail);
			expect(copy.subject).toBe('Kopie: Fokusgruppe A: Neuer Ort Bcc: boese@example.org');
			expect(copy.text).toMatch(/^Kopie Ihrer Nachricht an die Fokusgruppe A \(an \S+ Mitglieder\):/);
			expect(copy.text).toContain('Bitte bringen Sie Sicherheitsschuhe mit.');
			const sent = all.filter((m) => !isCopy(m));
			const to = (m: (typeof sent)[number]) => JSON.stringify(m.to);
			expect(sent.map(to).sort()).toEqual(active.map((email) => sent.map(to).find((t) => t.includes(email))).sort());
			expect(sent).toHaveLength(active.length);
			expect(sent.some((m) => to(m).includes('mitglied3@example.org')), 'deactivated').toBe(false);
			expect(sent.some((m) => to(m).includes('mitglied6@example.org')), 'another group').toBe(false);
			// One line of subject whatever was typed: no header can be smuggled in.
			expect(sent[0]!.subject).toBe('Fokusgruppe A: Neuer Ort Bcc: boese@example.org');
			expect(sent[0]!.bcc).toBeUndefined();
			expect(sent[0]!.html).toContain('<p>Bitte bringen Sie Sicherheitsschuhe mit.</p>');
			const logged = (await describeAuditEvents()).find((e) => e.action === 'Nachricht an die Gruppe verschickt');
			expect(logged?.subject).toBe('Fokusgruppe A');
			expect(JSON.stringify(await describeAuditEvents())).not.toContain('Sicherheitsschuhe');
		} finally {
			await t.db.update(user).set({ deactivatedAt: null }).where(eq(user.id, demoUserId(3)));
		}
	});

	test('a draft or an unknown group gets nothing', async () => {
		const message = { subject: 'Hallo', text: 'Niemand liest das.', token: 'formular00000002' };
		expect(await messageGroup('gibtesnichtxxxxx', message, OFFICE)).toBe('unknown');
		await saveDraft([{ topic: 'energieeffizienz', members: [demoUserId(21), demoUserId(22), demoUserId(23), demoUserId(24), demoUserId(19)] }], null, OFFICE);
		const draft = (await listGroups('draft'))[0]!;
		expect(await messageGroup(draft.id, message, OFFICE)).toBe('unknown');
	});
});
