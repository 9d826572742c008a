/**
 * Ending a group before its plan ran out: its coming meetings are cancelled and the group ends in
 * one transaction, and each active member gets one mail with all the cancelled dates, instead of
 * one mail per cancelled meeting and silence about the end.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditEvent, focusGroup, meeting, meetingReply, topicQueueItem, user } from '../../db/schema.ts';
import { describeAuditEvents } from '../../src/lib/server/audit.ts';
import { SeatError, endGroup, endGroupEarly, getGroup } from '../../src/lib/server/groups.ts';
import { ownCalendar } from '../../src/lib/server/meetings.ts';
import { formatMeetingTime } from '../../src/lib/site.ts';
import { readMails } from '../helpers/mail-sink.ts';
import { DEMO_GROUP_A, DEMO_GROUP_B, demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const OFFICE = 'demokoordination';
const NOW = new Date('2026-11-20T08:00:00Z');
const COMING = ['treffenkommt0001', 'treffenkommt0002', 'treffenkommt0003'];
const mails = async () => (existsSync(join(t.dir, 'outbox')) ? readMails(join(t.dir, 'outbox')) : []);
const meetingRows = () => t.db.select({ id: meeting.id, status: meeting.status, sequence: meeting.sequence, updatedAt: meeting.updatedAt }).from(meeting).orderBy(meeting.id);
const events = (ics: string) => new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent');
const uidOf = (event: ICAL.Component) => String(event.getFirstPropertyValue('uid')).split('@')[0];
let hostOf2: string;
let hostOf3: string;

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
	const orgOf = async (n: number) => (await t.db.select({ organizationId: user.organizationId }).from(user).where(eq(user.id, demoUserId(n))).get())!.organizationId!;
	[hostOf2, hostOf3] = [await orgOf(2), await orgOf(3)];
	const at = (iso: string, hours = 3) => ({ startsAt: new Date(iso), endsAt: new Date(new Date(iso).getTime() + hours * 3_600_000) });
	await t.db.insert(meeting).values([
		{ id: 'treffengehalten1', groupId: DEMO_GROUP_A, ...at('2026-10-14T12:00:00Z'), address: 'Online' },
		// Begun an hour ago and not over: held, not cancelled.
		{ id: 'treffenbegonnen1', groupId: DEMO_GROUP_A, ...at('2026-11-20T07:00:00Z'), address: 'Online' },
		{ id: COMING[0]!, groupId: DEMO_GROUP_A, ...at('2027-01-13T13:00:00Z'), hostOrganizationId: hostOf2, address: 'Beim Gastgeber' },
		{ id: COMING[1]!, groupId: DEMO_GROUP_A, ...at('2027-03-10T13:00:00Z'), address: 'Online' },
		{ id: COMING[2]!, groupId: DEMO_GROUP_A, ...at('2027-05-12T12:00:00Z'), hostOrganizationId: hostOf3, address: 'Beim anderen Gastgeber' },
		{ id: 'treffenabgesagt1', groupId: DEMO_GROUP_A, ...at('2027-02-10T13:00:00Z'), address: 'Online', status: 'cancelled', sequence: 1 },
		{ id: 'treffengruppeb01', groupId: DEMO_GROUP_B, ...at('2027-01-14T13:00:00Z'), address: 'Online' },
	]);
	await t.db.insert(meetingReply).values([
		{ meetingId: COMING[0]!, userId: demoUserId(1), attending: true, updatedAt: NOW },
		{ meetingId: COMING[0]!, userId: demoUserId(2), attending: false, updatedAt: NOW },
	]);
	await t.db.insert(topicQueueItem).values({ id: 'punkt-a-0000001', groupId: DEMO_GROUP_A, userId: demoUserId(1), title: 'Nachfolge', priority: 2, minutes: 30, createdAt: NOW });
	// Keeps the seat, takes part in nothing: no mail.
	await t.db.update(user).set({ deactivatedAt: new Date('2026-11-01T00:00:00Z') }).where(eq(user.id, demoUserId(4)));
});
afterAll(() => t.close());

describe('ending a group early', () => {
	test('the plain end is refused while meetings lie ahead, and its message points to ending with their cancellation', async () => {
		await expect(endGroup(DEMO_GROUP_B, OFFICE, NOW)).rejects.toThrow(
			'Die Gruppe kann noch nicht beendet werden: Ein Treffen ist noch geplant, am 14. Januar 2027. Sagen Sie es erst ab, oder beenden Sie die Gruppe nach diesem Treffen. Soll sie jetzt enden, setzen Sie zusätzlich das Häkchen „und das geplante Treffen absagen“: Dann bekommt jedes Mitglied eine einzige E-Mail mit den abgesagten Terminen.',
		);
		await expect(endGroup(DEMO_GROUP_A, OFFICE, NOW)).rejects.toThrow('setzen Sie zusätzlich das Häkchen „und die 3 geplanten Treffen absagen“');
	});

	test('when the coming meetings are no longer those the office confirmed, nothing changes: the cancellations are undone with the refusal', async () => {
		const before = await meetingRows();
		const stale = [COMING[0]!, COMING[1]!];
		await expect(endGroupEarly(DEMO_GROUP_A, OFFICE, stale, NOW)).rejects.toThrow(SeatError);
		await expect(endGroupEarly(DEMO_GROUP_A, OFFICE, [...stale, 'treffenabgesagt1'], NOW)).rejects.toThrow(
			'Die geplanten Treffen der Gruppe haben sich inzwischen geändert (in einem anderen Fenster oder durch eine Kollegin): Geplant sind 3, am 13. Januar 2027, 10. März 2027 und 12. Mai 2027. Nichts ist geändert; bitte prüfen Sie die Termine oben und bestätigen Sie noch einmal.',
		);
		expect(await meetingRows()).toEqual(before);
		expect((await getGroup(DEMO_GROUP_A))?.status).toBe('published');
		expect(await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'group.ended'))).toEqual([]);
		expect(await mails()).toEqual([]);
	});

	test('in one step the coming meetings are cancelled (sequence raised) and the group ends; held and begun meetings stay; one entry in the log', async () => {
		expect(await endGroupEarly(DEMO_GROUP_A, OFFICE, [...COMING].reverse(), NOW)).toEqual({ cancelled: 3, sent: 4, failed: 0 });
		expect(await meetingRows()).toEqual([
			{ id: 'treffenabgesagt1', status: 'cancelled', sequence: 1, updatedAt: null },
			{ id: 'treffenbegonnen1', status: 'planned', sequence: 0, updatedAt: null },
			{ id: 'treffengehalten1', status: 'planned', sequence: 0, updatedAt: null },
			{ id: 'treffengruppeb01', status: 'planned', sequence: 0, updatedAt: null },
			...COMING.map((id) => ({ id, status: 'cancelled', sequence: 1, updatedAt: NOW })),
		]);
		// The answers stay with a cancelled meeting, as with a single cancellation.
		expect(await t.db.select({ userId: meetingReply.userId }).from(meetingReply).where(inArray(meetingReply.meetingId, COMING))).toHaveLength(2);
		expect(await getGroup(DEMO_GROUP_A)).toMatchObject({ status: 'archived', endedAt: NOW });
		expect(await t.db.select().from(topicQueueItem).where(eq(topicQueueItem.groupId, DEMO_GROUP_A))).toEqual([]);
		expect((await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'group.ended'))).map((e) => [e.actorId, e.subjectId, e.details, e.createdAt])).toEqual([
			[OFFICE, DEMO_GROUP_A, { cancelledMeetings: 3 }, NOW],
		]);
		expect(await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'meeting.cancelled')), 'no entry per meeting').toEqual([]);
		expect((await describeAuditEvents(5)).find((e) => e.subject === 'Fokusgruppe A')?.action).toBe('Gruppe beendet (vorzeitig, 3 geplante Treffen abgesagt)');
	});

	test('each active member gets exactly one mail naming every cancelled date, with all of them cancelled in one calendar file; deactivated members none', async () => {
		const all = await mails();
		expect(all.map((m) => m.to && 'value' in m.to ? m.to.value[0]!.address : '').sort()).toEqual(['mitglied1@example.org', 'mitglied2@example.org', 'mitglied3@example.org', 'mitglied5@example.org']);
		expect(new Set(all.map((m) => m.subject))).toEqual(new Set(['Ihre Fokusgruppe A ist vorzeitig beendet']));
		const [jan, mar, may] = await t.db.select().from(meeting).where(inArray(meeting.id, COMING)).orderBy(meeting.startsAt);
		const byAddress = (n: number) => all.find((m) => m.to && 'value' in m.to && m.to.value[0]!.address === `mitglied${n}@example.org`)!;
		const text = byAddress(1).text!;
		expect(text).toContain('die Koordinierungsstelle hat Ihre Fokusgruppe A vorzeitig beendet. Diese Termine sind damit abgesagt:');
		expect(text).toMatch(new RegExp(`– ${formatMeetingTime(jan!.startsAt, jan!.endsAt)} bei [^\\n]+\\n– ${formatMeetingTime(mar!.startsAt, mar!.endsAt)}, Online\\n– ${formatMeetingTime(may!.startsAt, may!.endsAt)} bei `));
		expect(text).toContain('Die vergangenen Treffen der Gruppe bleiben in Ihrem Kalender stehen.');
		expect(text).toContain('Die Koordinierungsstelle bildet neue Fokusgruppen');
		expect(text, 'nobody of member 1\'s company hosts').not.toContain('Gastgeber sein');
		expect(byAddress(2).text).toContain('Ihr Unternehmen sollte am 13. Januar 2027 Gastgeber sein; dafür ist nun nichts mehr vorzubereiten.');
		expect(byAddress(3).text).toContain('Ihr Unternehmen sollte am 12. Mai 2027 Gastgeber sein');

		expect(byAddress(1).attachments.map((a) => a.filename)).toEqual(['treffen-2027-01-13-und-folgende-abgesagt.ics']);
		const attached = events(byAddress(1).attachments[0]!.content.toString('utf8'));
		expect(attached.map((e) => [uidOf(e), e.getFirstPropertyValue('status'), e.getFirstPropertyValue('sequence')])).toEqual(COMING.map((id) => [id, 'CANCELLED', 1]));
	});

	test('the member\'s calendar feed shows the cancelled meetings as cancelled, beside the held ones', async () => {
		const feed = events(await ownCalendar(demoUserId(1), NOW));
		expect(feed.map((e) => [uidOf(e), e.getFirstPropertyValue('status')]).sort()).toEqual(
			[...COMING.map((id) => [id, 'CANCELLED']), ['treffenabgesagt1', 'CANCELLED'], ['treffenbegonnen1', 'CONFIRMED'], ['treffengehalten1', 'CONFIRMED']].sort(),
		);
		expect(feed.find((e) => uidOf(e) === COMING[0])!.getFirstPropertyValue('sequence')).toBe(1);
	});

	test('a second click changes nothing and mails nobody', async () => {
		const sent = (await mails()).length;
		expect(await endGroupEarly(DEMO_GROUP_A, OFFICE, COMING, NOW)).toBe('ended-already');
		expect(await endGroupEarly('gibtesnichtxxxx', OFFICE, COMING, NOW)).toBe('unknown');
		expect((await mails()).length).toBe(sent);
		expect(await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'group.ended'))).toHaveLength(1);
	});

	test('a group with nothing ahead ends as the plain end does: nobody is mailed, the log says nothing of cancellations', async () => {
		await t.db.update(meeting).set({ status: 'cancelled' }).where(eq(meeting.id, 'treffengruppeb01'));
		const sent = (await mails()).length;
		expect(await endGroupEarly(DEMO_GROUP_B, OFFICE, [], NOW)).toEqual({ cancelled: 0, sent: 0, failed: 0 });
		expect((await t.db.select({ status: focusGroup.status }).from(focusGroup).where(eq(focusGroup.id, DEMO_GROUP_B)).get())?.status).toBe('archived');
		expect((await mails()).length).toBe(sent);
		expect((await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'group.ended'))).map((e) => [e.subjectId, e.details])).toEqual([
			[DEMO_GROUP_A, { cancelledMeetings: 3 }],
			[DEMO_GROUP_B, null],
		]);
	});
});
