/**
 * Reminders of coming meetings: the one module that writes `reminder_sent`, one row per meeting,
 * person and kind for each reminder sent (or counted as sent), so that none goes out twice.
 * meetings.ts calls in where a meeting is announced or moved; the meetings, their groups' members
 * and the check that a meeting is unchanged come from there. The two modules import each other:
 * neither may use the other's exports at load time, only inside functions.
 */
import { and, asc, eq, gt, inArray, lte, or } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { meeting, meetingReply, reminderSent } from '../../../db/schema.ts';
import { daysAheadInWords } from '../meetings/index.ts';
import { formatDateTime, formatMeetingTime } from '../site.ts';
import { getConfig } from './config.ts';
import { getDb } from './db.ts';
import { countFailedDeliveries, sendMail } from './mail.ts';
import { meetingReminderMail } from './mail-templates.ts';
import { activeGroupMembers, calendarMeetings, icsAttachment, stillPlannedAt } from './meetings.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long before a meeting each reminder is due; each is sent within the day that starts then. */
export const REMINDER_LEAD = { week: 7 * DAY_MS, day: DAY_MS } as const;

/**
 * A meeting announced (new, moved, or the first of a plan) when its week reminder would be due
 * already: the announcement, with the calendar entry and the place, stands for that reminder, or
 * the group would get it minutes after the announcement. The day reminder still comes.
 */
export async function announcementIsWeekReminder(meetingId: string, groupId: string, startsAt: Date, now: Date, tx: Db | Tx): Promise<void> {
	if (startsAt.getTime() - now.getTime() > REMINDER_LEAD.week) return;
	const members = await activeGroupMembers(groupId, tx);
	if (members.length === 0) return;
	await tx
		.insert(reminderSent)
		.values(members.map((m) => ({ meetingId, userId: m.id, kind: 'week' as const, sentAt: now })))
		.onConflictDoNothing();
}

/**
 * A meeting moved to a new date deserves its own reminders. Only reminders still to come for the
 * new date go out again: one whose time has already begun (a meeting moved by an hour the day
 * before) was sent, and the change mail just told everyone.
 */
export async function resetRemindersForNewDate(meetingId: string, startsAt: Date, now: Date, tx: Db | Tx): Promise<void> {
	const ahead = startsAt.getTime() - now.getTime();
	const again = (['week', 'day'] as const).filter((kind) => ahead > REMINDER_LEAD[kind]);
	if (again.length > 0) await tx.delete(reminderSent).where(and(eq(reminderSent.meetingId, meetingId), inArray(reminderSent.kind, again)));
}

/**
 * Sends the reminders that are due to every active member of the group, with the calendar entry
 * attached: the week reminder within the day that starts seven days before a planned meeting,
 * the day reminder within its last 24 hours. Safe to run from cron every few minutes: the row in
 * `reminder_sent` is written before the mail, so no person gets one reminder twice; a mail that
 * fails gives its row back, so a later run tries again (MAX_REMINDER_FAILURES times). A week
 * reminder whose day has passed (the job did not run, or the meeting was set up at short notice)
 * is not sent late; the day reminder still comes, and counts the week reminder as done. The
 * wording ("morgen", "in 6 Tagen", …) follows the Berlin calendar, not the reminder's name.
 * A member who turned a reminder off on the profile page does not get it, nor does one who
 * answered "Ich komme nicht" (answering yes again in time brings it back). The host's people read
 * that they host, and how many said they come.
 */
export async function sendDueReminders(now: Date = new Date()): Promise<{ sent: number; failed: number }> {
	const { siteUrl } = await getConfig();
	const due = await calendarMeetings(
		and(
			eq(meeting.status, 'planned'),
			or(
				and(gt(meeting.startsAt, now), lte(meeting.startsAt, new Date(now.getTime() + REMINDER_LEAD.day))),
				and(gt(meeting.startsAt, new Date(now.getTime() + REMINDER_LEAD.week - DAY_MS)), lte(meeting.startsAt, new Date(now.getTime() + REMINDER_LEAD.week))),
			),
		),
	);
	let sent = 0;
	let failed = 0;
	for (const m of due) {
		const kind = m.startsAt.getTime() - now.getTime() <= REMINDER_LEAD.day ? 'day' : 'week';
		const attachment = icsAttachment(m, siteUrl, now);
		const members = await activeGroupMembers(m.groupId);
		const answers = await answersTo(m.id);
		// The host hears who comes from the other companies: its own people's yes says nothing new to it.
		const hostPeople = new Set(members.filter((x) => x.organizationId !== null && x.organizationId === m.hostOrganizationId).map((x) => x.id));
		const guestsComing = answers.coming.filter((id) => !hostPeople.has(id)).length;
		for (const member of members) {
			// The member's choice on the profile page, and their answer; nothing is claimed, so a change in time still brings it.
			if (!(kind === 'day' ? member.remindDayBefore : member.remindWeekBefore)) continue;
			if (answers.declined.has(member.id)) continue;
			const claim = await claimReminder(m, member.id, kind, now);
			if (claim === 'gone') break; // the next run reads the meeting as it is now
			if (claim === 'taken') continue;
			try {
				await sendMail(
					meetingReminderMail(
						{ name: member.name, address: member.email },
						{
							soon: daysAheadInWords(now, m.startsAt),
							groupName: m.groupName,
							when: formatMeetingTime(m.startsAt, m.endsAt),
							date: formatDateTime(m.startsAt),
							host: m.hostName,
							address: m.address,
							agenda: m.agenda,
							portal: new URL('/portal/', siteUrl).href,
							comes: answers.coming.includes(member.id),
							// Whoever's company hosts learns it here too, with the count of those coming so far.
							hosting: hostPeople.has(member.id) ? { coming: guestsComing } : null,
						},
						attachment,
					),
					{ kind: `reminder_${kind}`, userId: member.id },
				);
				sent++;
			} catch {
				failed++; // recorded by sendMail; shows in the office's work queue
				await releaseReminder(m.id, member.id, kind);
			}
		}
	}
	return { sent, failed };
}

/** Who answered "Ich komme nicht" to a meeting, and how many said they come. */
async function answersTo(meetingId: string): Promise<{ declined: Set<string>; coming: string[] }> {
	const db = await getDb();
	const rows = await db.select({ userId: meetingReply.userId, attending: meetingReply.attending }).from(meetingReply).where(eq(meetingReply.meetingId, meetingId));
	return { declined: new Set(rows.filter((r) => !r.attending).map((r) => r.userId)), coming: rows.filter((r) => r.attending).map((r) => r.userId) };
}

/**
 * Claims one reminder before its mail goes: 'taken' when it was sent already (another run of the
 * job), 'gone' when the meeting was cancelled, moved or changed since the job read it (sending
 * mails takes a while; the mail and its calendar entry must not name the old place, and the next
 * run reads the meeting again). The check and the claim are one transaction, so a change lands
 * either before both or after both.
 */
export async function claimReminder(m: { id: string; startsAt: Date; sequence: number }, userId: string, kind: 'week' | 'day', now: Date): Promise<'claimed' | 'taken' | 'gone'> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		if (!(await stillPlannedAt(m.id, m.startsAt, tx, m.sequence))) return 'gone';
		const claimed = await tx.insert(reminderSent).values({ meetingId: m.id, userId, kind, sentAt: now }).onConflictDoNothing().returning({ meetingId: reminderSent.meetingId });
		// The day reminder stands for the week reminder too: a late run never sends that one after it.
		if (kind === 'day') await tx.insert(reminderSent).values({ meetingId: m.id, userId, kind: 'week', sentAt: now }).onConflictDoNothing();
		return claimed.length > 0 ? 'claimed' : 'taken';
	});
}

/**
 * How often one reminder to one person is tried before the job gives up on it: a mail server
 * down for a while should not cost a group its reminder, one that refuses an address for good
 * should not fill the office's work queue with a failure every few minutes.
 */
const MAX_REMINDER_FAILURES = 3;

/**
 * Gives a claimed reminder back after its mail failed, so a later run within the window tries
 * again; not after MAX_REMINDER_FAILURES failures of this kind of reminder to this person within
 * a day (the window is a day long, and a member has one group: these are this meeting's).
 */
async function releaseReminder(meetingId: string, userId: string, kind: 'week' | 'day'): Promise<void> {
	// The real clock, not the run's `now`: deliveries are stamped with it when they are sent.
	if ((await countFailedDeliveries(userId, `reminder_${kind}`, new Date(Date.now() - DAY_MS))) >= MAX_REMINDER_FAILURES) return;
	const db = await getDb();
	// The day reminder's claim stood for the week reminder too; both go back together.
	await db.delete(reminderSent).where(and(eq(reminderSent.meetingId, meetingId), eq(reminderSent.userId, userId), kind === 'day' ? undefined : eq(reminderSent.kind, 'week')));
}

/** The reminders sent to the person (or counted as sent), for the download of their data (GDPR Art. 15). */
export async function listOwnReminders(userId: string) {
	const db = await getDb();
	return db
		.select({ startsAt: meeting.startsAt, kind: reminderSent.kind, sentAt: reminderSent.sentAt })
		.from(reminderSent)
		.innerJoin(meeting, eq(reminderSent.meetingId, meeting.id))
		.where(eq(reminderSent.userId, userId))
		.orderBy(asc(meeting.startsAt), asc(reminderSent.kind));
}
