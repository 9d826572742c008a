/**
 * Meetings of the focus groups, members' replies and calendar entries: the one module that writes
 * `meeting` and `meeting_reply` (reminders.ts keeps which reminders went out, calendar-feeds.ts
 * the addresses of calendar subscriptions). Members reach meetings only through their own seat, in
 * SQL: in their published group, and in their calendar the past meetings of groups that have
 * ended. SEQUENCE rises on every change, so calendars update instead of duplicating.
 */
import { and, asc, eq, gt, gte, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { focusGroup, groupMembership, meeting, meetingReply, organization, user } from '../../../db/schema.ts';
import {
	MeetingInputError,
	berlinLocalToUtc,
	holidayName,
	isWorkingDay,
	meetingUid,
	planMeetings,
	toIcs,
	toIcsEvents,
	ICS_CONTENT_TYPE,
	utcToBerlinLocal,
	type IcsMeeting,
	type PlanInput,
} from '../meetings/index.ts';
import { formatClockTime, formatDate, formatDateTime, formatMeetingTime, groupPath } from '../site.ts';
import { meetingDetails, recordAudit } from './audit.ts';
import { getConfig } from './config.ts';
import { getDb, preparedQuery } from './db.ts';
import { jsonList, readJsonList } from './json-rows.ts';
import { officeAddress, sendMail, sendMailInBackground, type Mail, type MailAddress, type MailKind } from './mail.ts';
import { hostAnswerMail, hostLeftMail, meetingChangedMail, meetingsPlannedMail } from './mail-templates.ts';
import { randomId } from './random.ts';
import { REMINDER_LEAD, announcementIsWeekReminder, resetRemindersForNewDate } from './reminders.ts';
import { endedGroupOfSeat, holdsSeat, publishedGroupOfSeat } from './seats.ts';
import { hit } from './rate-limit.ts';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase64urlNoPadding } from '@oslojs/encoding';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface MeetingData {
	/** Berlin local time, 'YYYY-MM-DDTHH:MM'. */
	startsAtLocal: string;
	durationMinutes: number;
	hostOrganizationId: string | null;
	address: string | null;
	agenda: string | null;
}

const toDates = (data: Pick<MeetingData, 'startsAtLocal' | 'durationMinutes'>) => {
	const startsAt = berlinLocalToUtc(data.startsAtLocal);
	return { startsAt, endsAt: new Date(startsAt.getTime() + data.durationMinutes * 60_000) };
};

const addressOf = (o: { name: string; street: string | null; postcode: string | null; town: string }) =>
	[o.name, o.street, [o.postcode, o.town].filter(Boolean).join(' ')].filter(Boolean).join(', ');

export type HostPlace = { organizationName: string; street: string | null; postcode: string | null; town: string };

/** Where a meeting at a host company takes place, as plans and a change of host write it. */
const hostAddressOf = (host: HostPlace) => addressOf({ name: host.organizationName, street: host.street, postcode: host.postcode, town: host.town });

/**
 * Whether a meeting's address is its host's, as written for it (perhaps under the company's
 * former name), and not a place the office typed in (a hotel, a partner's hall).
 */
const isHostsAddress = (address: string, host: HostPlace) => {
	if (address === hostAddressOf(host)) return true;
	if (!host.street || !host.postcode) return false;
	// Whole parts, not substrings: "Musterstraße 1" is in "Musterstraße 10", a hotel down the road.
	const parts = address.split(',').map((part) => part.trim());
	return parts.includes(host.street) && parts.some((part) => part === host.postcode || part.startsWith(`${host.postcode} `));
};

/** The address fields of a company, for the checks above. */
async function placeOf(organizationId: string | null, db: Db | Tx): Promise<HostPlace | null> {
	if (!organizationId) return null;
	const row = await db
		.select({ organizationName: organization.name, street: organization.street, postcode: organization.postcode, town: organization.town })
		.from(organization)
		.where(eq(organization.id, organizationId))
		.get();
	return row ?? null;
}

/** A meeting in a list of a mail: when, with weekday and end, and where as far as it is known. */
export const meetingLine = (m: { startsAt: Date; endsAt: Date; hostName: string | null; address: string | null }) =>
	`${formatMeetingTime(m.startsAt, m.endsAt)}${m.hostName ? ` bei ${m.hostName}` : m.address ? `, ${m.address}` : ' (Gastgeber und Ort noch offen)'}`;

/** Meetings of published groups as calendar entries and mails need them: columns, group and host. */
export async function calendarMeetings(where: SQL | undefined) {
	const db = await getDb();
	return db
		.select({ ...meetingColumns, groupId: meeting.groupId, groupName: focusGroup.name })
		.from(meeting)
		.innerJoin(focusGroup, and(eq(meeting.groupId, focusGroup.id), eq(focusGroup.status, 'published')))
		.leftJoin(organization, eq(meeting.hostOrganizationId, organization.id))
		.where(where);
}

/** Meetings as a calendar file attached to a mail, its name starting with the (first) meeting's Berlin date. */
const calendarFile = (meetings: readonly CalendarMeeting[], suffix: string, siteUrl: URL, now: Date) => ({
	filename: `treffen-${meetings[0] ? utcToBerlinLocal(meetings[0].startsAt).slice(0, 10) : 'plan'}${suffix}.ics`,
	content: toIcsEvents(meetings.map((m) => icsMeeting(m, siteUrl)), now),
	contentType: ICS_CONTENT_TYPE,
});

/** The calendar entry of one meeting as a mail attachment, named by its date (and when it is off). */
export const icsAttachment = (m: CalendarMeeting, siteUrl: URL, now: Date) => calendarFile([m], m.status === 'cancelled' ? '-abgesagt' : '', siteUrl, now);

/**
 * One mail to each active member of the group. Every delivery is recorded; a failure stands
 * alone and shows in the office's work queue. Returns how many went out and how many failed.
 */
export async function mailGroup(
	groupId: string,
	kind: MailKind,
	mailFor: (to: MailAddress, member: { organizationId: string | null; remindWeekBefore: boolean; remindDayBefore: boolean }) => Mail,
	/** `except`: a member who is told otherwise (the newcomer, when the group hears who joined). */
	{ except }: { except?: string } = {},
): Promise<{ sent: number; failed: number }> {
	const members = (await activeGroupMembers(groupId)).filter((member) => member.id !== except);
	const results = await Promise.allSettled(members.map((member) => sendMail(mailFor({ name: member.name, address: member.email }, member), { kind, userId: member.id })));
	const failed = results.filter((r) => r.status === 'rejected').length;
	return { sent: results.length - failed, failed };
}

/** The people of a group who receive its mails: members with an active account. */
export async function activeGroupMembers(groupId: string, tx?: Db | Tx) {
	const db = tx ?? (await getDb());
	return db
		.select({ id: user.id, name: user.name, email: user.email, organizationId: user.organizationId, remindWeekBefore: user.remindWeekBefore, remindDayBefore: user.remindDayBefore })
		.from(groupMembership)
		.innerJoin(user, eq(groupMembership.userId, user.id))
		.where(and(eq(groupMembership.groupId, groupId), isNull(user.deactivatedAt)));
}

/**
 * Tells the group that a coming meeting moved or was cancelled, with the updated calendar entry.
 * Each delivery is recorded; a failure shows in the office's work queue, the change stands.
 * `hostBefore`, given where the host may have changed: the host until now (null: none). If it
 * differs, the new host's people read that they host, the former host's that they no longer do.
 * False when nobody was written to (the meeting is over or gone).
 */
async function notifyMeetingChange(
	id: string,
	change: 'added' | 'moved' | 'cancelled',
	/** When (and, if known, where) the meeting was before the change. */
	previously: { startsAt: Date; endsAt: Date; address?: string | null } | null,
	now: Date,
	hostBefore?: { organizationId: string | null },
	/** The host company's name when it left the group: the mail says why host and place are open. */
	hostLeft?: string,
): Promise<boolean> {
	const m = (await calendarMeetings(eq(meeting.id, id))).at(0);
	if (!m || m.startsAt.getTime() <= now.getTime()) return false;
	const { siteUrl } = await getConfig();
	const attachment = icsAttachment(m, siteUrl, now);
	const hostChanged = hostBefore !== undefined && hostBefore.organizationId !== m.hostOrganizationId;
	const sameHost = hostBefore !== undefined && !hostChanged;
	const lengthChanged = previously !== null && previously.endsAt.getTime() !== m.endsAt.getTime();
	const placeChanged = previously?.address !== undefined && previously.address !== m.address;
	// A host that left the group is named in a sentence of its own (hostLeft).
	const formerHost = hostChanged && !hostLeft ? (await placeOf(hostBefore.organizationId, await getDb()))?.organizationName : undefined;
	const details = {
		change,
		groupName: m.groupName,
		when: formatDateTime(m.startsAt),
		previously: previously ? formatDateTime(previously.startsAt) : null,
		whenInFull: formatMeetingTime(m.startsAt, m.endsAt),
		previouslyInFull: previously ? formatMeetingTime(previously.startsAt, previously.endsAt) : null,
		ends: lengthChanged ? { now: formatClockTime(m.endsAt), before: formatClockTime(previously.endsAt) } : null,
		host: m.hostName,
		hostBefore: formerHost,
		address: m.address,
		agenda: m.agenda,
		portal: new URL('/portal/', siteUrl).href,
		hostLeft,
		sameHost,
		placeChanged,
	};
	const roleOf = (organizationId: string | null) =>
		organizationId === null
			? null
			: change === 'cancelled'
				? organizationId === m.hostOrganizationId
					? 'host'
					: null
				: organizationId === m.hostOrganizationId && (hostChanged || change === 'added')
				? 'host'
				: hostChanged && organizationId === hostBefore.organizationId
					? 'former-host'
					: null;
	const { sent } = await mailGroup(m.groupId, `meeting_${change}`, (to, member) => meetingChangedMail(to, { ...details, hostRole: roleOf(member.organizationId) }, attachment));
	return sent > 0;
}

// ── the office ───────────────────────────────────────────────────────────────────────────

/** What the office and the members both see of a meeting (joined with its host organization). */
const meetingColumns = {
	id: meeting.id,
	startsAt: meeting.startsAt,
	endsAt: meeting.endsAt,
	status: meeting.status,
	address: meeting.address,
	agenda: meeting.agenda,
	sequence: meeting.sequence,
	hostOrganizationId: meeting.hostOrganizationId,
	hostName: organization.name,
};

/** Condition on `meeting`: someone of its host company answered "Ich komme nicht". A new SQL each call: mapWith changes the one it is given. */
const hostSaidNo = () =>
	sql<boolean>`EXISTS (SELECT 1 FROM ${meetingReply} INNER JOIN ${user} ON ${user.id} = ${meetingReply.userId} WHERE ${meetingReply.meetingId} = ${meeting.id} AND ${meetingReply.attending} = 0 AND ${user.organizationId} = ${meeting.hostOrganizationId})`;

export async function listGroupMeetings(groupId: string) {
	const db = await getDb();
	const rows = await db
		.select({
			...meetingColumns,
			yes: sql<number>`(SELECT count(*) FROM ${meetingReply} WHERE ${meetingReply.meetingId} = ${meeting.id} AND ${meetingReply.attending} = 1)`,
			no: sql<number>`(SELECT count(*) FROM ${meetingReply} WHERE ${meetingReply.meetingId} = ${meeting.id} AND ${meetingReply.attending} = 0)`,
			/** The work queue lists these too (meetingsWithoutHost). */
			hostDeclined: hostSaidNo().mapWith(Boolean),
			hostStreet: organization.street,
			hostPostcode: organization.postcode,
			hostTown: organization.town,
		})
		.from(meeting)
		.leftJoin(organization, eq(meeting.hostOrganizationId, organization.id))
		.where(eq(meeting.groupId, groupId))
		.orderBy(asc(meeting.startsAt));
	// `atHost`: the meeting's address is exactly the one an empty address field saves (the host's,
	// as written now), so the edit form can show the field empty. Not isHostsAddress, which also
	// takes "…, Halle B, Musterstraße 1, …": emptied, that hall would be lost and the group told of a move.
	return rows.map(({ hostStreet, hostPostcode, hostTown, ...m }) => ({
		...m,
		atHost: m.address === null || (m.hostName !== null && hostTown !== null && m.address === hostAddressOf({ organizationName: m.hostName, street: hostStreet, postcode: hostPostcode, town: hostTown })),
	}));
}

/** The organizations of a group's active members, as host choices for the office's forms. */
export async function hostChoices(groupId: string) {
	const db = await getDb();
	return db
		.selectDistinct({ organizationId: organization.id, organizationName: organization.name, town: organization.town, street: organization.street, postcode: organization.postcode })
		.from(groupMembership)
		.innerJoin(user, eq(groupMembership.userId, user.id))
		.innerJoin(organization, eq(user.organizationId, organization.id))
		.where(and(eq(groupMembership.groupId, groupId), isNull(user.deactivatedAt)))
		.orderBy(asc(organization.name));
}

type PlanOptions = Omit<PlanInput, 'members' | 'previousHosts'>;

/**
 * The year of meetings the pure engine lays for a group from `options`, checked against what is
 * planned already (`db` may be the transaction that stores it). Christmas to New Year is blocked
 * by default: most companies are closed then. Earlier meetings' hosts count, so the rotation
 * continues fairly.
 */
async function layPlan(groupId: string, options: PlanOptions, now: Date, db: Db | Tx) {
	// The earliest start is tomorrow: a plan starting today might begin with a meeting already over.
	if (options.start <= utcToBerlinLocal(now).slice(0, 10)) throw new MeetingInputError('Ein Plan beginnt frühestens morgen. Bitte wählen Sie ein späteres Datum.');
	const hosts = await hostChoices(groupId);
	const byId = new Map(hosts.map((h) => [h.organizationId, h]));
	const earlier = await db
		.select({ host: meeting.hostOrganizationId, startsAt: meeting.startsAt })
		.from(meeting)
		.where(and(eq(meeting.groupId, groupId), eq(meeting.status, 'planned')))
		.orderBy(asc(meeting.startsAt));
	const last = earlier.at(-1);
	if (last && utcToBerlinLocal(last.startsAt).slice(0, 10) >= options.start) {
		throw new MeetingInputError(
			`Bis zum ${formatDate(last.startsAt)} sind schon Treffen geplant. Ein neuer Plan beginnt frühestens am Tag danach; einzelne Treffen lassen sich unten ändern oder absagen.`,
		);
	}
	const startYear = Number(options.start.slice(0, 4));
	const holidays = [startYear, startYear + 1].map((y) => ({ from: `${y}-12-24`, to: `${y}-12-31`, label: 'Weihnachtspause (24. bis 31. Dezember)' }));
	// A plan with more meetings than companies gives some a second turn, and the engine breaks ties
	// by the order of `members`: by name alone, the same companies would host twice every year.
	// Those who hosted least in other groups (earlier years, and any other group they sit in) come first.
	const elsewhere = await hostingsElsewhere(groupId, hosts.map((h) => h.organizationId), db);
	const byTurnsElsewhere = [...hosts].sort((a, b) => (elsewhere.get(a.organizationId) ?? 0) - (elsewhere.get(b.organizationId) ?? 0));
	const planned = planMeetings({
		...options,
		members: byTurnsElsewhere.map((h) => ({ organizationId: h.organizationId, organizationName: h.organizationName, town: h.town })),
		previousHosts: earlier.map((e) => e.host).filter((h): h is string => !!h),
		blackoutRanges: [...(options.blackoutRanges ?? []), ...holidays],
	});
	return planned.map((one) => ({ ...one, host: byId.get(one.hostOrganizationId)! }));
}

/** How many meetings (not cancelled) each of `organizationIds` has hosted or hosts in groups other than `groupId`. */
async function hostingsElsewhere(groupId: string, organizationIds: readonly string[], db: Db | Tx): Promise<Map<string, number>> {
	if (organizationIds.length === 0) return new Map();
	const rows = await db
		.select({ host: meeting.hostOrganizationId, turns: sql<number>`count(*)` })
		.from(meeting)
		.where(and(inArray(meeting.hostOrganizationId, [...organizationIds]), ne(meeting.groupId, groupId), eq(meeting.status, 'planned')))
		.groupBy(meeting.hostOrganizationId);
	return new Map(rows.map((r) => [r.host!, Number(r.turns)]));
}

/** What planGroupMeetings would store, for the office to look at first: nothing is written, nobody is told. */
export async function previewGroupMeetings(groupId: string, options: PlanOptions, now: Date = new Date()) {
	const plan = await layPlan(groupId, options, now, await getDb());
	return {
		meetings: plan.map((p) => ({ startsAt: berlinLocalToUtc(p.startsAt), hostName: p.host.organizationName, town: p.host.town, reason: p.reason })),
		fingerprint: planFingerprint(plan),
	};
}

/**
 * What a plan is, in a few characters: every date, end and host in order. The preview's form
 * carries it, so "Plan erstellen" stores the plan that was shown or refuses; between the two the
 * group, its meetings or the typed options may have changed, and the plan with them.
 */
function planFingerprint(plan: { startsAt: string; endsAt: string; hostOrganizationId: string }[]): string {
	const text = JSON.stringify(plan.map((p) => [p.startsAt, p.endsAt, p.hostOrganizationId]));
	return encodeBase64urlNoPadding(sha256(new TextEncoder().encode(text))).slice(0, 22);
}

/** The plan differs from the preview the office looked at; nothing was stored. */
export const PLAN_CHANGED_SINCE_PREVIEW =
	'Der Plan sähe jetzt anders aus als in der Vorschau, etwa weil sich die Angaben, die Gruppe oder ihre Treffen geändert haben. Es ist nichts gespeichert; unten steht die neue Vorschau.';

/**
 * Plans a year of meetings for a group (layPlan), stores them and mails the group the dates: only
 * the plan the office looked at (`previewed`, the fingerprint of previewGroupMeetings), since it
 * mails the whole group. A plan that would differ now is refused with PLAN_CHANGED_SINCE_PREVIEW.
 */
export async function planGroupMeetings(groupId: string, options: PlanOptions, actorId: string, now: Date, previewed: string): Promise<number> {
	const db = await getDb();
	// Check and insert in one (immediate) transaction: a double click must not lay two plans.
	const plan = await db.transaction(async (tx) => {
		const planned = await layPlan(groupId, options, now, tx);
		if (planFingerprint(planned) !== previewed) throw new MeetingInputError(PLAN_CHANGED_SINCE_PREVIEW);
		const ids: string[] = [];
		for (const one of planned) {
			const id = randomId();
			ids.push(id);
			const startsAt = berlinLocalToUtc(one.startsAt);
			await tx.insert(meeting).values({
				id,
				groupId,
				startsAt,
				endsAt: berlinLocalToUtc(one.endsAt),
				hostOrganizationId: one.hostOrganizationId,
				address: hostAddressOf(one.host),
				// The reason of a shift (a holiday) is the office's, shown in the preview: members never knew
				// another date, and would read it as the agenda in the portal, reminders and calendars.
				agenda: null,
				status: 'planned',
				createdAt: now,
			});
			// A first meeting less than a week away: the plan's mail stands for its week reminder, and says so.
			await announcementIsWeekReminder(id, groupId, startsAt, now, tx);
		}
		await recordAudit({ actorId, action: 'meetings.planned', subjectType: 'group', subjectId: groupId, details: { meetings: planned.length } }, tx, now);
		return ids;
	});
	// The plan as stored, in calendar order: each date with weekday, time and host, and all of them as one calendar file.
	const { siteUrl } = await getConfig();
	const stored = (await calendarMeetings(inArray(meeting.id, plan))).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
	const dates = stored.map((m) => `${formatMeetingTime(m.startsAt, m.endsAt)}${m.hostName ? ` bei ${m.hostName}` : ''}`);
	const first = stored[0];
	const attachment = calendarFile(stored, '-und-folgende', siteUrl, now);
	const portal = new URL('/portal/', siteUrl).href;
	// Its week reminder would be due already: this mail stands for it (announcementIsWeekReminder).
	const firstWithinWeek = first !== undefined && first.startsAt.getTime() - now.getTime() <= REMINDER_LEAD.week;
	await mailGroup(groupId, 'meetings_planned', (to, member) => {
		// Whoever's company hosts reads on which dates, rather than finding its own name in the list.
		const hosted = stored.filter((m) => m.hostOrganizationId !== null && m.hostOrganizationId === member.organizationId).map((m) => formatDate(m.startsAt));
		const reminders = { week: member.remindWeekBefore, day: member.remindDayBefore, firstWithinWeek };
		return meetingsPlannedMail(to, { groupName: first?.groupName ?? 'Fokusgruppe', dates, portal, hosted, reminders }, attachment);
	});
	return plan.length;
}

/**
 * The rules of the plan hold for a single date too: in the future, on a working day in Thuringia,
 * and one meeting of a group per day. (Editing a past meeting's notes keeps its date unchecked.)
 */
async function refuseDate(groupId: string, startsAtLocal: string, startsAt: Date, now: Date, db: Db | Tx, exceptId?: string): Promise<void> {
	if (startsAt.getTime() <= now.getTime()) throw new MeetingInputError('Dieser Zeitpunkt liegt in der Vergangenheit. Bitte wählen Sie ein späteres Datum.');
	const day = startsAtLocal.slice(0, 10);
	if (!isWorkingDay(day)) {
		const holiday = holidayName(day);
		throw new MeetingInputError(`Der ${formatDate(startsAt)} ist ${holiday ? `ein Feiertag in Thüringen (${holiday})` : 'kein Werktag'}. Bitte wählen Sie einen Werktag.`);
	}
	const sameDay = (
		await db
			.select({ id: meeting.id, startsAt: meeting.startsAt })
			.from(meeting)
			.where(and(eq(meeting.groupId, groupId), eq(meeting.status, 'planned'), gt(meeting.startsAt, new Date(startsAt.getTime() - DAY_MS)), lte(meeting.startsAt, new Date(startsAt.getTime() + DAY_MS))))
	).filter((m) => m.id !== exceptId && utcToBerlinLocal(m.startsAt).slice(0, 10) === day);
	if (sameDay.length > 0) throw new MeetingInputError(`Am ${formatDate(startsAt)} hat die Gruppe schon ein Treffen.`);
}

/**
 * A host must be the company of an active member of the group. A meeting's present host stays
 * allowed on its own meeting even when that account was deactivated since: saving a new time
 * must not drop host and address behind the office's back.
 */
async function refuseForeignHost(groupId: string, hostId: string | null, presentHost: string | null = null): Promise<void> {
	if (hostId && hostId !== presentHost && !(await hostChoices(groupId)).some((h) => h.organizationId === hostId)) {
		throw new MeetingInputError('Gastgeber kann nur ein Unternehmen der Gruppe sein.');
	}
}

export async function createMeeting(groupId: string, data: MeetingData, actorId: string, now: Date = new Date()): Promise<string> {
	const db = await getDb();
	const id = randomId();
	const dates = toDates(data);
	await refuseForeignHost(groupId, data.hostOrganizationId);
	// A host chosen and no place typed in: at the host's, written out as plans do, so mails,
	// portal and calendar entry name the place (and the work queue need not ask for one).
	const address = data.address ?? (await hostAddress(data.hostOrganizationId, db));
	// Check and insert together: a double click must not give the group two meetings on one day.
	await db.transaction(async (tx) => {
		await refuseDate(groupId, data.startsAtLocal, dates.startsAt, now, tx);
		await tx.insert(meeting).values({ id, groupId, ...dates, hostOrganizationId: data.hostOrganizationId, address, agenda: data.agenda, createdAt: now });
		await announcementIsWeekReminder(id, groupId, dates.startsAt, now, tx);
		await recordAudit({ actorId, action: 'meeting.created', subjectType: 'group', subjectId: groupId, details: meetingDetails(id, dates.startsAt) }, tx, now);
	});
	await notifyMeetingChange(id, 'added', null, now);
	return id;
}

/** The address of a host company, as plans write it; null without a host. Callers have checked it is the group's (refuseForeignHost). */
async function hostAddress(organizationId: string | null, db: Db | Tx): Promise<string | null> {
	const host = await placeOf(organizationId, db);
	return host && hostAddressOf(host);
}

/** The meeting changed since the form was opened: another tab or a colleague. */
export const MEETING_CHANGED_SINCE =
	'Dieses Treffen wurde inzwischen geändert, von jemand anderem oder in einem anderen Fenster; Ihre Änderung ist nicht gespeichert. Der gespeicherte Stand steht in der Tabelle, im Formular stehen noch Ihre Eingaben: Speichern Sie erneut, wenn sie gelten sollen.';

/**
 * Changes a meeting of `groupId`; false when it is not one of that group's. `notified`: mail went
 * out to the group (time or place changed, and the meeting is still to come). `hostTwice`: a new
 * host now has two or more of the coming meetings while another company of the group has none.
 * `seenSequence`: the meeting's version the form showed; if it changed since, nothing is saved
 * (a form opened before a colleague moved the meeting would otherwise move it back unseen).
 */
export async function updateMeeting(
	groupId: string,
	id: string,
	data: MeetingData,
	actorId: string,
	now: Date = new Date(),
	seenSequence?: number,
): Promise<false | { notified: boolean; hostTwice: boolean }> {
	const db = await getDb();
	const dates = toDates(data);
	const before = await db.transaction(async (tx) => {
		const before = await tx
			.select({ startsAt: meeting.startsAt, endsAt: meeting.endsAt, status: meeting.status, hostOrganizationId: meeting.hostOrganizationId, address: meeting.address, sequence: meeting.sequence })
			.from(meeting)
			.where(and(eq(meeting.id, id), eq(meeting.groupId, groupId)))
			.get();
		if (!before) return null;
		if (seenSequence !== undefined && before.status === 'planned' && before.sequence !== seenSequence) throw new MeetingInputError(MEETING_CHANGED_SINCE);
		// A colleague may have cancelled it since the page was opened: a change would come back to life unseen.
		if (before.status !== 'planned') throw new MeetingInputError('Dieses Treffen ist inzwischen abgesagt; die Änderung ist nicht gespeichert. Legen Sie bei Bedarf ein neues Treffen an.');
		// A form opened before the meeting began and sent after: a held meeting stays as it was
		// (moving it would also drop the answers, the record of who came).
		if (before.startsAt.getTime() <= now.getTime()) throw new MeetingInputError('Dieses Treffen hat schon begonnen oder stattgefunden und bleibt so verzeichnet; die Änderung ist nicht gespeichert.');
		await refuseForeignHost(groupId, data.hostOrganizationId, before.hostOrganizationId);
		const moved = before.startsAt.getTime() !== dates.startsAt.getTime();
		if (moved) await refuseDate(groupId, data.startsAtLocal, dates.startsAt, now, tx, id);
		// An empty address means the host's, as on a new meeting. A new host without a new address:
		// a meeting at the old host's place moves to the new host's (or to none); a place the office
		// typed in stays where it is.
		const hostChanged = before.hostOrganizationId !== data.hostOrganizationId;
		const atOldHost = async () => {
			if (before.address === null) return true;
			const oldPlace = await placeOf(before.hostOrganizationId, tx);
			return oldPlace !== null && isHostsAddress(before.address, oldPlace);
		};
		const toHost = data.address === null || (hostChanged && data.address === before.address && (await atOldHost()));
		const address = toHost ? await hostAddress(data.hostOrganizationId, tx) : data.address;
		await tx
			.update(meeting)
			.set({ ...dates, hostOrganizationId: data.hostOrganizationId, address, agenda: data.agenda, sequence: sql`${meeting.sequence} + 1`, updatedAt: now })
			.where(eq(meeting.id, id));
		// A new date deserves its own reminders, and answers given for the old one do not hold.
		if (moved) {
			await resetRemindersForNewDate(id, dates.startsAt, now, tx);
			await tx.delete(meetingReply).where(eq(meetingReply.meetingId, id));
			await announcementIsWeekReminder(id, groupId, dates.startsAt, now, tx);
		}
		const change = { movedTo: moved ? dates.startsAt : undefined, host: hostChanged ? { before: before.hostOrganizationId, after: data.hostOrganizationId } : undefined };
		await recordAudit({ actorId, action: 'meeting.updated', subjectType: 'group', subjectId: groupId, details: meetingDetails(id, before.startsAt, change) }, tx, now);
		return { ...before, storedAddress: address };
	});
	if (!before) return false;
	// When and where matter to everyone; a new agenda alone is no reason for a mail. The address
	// compared is the one stored (an emptied field stores the host's).
	const whenOrWhereChanged =
		before.startsAt.getTime() !== dates.startsAt.getTime() ||
		before.endsAt.getTime() !== dates.endsAt.getTime() ||
		before.hostOrganizationId !== data.hostOrganizationId ||
		before.address !== before.storedAddress;
	const notified = whenOrWhereChanged && (await notifyMeetingChange(id, 'moved', before, now, { organizationId: before.hostOrganizationId }));
	const hostTwice = data.hostOrganizationId !== null && before.hostOrganizationId !== data.hostOrganizationId && (await hostsBeforeOthers(groupId, data.hostOrganizationId, now));
	return { notified, hostTwice };
}

/**
 * Whether `organizationId` hosts two or more of the group's coming meetings while another company
 * of the group hosts none of them: the rotation the plan keeps (everyone once before anyone twice)
 * is broken by a change of host.
 */
async function hostsBeforeOthers(groupId: string, organizationId: string, now: Date): Promise<boolean> {
	const turns = await comingTurns(groupId, now);
	if ((turns.get(organizationId) ?? 0) < 2) return false;
	return (await hostChoices(groupId)).some((h) => !turns.has(h.organizationId));
}

/**
 * After a cancellation, the same break the other way round: the company that was to host it, still
 * in the group, hosts none of the coming meetings while another company hosts two or more.
 */
async function turnLostToOthers(groupId: string, formerHost: string, now: Date): Promise<boolean> {
	const turns = await comingTurns(groupId, now);
	if (turns.has(formerHost) || !(await hostChoices(groupId)).some((h) => h.organizationId === formerHost)) return false;
	return [...turns.values()].some((count) => count >= 2);
}

/** How many of the group's coming planned meetings each company hosts (companies hosting none are absent). */
async function comingTurns(groupId: string, now: Date): Promise<Map<string, number>> {
	const db = await getDb();
	const coming = await db
		.select({ host: meeting.hostOrganizationId })
		.from(meeting)
		.where(and(eq(meeting.groupId, groupId), eq(meeting.status, 'planned'), gt(meeting.startsAt, now)));
	const turns = new Map<string, number>();
	for (const { host } of coming) if (host) turns.set(host, (turns.get(host) ?? 0) + 1);
	return turns;
}

/**
 * Cancels a coming meeting of `groupId` and tells the group; false when it is not a planned meeting
 * of that group. Refused (MeetingInputError) for a meeting that has begun, which stays on record as
 * held, and for a group that has ended. `notified`: mail went out to the group. `hostTwice`: its
 * host is left without a coming meeting while another company of the group hosts two or more.
 */
export async function cancelMeeting(groupId: string, id: string, actorId: string, now: Date = new Date()): Promise<false | { notified: boolean; hostTwice: boolean }> {
	const db = await getDb();
	const cancelled = await db.transaction(async (tx) => {
		const found = await tx
			.select({ startsAt: meeting.startsAt, hostOrganizationId: meeting.hostOrganizationId, groupStatus: focusGroup.status })
			.from(meeting)
			.innerJoin(focusGroup, eq(meeting.groupId, focusGroup.id))
			.where(and(eq(meeting.id, id), eq(meeting.groupId, groupId), eq(meeting.status, 'planned')))
			.get();
		if (!found) return null;
		if (found.groupStatus === 'archived') throw new MeetingInputError('Die Gruppe ist beendet: Die Treffen der Gruppe bleiben, wie sie waren, und lassen sich nicht mehr absagen.');
		if (found.startsAt.getTime() <= now.getTime()) {
			throw new MeetingInputError('Dieses Treffen hat schon begonnen oder stattgefunden und bleibt so verzeichnet; absagen lässt es sich nicht mehr.');
		}
		await tx.update(meeting).set({ status: 'cancelled', sequence: sql`${meeting.sequence} + 1`, updatedAt: now }).where(eq(meeting.id, id));
		await recordAudit({ actorId, action: 'meeting.cancelled', subjectType: 'group', subjectId: groupId, details: meetingDetails(id, found.startsAt) }, tx, now);
		return found;
	});
	if (!cancelled) return false;
	const notified = await notifyMeetingChange(id, 'cancelled', null, now);
	const hostTwice = cancelled.hostOrganizationId !== null && (await turnLostToOthers(groupId, cancelled.hostOrganizationId, now));
	return { notified, hostTwice };
}

/**
 * The coming planned meetings of `groupId` (of them, those `organizationId` hosts, when given): what
 * keeps a group from ending, and what a leaving company must not leave behind and gives up.
 */
const comingIn = (groupId: string, now: Date, organizationId?: string) =>
	and(eq(meeting.groupId, groupId), organizationId === undefined ? undefined : eq(meeting.hostOrganizationId, organizationId), eq(meeting.status, 'planned'), gt(meeting.startsAt, now));

/**
 * Cancels every coming planned meeting of `groupId` at once, each as cancelMeeting does one
 * (SEQUENCE rises, so calendars update; the answers stay with them), for a group that ends early.
 * A meeting that has begun stays as held. Nobody is told here: the group gets one mail for all
 * of them (groupEndedEarlyMail), not one per meeting. The meetings cancelled, earliest first.
 */
export async function cancelComingMeetings(groupId: string, now: Date, tx: Tx): Promise<CalendarMeeting[]> {
	const cancelled = await tx
		.update(meeting)
		.set({ status: 'cancelled', sequence: sql`${meeting.sequence} + 1`, updatedAt: now })
		.where(comingIn(groupId, now))
		.returning({ id: meeting.id });
	if (cancelled.length === 0) return [];
	return tx
		.select({ ...meetingColumns, groupName: focusGroup.name })
		.from(meeting)
		.innerJoin(focusGroup, eq(meeting.groupId, focusGroup.id))
		.leftJoin(organization, eq(meeting.hostOrganizationId, organization.id))
		.where(inArray(meeting.id, cancelled.map((m) => m.id)))
		.orderBy(asc(meeting.startsAt));
}

/** Several cancelled meetings as one calendar file attached to a mail, each entry marked cancelled. */
export const cancelledMeetingsAttachment = (meetings: readonly CalendarMeeting[], siteUrl: URL, now: Date) =>
	calendarFile(meetings, meetings.length > 1 ? '-und-folgende-abgesagt' : '-abgesagt', siteUrl, now);

/** The same rule over a group's listed meetings: the dates each company hosts, for the page that frees a seat. */
export function comingDatesByHost(meetings: readonly { status: string; startsAt: Date; hostOrganizationId: string | null }[], now: Date): Map<string, Date[]> {
	const byHost = new Map<string, Date[]>();
	for (const m of meetings) {
		if (m.status !== 'planned' || m.startsAt.getTime() <= now.getTime() || !m.hostOrganizationId) continue;
		byHost.set(m.hostOrganizationId, [...(byHost.get(m.hostOrganizationId) ?? []), m.startsAt]);
	}
	return byHost;
}

/** The starts of `groupId`'s coming planned meetings (those `organizationId` hosts, when given), earliest first. */
export async function comingMeetingStarts(groupId: string, now: Date, tx: Db | Tx, organizationId?: string): Promise<Date[]> {
	const rows = await tx.select({ startsAt: meeting.startsAt }).from(meeting).where(comingIn(groupId, now, organizationId)).orderBy(asc(meeting.startsAt));
	return rows.map((r) => r.startsAt);
}

export async function comingMeetingsHostedBy(groupId: string, organizationId: string, now: Date = new Date(), tx?: Db | Tx): Promise<Date[]> {
	return comingMeetingStarts(groupId, now, tx ?? (await getDb()), organizationId);
}

/**
 * A company leaving the group gives up hosting its coming meetings: the host becomes open, and so
 * does the place where it was the host's address, and the group is told once the change is
 * committed (`notify`).
 */
export async function releaseHosting(
	groupId: string,
	organizationId: string,
	now: Date,
	tx: Db | Tx,
): Promise<{ notify: () => Promise<void>; meetings: { startsAt: Date; placeKept: boolean }[] }> {
	const host = await placeOf(organizationId, tx);
	const hosted = await tx.select({ id: meeting.id, startsAt: meeting.startsAt, endsAt: meeting.endsAt, address: meeting.address }).from(meeting).where(comingIn(groupId, now, organizationId));
	// The place goes with the host only where it was the host's; one the office typed in stays.
	const released = hosted.map((m) => ({ ...m, placeKept: m.address !== null && host !== null && !isHostsAddress(m.address, host) }));
	for (const m of released) {
		await tx.update(meeting).set({ hostOrganizationId: null, address: m.placeKept ? m.address : null, sequence: sql`${meeting.sequence} + 1`, updatedAt: now }).where(eq(meeting.id, m.id));
	}
	return {
		notify: async () => {
			for (const m of released) await notifyMeetingChange(m.id, 'moved', m, now, { organizationId }, host?.organizationName);
		},
		meetings: released.map(({ startsAt, placeKept }) => ({ startsAt, placeKept })),
	};
}

/**
 * Tells the office that a host company left a group on its own (its person deleted the account):
 * the group has heard that host and place are open, and was promised that the office sees to it.
 * (When the office itself takes someone out, it knows.)
 */
export async function tellOfficeHostLeft(group: { id: string; name: string }, companyName: string, meetings: readonly { startsAt: Date; placeKept: boolean }[]): Promise<void> {
	if (meetings.length === 0) return;
	const config = await getConfig();
	const { siteUrl } = config;
	const dates = (kept: boolean) => meetings.filter((m) => m.placeKept === kept).map((m) => formatDateTime(m.startsAt));
	const mail = hostLeftMail(officeAddress(config), { groupName: group.name, companyName, openPlace: dates(false), placeKept: dates(true), link: new URL(groupPath(group.id), siteUrl).href });
	sendMailInBackground(mail, { kind: 'host_left' });
}

/**
 * A host company renamed or moved: its coming meetings at its address get the new one, so the
 * address keeps telling whose it is. Moved (street, postcode or town): every meeting at its old
 * place, also one the office wrote out itself ("…, Halle B, …"), goes to the new address, a place
 * elsewhere stays. Only renamed: the place is the same, so only the address as a plan writes it
 * takes the new name; one the office wrote out stays as written. A new name is in the calendar
 * entries too ("… bei <name>"): whatever changed, SEQUENCE rises, or calendar apps would keep
 * the old entry. Returns the meetings whose place changed: once the transaction is done, their
 * groups are told (tellOfNewPlace), as when the office edits a meeting's address.
 */
export async function hostChanged(organizationId: string, before: HostPlace, after: HostPlace, now: Date, tx: Db | Tx): Promise<string[]> {
	const newPlace: string[] = [];
	// Planned ones only: a cancelled meeting stays as it was cancelled, and its group hears nothing.
	const coming = await tx
		.select({ id: meeting.id, address: meeting.address })
		.from(meeting)
		.where(and(eq(meeting.hostOrganizationId, organizationId), eq(meeting.status, 'planned'), gt(meeting.startsAt, now)));
	const renamed = before.organizationName !== after.organizationName;
	const placeMoved = before.street !== after.street || before.postcode !== after.postcode || before.town !== after.town;
	for (const m of coming) {
		const follows = m.address !== null && (placeMoved ? isHostsAddress(m.address, before) : m.address === hostAddressOf(before));
		const address = follows && m.address !== hostAddressOf(after) ? hostAddressOf(after) : null;
		if (!renamed && address === null) continue;
		await tx
			.update(meeting)
			.set({ ...(address !== null ? { address } : {}), sequence: sql`${meeting.sequence} + 1`, updatedAt: now })
			.where(eq(meeting.id, m.id));
		if (address !== null && placeMoved) newPlace.push(m.id);
	}
	return newPlace;
}

/** Tells each meeting's group of its new place (its host company `organizationId` moved), with the new calendar entry. */
export async function tellOfNewPlace(organizationId: string, meetingIds: readonly string[], now: Date): Promise<void> {
	for (const id of meetingIds) await notifyMeetingChange(id, 'moved', null, now, { organizationId });
}

/**
 * A member who left a group no longer counts among those coming to its coming meetings; a
 * deactivated one (no `groupId`) to those of any group.
 */
export async function dropComingReplies(userId: string, now: Date, tx: Db | Tx, groupId?: string): Promise<void> {
	const coming = tx.select({ id: meeting.id }).from(meeting).where(and(groupId === undefined ? undefined : eq(meeting.groupId, groupId), gt(meeting.startsAt, now)));
	await tx.delete(meetingReply).where(and(eq(meetingReply.userId, userId), inArray(meetingReply.meetingId, coming)));
}

/** Each group's next planned meeting after `now` (groups without one are absent). */
export async function nextMeetingPerGroup(now: Date = new Date()): Promise<Map<string, Date>> {
	return new Map([...(await comingMeetingSpans(now))].map(([groupId, { first }]) => [groupId, first]));
}

/** Each group's first and last planned meeting after `now` (groups without one are absent): once the last has begun, the group has none ahead. */
export async function comingMeetingSpans(now: Date = new Date(), tx?: Db | Tx): Promise<Map<string, { first: Date; last: Date }>> {
	const db = tx ?? (await getDb());
	const rows = await db
		.select({
			groupId: meeting.groupId,
			first: sql<Date>`min(${meeting.startsAt})`.mapWith(meeting.startsAt),
			last: sql<Date>`max(${meeting.startsAt})`.mapWith(meeting.startsAt),
		})
		.from(meeting)
		.where(and(eq(meeting.status, 'planned'), gt(meeting.startsAt, now)))
		.groupBy(meeting.groupId);
	return new Map(rows.map(({ groupId, first, last }) => [groupId, { first, last }]));
}

/** The groups that have met: a planned (not cancelled) meeting that had begun by `now`. */
export async function groupsThatMet(now: Date = new Date(), tx?: Db | Tx): Promise<Set<string>> {
	const db = tx ?? (await getDb());
	const rows = await db
		.selectDistinct({ groupId: meeting.groupId })
		.from(meeting)
		.where(and(eq(meeting.status, 'planned'), lte(meeting.startsAt, now)));
	return new Set(rows.map((r) => r.groupId));
}

// ── members ──────────────────────────────────────────────────────────────────────────────

/** A member's meetings as they read them; `userId`, the caller, is bound when the query runs. */
const ownMeetingFields = {
	...meetingColumns,
	hostName: sql<string | null>`${organization.name}`, // outer join: no host yet
	groupId: meeting.groupId,
	groupName: focusGroup.name,
	myReply: sql<number | null>`(SELECT ${meetingReply.attending} FROM ${meetingReply} WHERE ${meetingReply.meetingId} = ${meeting.id} AND ${meetingReply.userId} = ${sql.placeholder('userId')})`,
	attending: sql<number>`(SELECT count(*) FROM ${meetingReply} WHERE ${meetingReply.meetingId} = ${meeting.id} AND ${meetingReply.attending} = 1)`,
};

/**
 * The meetings of the seat's group that had not ended when the seat began. A newcomer on a free
 * place does not get what the group met about before (the agendas), in the portal or the
 * calendar, just as the topic list shows them only what was added since they joined.
 */
const meetingOfSeat = and(eq(meeting.groupId, focusGroup.id), gte(meeting.endsAt, groupMembership.createdAt));

/** The caller's meetings as one JSON list (json-rows.ts says why), earliest first. */
const ownMeetingList = preparedQuery((db) =>
	db
		.select({ list: jsonList(ownMeetingFields, sql`${meeting.startsAt}, ${meeting.id}`) })
		.from(groupMembership)
		.innerJoin(focusGroup, publishedGroupOfSeat)
		.innerJoin(meeting, meetingOfSeat)
		.leftJoin(organization, eq(meeting.hostOrganizationId, organization.id))
		.where(eq(groupMembership.userId, sql.placeholder('userId')))
		.prepare(),
);

/** The caller's meetings (cancelled ones included) not over when their seat began, joined through their own published group. */
export async function listOwnMeetings(userId: string) {
	const row = await (await ownMeetingList()).get({ userId });
	return readJsonList(ownMeetingFields, row?.list);
}

export async function nextOwnMeeting(userId: string, now: Date = new Date()) {
	return (await listOwnMeetings(userId)).find((m) => m.status === 'planned' && m.endsAt.getTime() > now.getTime()) ?? null;
}

/**
 * Whether a meeting read a moment ago is still planned for the same start (not moved, not
 * cancelled since); with `sequence`, also not changed in any other way (host, address, agenda).
 */
export async function stillPlannedAt(meetingId: string, startsAt: Date, tx: Tx, sequence?: number): Promise<boolean> {
	const row = await tx
		.select({ id: meeting.id })
		.from(meeting)
		.where(and(eq(meeting.id, meetingId), eq(meeting.status, 'planned'), eq(meeting.startsAt, startsAt), sequence === undefined ? undefined : eq(meeting.sequence, sequence)))
		.get();
	return row !== undefined;
}

/** False: not a meeting of the caller's group; 'past': it has begun; 'changed': moved or cancelled while answering. */
export type ReplyResult = false | 'past' | 'changed' | { hostDeclined: boolean };

/**
 * Records a member's answer; false (nothing written) when the meeting is not in their group.
 * A "no" from the host company's member leaves the group without a place: the office hears of
 * it at once (`hostDeclined`), and its work queue lists the meeting until the host changes or
 * says yes after all, which the office hears of too.
 */
export async function replyToMeeting(userId: string, meetingId: string, attending: boolean, now: Date = new Date(), seenStartsAt?: Date): Promise<ReplyResult> {
	const own = (await listOwnMeetings(userId)).find((m) => m.id === meetingId);
	if (!own) return false;
	// Cancelled, or moved since the page showed it: the member answered for a date that no longer holds.
	if (own.status !== 'planned' || (seenStartsAt && seenStartsAt.getTime() !== own.startsAt.getTime())) return 'changed';
	if (own.startsAt.getTime() <= now.getTime()) return 'past';
	const db = await getDb();
	// The answer before and the new one in one transaction: two "no" at once are one change of mind.
	// And only for the date the member saw: a move meanwhile dropped all answers, and this one
	// would otherwise count for the new date.
	const before = await db.transaction(async (tx) => {
		// Still in the group, read where the answer is written: the office may have taken the member
		// out since the check above, and an answer must not count for someone no longer in the group.
		if (!(await holdsSeat(own.groupId, userId, tx))) return 'not-seated' as const;
		if (!(await stillPlannedAt(meetingId, own.startsAt, tx))) return 'changed' as const;
		const earlier = await tx.select({ attending: meetingReply.attending }).from(meetingReply).where(and(eq(meetingReply.meetingId, meetingId), eq(meetingReply.userId, userId))).get();
		await tx
			.insert(meetingReply)
			.values({ meetingId, userId, attending, updatedAt: now })
			.onConflictDoUpdate({ target: [meetingReply.meetingId, meetingReply.userId], set: { attending, updatedAt: now } });
		return earlier;
	});
	if (before === 'not-seated') return false;
	if (before === 'changed') return 'changed';
	const member = await db.select({ name: user.name, email: user.email, organizationId: user.organizationId }).from(user).where(eq(user.id, userId)).get();
	const host = own.startsAt.getTime() > now.getTime() && own.hostOrganizationId !== null && own.hostOrganizationId === member?.organizationId;
	// The office hears of each change of mind: a first "no", and a "yes" after a "no"; not of the same answer again,
	// and not more often than `hostAnswerMail` allows. The last mail allowed says so, since the answers after it
	// (which the work queue shows all the same) may turn what it says around.
	const changed = attending ? before?.attending === false : before?.attending !== false;
	if (host && changed) {
		const notice = await hit('hostAnswerMail', userId, now);
		if (!notice.limited) await tellOfficeHostAnswered(own, { name: member!.name, address: member!.email }, attending, notice.remaining === 0);
	}
	return { hostDeclined: host && !attending };
}

async function tellOfficeHostAnswered(m: { groupId: string; groupName: string; hostName: string | null; startsAt: Date }, member: MailAddress, comes: boolean, lastForNow: boolean): Promise<void> {
	const config = await getConfig();
	const { siteUrl } = config;
	const mail = hostAnswerMail(
		officeAddress(config),
		{ groupName: m.groupName, hostName: m.hostName ?? '', memberName: member.name, startsAt: m.startsAt, link: new URL(groupPath(m.groupId), siteUrl).href, comes, lastForNow },
	);
	// "Antworten" reaches the host's person, with whom the office now has something to settle.
	sendMailInBackground({ ...mail, replyTo: member }, { kind: comes ? 'host_comes' : 'host_declined' });
}

/**
 * Coming planned meetings whose host company's member has said no, per group, earliest first:
 * for the office's work queue, until it finds another host or a new date.
 */
export async function meetingsWithoutHost(now: Date = new Date()): Promise<Map<string, Date[]>> {
	const db = await getDb();
	const rows = await db
		.select({ groupId: meeting.groupId, startsAt: meeting.startsAt })
		.from(meeting)
		.where(and(eq(meeting.status, 'planned'), gt(meeting.startsAt, now), hostSaidNo()))
		.orderBy(asc(meeting.startsAt));
	return datesByGroup(rows);
}

/** Meeting dates per group, in the order of `rows`, for the office's work queue. */
function datesByGroup(rows: readonly { groupId: string; startsAt: Date }[]): Map<string, Date[]> {
	const byGroup = new Map<string, Date[]>();
	for (const r of rows) byGroup.set(r.groupId, [...(byGroup.get(r.groupId) ?? []), r.startsAt]);
	return byGroup;
}

/**
 * Coming planned meetings with neither host nor place, per group: what is left when a host
 * company leaves the group or deletes its account. Members would be reminded of a meeting with
 * nowhere to go, so the office's work queue names them. (A meeting with an address and no host,
 * such as "Online", is complete.)
 */
export async function meetingsWithoutPlace(now: Date = new Date()): Promise<Map<string, Date[]>> {
	const db = await getDb();
	const rows = await db
		.select({ groupId: meeting.groupId, startsAt: meeting.startsAt })
		.from(meeting)
		.where(and(eq(meeting.status, 'planned'), gt(meeting.startsAt, now), isNull(meeting.hostOrganizationId), isNull(meeting.address)))
		.orderBy(asc(meeting.startsAt));
	return datesByGroup(rows);
}

/** The person's own replies, for the download of their data (GDPR Art. 15). */
export async function listOwnReplies(userId: string) {
	const db = await getDb();
	return db
		.select({ startsAt: meeting.startsAt, groupName: focusGroup.name, attending: meetingReply.attending, updatedAt: meetingReply.updatedAt })
		.from(meetingReply)
		.innerJoin(meeting, eq(meetingReply.meetingId, meeting.id))
		.innerJoin(focusGroup, eq(meeting.groupId, focusGroup.id))
		.where(eq(meetingReply.userId, userId))
		.orderBy(asc(meeting.startsAt));
}

// ── calendars ────────────────────────────────────────────────────────────────────────────

/** What a calendar entry needs of a meeting: its columns and the group's name. */
export type CalendarMeeting = Pick<Awaited<ReturnType<typeof listOwnMeetings>>[number], keyof typeof meetingColumns | 'groupName'>;

/**
 * One meeting as a calendar entry. `declined`, in a member's own calendar: they said they do not
 * come, so the entry says so and leaves the time free, instead of blocking the afternoon.
 */
function icsMeeting(m: CalendarMeeting, siteUrl: URL, declined = false): IcsMeeting {
	const stillOn = declined && m.status === 'planned';
	return {
		uid: meetingUid(m.id, siteUrl.hostname),
		sequence: m.sequence,
		startsAtLocal: utcToBerlinLocal(m.startsAt),
		endsAtLocal: utcToBerlinLocal(m.endsAt),
		// Some calendars import a cancelled entry as a normal one and ignore its STATUS: the title says it.
		summary: `${m.status === 'cancelled' ? 'Abgesagt: ' : ''}${m.groupName}: Treffen${m.hostName ? ` bei ${m.hostName}` : ''}${stillOn ? ' (Sie kommen nicht)' : ''}`,
		busy: !stillOn,
		location: m.address ?? '',
		// Named as on the dashboard and in the office's form; the office writes it line by line.
		description: m.agenda ? `Ablauf:\n${m.agenda}` : '',
		status: m.status,
		url: new URL('/portal/', siteUrl).href,
	};
}

/**
 * The meetings that had begun by `now` (a placeholder in seconds, as stored) in the ended groups
 * the caller sat in, and their cancelled ones: joined through the caller's own seat like the
 * published group's. Closing the year would otherwise take last year's meetings out of the feed,
 * and a subscribed calendar deletes what its feed no longer lists. A group ended early had its
 * coming meetings cancelled in the same step, and its mail says the feed shows them so. An ended
 * group has nothing planned ahead; anything planned for later stays out all the same.
 */
const ownEndedMeetingList = preparedQuery((db) =>
	db
		.select({ list: jsonList(ownMeetingFields, sql`${meeting.startsAt}, ${meeting.id}`) })
		.from(groupMembership)
		.innerJoin(focusGroup, endedGroupOfSeat)
		.innerJoin(meeting, and(meetingOfSeat, or(sql`${meeting.startsAt} <= ${sql.placeholder('nowSeconds')}`, eq(meeting.status, 'cancelled'))))
		.leftJoin(organization, eq(meeting.hostOrganizationId, organization.id))
		.where(eq(groupMembership.userId, sql.placeholder('userId')))
		.prepare(),
);

/** The caller's calendar: their published group's meetings, and the past ones of the groups they sat in before. */
export async function ownCalendar(userId: string, now: Date = new Date()): Promise<string> {
	const { siteUrl } = await getConfig();
	const ended = await (await ownEndedMeetingList()).get({ userId, nowSeconds: Math.floor(now.getTime() / 1000) });
	const meetings = [...readJsonList(ownMeetingFields, ended?.list), ...(await listOwnMeetings(userId))];
	return toIcs({ name: 'ThZM-Netzwerkforum: Treffen', meetings: meetings.map((m) => icsMeeting(m, siteUrl, m.myReply === 0)) }, now);
}
