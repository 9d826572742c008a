/** Meetings, replies, calendar feeds and reminders against a real database, on a fake clock. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { focusGroup, groupMembership, meeting, meetingReply, organization, reminderSent, user } from '../../db/schema.ts';
import { DEMO_COMPANIES } from '../../db/seed/demo.ts';
import {
	cancelMeeting,
	createMeeting,
	hostChoices,
	listGroupMeetings,
	listOwnMeetings,
	ownCalendar,
	PLAN_CHANGED_SINCE_PREVIEW,
	planGroupMeetings,
	MEETING_CHANGED_SINCE,
	previewGroupMeetings,
	releaseHosting,
	replyToMeeting,
	updateMeeting,
} from '../../src/lib/server/meetings.ts';
import { claimReminder, sendDueReminders } from '../../src/lib/server/reminders.ts';
import { feedOwner, renewFeed, replaceShownFeed, revokeFeed } from '../../src/lib/server/calendar-feeds.ts';
import { utcToBerlinLocal } from '../../src/lib/meetings/index.ts';
import { formatDate, formatDateTime, formatMeetingTime } from '../../src/lib/site.ts';
import { setReminderChoice } from '../../src/lib/server/accounts.ts';
import { describeAuditEvents, recordAudit } from '../../src/lib/server/audit.ts';
import { hashPassword } from '../../src/lib/server/password.ts';
import { deleteOwnAccount } from '../../src/lib/server/personal-data.ts';
import { setMemberDeactivated, updateOrganization } from '../../src/lib/server/members.ts';
import { workQueue } from '../../src/lib/server/office.ts';
import { readMails } from '../helpers/mail-sink.ts';
import { demoMember } from '../helpers/http.ts';
import { DEMO_GROUP_A, DEMO_GROUP_B, demoUserId, freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const office = 'demokoordination';
/** The tests' today: the meetings below lie after it, whatever the real date. */
const NOW = new Date('2026-11-20T08:00:00Z');
const memberOf = demoUserId;
const GROUP_A = DEMO_GROUP_A;
const GROUP_B = DEMO_GROUP_B;

beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
});
afterAll(() => t.close());

describe('planning', () => {
	test('a year of meetings, every company hosting once before any twice, no holidays', async () => {
		// The preview shows the very plan that is stored next, and stores and mails nothing itself.
		const options = { start: '2026-12-01', intervalWeeks: 8, weekday: 3, time: '14:00' };
		const preview = await previewGroupMeetings(GROUP_A, options, NOW);
		expect(await listGroupMeetings(GROUP_A)).toEqual([]);
		expect(existsSync(join(t.dir, 'outbox')) ? await readMails(join(t.dir, 'outbox')) : []).toEqual([]);
		// A preview of other options is another plan: creating with its fingerprint is refused, nothing stored.
		const other = await previewGroupMeetings(GROUP_A, { ...options, time: '15:00' }, NOW);
		await expect(planGroupMeetings(GROUP_A, options, office, NOW, other.fingerprint)).rejects.toThrow(PLAN_CHANGED_SINCE_PREVIEW);
		expect(await listGroupMeetings(GROUP_A)).toEqual([]);
		// Two members chose fewer reminders on their profile page; the plan's mail must not promise them more.
		await t.db.update(user).set({ remindWeekBefore: false, remindDayBefore: false }).where(eq(user.id, memberOf(2)));
		await t.db.update(user).set({ remindDayBefore: false }).where(eq(user.id, memberOf(3)));
		const count = await planGroupMeetings(GROUP_A, options, office, NOW, preview.fingerprint);
		await t.db.update(user).set({ remindWeekBefore: true, remindDayBefore: true }).where(inArray(user.id, [memberOf(2), memberOf(3)]));
		expect((await listGroupMeetings(GROUP_A)).map((m) => [m.startsAt, m.hostName])).toEqual(preview.meetings.map((p) => [p.startsAt, p.hostName]));
		expect(count).toBeGreaterThanOrEqual(6);
		// Every member hears of the new dates.
		const told = (await readMails(join(t.dir, 'outbox'))).filter((m) => m.subject === 'Die Termine Ihrer Fokusgruppe A stehen fest');
		expect(told).toHaveLength(5);
		const toMember = async (n: number) => told.find((m) => m.to && !Array.isArray(m.to) && m.to.value[0]!.address === demoMember(n))!.text;
		expect(await toMember(1)).toContain('Eine Woche und einen Tag vor jedem Treffen erinnern wir Sie per E-Mail.');
		expect(await toMember(2)).toContain('Erinnerungen per E-Mail haben Sie in Ihrem Profil abgewählt');
		expect(await toMember(2)).not.toContain('erinnern wir Sie');
		expect(await toMember(3)).toContain('Eine Woche vor jedem Treffen erinnern wir Sie per E-Mail, wie Sie es in Ihrem Profil gewählt haben.');
		// Each date with its weekday and end, and every meeting in the attached calendar file.
		expect(told[0]!.text?.match(/^– (Montag|Dienstag|Mittwoch|Donnerstag|Freitag), \d+\. \S+ \d{4}, 14:00 bis \d{2}:\d{2} Uhr bei /gm)).toHaveLength(count);
		const calendarFile = told[0]!.attachments.find((a) => a.filename?.endsWith('-und-folgende.ics'))!;
		expect(new ICAL.Component(ICAL.parse(calendarFile.content.toString('utf8'))).getAllSubcomponents('vevent')).toHaveLength(count);
		const meetings = await listGroupMeetings(GROUP_A);
		// The people of a host company read on which dates they host; only they.
		for (const mail of told) {
			const address = mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address! : '';
			const company = (await t.db.select({ org: user.organizationId }).from(user).where(eq(user.email, address)).get())!.org;
			const hostsOn = meetings.filter((m) => m.hostOrganizationId === company).map((m) => formatDate(m.startsAt));
			if (hostsOn.length > 0) expect(mail.text, address).toContain(`Ihr Unternehmen ist Gastgeber am ${hostsOn[0]}`);
			else expect(mail.text, address).not.toContain('Ihr Unternehmen ist Gastgeber');
		}
		const hosts = meetings.map((m) => m.hostOrganizationId);
		expect(new Set(hosts.slice(0, 5)).size).toBe(5);
		for (const m of meetings) {
			const local = utcToBerlinLocal(m.startsAt);
			expect(local.slice(11, 16)).toBe('14:00');
			expect(local.slice(5, 10) >= '12-24' && local.slice(5, 10) <= '12-31').toBe(false);
			expect(m.address).toContain(m.hostName!);
		}
	});

	test('a member leaving between preview and "Plan erstellen": the shown plan is not what would be stored, so nothing is', async () => {
		const options = { start: '2026-12-02', intervalWeeks: 8, weekday: 3, time: '14:00' };
		const shown = await previewGroupMeetings(GROUP_B, options, NOW);
		await t.db.update(user).set({ deactivatedAt: NOW }).where(eq(user.id, memberOf(7)));
		try {
			await expect(planGroupMeetings(GROUP_B, options, office, NOW, shown.fingerprint)).rejects.toThrow(PLAN_CHANGED_SINCE_PREVIEW);
			expect(await listGroupMeetings(GROUP_B)).toEqual([]);
			// The same options previewed again give the fingerprint that is accepted.
			expect((await previewGroupMeetings(GROUP_B, options, NOW)).fingerprint).not.toBe(shown.fingerprint);
		} finally {
			await t.db.update(user).set({ deactivatedAt: null }).where(eq(user.id, memberOf(7)));
		}
		expect((await previewGroupMeetings(GROUP_B, options, NOW)).fingerprint, 'the same input, the same plan').toBe(shown.fingerprint);
	});

	test('second turns go to the companies that hosted least in other groups, not always to the first by name', async () => {
		const hosts = await hostChoices(GROUP_B);
		const first = hosts[0]!.organizationId;
		const options = { start: '2031-01-07', intervalWeeks: 7, weekday: 3, time: '14:00' };
		const turns = async () => {
			const { meetings } = await previewGroupMeetings(GROUP_B, options, NOW);
			expect(meetings.length, 'more meetings than companies: some host twice').toBeGreaterThan(hosts.length);
			return meetings.filter((m) => m.hostName === hosts[0]!.organizationName).length;
		};
		expect(await turns(), 'by name alone, the first company gets a second turn').toBe(2);
		// Last year, in a group now ended, that company hosted twice.
		await t.db.insert(focusGroup).values({ id: 'altgruppe0000001', name: 'Fokusgruppe Z', topicSlug: 'energieeffizienz', cohort: 1, status: 'archived' });
		const past = (day: string, id: string) => ({ id, groupId: 'altgruppe0000001', startsAt: new Date(`${day}T13:00:00Z`), endsAt: new Date(`${day}T16:00:00Z`), hostOrganizationId: first, status: 'planned' as const });
		await t.db.insert(meeting).values([past('2025-03-05', 'altmeeting000001'), past('2025-09-03', 'altmeeting000002')]);
		try {
			expect(await turns()).toBe(1);
		} finally {
			await t.db.delete(focusGroup).where(eq(focusGroup.id, 'altgruppe0000001'));
		}
	});

	test('a second plan over the first, a plan from the past and a meeting in the past are refused', async () => {
		const before = (await listGroupMeetings(GROUP_A)).length;
		const last = (await listGroupMeetings(GROUP_A)).at(-1)!;
		// Refused before any fingerprint is compared: no preview of such a plan could be had either.
		const overlap = planGroupMeetings(GROUP_A, { start: '2026-12-01', intervalWeeks: 8, weekday: 3, time: '14:00' }, office, NOW, 'ohne-vorschau');
		await expect(overlap).rejects.toThrow(`Bis zum ${formatDate(last.startsAt)} sind schon Treffen geplant.`);
		for (const start of ['2026-11-19', '2026-11-20']) {
			await expect(planGroupMeetings(GROUP_B, { start, intervalWeeks: 8, weekday: 3, time: '14:00' }, office, NOW, 'ohne-vorschau'), `${start}: past or today`).rejects.toThrow('Ein Plan beginnt frühestens morgen.');
		}
		const past = { startsAtLocal: '2026-11-19T14:00', durationMinutes: 120, hostOrganizationId: null, address: null, agenda: null };
		await expect(createMeeting(GROUP_A, past, office, NOW)).rejects.toThrow('in der Vergangenheit');
		await expect(updateMeeting(GROUP_A, last.id, past, office, NOW)).rejects.toThrow('in der Vergangenheit');
		expect((await listGroupMeetings(GROUP_A)).length, 'nothing written').toBe(before);
		// A meeting that has taken place stays as it was, notes included (the page offers no form for it).
		const heldOn = utcToBerlinLocal(last.startsAt).slice(0, 16);
		const later = new Date(last.startsAt.getTime() + 86_400_000);
		await expect(updateMeeting(GROUP_A, last.id, { startsAtLocal: heldOn, durationMinutes: 180, hostOrganizationId: last.hostOrganizationId, address: last.address, agenda: 'Nachher notiert' }, office, later)).rejects.toThrow('bleibt so verzeichnet');
	});
});

describe('members', () => {
	test('see only their own group\'s meetings and can answer only those', async () => {
		const own = await listOwnMeetings(memberOf(1));
		expect(own.length).toBeGreaterThan(0);
		expect(await listOwnMeetings(memberOf(6))).toEqual([]);
		expect(await replyToMeeting(memberOf(6), own[0]!.id, true)).toBe(false);
		expect(await replyToMeeting(memberOf(1), own[0]!.id, true)).toEqual({ hostDeclined: false });
		expect(await replyToMeeting(memberOf(2), own[0]!.id, false)).toBeTruthy();
		const [first] = await listGroupMeetings(GROUP_A);
		expect([first!.yes, first!.no]).toEqual([1, 1]);
	});

	test('a member taken out of the group while answering leaves no answer behind: the seat is checked where the answer is written', async () => {
		const member = memberOf(4);
		const coming = (await listOwnMeetings(member)).at(-2)!;
		const seat = (await t.db.select().from(groupMembership).where(eq(groupMembership.userId, member)).get())!;
		const [answer] = await Promise.all([
			replyToMeeting(member, coming.id, true),
			t.db.transaction((tx) => tx.delete(groupMembership).where(eq(groupMembership.userId, member))),
		]);
		expect(answer).toBe(false);
		expect(await t.db.select().from(meetingReply).where(eq(meetingReply.userId, member))).toEqual([]);
		await t.db.insert(groupMembership).values(seat);
	});

	test('the host company saying no tells the office once and stands in its work queue until it says yes', async () => {
		const meetings = await listGroupMeetings(GROUP_A);
		const hosted = meetings.at(-1)!; // untouched by the other tests
		const host = await t.db.select({ id: user.id }).from(user).innerJoin(groupMembership, eq(groupMembership.userId, user.id)).where(eq(user.organizationId, hosted.hostOrganizationId!)).get();
		const guest = (await t.db.select({ id: groupMembership.userId }).from(groupMembership).where(eq(groupMembership.groupId, GROUP_A))).find((m) => m.id !== host!.id)!;
		const officeMails = async () => (await readMails(join(t.dir, 'outbox'))).filter((m) => m.subject?.startsWith('Gastgeber kann nicht: Fokusgruppe A'));
		const attention = async () => (await workQueue(NOW)).groupsNeedingAttention.find((g) => g.id === GROUP_A);

		expect(await replyToMeeting(guest.id, hosted.id, false)).toEqual({ hostDeclined: false });
		expect(await replyToMeeting(host!.id, hosted.id, false)).toEqual({ hostDeclined: true });
		await vi.waitFor(async () => expect(await officeMails()).toHaveLength(1));
		expect((await officeMails())[0]!.text).toContain('Das Unternehmen ist Gastgeber dieses Treffens.');
		// "Antworten" reaches the host's person.
		const hostEmail = (await t.db.select({ email: user.email }).from(user).where(eq(user.id, host!.id)).get())!.email;
		expect((await officeMails())[0]!.replyTo?.value.map((a) => a.address)).toEqual([hostEmail]);
		expect((await attention())?.hostDeclined).toEqual([hosted.startsAt]);
		// The same answer again is no news.
		await replyToMeeting(host!.id, hosted.id, false);
		await new Promise((r) => setTimeout(r, 200));
		expect(await officeMails()).toHaveLength(1);
		// A change of mind takes the meeting off the list, and the office hears of that too.
		await replyToMeeting(host!.id, hosted.id, true);
		expect((await attention())?.hostDeclined ?? []).toEqual([]);
		const comesAfterAll = async () => (await readMails(join(t.dir, 'outbox'))).filter((m) => m.subject?.startsWith('Gastgeber kommt doch: Fokusgruppe A'));
		await vi.waitFor(async () => expect(await comesAfterAll()).toHaveLength(1));
		expect((await comesAfterAll())[0]!.text).toContain('Ihre Arbeitsliste führt das Treffen nicht mehr');
		// The same "yes" again is no news.
		await replyToMeeting(host!.id, hosted.id, true);
		await new Promise((r) => setTimeout(r, 200));
		expect(await comesAfterAll()).toHaveLength(1);
		expect(await officeMails()).toHaveLength(1);
	});

	test('a host flipping the answer over and over mails the office six times a day at most; every answer still counts', async () => {
		const hosted = (await listGroupMeetings(GROUP_A)).at(-2)!;
		const host = await t.db.select({ id: user.id }).from(user).innerJoin(groupMembership, eq(groupMembership.userId, user.id)).where(eq(user.organizationId, hosted.hostOrganizationId!)).get();
		const hostMails = async () => (await readMails(join(t.dir, 'outbox'))).filter((m) => /^Gastgeber (kann nicht|kommt doch): Fokusgruppe A/.test(m.subject ?? '') && m.text?.includes(formatDateTime(hosted.startsAt)));
		const before = (await hostMails()).length;
		for (let i = 0; i < 10; i++) {
			expect(await replyToMeeting(host!.id, hosted.id, false)).toEqual({ hostDeclined: true });
			expect(await replyToMeeting(host!.id, hosted.id, true)).toEqual({ hostDeclined: false });
		}
		expect(await replyToMeeting(host!.id, hosted.id, false)).toEqual({ hostDeclined: true });
		await vi.waitFor(async () => expect((await hostMails()).length - before).toBe(6));
		await new Promise((r) => setTimeout(r, 200));
		expect((await hostMails()).length - before).toBe(6);
		// The sixth says it is the last for now, since the answers after it may turn it around; the others do not.
		const notes = (await hostMails()).filter((m) => m.text?.includes('Weitere Änderungen melden wir Ihnen für 24 Stunden nicht mehr per E-Mail'));
		expect(notes).toHaveLength(1);
		// The last answer stands, and the work queue shows it, mail or not.
		const saved = await t.db.select({ userId: meetingReply.userId, attending: meetingReply.attending }).from(meetingReply).where(eq(meetingReply.meetingId, hosted.id)).all();
		expect(saved.find((r) => r.userId === host!.id)?.attending).toBe(false);
		expect((await workQueue(NOW)).groupsNeedingAttention.find((g) => g.id === GROUP_A)?.hostDeclined).toContainEqual(hosted.startsAt);
		const marked = async () => (await listGroupMeetings(GROUP_A)).find((m) => m.id === hosted.id)!.hostDeclined;
		expect(await marked(), "the group's page marks the meeting too").toBe(true);
		// And a final yes takes it off the queue again (for the tests below), without a seventh mail.
		await replyToMeeting(host!.id, hosted.id, true);
		expect((await workQueue(NOW)).groupsNeedingAttention.find((g) => g.id === GROUP_A)?.hostDeclined ?? []).toEqual([]);
		expect(await marked()).toBe(false);
		await new Promise((r) => setTimeout(r, 200));
		expect((await hostMails()).length - before).toBe(6);
	});

	test('changes raise the SEQUENCE; cancelled meetings stay in the calendar as cancelled', async () => {
		const [first] = await listGroupMeetings(GROUP_A);
		expect(await updateMeeting(GROUP_B, first!.id, { startsAtLocal: '2026-12-03T15:00', durationMinutes: 120, hostOrganizationId: null, address: 'x', agenda: null }, office, NOW)).toBe(false);
		expect(await updateMeeting(GROUP_A, first!.id, { startsAtLocal: '2026-12-03T15:00', durationMinutes: 120, hostOrganizationId: first!.hostOrganizationId, address: 'Neue Adresse 1, 99084 Erfurt', agenda: 'Rundgang; danach Austausch, Kaffee' }, office, NOW)).not.toBe(false);
		expect(await cancelMeeting(GROUP_A, first!.id, office, NOW)).toMatchObject({ notified: true });
		const ics = await ownCalendar(memberOf(1), new Date('2026-11-25T10:00:00Z'));
		const calendar = new ICAL.Component(ICAL.parse(ics));
		const events = calendar.getAllSubcomponents('vevent');
		const changed = events.find((e) => String(e.getFirstPropertyValue('uid')).startsWith(first!.id))!;
		expect(changed.getFirstPropertyValue('sequence')).toBe(2);
		expect(changed.getFirstPropertyValue('status')).toBe('CANCELLED');
		// For calendars that ignore STATUS, the title says it.
		expect(String(changed.getFirstPropertyValue('summary'))).toMatch(/^Abgesagt: Fokusgruppe A: Treffen/);
		expect(changed.getFirstPropertyValue('location')).toBe('Neue Adresse 1, 99084 Erfurt');
		expect(changed.getFirstPropertyValue('description')).toBe('Ablauf:\nRundgang; danach Austausch, Kaffee');
		expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
	});
});

describe('private calendar feed', () => {
	test('works until renewed or revoked; tampered tokens fail', async () => {
		const token = await renewFeed(memberOf(3));
		expect(await feedOwner(token)).toBe(memberOf(3));
		expect(await feedOwner(`${token}x`)).toBeNull();
		const newer = await renewFeed(memberOf(3));
		expect(await feedOwner(token)).toBeNull();
		expect(await feedOwner(newer)).toBe(memberOf(3));
		await revokeFeed(memberOf(3));
		expect(await feedOwner(newer)).toBeNull();
	});

	test('two renewals at once leave exactly one working address', async () => {
		const [a, b] = await Promise.all([renewFeed(memberOf(5)), renewFeed(memberOf(5))]);
		const owners = [await feedOwner(a), await feedOwner(b)];
		expect(owners.filter((o) => o === memberOf(5))).toHaveLength(1);
		await revokeFeed(memberOf(5));
	});

	test('a renewal sent again from the same page (a reload) leaves the address just shown working', async () => {
		const first = await replaceShownFeed(memberOf(6), null);
		expect(first).not.toBeNull();
		// The form that set it up, sent again: it showed no feed, but there is one now.
		expect(await replaceShownFeed(memberOf(6), null)).toBeNull();
		expect(await feedOwner(first!)).toBe(memberOf(6));
		// The page rendered after it shows the new feed; renewing from there replaces it.
		const second = await replaceShownFeed(memberOf(6), first!.split('.')[0]!);
		expect(await feedOwner(second!)).toBe(memberOf(6));
		expect(await feedOwner(first!)).toBeNull();
		// And the older page, sent once more, changes nothing.
		expect(await replaceShownFeed(memberOf(6), first!.split('.')[0]!)).toBeNull();
		expect(await feedOwner(second!)).toBe(memberOf(6));
		await revokeFeed(memberOf(6));
	});

	test('stops working when the account is deactivated', async () => {
		const token = await renewFeed(memberOf(4));
		await t.db.update(user).set({ deactivatedAt: new Date() }).where(eq(user.id, memberOf(4)));
		expect(await feedOwner(token)).toBeNull();
		await t.db.update(user).set({ deactivatedAt: null }).where(eq(user.id, memberOf(4)));
	});
});

describe('reminders', () => {
	test('a week and a day before, once per person, with the calendar entry attached', async () => {
		const meetings = (await listGroupMeetings(GROUP_A)).filter((m) => m.status === 'planned');
		const target = meetings[0]!;
		const weekBefore = new Date(target.startsAt.getTime() - 6.5 * 24 * 3600_000);
		const first = await sendDueReminders(weekBefore);
		expect(first.sent).toBe(5);
		expect((await sendDueReminders(weekBefore)).sent).toBe(0);
		expect((await sendDueReminders(new Date(weekBefore.getTime() + 3600_000))).sent).toBe(0);
		const dayBefore = new Date(target.startsAt.getTime() - 20 * 3600_000);
		expect((await sendDueReminders(dayBefore)).sent).toBe(5);
		expect((await sendDueReminders(dayBefore)).sent).toBe(0);
		const outbox = readdirSync(join(t.dir, 'outbox'));
		expect(outbox.length).toBeGreaterThanOrEqual(10);

		// Each reminder carries this meeting's calendar entry and says where it takes place.
		// The subject names the day: "morgen" alone is wrong in an inbox a day later.
		const reminders = (await readMails(join(t.dir, 'outbox'))).filter((m) => m.subject === `Erinnerung: Treffen der Fokusgruppe A am ${formatDateTime(target.startsAt)} (morgen)`);
		expect(reminders).toHaveLength(5);
		for (const mail of reminders) {
			const attachment = mail.attachments.find((a) => a.filename === `treffen-${utcToBerlinLocal(target.startsAt).slice(0, 10)}.ics`);
			expect(attachment?.contentType).toBe('text/calendar');
			const event = new ICAL.Event(new ICAL.Component(ICAL.parse(attachment!.content.toString('utf8'))).getFirstSubcomponent('vevent')!);
			expect(event.uid).toContain(target.id);
			expect(event.startDate.toJSDate().getTime()).toBe(target.startsAt.getTime());
			expect(mail.text).toContain(target.hostName!);
			expect(mail.text).toContain(target.address!.split(',')[0]);
			// The weekday and the end, as people plan their day (the group's demo plan: 14:00 for three hours).
			expect(mail.text).toContain(`am ${formatMeetingTime(target.startsAt, target.endsAt)} bei`);
			expect(mail.text).toMatch(/am (Montag|Dienstag|Mittwoch|Donnerstag|Freitag), \d{1,2}\. \S+ \d{4}, \d{2}:\d{2} bis \d{2}:\d{2} Uhr bei/);
		}
	});

	test('a meeting set up at short notice gets no late week reminder; the day reminder says „morgen“', async () => {
		const at = new Date('2027-02-03T13:00:00Z'); // Wednesday, 14:00 in Berlin
		const created = new Date(at.getTime() - 3 * 24 * 3600_000);
		const id = await createMeeting(GROUP_A, { startsAtLocal: '2027-02-03T14:00', durationMinutes: 120, hostOrganizationId: null, address: 'Kurzfristig 1, 99084 Erfurt', agenda: null }, office, created);
		expect((await sendDueReminders(created)).sent, 'three days ahead: no week reminder').toBe(0);
		const evening = new Date('2027-02-02T17:00:00Z'); // Tuesday 18:00 Berlin, 20 hours ahead
		expect((await sendDueReminders(evening)).sent).toBe(5);
		const subjects = (await readMails(join(t.dir, 'outbox'))).map((m) => m.subject ?? '');
		expect(subjects.filter((x) => x === 'Erinnerung: Treffen der Fokusgruppe A am 3. Februar 2027 um 14:00 Uhr (morgen)').length).toBeGreaterThanOrEqual(5);
		expect(subjects.some((x) => x === 'Erinnerung: Treffen der Fokusgruppe A am 3. Februar 2027 um 14:00 Uhr (in einer Woche)')).toBe(false);
		await cancelMeeting(GROUP_A, id, office, NOW);
	});

	test('a member who turned a reminder off does not get it, and gets it again once turned back on in time', async () => {
		const at = new Date('2027-06-09T12:00:00Z'); // Wednesday, 14:00 in Berlin (summer time)
		const id = await createMeeting(GROUP_A, { startsAtLocal: '2027-06-09T14:00', durationMinutes: 120, hostOrganizationId: null, address: null, agenda: null }, office, NOW);
		const emailOf = async (n: number) => (await t.db.select({ email: user.email }).from(user).where(eq(user.id, memberOf(n))).get())!.email;
		/** Who got a reminder of this meeting (its date in the text): the day reminder says "morgen". */
		const recipients = async (day: boolean) =>
			(await readMails(join(t.dir, 'outbox')))
				.filter((m) => m.subject?.startsWith('Erinnerung:') && m.text?.includes('9. Juni 2027') && m.subject.endsWith('(morgen)') === day)
				.flatMap((m) => (m.to && !Array.isArray(m.to) ? m.to.value.map((a) => a.address) : []));
		try {
			await setReminderChoice(memberOf(1), { weekBefore: false, dayBefore: true });
			await setReminderChoice(memberOf(2), { weekBefore: false, dayBefore: false });
			const weekAhead = new Date(at.getTime() - 6.8 * 24 * 3600_000);
			expect((await sendDueReminders(weekAhead)).sent, 'week reminder: two of five said no').toBe(3);
			// Member 2 changes their mind while the week reminder is still due: it comes, once.
			await setReminderChoice(memberOf(2), { weekBefore: true, dayBefore: false });
			expect((await sendDueReminders(new Date(weekAhead.getTime() + 3600_000))).sent).toBe(1);
			const week = await recipients(false);
			expect(week).toHaveLength(4);
			expect(week).not.toContain(await emailOf(1));
			expect(week).toContain(await emailOf(2));
			expect((await sendDueReminders(new Date(at.getTime() - 20 * 3600_000))).sent, 'day reminder: one said no').toBe(4);
			const day = await recipients(true);
			expect(day).toContain(await emailOf(1));
			expect(day).not.toContain(await emailOf(2));
		} finally {
			await setReminderChoice(memberOf(1), { weekBefore: true, dayBefore: true });
			await setReminderChoice(memberOf(2), { weekBefore: true, dayBefore: true });
			await cancelMeeting(GROUP_A, id, office, NOW);
		}
	});

	test('who answered "Ich komme nicht" gets no reminder; the host\'s person reads that they host and how many come', async () => {
		const at = new Date('2027-06-16T12:00:00Z'); // Wednesday, 14:00 in Berlin
		const hostCompany = (await t.db.select({ organizationId: user.organizationId }).from(user).where(eq(user.id, memberOf(3))).get())!.organizationId!;
		const id = await createMeeting(GROUP_A, { startsAtLocal: '2027-06-16T14:00', durationMinutes: 120, hostOrganizationId: hostCompany, address: null, agenda: 'Rundgang durch die Fertigung' }, office, NOW);
		const emailOf = async (n: number) => (await t.db.select({ email: user.email }).from(user).where(eq(user.id, memberOf(n))).get())!.email;
		const reminders = async () => (await readMails(join(t.dir, 'outbox'))).filter((m) => m.subject?.startsWith('Erinnerung:') && m.text?.includes('16. Juni 2027'));
		const to = (m: Awaited<ReturnType<typeof reminders>>[number]) => (m.to && !Array.isArray(m.to) ? m.to.value.map((a) => a.address) : []);
		try {
			expect(await replyToMeeting(memberOf(1), id, false, NOW)).toEqual({ hostDeclined: false });
			expect(await replyToMeeting(memberOf(2), id, true, NOW)).toEqual({ hostDeclined: false });
			// The host's own yes is not counted to it as a guest.
			expect(await replyToMeeting(memberOf(3), id, true, NOW)).toEqual({ hostDeclined: false });
			expect((await sendDueReminders(new Date(at.getTime() - 6.8 * 24 * 3600_000))).sent, 'five in the group, one said no').toBe(4);
			const sent = await reminders();
			expect(sent.flatMap(to)).not.toContain(await emailOf(1));
			const hostAddress = await emailOf(3);
			const forHost = sent.filter((m) => to(m).includes(hostAddress));
			expect(forHost).toHaveLength(1);
			expect(forHost[0]!.text).toContain('Ihr Unternehmen ist Gastgeber dieses Treffens. Aus den anderen Unternehmen hat bisher eine Person zugesagt');
			for (const m of sent.filter((m) => !to(m).includes(hostAddress))) expect(m.text).not.toContain('Gastgeber dieses Treffens');
			// Each reads their own answer, and the agenda.
			const saidYes = await emailOf(2);
			const yes = sent.find((m) => to(m).includes(saidYes));
			const none = sent.filter((m) => !to(m).includes(saidYes) && !to(m).includes(hostAddress));
			expect(yes!.text).toContain('Sie haben zugesagt');
			expect(none).toHaveLength(2);
			for (const m of none) expect(m.text).toContain('Sie haben noch nicht angegeben, ob Sie kommen');
			for (const m of sent) expect(m.text).toContain('Ablauf:\nRundgang durch die Fertigung');
			// In the own calendar, who said no sees the meeting marked and their time left free; who said yes, as ever.
			const entryFor = async (n: number) =>
				new ICAL.Component(ICAL.parse(await ownCalendar(memberOf(n), NOW))).getAllSubcomponents('vevent').find((e) => String(e.getFirstPropertyValue('uid')).startsWith(id))!;
			const declinedEntry = await entryFor(1);
			expect(String(declinedEntry.getFirstPropertyValue('summary'))).toMatch(/^Fokusgruppe A: Treffen bei .+ \(Sie kommen nicht\)$/);
			expect(declinedEntry.getFirstPropertyValue('transp')).toBe('TRANSPARENT');
			const comingEntry = await entryFor(2);
			expect(String(comingEntry.getFirstPropertyValue('summary'))).not.toContain('Sie kommen nicht');
			expect(comingEntry.getFirstPropertyValue('transp')).toBeNull();
			// Called off: the host's person reads that there is nothing left to prepare, the others do not.
			expect(await cancelMeeting(GROUP_A, id, office, NOW)).toMatchObject({ notified: true });
			const off = (await readMails(join(t.dir, 'outbox'))).filter((m) => m.subject?.startsWith('Abgesagt:') && m.text?.includes('16. Juni 2027'));
			expect(off).toHaveLength(5);
			expect(off.filter((m) => m.text?.includes('sollte dieses Treffen ausrichten')).flatMap(to)).toEqual([hostAddress]);
		} finally {
			await cancelMeeting(GROUP_A, id, office, NOW);
		}
	});

	test('a rescheduled meeting is reminded again for its new date', async () => {
		const first = new Date('2027-03-10T13:00:00Z');
		const id = await createMeeting(GROUP_A, { startsAtLocal: '2027-03-10T14:00', durationMinutes: 120, hostOrganizationId: null, address: null, agenda: null }, office, NOW);
		expect((await sendDueReminders(new Date(first.getTime() - 6.5 * 24 * 3600_000))).sent).toBe(5);
		expect((await sendDueReminders(new Date(first.getTime() - 20 * 3600_000))).sent).toBe(5);
		expect(await updateMeeting(GROUP_A, id, { startsAtLocal: '2027-04-14T14:00', durationMinutes: 120, hostOrganizationId: null, address: null, agenda: null }, office, NOW)).not.toBe(false);
		const moved = new Date('2027-04-14T12:00:00Z'); // summer time: 14:00 in Berlin is 12:00 UTC
		expect((await sendDueReminders(new Date(moved.getTime() - 6.5 * 24 * 3600_000))).sent, 'week reminder for the new date').toBe(5);
		expect((await sendDueReminders(new Date(moved.getTime() - 20 * 3600_000))).sent, 'day reminder for the new date').toBe(5);
		// Changing only the address keeps what was sent.
		expect(await updateMeeting(GROUP_A, id, { startsAtLocal: '2027-04-14T14:00', durationMinutes: 120, hostOrganizationId: null, address: 'Neu 2, 99084 Erfurt', agenda: null }, office, NOW)).not.toBe(false);
		expect((await sendDueReminders(new Date(moved.getTime() - 19 * 3600_000))).sent).toBe(0);
		await cancelMeeting(GROUP_A, id, office, NOW);
	});

	test('a meeting announced when its week reminder is due already gets none, only the day reminder', async () => {
		const at = new Date('2027-06-24T12:00:00Z'); // Thursday, 14:00 in Berlin (summer time)
		const announced = new Date(at.getTime() - 6.5 * 24 * 3600_000);
		const id = await createMeeting(GROUP_A, { startsAtLocal: '2027-06-24T14:00', durationMinutes: 120, hostOrganizationId: null, address: 'Kurz 1, 99084 Erfurt', agenda: null }, office, announced);
		expect((await sendDueReminders(new Date(announced.getTime() + 600_000))).sent, 'the "Neues Treffen" mail was the reminder').toBe(0);
		expect((await sendDueReminders(new Date(at.getTime() - 20 * 3600_000))).sent).toBe(5);
		await cancelMeeting(GROUP_A, id, office, NOW);
	});

	test('a meeting moved by an hour after its reminders went out is not reminded of twice', async () => {
		const start = new Date('2027-05-18T12:00:00Z'); // Tuesday, 14:00 in Berlin (summer time)
		const data = { durationMinutes: 120, hostOrganizationId: null, address: 'Stunde 1, 99084 Erfurt', agenda: null };
		const id = await createMeeting(GROUP_A, { startsAtLocal: '2027-05-18T14:00', ...data }, office, NOW);
		expect((await sendDueReminders(new Date(start.getTime() - 6.5 * 24 * 3600_000))).sent).toBe(5);
		const evening = new Date(start.getTime() - 20 * 3600_000);
		expect((await sendDueReminders(evening)).sent).toBe(5);
		// Moved to 15:00 the evening before: the change mail tells everyone; the day reminder is not sent again.
		expect(await updateMeeting(GROUP_A, id, { startsAtLocal: '2027-05-18T15:00', ...data }, office, evening)).not.toBe(false);
		expect((await sendDueReminders(new Date(evening.getTime() + 600_000))).sent).toBe(0);
		// Moved by three days instead: the day reminder is still to come for the new date, the week reminder is not.
		expect(await updateMeeting(GROUP_A, id, { startsAtLocal: '2027-05-21T15:00', ...data }, office, evening)).not.toBe(false);
		const moved = new Date('2027-05-21T13:00:00Z');
		expect((await sendDueReminders(new Date(moved.getTime() - 20 * 3600_000))).sent).toBe(5);
		await cancelMeeting(GROUP_A, id, office, NOW);
	});

	test('a meeting that has begun cannot be changed either: its form, opened before, is refused and nothing moves', async () => {
		const data = { startsAtLocal: '2027-06-23T14:00', durationMinutes: 120, hostOrganizationId: null, address: 'Alt 1, 99084 Erfurt', agenda: null };
		const id = await createMeeting(GROUP_A, data, office, NOW);
		expect(await replyToMeeting(memberOf(2), id, true, NOW)).toEqual({ hostDeclined: false });
		const during = new Date('2027-06-23T12:30:00Z'); // 14:30 in Berlin
		await expect(updateMeeting(GROUP_A, id, { ...data, startsAtLocal: '2027-06-30T14:00' }, office, during)).rejects.toThrow('Dieses Treffen hat schon begonnen oder stattgefunden und bleibt so verzeichnet; die Änderung ist nicht gespeichert.');
		const stored = (await listGroupMeetings(GROUP_A)).find((m) => m.id === id)!;
		expect(utcToBerlinLocal(stored.startsAt)).toBe('2027-06-23T14:00');
		expect((await listOwnMeetings(memberOf(2))).find((m) => m.id === id)?.myReply, 'the answer, the record of who came, stays').toBe(1);
	});

	test('a meeting cancelled meanwhile cannot be changed, and a meeting that has begun takes no more answers', async () => {
		const data = { durationMinutes: 120, hostOrganizationId: null, address: 'Vorbei 1, 99084 Erfurt', agenda: null };
		const id = await createMeeting(GROUP_A, { startsAtLocal: '2027-06-09T14:00', ...data }, office, NOW);
		const begun = new Date('2027-06-09T12:30:00Z');
		expect(await replyToMeeting(memberOf(2), id, true, new Date('2027-06-09T11:00:00Z'))).toEqual({ hostDeclined: false });
		expect(await replyToMeeting(memberOf(3), id, false, begun)).toBe('past');
		// Answered on a page that still showed the old date: refused, not counted for the new one.
		const shown = new Date('2027-06-08T12:00:00Z');
		expect(await replyToMeeting(memberOf(4), id, true, new Date('2027-06-01T08:00:00Z'), shown)).toBe('changed');
		expect(await replyToMeeting(memberOf(4), id, true, new Date('2027-06-01T08:00:00Z'), new Date('2027-06-09T12:00:00Z'))).toEqual({ hostDeclined: false });
		expect((await listGroupMeetings(GROUP_A)).find((m) => m.id === id)).toMatchObject({ yes: 2, no: 0 });
		await cancelMeeting(GROUP_A, id, office, NOW);
		expect(await replyToMeeting(memberOf(5), id, true, new Date('2027-06-01T08:00:00Z')), 'cancelled meanwhile').toBe('changed');
		await expect(updateMeeting(GROUP_A, id, { startsAtLocal: '2027-06-10T14:00', ...data }, office, NOW)).rejects.toThrow(/^Dieses Treffen ist inzwischen abgesagt/);
		expect((await listGroupMeetings(GROUP_A)).find((m) => m.id === id)).toMatchObject({ status: 'cancelled', startsAt: new Date('2027-06-09T12:00:00Z') });
	});

	test('the group hears at once when a meeting moves or is cancelled, not when only the agenda changes', async () => {
		const subjectsNow = async () => (await readMails(join(t.dir, 'outbox'))).map((m) => m.subject ?? '');
		const count = async (subject: string) => (await subjectsNow()).filter((x) => x === subject).length;
		const id = await createMeeting(GROUP_A, { startsAtLocal: '2027-05-12T14:00', durationMinutes: 120, hostOrganizationId: null, address: 'Alt 1, 99084 Erfurt', agenda: null }, office, NOW);
		expect(await count('Neues Treffen der Fokusgruppe A am 12. Mai 2027 um 14:00 Uhr'), 'a new meeting is announced').toBe(5);
		const added = (await readMails(join(t.dir, 'outbox'))).find((m) => m.subject === 'Neues Treffen der Fokusgruppe A am 12. Mai 2027 um 14:00 Uhr')!;
		expect(added.text).toContain('Mit dem Anhang tragen Sie den Termin in Ihren Kalender ein.');
		const moved = 'Geändert: Treffen der Fokusgruppe A am 26. Mai 2027 um 15:00 Uhr';
		expect(await updateMeeting(GROUP_A, id, { startsAtLocal: '2027-05-26T15:00', durationMinutes: 120, hostOrganizationId: null, address: 'Alt 1, 99084 Erfurt', agenda: null }, office, NOW)).toEqual({ notified: true, hostTwice: false });
		expect(await count(moved)).toBe(5);
		const mail = (await readMails(join(t.dir, 'outbox'))).find((m) => m.subject === moved)!;
		// With weekdays and ends: a move from one weekday to another shows.
		expect(mail.text).toContain('Es findet jetzt am Mittwoch, 26. Mai 2027, 15:00 bis 17:00 Uhr statt (bisher: Mittwoch, 12. Mai 2027, 14:00 bis 16:00 Uhr).');
		expect(mail.text).toContain('Der Anhang enthält den geänderten Termin; manche Kalender übernehmen ihn beim Öffnen');
		const event = new ICAL.Event(new ICAL.Component(ICAL.parse(mail.attachments[0]!.content.toString('utf8'))).getFirstSubcomponent('vevent')!);
		expect(event.sequence).toBe(1);
		expect(utcToBerlinLocal(event.startDate.toJSDate())).toBe('2027-05-26T15:00');

		const before = (await subjectsNow()).length;
		expect(await updateMeeting(GROUP_A, id, { startsAtLocal: '2027-05-26T15:00', durationMinutes: 120, hostOrganizationId: null, address: 'Alt 1, 99084 Erfurt', agenda: 'Nur die Tagesordnung' }, office, NOW)).toEqual({ notified: false, hostTwice: false });
		expect((await subjectsNow()).length, 'no mail for an agenda alone').toBe(before);

		expect(await cancelMeeting(GROUP_A, id, office, NOW)).toMatchObject({ notified: true });
		const cancelled = (await readMails(join(t.dir, 'outbox'))).filter((m) => m.subject === 'Abgesagt: Treffen der Fokusgruppe A am 26. Mai 2027 um 15:00 Uhr');
		expect(cancelled).toHaveLength(5);
		expect(cancelled[0]!.attachments[0]!.content.toString('utf8')).toContain('STATUS:CANCELLED');
		expect(cancelled[0]!.attachments[0]!.filename).toBe('treffen-2027-05-26-abgesagt.ics');
	});

	test('a single date follows the plan\'s rules; a new host brings its address; a move asks everyone again', async () => {
		const at = (local: string) => ({ startsAtLocal: local, durationMinutes: 120, hostOrganizationId: null, address: null, agenda: null });
		await expect(createMeeting(GROUP_A, at('2027-12-25T14:00'), office, NOW)).rejects.toThrow('Der 25. Dezember 2027 ist ein Feiertag in Thüringen (1. Weihnachtstag)');
		await expect(createMeeting(GROUP_A, at('2027-06-05T14:00'), office, NOW)).rejects.toThrow('ist kein Werktag');
		const planned = (await listGroupMeetings(GROUP_A)).find((m) => m.status === 'planned' && m.startsAt > NOW)!;
		const sameDay = `${utcToBerlinLocal(planned.startsAt).slice(0, 10)}T09:00`;
		await expect(createMeeting(GROUP_A, at(sameDay), office, NOW)).rejects.toThrow('hat die Gruppe schon ein Treffen');

		// A host from outside the group is refused, on a new meeting and on a change; nothing is stored.
		const outsider = (await hostChoices(GROUP_B))[0]!.organizationId;
		await expect(createMeeting(GROUP_A, { ...at('2027-09-08T14:00'), hostOrganizationId: outsider }, office, NOW)).rejects.toThrow('Gastgeber kann nur ein Unternehmen der Gruppe sein.');
		expect((await listGroupMeetings(GROUP_A)).some((m) => m.hostOrganizationId === outsider)).toBe(false);
		const unchanged = { startsAtLocal: utcToBerlinLocal(planned.startsAt).slice(0, 16), durationMinutes: 180, agenda: planned.agenda, address: planned.address };
		await expect(updateMeeting(GROUP_A, planned.id, { ...unchanged, hostOrganizationId: outsider }, office, NOW)).rejects.toThrow('Gastgeber kann nur ein Unternehmen der Gruppe sein.');
		expect((await listGroupMeetings(GROUP_A)).find((m) => m.id === planned.id)?.hostOrganizationId).toBe(planned.hostOrganizationId);

		// Another host with the address left as it was: the meeting moves to the new host's address.
		const hosts = await hostChoices(GROUP_A);
		const other = hosts.find((h) => h.organizationId !== planned.hostOrganizationId)!;
		const keep = { startsAtLocal: utcToBerlinLocal(planned.startsAt).slice(0, 16), durationMinutes: 180, agenda: planned.agenda };
		expect(await updateMeeting(GROUP_A, planned.id, { ...keep, hostOrganizationId: other.organizationId, address: planned.address }, office, NOW)).not.toBe(false);
		const rehosted = (await listGroupMeetings(GROUP_A)).find((m) => m.id === planned.id)!;
		expect(rehosted.address).toContain(other.town);
		expect(rehosted.address).toContain(other.organizationName);
		// The group reads who hosts now and who did until now.
		const formerHost = hosts.find((h) => h.organizationId === planned.hostOrganizationId)!.organizationName;
		const told = (await readMails(join(t.dir, 'outbox'))).filter((m) => m.subject?.startsWith('Geändert: Treffen der Fokusgruppe A') && m.text?.includes(`(bisher bei ${formerHost})`));
		expect(told.length).toBeGreaterThan(0);
		expect(told[0]!.text).toContain(`Es findet jetzt bei ${other.organizationName} statt (bisher bei ${formerHost}).`);
		// An emptied address means the host's, as on a new meeting (the form says so); it is no change, and mails nobody.
		const mailsBefore = readdirSync(join(t.dir, 'outbox')).length;
		expect(await updateMeeting(GROUP_A, planned.id, { ...keep, hostOrganizationId: other.organizationId, address: null }, office, NOW)).not.toBe(false);
		expect((await listGroupMeetings(GROUP_A)).find((m) => m.id === planned.id)?.address).toBe(rehosted.address);
		expect(readdirSync(join(t.dir, 'outbox')).length).toBe(mailsBefore);

		// Answers were given for the old date; after a move everyone answers again.
		expect(await replyToMeeting(memberOf(1), planned.id, true)).toEqual({ hostDeclined: false });
		const nextDay = new Date(planned.startsAt.getTime() + 24 * 3600_000);
		expect(await updateMeeting(GROUP_A, planned.id, { ...keep, startsAtLocal: `${utcToBerlinLocal(nextDay).slice(0, 10)}T14:00`, hostOrganizationId: other.organizationId, address: rehosted.address }, office, NOW)).not.toBe(false);
		expect((await listOwnMeetings(memberOf(1))).find((m) => m.id === planned.id)?.myReply).toBeNull();
	});

	test('a change of host that gives one company two turns while another has none is pointed out', async () => {
		const coming = (await listGroupMeetings(GROUP_A)).filter((m) => m.status === 'planned' && m.startsAt > NOW && m.hostOrganizationId);
		const turns = (org: string | null) => coming.filter((m) => m.hostOrganizationId === org).length;
		// A meeting whose host has no other coming turn, and another company hosting one.
		const lone = coming.find((m) => turns(m.hostOrganizationId) === 1)!;
		const other = coming.find((m) => m.hostOrganizationId !== lone.hostOrganizationId)!.hostOrganizationId!;
		const same = { startsAtLocal: utcToBerlinLocal(lone.startsAt).slice(0, 16), durationMinutes: Math.round((lone.endsAt.getTime() - lone.startsAt.getTime()) / 60_000), agenda: lone.agenda, address: lone.address };
		const mailsBefore = (await readMails(join(t.dir, 'outbox'))).length;
		expect(await updateMeeting(GROUP_A, lone.id, { ...same, hostOrganizationId: other }, office, NOW)).toMatchObject({ hostTwice: true });
		// The change mail tells the new host's people that they host, the former host's that they no longer do.
		const told = (await readMails(join(t.dir, 'outbox'))).slice(mailsBefore);
		const addressesOf = async (org: string) => (await t.db.select({ email: user.email }).from(user).where(eq(user.organizationId, org))).map((u) => u.email);
		const mailTo = (address: string, mails = told) => mails.find((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.value.some((v) => v.address === address)));
		expect((await addressesOf(other)).length * (await addressesOf(lone.hostOrganizationId!)).length, 'both companies have people').toBeGreaterThan(0);
		for (const address of await addressesOf(other)) expect(mailTo(address)?.text, address).toContain('Ihr Unternehmen ist Gastgeber dieses Treffens.');
		for (const address of await addressesOf(lone.hostOrganizationId!)) expect(mailTo(address)?.text, address).toContain('Ihr Unternehmen ist nicht mehr Gastgeber dieses Treffens.');
		const involved = new Set([...(await addressesOf(other)), ...(await addressesOf(lone.hostOrganizationId!))]);
		const others = told.filter((m) => !(Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.value.some((v) => involved.has(v.address ?? ''))));
		expect(others.length, 'the rest of the group is told too').toBeGreaterThan(0);
		for (const mail of others) expect(mail.text, 'and reads neither sentence').not.toContain('Gastgeber dieses Treffens');
		// Back to the company whose turn it was: nothing to point out.
		expect(await updateMeeting(GROUP_A, lone.id, { ...same, hostOrganizationId: lone.hostOrganizationId }, office, NOW)).toMatchObject({ hostTwice: false });

		// A meeting without a host (its company left) that gets one: the new host's people read that they host.
		expect(await updateMeeting(GROUP_A, lone.id, { ...same, hostOrganizationId: null, address: null }, office, NOW)).toMatchObject({ notified: true });
		const beforeTakeover = (await readMails(join(t.dir, 'outbox'))).length;
		expect(await updateMeeting(GROUP_A, lone.id, { ...same, hostOrganizationId: lone.hostOrganizationId, address: null }, office, NOW)).toMatchObject({ notified: true });
		const takeover = (await readMails(join(t.dir, 'outbox'))).slice(beforeTakeover);
		for (const address of await addressesOf(lone.hostOrganizationId!)) expect(mailTo(address, takeover)?.text, address).toContain('Ihr Unternehmen ist Gastgeber dieses Treffens.');
	});

	test('a cancellation that leaves its host without a coming meeting while another company hosts two is pointed out too', async () => {
		const coming = (await listGroupMeetings(GROUP_A)).filter((m) => m.status === 'planned' && m.startsAt > NOW && m.hostOrganizationId);
		const turns = (org: string | null) => coming.filter((m) => m.hostOrganizationId === org).length;
		const lone = coming.find((m) => turns(m.hostOrganizationId) === 1)!;
		const other = coming.find((m) => m.hostOrganizationId !== lone.hostOrganizationId)!.hostOrganizationId!;
		const extraTurn = (day: string) => createMeeting(GROUP_A, { startsAtLocal: `${day}T14:00`, durationMinutes: 120, hostOrganizationId: other, address: null, agenda: null }, office, NOW);
		// A turn of a company that keeps another: nobody is left without one.
		expect(await cancelMeeting(GROUP_A, await extraTurn('2029-03-07'), office, NOW)).toEqual({ notified: true, hostTwice: false });
		// With `other` hosting two, the lone host's meeting called off leaves that company none.
		const second = await extraTurn('2029-03-14');
		try {
			expect(await cancelMeeting(GROUP_A, lone.id, office, NOW)).toEqual({ notified: true, hostTwice: true });
		} finally {
			await t.db.update(meeting).set({ status: 'planned' }).where(eq(meeting.id, lone.id));
			await cancelMeeting(GROUP_A, second, office, NOW);
		}
	});

	test('a meeting that has begun cannot be cancelled: it stays on record as held, and nobody is mailed', async () => {
		const id = await createMeeting(GROUP_A, { startsAtLocal: '2027-07-07T14:00', durationMinutes: 120, hostOrganizationId: null, address: 'Gehalten 1, 99084 Erfurt', agenda: null }, office, NOW);
		const mailsBefore = (await readMails(join(t.dir, 'outbox'))).length;
		for (const now of [new Date('2027-07-07T12:30:00Z'), new Date('2027-07-08T08:00:00Z')]) {
			await expect(cancelMeeting(GROUP_A, id, office, now), now.toISOString()).rejects.toThrow('Dieses Treffen hat schon begonnen oder stattgefunden und bleibt so verzeichnet; absagen lässt es sich nicht mehr.');
		}
		expect((await listGroupMeetings(GROUP_A)).find((m) => m.id === id)).toMatchObject({ status: 'planned', sequence: 0 });
		expect((await readMails(join(t.dir, 'outbox'))).length).toBe(mailsBefore);
		expect(await cancelMeeting(GROUP_A, id, office, NOW), 'before it, as ever').toMatchObject({ notified: true });
	});

	test('the office\'s log names meeting changes and the group in German', async () => {
		const log = await describeAuditEvents();
		// Entries of a single meeting say which one, by its date at the time.
		const labels = new Set(log.map((e) => e.action.replace(/: .*$/, '')));
		for (const label of ['Treffen für ein Jahr geplant', 'Treffen angelegt', 'Treffen geändert', 'Treffen abgesagt']) expect(labels, label).toContain(label);
		expect(log.find((e) => e.action.startsWith('Treffen angelegt'))?.subject).toBe('Fokusgruppe A');
		for (const single of log.filter((e) => /^Treffen (angelegt|geändert|abgesagt)/.test(e.action))) expect(single.action).toMatch(/^Treffen (angelegt|geändert|abgesagt): \d{1,2}\. \S+ \d{4}/);
		expect(log.find((e) => e.action.startsWith('Treffen für ein Jahr geplant'))?.action).toBe('Treffen für ein Jahr geplant');
	});

	test('the log keeps each change as it was: two moves are two entries with their own dates, a new host is named', async () => {
		const data = { durationMinutes: 120, hostOrganizationId: null, address: 'Protokoll 1, 99084 Erfurt', agenda: null };
		const id = await createMeeting(GROUP_A, { ...data, startsAtLocal: '2027-02-10T14:00' }, office, NOW);
		await updateMeeting(GROUP_A, id, { ...data, startsAtLocal: '2027-02-17T14:00' }, office, NOW);
		await updateMeeting(GROUP_A, id, { ...data, startsAtLocal: '2027-02-24T15:00' }, office, NOW);
		const host = (await hostChoices(GROUP_A))[0]!;
		await updateMeeting(GROUP_A, id, { ...data, startsAtLocal: '2027-02-24T15:00', hostOrganizationId: host.organizationId }, office, NOW);
		await updateMeeting(GROUP_A, id, { ...data, startsAtLocal: '2027-02-24T15:00', hostOrganizationId: host.organizationId, agenda: 'Nur der Ablauf' }, office, NOW);
		await cancelMeeting(GROUP_A, id, office, NOW);
		// An entry written before the log kept the dates: it names the meeting by its date as it stands now.
		await recordAudit({ actorId: office, action: 'meeting.updated', subjectType: 'group', subjectId: GROUP_A, details: { meeting: id } }, undefined, NOW);
		const newest = (await describeAuditEvents(7)).map((e) => e.action).reverse();
		expect(newest).toEqual([
			'Treffen angelegt: 10. Februar 2027 um 14:00 Uhr',
			'Treffen geändert: 10. Februar 2027 → 17. Februar 2027',
			'Treffen geändert: 17. Februar 2027 um 14:00 Uhr → 24. Februar 2027 um 15:00 Uhr',
			`Treffen geändert: 24. Februar 2027 um 15:00 Uhr; Gastgeber offen → ${host.organizationName}`,
			'Treffen geändert: 24. Februar 2027 um 15:00 Uhr',
			'Treffen abgesagt: 24. Februar 2027 um 15:00 Uhr',
			'Treffen geändert (Treffen am 24. Februar 2027 um 15:00 Uhr)',
		]);
	});

	test('nothing for cancelled meetings or members of other groups', async () => {
		const cancelled = (await listGroupMeetings(GROUP_A)).find((m) => m.status === 'cancelled')!;
		expect((await sendDueReminders(new Date(cancelled.startsAt.getTime() - 3600_000))).sent).toBe(0);
		const rows = await t.db.select().from(meeting).where(eq(meeting.groupId, GROUP_B));
		expect(rows).toEqual([]);
		expect(DEMO_COMPANIES.length).toBeGreaterThan(10);
	});
});

describe('the office\'s work queue', () => {
	test('names groups without a coming meeting and groups that became too small', async () => {
		const attention = async () => new Map((await workQueue(NOW)).groupsNeedingAttention.map((g) => [g.id, g]));
		const before = await attention();
		expect(before.get(GROUP_B)?.noMeeting, 'group B has no plan').toBe(true);
		expect(before.has(GROUP_A), 'group A has its plan and five members').toBe(false);

		const leaving = await t.db.select().from(groupMembership).where(eq(groupMembership.userId, memberOf(5))).get();
		await t.db.delete(groupMembership).where(eq(groupMembership.userId, memberOf(5)));
		try {
			expect((await attention()).get(GROUP_A)).toMatchObject({ size: 4, tooSmall: true, noMeeting: false });
		} finally {
			await t.db.insert(groupMembership).values(leaving!);
		}
		// After the last planned meeting, the plan has run out.
		const last = (await listGroupMeetings(GROUP_A)).filter((m) => m.status === 'planned').at(-1)!;
		expect((await workQueue(new Date(last.startsAt.getTime() + 1000))).groupsNeedingAttention.find((g) => g.id === GROUP_A)?.noMeeting).toBe(true);
	});
});

// These add meetings to group B, which the tests above expect without a plan: they come last.
describe('one meeting at a time', () => {
	test('two "Treffen anlegen" at the same moment for the same day: one meeting, one refusal', async () => {
		const day = { startsAtLocal: '2027-09-15T14:00', durationMinutes: 120, hostOrganizationId: null, address: 'Online', agenda: null };
		const before = (await listGroupMeetings(GROUP_B)).length;
		const results = await Promise.allSettled([createMeeting(GROUP_B, day, office, NOW), createMeeting(GROUP_B, { ...day, startsAtLocal: '2027-09-15T16:00' }, office, NOW)]);
		expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
		expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toContain('hat die Gruppe schon ein Treffen');
		expect((await listGroupMeetings(GROUP_B)).length).toBe(before + 1);
	});
});

describe('a reminder and a change at the same time', () => {
	test('a meeting cancelled or moved after the job read it gets no reminder for the old date', async () => {
		const make = (date: string) => createMeeting(GROUP_B, { startsAtLocal: `${date}T14:00`, durationMinutes: 120, hostOrganizationId: null, address: 'Online', agenda: null }, office, NOW);
		const cancelled = await make('2027-10-13');
		const moved = await make('2027-10-20');
		const kept = await make('2027-10-27');
		const read = async (id: string) => (await listGroupMeetings(GROUP_B)).find((m) => m.id === id)!;
		const asRead = { cancelled: await read(cancelled), moved: await read(moved), kept: await read(kept) };
		await cancelMeeting(GROUP_B, cancelled, office, NOW);
		await updateMeeting(GROUP_B, moved, { startsAtLocal: '2027-10-21T14:00', durationMinutes: 120, hostOrganizationId: null, address: 'Online', agenda: null }, office, NOW);
		const someone = memberOf(7);
		expect(await claimReminder(asRead.cancelled, someone, 'day', NOW)).toBe('gone');
		expect(await claimReminder(asRead.moved, someone, 'day', NOW)).toBe('gone');
		expect(await claimReminder(asRead.kept, someone, 'day', NOW)).toBe('claimed');
		expect(await claimReminder(asRead.kept, someone, 'day', NOW)).toBe('taken');
		// The day reminder counts for the week reminder too.
		expect(await claimReminder(asRead.kept, someone, 'week', NOW)).toBe('taken');
		const claimed = await t.db.select().from(reminderSent).where(eq(reminderSent.userId, someone));
		expect(claimed.map((r) => r.meetingId).every((id) => id === kept)).toBe(true);
		// The moved meeting's new date is open for its own reminders.
		expect(await claimReminder(await read(moved), someone, 'day', NOW)).toBe('claimed');
	});

	test('a meeting changed in another way after the job read it (a new place) is read again before its reminder', async () => {
		const day = { startsAtLocal: '2027-11-03T14:00', durationMinutes: 120, hostOrganizationId: null, address: 'Alter Ort 1, 07743 Jena', agenda: null };
		const id = await createMeeting(GROUP_B, day, office, NOW);
		const asRead = (await listGroupMeetings(GROUP_B)).find((m) => m.id === id)!;
		await updateMeeting(GROUP_B, id, { ...day, address: 'Neuer Ort 9, 07743 Jena' }, office, NOW);
		expect(await claimReminder(asRead, memberOf(7), 'day', NOW), 'the mail would name the old place').toBe('gone');
		expect(await claimReminder((await listGroupMeetings(GROUP_B)).find((m) => m.id === id)!, memberOf(7), 'day', NOW)).toBe('claimed');
	});
});

describe('a mail server that is down when reminders are due', () => {
	const failingMailServer = async (down: boolean) => {
		const { installConfig, readConfig } = await import('../../src/lib/server/config.ts');
		const { resetMailTransport } = await import('../../src/lib/server/mail.ts');
		installConfig(down ? readConfig((name) => ({ DATABASE_URL: t.url, SMTP_URL: 'smtp://127.0.0.1:9' })[name]) : t.config);
		resetMailTransport();
	};
	const meetingOn = (date: string) => createMeeting(GROUP_B, { startsAtLocal: `${date}T14:00`, durationMinutes: 120, hostOrganizationId: null, address: 'Online', agenda: null }, office, NOW);

	test('a reminder that failed is sent by a later run within its window', async () => {
		await meetingOn('2028-03-15');
		const evening = new Date('2028-03-14T18:00:00+01:00');
		await failingMailServer(true);
		try {
			const failed = await sendDueReminders(evening);
			expect(failed.sent).toBe(0);
			expect(failed.failed).toBeGreaterThan(0);
			await failingMailServer(false);
			expect(await sendDueReminders(new Date(evening.getTime() + 5 * 60_000)), 'everyone it failed for').toEqual({ sent: failed.failed, failed: 0 });
			expect((await sendDueReminders(new Date(evening.getTime() + 10 * 60_000))).sent, 'and once only').toBe(0);
		} finally {
			await failingMailServer(false);
		}
	});

	test('after three failures to the same person the job gives up on that reminder', async () => {
		await meetingOn('2028-04-19');
		const weekAhead = new Date('2028-04-12T20:00:00+02:00');
		await failingMailServer(true);
		try {
			const tries = [];
			for (let i = 0; i < 4; i++) tries.push((await sendDueReminders(new Date(weekAhead.getTime() + i * 5 * 60_000))).failed);
			expect(tries[0]).toBeGreaterThan(0);
			expect(tries).toEqual([tries[0], tries[0], tries[0], 0]);
			await failingMailServer(false);
			expect((await sendDueReminders(new Date(weekAhead.getTime() + 30 * 60_000))).sent).toBe(0);
		} finally {
			await failingMailServer(false);
		}
	});
});

describe('a host deletes their account', () => {
	test('the coming meetings they were to host lose host and place, the group hears of it, the office\'s queue names them', async () => {
		const hosted = (await listGroupMeetings(GROUP_A)).find((m) => m.status === 'planned' && m.startsAt > NOW && m.hostOrganizationId)!;
		const host = (await t.db.select().from(user).where(eq(user.organizationId, hosted.hostOrganizationId!)).get())!;
		await t.db.update(user).set({ passwordHash: await hashPassword('Ein Passwort zum Löschen 1') }).where(eq(user.id, host.id));
		expect((await workQueue(NOW)).groupsNeedingAttention.find((g) => g.id === GROUP_A)?.withoutPlace ?? []).toEqual([]);

		expect(await deleteOwnAccount(host.id, 'Ein Passwort zum Löschen 1', { ip: '203.0.113.7', now: NOW })).toEqual({ ok: true });
		const after = (await listGroupMeetings(GROUP_A)).find((m) => m.id === hosted.id)!;
		expect(after).toMatchObject({ hostOrganizationId: null, address: null, sequence: hosted.sequence + 1, status: 'planned' });
		expect((await workQueue(NOW)).groupsNeedingAttention.find((g) => g.id === GROUP_A)?.withoutPlace).toContainEqual(hosted.startsAt);
		const told = (await readMails(join(t.dir, 'outbox'))).filter(
			(m) => m.subject === `Geändert: Treffen der Fokusgruppe A am ${formatDateTime(hosted.startsAt)}` && m.text?.includes('Gastgeber und Ort stehen noch nicht fest.'),
		);
		// The four members left in the group; the date did not move, so no "bisher".
		expect(told).toHaveLength(4);
		expect(told[0]!.text).toContain(`beim Treffen Ihrer Fokusgruppe A am ${formatMeetingTime(hosted.startsAt, hosted.endsAt)} hat sich etwas geändert.`);
		expect(told[0]!.text).not.toContain('bisher:');
		// Why host and place are open.
		const company = (await t.db.select({ name: organization.name }).from(organization).where(eq(organization.id, hosted.hostOrganizationId!)).get())!.name;
		expect(told[0]!.text).toContain(`${company} gehört nicht mehr zur Gruppe und ist deshalb nicht mehr Gastgeber.`);
		// The group was told the office sees to it: the office hears of it, with the dates.
		await vi.waitFor(async () => expect((await readMails(join(t.dir, 'outbox'))).filter((m) => m.subject === 'Gastgeber entfällt: Fokusgruppe A')).toHaveLength(1));
		const notice = (await readMails(join(t.dir, 'outbox'))).find((m) => m.subject === 'Gastgeber entfällt: Fokusgruppe A')!;
		expect(notice.to && !Array.isArray(notice.to) ? notice.to.value[0]?.address : null).toBe(t.config.officeEmail);
		expect(notice.text).toContain(`${company} gehört nicht mehr zur Fokusgruppe A: Die Person hat ihr Konto gelöscht.`);
		expect(notice.text).toContain(formatDateTime(hosted.startsAt));
		expect(notice.text).toMatch(/(Beim Treffen|Bei den Treffen) am .+ sind Gastgeber und Ort jetzt offen/);
		expect(notice.text, 'every meeting was at the host\'s own address').not.toContain('am eingetragenen Ort');
	});
});

describe('a host company renamed', () => {
	test('its coming meetings get a higher SEQUENCE, so calendars show the new name', async () => {
		// Group B's meetings above were made without a host: one of them gets member 7's company.
		const target = (await listGroupMeetings(GROUP_B)).find((m) => m.status === 'planned' && m.startsAt > NOW)!;
		const host = (await t.db.select({ org: user.organizationId }).from(user).where(eq(user.id, memberOf(7))).get())!.org!;
		await t.db.update(meeting).set({ hostOrganizationId: host }).where(eq(meeting.id, target.id));
		const { name, legalForm, industryCode, industryLabel, street, postcode, town, latitude, longitude, sizeBand, website } = (await t.db.select().from(organization).where(eq(organization.id, host)).get())!;
		const data = { legalForm, industryCode, industryLabel, street, postcode, town, latitude, longitude, sizeBand, website };
		const sequence = async () => (await listGroupMeetings(GROUP_B)).find((m) => m.id === target.id)!.sequence;
		expect(await updateOrganization(host, { ...data, name: `${name} (neu)` }, office, NOW)).toBe(true);
		expect(await sequence()).toBe(target.sequence + 1);
		// Saved again unchanged: no rename, no new version, and the answer says so.
		expect(await updateOrganization(host, { ...data, name: `${name} (neu)` }, office, NOW)).toBe(false);
		expect(await sequence()).toBe(target.sequence + 1);
	});

	test('the office\'s list marks a meeting as at its host only at exactly the address an empty field saves', async () => {
		const host = (await t.db.select({ org: user.organizationId }).from(user).where(eq(user.id, memberOf(8))).get())!.org!;
		const company = (await t.db.select().from(organization).where(eq(organization.id, host)).get())!;
		const atHostsAddress = [company.name, company.street, `${company.postcode} ${company.town}`].filter(Boolean).join(', ');
		const atHall = [company.name, 'Halle B', company.street, `${company.postcode} ${company.town}`].filter(Boolean).join(', ');
		const ids = [];
		for (const [day, address] of [['2029-01-10', atHostsAddress], ['2029-01-17', atHall], ['2029-01-24', null]] as const) {
			ids.push(await createMeeting(GROUP_B, { startsAtLocal: `${day}T14:00`, durationMinutes: 120, hostOrganizationId: host, address, agenda: null }, office, NOW));
		}
		const listed = await listGroupMeetings(GROUP_B);
		expect(ids.map((id) => listed.find((m) => m.id === id)!.atHost)).toEqual([true, false, true]);
		for (const id of ids) await cancelMeeting(GROUP_B, id, office, NOW);
	});

	test('a meeting at the host\'s address follows a new name or street, and still goes with the host when it leaves', async () => {
		const host = (await t.db.select({ org: user.organizationId }).from(user).where(eq(user.id, memberOf(8))).get())!.org!;
		const company = (await t.db.select().from(organization).where(eq(organization.id, host)).get())!;
		const written = (name: string, street: string | null) => [name, street, `${company.postcode} ${company.town}`].filter(Boolean).join(', ');
		const id = await createMeeting(GROUP_B, { startsAtLocal: '2028-12-06T14:00', durationMinutes: 120, hostOrganizationId: host, address: written(company.name, company.street), agenda: null }, office, NOW);
		const { id: _id, createdAt: _c, updatedAt: _u, status: _s, ...data } = company;
		const outbox = join(t.dir, 'outbox');
		const mailsBefore = (await readMails(outbox)).length;
		expect(await updateOrganization(host, { ...data, name: 'Umbenannt AG', street: 'Neuer Weg 5' }, office, NOW)).toBe(true);
		const address = async () => (await listGroupMeetings(GROUP_B)).find((m) => m.id === id)!.address;
		expect(await address()).toBe(written('Umbenannt AG', 'Neuer Weg 5'));
		// The group hears of the new place, as when the office edits the meeting's address.
		const told = (await readMails(outbox)).slice(mailsBefore).filter((m) => m.subject?.startsWith('Geändert: Treffen der Fokusgruppe B am 6. Dezember 2028'));
		expect(told.length).toBeGreaterThan(0);
		expect(told.every((m) => m.text?.includes('Neuer Weg 5'))).toBe(true);
		// The same host, moved: the mail says the place changed, not as if another company hosted now.
		expect(told.every((m) => m.text?.includes('am Mittwoch, 6. Dezember 2028, 14:00 bis 16:00 Uhr bei Umbenannt AG hat sich der Ort geändert.'))).toBe(true);
		expect(told.some((m) => m.text?.includes('Es findet jetzt'))).toBe(false);
		// A cancelled meeting at the host's address stays as it was cancelled: no mail that reads as if it were on again.
		const cancelled = await createMeeting(GROUP_B, { startsAtLocal: '2028-12-20T14:00', durationMinutes: 120, hostOrganizationId: host, address: written('Umbenannt AG', 'Neuer Weg 5'), agenda: null }, office, NOW);
		await cancelMeeting(GROUP_B, cancelled, office, NOW);
		const beforeSecondMove = (await readMails(outbox)).length;
		expect(await updateOrganization(host, { ...data, name: 'Umbenannt AG', street: 'Zweiter Weg 7' }, office, NOW)).toBe(true);
		const toldAgain = (await readMails(outbox)).slice(beforeSecondMove).map((m) => m.subject ?? '');
		expect(toldAgain.some((subject) => subject.includes('6. Dezember 2028')), 'the planned one hears of it').toBe(true);
		expect(toldAgain.filter((subject) => subject.includes('20. Dezember 2028'))).toEqual([]);
		expect((await listGroupMeetings(GROUP_B)).find((m) => m.id === cancelled)!.address, 'and keeps its place').toBe(written('Umbenannt AG', 'Neuer Weg 5'));
		await t.db.transaction((tx) => releaseHosting(GROUP_B, host, NOW, tx));
		expect(await address(), 'the renamed host\'s address is still recognised as its own').toBeNull();
		await updateOrganization(host, data, office, NOW);
		await cancelMeeting(GROUP_B, id, office, NOW);
	});
});

describe('a host company renamed, at the same place', () => {
	test('nobody is told of a new place; the address as a plan writes it takes the new name, one the office wrote out stays', async () => {
		const host = (await t.db.select({ org: user.organizationId }).from(user).where(eq(user.id, memberOf(9))).get())!.org!;
		const company = (await t.db.select().from(organization).where(eq(organization.id, host)).get())!;
		const written = (name: string) => [name, company.street, `${company.postcode} ${company.town}`].filter(Boolean).join(', ');
		const atHall = [company.name, 'Halle B', company.street, `${company.postcode} ${company.town}`].filter(Boolean).join(', ');
		const base = { durationMinutes: 120, hostOrganizationId: host, agenda: null };
		const plain = await createMeeting(GROUP_B, { ...base, startsAtLocal: '2029-02-07T14:00', address: written(company.name) }, office, NOW);
		const hall = await createMeeting(GROUP_B, { ...base, startsAtLocal: '2029-02-14T14:00', address: atHall }, office, NOW);
		const outbox = join(t.dir, 'outbox');
		const mailsBefore = (await readMails(outbox)).length;
		const { id: _id, createdAt: _c, updatedAt: _u, status: _s, ...data } = company;
		expect(await updateOrganization(host, { ...data, name: `${company.name} & Co. KG` }, office, NOW)).toBe(true);
		const listed = await listGroupMeetings(GROUP_B);
		expect(listed.find((m) => m.id === plain)!.address).toBe(written(`${company.name} & Co. KG`));
		expect(listed.find((m) => m.id === hall)!.address, 'Halle B stays').toBe(atHall);
		await new Promise((r) => setTimeout(r, 200));
		expect((await readMails(outbox)).slice(mailsBefore).filter((m) => m.subject?.startsWith('Geändert: Treffen der Fokusgruppe B'))).toEqual([]);
		await updateOrganization(host, data, office, NOW);
		for (const id of [plain, hall]) await cancelMeeting(GROUP_B, id, office, NOW);
	});
});

describe('a place the office typed in', () => {
	test('stays when the host changes or gives up hosting; the host\'s own address goes with the host', async () => {
		const [first, second] = await hostChoices(GROUP_B);
		const hotel = 'Hotel am Markt, Markt 1, 99084 Erfurt';
		const hostsOwn = `${first!.organizationName}, ${first!.street}, ${first!.postcode} ${first!.town}`;
		const base = { durationMinutes: 120, agenda: null };
		const atHotel = await createMeeting(GROUP_B, { ...base, startsAtLocal: '2028-10-11T14:00', hostOrganizationId: first!.organizationId, address: hotel }, office, NOW);
		const atHost = await createMeeting(GROUP_B, { ...base, startsAtLocal: '2028-11-08T14:00', hostOrganizationId: first!.organizationId, address: hostsOwn }, office, NOW);
		const place = async (id: string) => (await listGroupMeetings(GROUP_B)).find((m) => m.id === id)!;
		// Another host, the address left as it was: the hotel stays; the first host's own address follows the new host.
		expect(await updateMeeting(GROUP_B, atHotel, { ...base, startsAtLocal: '2028-10-11T14:00', hostOrganizationId: second!.organizationId, address: hotel }, office, NOW)).not.toBe(false);
		expect((await place(atHotel)).address).toBe(hotel);
		expect(await updateMeeting(GROUP_B, atHost, { ...base, startsAtLocal: '2028-11-08T14:00', hostOrganizationId: second!.organizationId, address: hostsOwn }, office, NOW)).not.toBe(false);
		expect((await place(atHost)).address).toContain(second!.organizationName);
		// The second company gives up hosting: its own address goes with it, the hotel stays.
		await t.db.transaction((tx) => releaseHosting(GROUP_B, second!.organizationId, NOW, tx));
		expect(await place(atHotel)).toMatchObject({ hostOrganizationId: null, address: hotel });
		expect(await place(atHost)).toMatchObject({ hostOrganizationId: null, address: null });
		await cancelMeeting(GROUP_B, atHotel, office, NOW);
		await cancelMeeting(GROUP_B, atHost, office, NOW);
	});

	test('a place down the host\'s own street (house number 10 where the host has 1) is a place of its own', async () => {
		const [first, second] = await hostChoices(GROUP_B);
		const base = { durationMinutes: 120, agenda: null };
		const nextDoor = `Tagungshotel am Ring, ${first!.street}0, ${first!.postcode} ${first!.town}`;
		const id = await createMeeting(GROUP_B, { ...base, startsAtLocal: '2028-12-13T14:00', hostOrganizationId: first!.organizationId, address: nextDoor }, office, NOW);
		expect(await updateMeeting(GROUP_B, id, { ...base, startsAtLocal: '2028-12-13T14:00', hostOrganizationId: second!.organizationId, address: nextDoor }, office, NOW)).not.toBe(false);
		expect((await listGroupMeetings(GROUP_B)).find((m) => m.id === id)!.address).toBe(nextDoor);
		await cancelMeeting(GROUP_B, id, office, NOW);
	});

	test('a meeting set up with a host and no place is at the host\'s, written out', async () => {
		const [first] = await hostChoices(GROUP_B);
		const id = await createMeeting(GROUP_B, { durationMinutes: 120, agenda: null, startsAtLocal: '2029-01-17T14:00', hostOrganizationId: first!.organizationId, address: null }, office, NOW);
		expect((await listGroupMeetings(GROUP_B)).find((m) => m.id === id)!.address).toBe(`${first!.organizationName}, ${first!.street}, ${first!.postcode} ${first!.town}`);
		await cancelMeeting(GROUP_B, id, office, NOW);
	});
});

describe('a member whose account the office switches off', () => {
	test('no longer counts among those coming to the coming meetings', async () => {
		const id = await createMeeting(GROUP_B, { startsAtLocal: '2028-06-14T14:00', durationMinutes: 120, hostOrganizationId: null, address: 'Online', agenda: null }, office, NOW);
		expect(await replyToMeeting(memberOf(8), id, true, NOW)).toEqual({ hostDeclined: false });
		const yes = async () => (await listGroupMeetings(GROUP_B)).find((m) => m.id === id)!.yes;
		expect(await yes()).toBe(1);
		await setMemberDeactivated(memberOf(8), true, office, NOW);
		try {
			expect(await yes(), 'the host plans without them').toBe(0);
		} finally {
			await setMemberDeactivated(memberOf(8), false, office, NOW);
		}
	});

	test("whose company still hosts a coming meeting: the office's work queue names the date", async () => {
		const member8 = (await t.db.select({ org: user.organizationId }).from(user).where(eq(user.id, memberOf(8))).get())!.org!;
		const id = await createMeeting(GROUP_B, { startsAtLocal: '2028-06-28T14:00', durationMinutes: 120, hostOrganizationId: member8, address: null, agenda: null }, office, NOW);
		const attention = async () => (await workQueue(NOW)).groupsNeedingAttention.find((g) => g.id === GROUP_B);
		expect((await attention())?.deactivatedHosts ?? []).toEqual([]);
		await setMemberDeactivated(memberOf(8), true, office, NOW);
		try {
			const hosted = (await listGroupMeetings(GROUP_B)).find((m) => m.id === id)!.startsAt;
			expect((await attention())?.deactivatedHosts).toEqual([hosted]);
		} finally {
			await setMemberDeactivated(memberOf(8), false, office, NOW);
			await cancelMeeting(GROUP_B, id, office, NOW);
		}
	});

	test('migration 0014 drops the replies of accounts deactivated before to meetings still to come, and keeps those to past ones', async () => {
		const make = (date: string) => createMeeting(GROUP_B, { startsAtLocal: `${date}T14:00`, durationMinutes: 120, hostOrganizationId: null, address: 'Online', agenda: null }, office, NOW);
		const past = await make('2026-11-25'); // after NOW, but before the day this runs
		const coming = await make('2028-07-12');
		// As the database held it before: a deactivated account with its answers still in place.
		await t.db.update(user).set({ deactivatedAt: NOW }).where(eq(user.id, memberOf(9)));
		await t.db.insert(meetingReply).values([past, coming].map((meetingId) => ({ meetingId, userId: memberOf(9), attending: true, updatedAt: NOW })));
		await t.db.insert(meetingReply).values({ meetingId: coming, userId: memberOf(8), attending: true, updatedAt: NOW });
		try {
			await t.db.$client.executeMultiple(readFileSync('db/migrations/0014_deactivated_replies.sql', 'utf8'));
			const replies = await t.db.select({ meetingId: meetingReply.meetingId, userId: meetingReply.userId }).from(meetingReply).where(inArray(meetingReply.meetingId, [past, coming]));
			expect(replies.map((r) => `${r.userId} → ${r.meetingId}`).sort()).toEqual([`${memberOf(8)} → ${coming}`, `${memberOf(9)} → ${past}`].sort());
		} finally {
			await t.db.update(user).set({ deactivatedAt: null }).where(eq(user.id, memberOf(9)));
		}
	});
});

describe('a single meeting', () => {
	test('with a host and no address, it takes the host\'s address (the office form says so)', async () => {
		const host = (await hostChoices(GROUP_A))[0]!;
		const when = { startsAtLocal: '2028-10-11T14:00', durationMinutes: 120, agenda: null, address: null };
		const id = await createMeeting(GROUP_A, { ...when, hostOrganizationId: host.organizationId }, office, NOW);
		const created = (await listGroupMeetings(GROUP_A)).find((m) => m.id === id)!;
		expect(created.address).toContain(host.organizationName);
		expect(created.address).toContain(host.town);
	});
});

describe('a plan around a holiday', () => {
	test('the office sees why a date moved; the meeting stores no such note as its agenda, so members read none', async () => {
		// Good Friday 2030 is 19 April: a Friday plan starting that week moves its first date.
		const options = { start: '2030-04-15', intervalWeeks: 8, weekday: 5, time: '14:00' };
		const preview = await previewGroupMeetings(GROUP_B, options, NOW);
		expect(preview.meetings[0]!.reason).toBe('verschoben: Feiertag (Karfreitag)');
		await planGroupMeetings(GROUP_B, options, office, NOW, preview.fingerprint);
		const planned = (await listGroupMeetings(GROUP_B)).filter((m) => m.startsAt >= preview.meetings[0]!.startsAt);
		expect(planned).toHaveLength(preview.meetings.length);
		expect(planned.map((m) => m.agenda)).toEqual(planned.map(() => null));
		expect(await ownCalendar(memberOf(7), NOW)).not.toContain('verschoben');
	});
});

describe('two coordinators editing one meeting', () => {
	test('the one whose form is older than the last change saves nothing and is told so; with the current version it saves', async () => {
		const id = await createMeeting(GROUP_B, { startsAtLocal: '2029-03-07T14:00', durationMinutes: 120, hostOrganizationId: null, address: null, agenda: null }, office, NOW);
		const seen = (await listGroupMeetings(GROUP_B)).find((m) => m.id === id)!.sequence;
		const moved = { startsAtLocal: '2029-03-14T14:00', durationMinutes: 120, hostOrganizationId: null, address: null, agenda: null };
		expect(await updateMeeting(GROUP_B, id, moved, office, NOW, seen)).toMatchObject({ notified: expect.any(Boolean) });
		// The colleague's form still shows the first date and only adds an agenda: it would move the meeting back.
		const stale = { ...moved, startsAtLocal: '2029-03-07T14:00', agenda: 'Rundgang' };
		await expect(updateMeeting(GROUP_B, id, stale, office, NOW, seen)).rejects.toThrow(MEETING_CHANGED_SINCE);
		const now = (await listGroupMeetings(GROUP_B)).find((m) => m.id === id)!;
		expect([utcToBerlinLocal(now.startsAt).slice(0, 16), now.agenda]).toEqual(['2029-03-14T14:00', null]);
		expect(await updateMeeting(GROUP_B, id, { ...moved, agenda: 'Rundgang' }, office, NOW, now.sequence)).toBeTruthy();
		await cancelMeeting(GROUP_B, id, office, NOW);
	});
});

describe('a plan whose first meeting is less than a week away', () => {
	test("its mail stands for that meeting's week reminder, as the mail says, so no reminder follows minutes later", async () => {
		const now = new Date('2032-02-27T08:00:00Z');
		const options = { start: '2032-03-01', intervalWeeks: 8, weekday: 3, time: '14:00' };
		const preview = await previewGroupMeetings(GROUP_B, options, now);
		await planGroupMeetings(GROUP_B, options, office, now, preview.fingerprint);
		const planned = (await listGroupMeetings(GROUP_B)).filter((m) => m.startsAt >= preview.meetings[0]!.startsAt);
		const [first, second] = planned;
		const weekClaims = async (meetingId: string) => (await t.db.select().from(reminderSent).where(and(eq(reminderSent.meetingId, meetingId), eq(reminderSent.kind, 'week')))).length;
		expect(await weekClaims(first!.id)).toBeGreaterThan(0);
		expect(await weekClaims(second!.id), 'the later ones keep theirs').toBe(0);
		const told = (await readMails(join(t.dir, 'outbox'))).filter((m) => m.subject === 'Die Termine Ihrer Fokusgruppe B stehen fest' && m.date && m.date.getTime() >= Date.now() - 60_000);
		expect(told.some((m) => m.text?.includes('dafür steht diese E-Mail für die Erinnerung eine Woche vorher'))).toBe(true);
	});
});

describe('a member seated on a free place', () => {
	test('sees the meetings from the day the seat began, in the portal and the calendar, also after the group ended', async () => {
		// A group of its own with two members, one there from the start and one who came later.
		const group = 'gruppespaeter001';
		const [early, late] = [memberOf(23), memberOf(24)];
		const at = (iso: string) => new Date(iso);
		await t.db.insert(focusGroup).values({ id: group, name: 'Fokusgruppe Später', topicSlug: 'kundenbindung', cohort: 2026, status: 'published', publishedAt: at('2026-01-05T09:00:00Z') });
		await t.db.insert(groupMembership).values([
			{ groupId: group, userId: early, createdAt: at('2026-01-05T09:00:00Z') },
			{ groupId: group, userId: late, createdAt: at('2026-05-01T09:00:00Z') },
		]);
		const meetingAt = (id: string, iso: string, agenda: string) => ({ id, groupId: group, startsAt: at(iso), endsAt: new Date(at(iso).getTime() + 3 * 3_600_000), address: 'Online', agenda });
		await t.db.insert(meeting).values([
			meetingAt('spaetertreffen01', '2026-03-11T13:00:00Z', 'Bericht vor dem Neuen'),
			meetingAt('spaetertreffen02', '2026-07-08T12:00:00Z', 'Bericht mit dem Neuen'),
		]);
		const ids = async (userId: string) => (await listOwnMeetings(userId)).filter((m) => m.groupId === group).map((m) => m.id);
		expect(await ids(early)).toEqual(['spaetertreffen01', 'spaetertreffen02']);
		expect(await ids(late)).toEqual(['spaetertreffen02']);
		expect(await ownCalendar(early, NOW)).toContain('Bericht vor dem Neuen');
		expect(await ownCalendar(late, NOW)).not.toContain('Bericht vor dem Neuen');
		expect(await ownCalendar(late, NOW)).toContain('Bericht mit dem Neuen');

		// Ended, the group's past meetings stay in the calendars, each from its member's seat on.
		await t.db.update(focusGroup).set({ status: 'archived' }).where(eq(focusGroup.id, group));
		try {
			expect(await ownCalendar(early, NOW)).toContain('Bericht vor dem Neuen');
			expect(await ownCalendar(late, NOW)).not.toContain('Bericht vor dem Neuen');
			expect(await ownCalendar(late, NOW)).toContain('Bericht mit dem Neuen');
		} finally {
			await t.db.delete(focusGroup).where(eq(focusGroup.id, group));
		}
	});
});
