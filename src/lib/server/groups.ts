/**
 * Focus groups, their memberships and the record of matching runs: the one module that
 * writes `focus_group`, `group_membership` and `matching_run`. Members only ever read their
 * own group, and the SQL itself is filtered by the caller's membership.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db, Tx } from '../../../db/client.ts';
import { focusGroup, groupMembership, matchingRun, organization, user } from '../../../db/schema.ts';
import { DEFAULT_GROUP_SIZE } from '../matching/index.ts';
import { PAIR_BREAKS, conflictLookup, pairBreaks, type ConflictLookup, type GroupCompany, type PairBreak } from '../matching/pair-rules.ts';
import { andList, formatDate } from '../site.ts';
import { AUDIT_RETENTION_DAYS, CANCELLED_MEETINGS, auditEventExists, recordAudit, removedSeats } from './audit.ts';
import { getDb, preparedQuery } from './db.ts';
import { jsonList, readJsonList } from './json-rows.ts';
import { cancelComingMeetings, cancelledMeetingsAttachment, comingMeetingSpans, comingMeetingStarts, comingMeetingsHostedBy, groupsThatMet, dropComingReplies, listGroupMeetings, mailGroup, meetingLine, releaseHosting } from './meetings.ts';
import { officeAddress, sendMailInBackground } from './mail.ts';
import { groupEndedEarlyMail, groupMessageMail, groupPublishedMail, newcomerMail } from './mail-templates.ts';
import { allRankedInterests } from './interests.ts';
import { conflictPairs, seatCandidates } from './members.ts';
import { randomId } from './random.ts';
import { deleteTopicsOfEndedGroups } from './topic-queue.ts';
import { draftGroupOfSeat, endedGroupOfSeat, publishedGroupOfSeat, seatable } from './seats.ts';
import { getConfig } from './config.ts';

export type GroupStatus = 'draft' | 'published' | 'archived';

export interface GroupMemberRow {
	userId: string;
	name: string;
	position: string | null;
	organizationId: string;
	organizationName: string;
	industryCode: string;
	industryLabel: string;
	town: string;
	latitude: number | null;
	longitude: number | null;
	locked: boolean;
	/** A deactivated account keeps its seat until the office takes it out of the group. */
	deactivated: boolean;
}

/** A person with their company as the board and the matching need them (user joined with organization). */
const personColumns = {
	userId: user.id,
	name: user.name,
	organizationId: organization.id,
	organizationName: organization.name,
	industryCode: organization.industryCode,
	industryLabel: organization.industryLabel,
	town: organization.town,
	latitude: organization.latitude,
	longitude: organization.longitude,
};

/** What withoutPassword reads of an account. */
const passwordColumns = { hasPassword: sql<boolean>`${user.passwordHash} IS NOT NULL`.mapWith(Boolean), notInvitedSince: user.notInvitedSince };

/**
 * Someone without a password yet: `invited` has not taken up the invitation, `not-invited` was
 * taken over from the office's list and never invited (member-import.ts). For the board and the
 * group mails (groupPublishedMail).
 */
const withoutPassword = (account: { hasPassword: boolean; notInvitedSince: Date | null }) =>
	account.hasPassword ? undefined : account.notInvitedSince ? ('not-invited' as const) : ('invited' as const);

const memberColumns = {
	...personColumns,
	groupId: groupMembership.groupId,
	position: user.position,
	locked: groupMembership.locked,
	deactivated: sql<boolean>`${user.deactivatedAt} IS NOT NULL`.mapWith(Boolean),
};

export async function listGroups(status?: GroupStatus, tx?: Tx) {
	const db = tx ?? (await getDb());
	const groups = await db
		.select()
		.from(focusGroup)
		.where(status ? eq(focusGroup.status, status) : ne(focusGroup.status, 'archived'))
		// Shorter names first: "Entwurf 2" before "Entwurf 10", "Fokusgruppe Z" before "Fokusgruppe AA".
		.orderBy(asc(focusGroup.status), asc(sql`length(${focusGroup.name})`), asc(focusGroup.name));
	if (groups.length === 0) return [];
	const members = await db
		.select(memberColumns)
		.from(groupMembership)
		.innerJoin(user, eq(groupMembership.userId, user.id))
		.innerJoin(organization, eq(user.organizationId, organization.id))
		.where(inArray(groupMembership.groupId, groups.map((g) => g.id)))
		.orderBy(asc(organization.name));
	return groups.map((g) => ({ ...g, members: members.filter((m) => m.groupId === g.id) as GroupMemberRow[] }));
}

export async function getGroup(id: string) {
	const db = await getDb();
	const group = await db.select().from(focusGroup).where(eq(focusGroup.id, id)).get();
	if (!group) return null;
	const members = await db
		.select(memberColumns)
		.from(groupMembership)
		.innerJoin(user, eq(groupMembership.userId, user.id))
		.innerJoin(organization, eq(user.organizationId, organization.id))
		.where(eq(groupMembership.groupId, id))
		.orderBy(asc(organization.name));
	return { ...group, members: members as GroupMemberRow[] };
}

/**
 * Rules a published group breaks now: two companies of the same WZ class, or a pair in the
 * conflict register. The matching and the office's seat changes keep both out, but a company's
 * data and the register can change later; the office then sees it in its work queue and on the
 * group's page. By group id; groups that break nothing are absent.
 */
export async function publishedGroupClashes(groups: readonly { id: string; members: readonly GroupMemberRow[] }[]): Promise<Map<string, string[]>> {
	const companies = [...new Set(groups.flatMap((g) => g.members.filter((m) => !m.deactivated).map((m) => m.organizationId)))];
	const conflicted = conflictLookup(await conflictPairs({ among: companies }));
	const clashes = new Map<string, string[]>();
	for (const group of groups) {
		const found: string[] = [];
		// A deactivated account takes part in nothing; its company is no clash.
		const active = group.members.filter((m) => !m.deactivated);
		active.forEach((one, i) => {
			for (const other of active.slice(i + 1)) {
				for (const broken of pairBreaks(one, other, conflicted)) found.push(CLASH_TEXT[broken](one, other));
			}
		});
		// Three people of one company are three pairs, but one thing to fix.
		if (found.length > 0) clashes.set(group.id, [...new Set(found)]);
	}
	return clashes;
}

type Company = GroupCompany & { organizationName: string };
const CLASH_TEXT: Record<PairBreak, (one: Company, other: Company) => string> = {
	'same-company': (one) => `Aus ${one.organizationName} sitzt mehr als eine Person in der Gruppe.`,
	'same-class': (one, other) => `${one.organizationName} und ${other.organizationName} sind in derselben Branche (WZ ${one.industryCode}).`,
	conflict: (one, other) => `Zwischen ${one.organizationName} und ${other.organizationName} ist ein Konflikt eingetragen.`,
};

/** The caller's seat: the membership every own-group query starts from. */
const seat = alias(groupMembership, 'seat');

/** What a member sees of the others in their group; contact details only where allowed. */
const groupMemberFields = {
	userId: user.id,
	name: user.name,
	position: user.position,
	email: sql<string | null>`CASE WHEN ${user.shareEmail} THEN ${user.email} END`,
	phone: sql<string | null>`CASE WHEN ${user.sharePhone} THEN ${user.phone} END`,
	organizationId: organization.id,
	organizationName: organization.name,
	industryLabel: organization.industryLabel,
	town: organization.town,
};

/**
 * The caller's published group in one row, its active members as a JSON list in that row
 * (json-rows.ts says why), ordered by company.
 */
const ownGroupRow = preparedQuery((db) => {
	const members = db
		.select({ list: jsonList(groupMemberFields, sql`${organization.name}, ${user.id}`) })
		.from(groupMembership)
		.innerJoin(user, and(eq(groupMembership.userId, user.id), isNull(user.deactivatedAt)))
		.innerJoin(organization, eq(user.organizationId, organization.id))
		.where(eq(groupMembership.groupId, focusGroup.id));
	return (
		db
			.select({
				id: focusGroup.id,
				name: focusGroup.name,
				topicSlug: focusGroup.topicSlug,
				cohort: focusGroup.cohort,
				publishedAt: focusGroup.publishedAt,
				members: sql<string>`(${members})`,
			})
			.from(seat)
			.innerJoin(focusGroup, and(eq(seat.groupId, focusGroup.id), eq(focusGroup.status, 'published')))
			.where(eq(seat.userId, sql.placeholder('userId')))
			// One published seat per member is the rule (saveDraft enforces it); should there ever be
			// two, every page picks the same one: the newest.
			.orderBy(desc(focusGroup.publishedAt), asc(focusGroup.id))
			.limit(1)
			.prepare()
	);
});

/**
 * The caller's published group with its members. Contact details appear only where the
 * member allowed it; the query joins through the caller's own membership, so no id the
 * caller passes can reach another group.
 */
export async function getOwnGroup(userId: string) {
	const own = await (await ownGroupRow()).get({ userId });
	if (!own) return null;
	return { ...own, members: readJsonList(groupMemberFields, own.members) };
}

const ownGroupNameRows = preparedQuery((db) =>
	db
		.select({ id: groupMembership.groupId, name: focusGroup.name })
		.from(groupMembership)
		.innerJoin(focusGroup, publishedGroupOfSeat)
		.where(eq(groupMembership.userId, sql.placeholder('userId')))
		.orderBy(desc(focusGroup.publishedAt), asc(focusGroup.id))
		.prepare(),
);

/** Id and name of the groups a user sits in (published), newest first: cheaper than getOwnGroup. */
export async function ownGroups(userId: string): Promise<{ id: string; name: string }[]> {
	return (await ownGroupNameRows()).all({ userId });
}

/** Ids of the groups a user sits in (published), newest first, for per-object checks elsewhere. */
export async function ownGroupIds(userId: string): Promise<string[]> {
	return (await ownGroups(userId)).map((r) => r.id);
}

/** Everyone's seat in a published group, by user id: the office's list of members shows it. */
export async function publishedSeats(): Promise<Map<string, { id: string; name: string; topicSlug: string }>> {
	const db = await getDb();
	const rows = await db
		.select({ userId: groupMembership.userId, id: focusGroup.id, name: focusGroup.name, topicSlug: focusGroup.topicSlug })
		.from(groupMembership)
		.innerJoin(focusGroup, publishedGroupOfSeat)
		// Someone with two seats counts where the portal shows them: the newest group (ownGroupIds).
		.orderBy(desc(focusGroup.publishedAt), asc(focusGroup.id));
	const seats = new Map<string, { id: string; name: string; topicSlug: string }>();
	for (const { userId, ...seat } of rows) if (!seats.has(userId)) seats.set(userId, seat);
	return seats;
}

/** Since when `userId` sits in `groupId` (null when not): a newcomer sees the group's topics from then on. */
export async function memberSince(groupId: string, userId: string): Promise<Date | null> {
	const db = await getDb();
	const row = await db
		.select({ since: groupMembership.createdAt })
		.from(groupMembership)
		.where(and(eq(groupMembership.groupId, groupId), eq(groupMembership.userId, userId)))
		.get();
	return row?.since ?? null;
}

// ── ended groups: the office's record of earlier years ──────────────────────────────────

/**
 * Days an ended group is kept, with its meetings, the answers to them, the reminders sent,
 * its seats and so its place in members' calendars and in the matching's memory of who sat
 * together: as long as the office's log keeps what happened in it.
 */
export const ENDED_GROUP_RETENTION_DAYS = AUDIT_RETENTION_DAYS;

/** The day the daily purge deletes a group that ended at `endedAt`. */
export const endedGroupDeletedOn = (endedAt: Date) => new Date(endedAt.getTime() + ENDED_GROUP_RETENTION_DAYS * 24 * 60 * 60 * 1000);

/**
 * Deletes the groups that ended ENDED_GROUP_RETENTION_DAYS before `now` and, with them (the
 * foreign keys cascade), their meetings, answers, reminder records, seats and topics. How many.
 */
export async function purgeEndedGroups(now: Date = new Date()): Promise<number> {
	const db = await getDb();
	const cutoff = new Date(now.getTime() - ENDED_GROUP_RETENTION_DAYS * 24 * 60 * 60 * 1000);
	const gone = await db
		.delete(focusGroup)
		.where(and(eq(focusGroup.status, 'archived'), lt(focusGroup.endedAt, cutoff)))
		.returning({ id: focusGroup.id });
	return gone.length;
}

const endedGroupColumns = {
	id: focusGroup.id,
	name: focusGroup.name,
	topicSlug: focusGroup.topicSlug,
	cohort: focusGroup.cohort,
	endedAt: focusGroup.endedAt,
};
// Newest year first; within a year as the published groups are listed (shorter names first).
const newestEndedFirst = [desc(focusGroup.cohort), desc(focusGroup.publishedAt), asc(sql`length(${focusGroup.name})`), asc(focusGroup.name)];

/** The ended (archived) groups, newest first, with how many seats each had when it ended. */
export async function listEndedGroups() {
	const db = await getDb();
	return db
		.select({ ...endedGroupColumns, members: sql<number>`(SELECT count(*) FROM ${groupMembership} WHERE ${groupMembership.groupId} = ${focusGroup.id})` })
		.from(focusGroup)
		.where(eq(focusGroup.status, 'archived'))
		.orderBy(...newestEndedFirst);
}

// Built once: the dashboard of every member without a group asks (building it cost more than running it).
const endedGroupRows = preparedQuery((db) =>
	db
		.select(endedGroupColumns)
		.from(groupMembership)
		.innerJoin(focusGroup, endedGroupOfSeat)
		.where(eq(groupMembership.userId, sql.placeholder('userId')))
		.orderBy(...newestEndedFirst)
		.prepare(),
);

/** The ended groups `userId` sat in until the end, newest first (a seat taken back earlier is in the log only). */
export async function endedGroupsOf(userId: string) {
	return (await endedGroupRows()).all({ userId });
}

// ── input for the matching ───────────────────────────────────────────────────────────────

/** Everything the engine needs about the members to be matched (all seatable ones, or those of `userIds` among them). */
export async function matchingCandidates(userIds?: readonly string[]) {
	const db = await getDb();
	const rows = await db
		// No password yet, so the person has not signed in once; taken over from the list, perhaps not even invited.
		.select({ ...personColumns, sizeBand: organization.sizeBand, ...passwordColumns })
		.from(user)
		.innerJoin(organization, eq(user.organizationId, organization.id))
		.where(and(seatable(db), userIds ? inArray(user.id, [...userIds]) : undefined))
		.orderBy(asc(user.id));
	const interests = await allRankedInterests();
	const conflicts = await conflictPairs();
	return rows.map(({ hasPassword, notInvitedSince, ...r }) => ({
		...r,
		withoutPassword: withoutPassword({ hasPassword, notInvitedSince }) ?? null,
		interests: interests.get(r.userId) ?? [],
		conflicts: conflicts.flatMap((c) => (c.a === r.organizationId ? [c.b] : c.b === r.organizationId ? [c.a] : [])),
	}));
}

/** A seat held in a group from `from` until `until` (null: since the group began, still held). */
type HeldSeat = { groupId: string; userId: string; from: Date | null; until: Date | null };

const satTogether = (a: HeldSeat, b: HeldSeat) =>
	a.userId !== b.userId && (a.from?.getTime() ?? -Infinity) < (b.until?.getTime() ?? Infinity) && (b.from?.getTime() ?? -Infinity) < (a.until?.getTime() ?? Infinity);

/**
 * Pairs of members who already sat together in a group: the matching avoids repeating them. The
 * seats of published and archived groups, and the seats the office took back (removedSeats), so a
 * member taken out of a group still counts as having sat with its members; but not with someone
 * who got a seat only after they had left (they never met).
 */
export async function earlierGroupMatePairs(): Promise<[string, string][]> {
	const db = await getDb();
	const rows = await db
		.select({ groupId: groupMembership.groupId, userId: groupMembership.userId, from: groupMembership.createdAt })
		.from(groupMembership)
		.innerJoin(focusGroup, eq(groupMembership.groupId, focusGroup.id))
		.where(ne(focusGroup.status, 'draft'));
	const byGroup = new Map<string, HeldSeat[]>();
	for (const seat of [...rows.map((r) => ({ ...r, until: null })), ...(await removedSeats())]) {
		const seats = byGroup.get(seat.groupId);
		if (seats) seats.push(seat);
		else byGroup.set(seat.groupId, [seat]);
	}
	// Once per group: someone taken out and seated again in the same group is one pair with each mate there.
	const pairs = new Map<string, [string, string]>();
	for (const [groupId, seats] of byGroup) {
		for (let i = 0; i < seats.length; i++) {
			for (let j = i + 1; j < seats.length; j++) {
				const [a, b] = [seats[i]!, seats[j]!];
				if (!satTogether(a, b)) continue;
				const pair: [string, string] = a.userId < b.userId ? [a.userId, b.userId] : [b.userId, a.userId];
				pairs.set(`${groupId} ${pair.join(' ')}`, pair);
			}
		}
	}
	return [...pairs.values()];
}

// ── drafts, runs and publication ─────────────────────────────────────────────────────────

export const fingerprint = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** A draft that cannot be stored as sent, with the German reason for the office. */
export class DraftError extends Error {}

/** Why draft seats are no longer valid, as a sentence. */
const staleSeats = (count: number) =>
	count === 1 ? 'Eine Person hat inzwischen eine Gruppe, ist deaktiviert oder kein Mitglied.' : `${count} Personen haben inzwischen eine Gruppe, sind deaktiviert oder keine Mitglieder.`;

export interface DraftGroup {
	topic: string;
	members: string[];
	/** Members whose seat is locked for the next run. */
	locked?: string[];
}

/**
 * Which saved draft the office looked at. A board saved and a draft published carry it back, so
 * that work done meanwhile in another tab or by a colleague is neither overwritten nor published
 * on a confirmation given for another draft.
 */
export function draftVersion(drafts: readonly { id: string; topicSlug: string; members: readonly { userId: string }[] }[]): string {
	return fingerprint(drafts.map((g) => [g.id, g.topicSlug, g.members.map((m) => m.userId).sort()]));
}

/** What the office is asked to do when the draft changed under it, by what it was doing. */
const DRAFT_CHANGED_ADVICE = {
	save: 'Bitte laden Sie die Seite neu und nehmen Sie Ihre Änderungen dann noch einmal vor.',
	publish: 'Bitte prüfen Sie ihn erneut.',
} as const;

/** Refuses when `drafts` are no longer the saved draft `expected` names (nothing to check without it). */
export function refuseChangedDraft(drafts: Parameters<typeof draftVersion>[0], expected: string | undefined, doing: keyof typeof DRAFT_CHANGED_ADVICE): void {
	if (expected !== undefined && expected !== draftVersion(drafts)) {
		throw new DraftError(`Der gespeicherte Entwurf hat sich inzwischen geändert (in einem anderen Fenster oder durch eine Kollegin). ${DRAFT_CHANGED_ADVICE[doing]}`);
	}
}

/**
 * Replaces all draft groups with `groups` and records the run (parameters, input fingerprint,
 * result, score) so every proposal can be traced and reproduced. With `basedOn` (the
 * draftVersion the board was loaded with), a draft changed since is not overwritten.
 */
export async function saveDraft(
	groups: readonly DraftGroup[],
	run: { actorId: string; parameters: unknown; input: unknown; result: unknown; score: number } | null,
	actorId: string,
	now: Date = new Date(),
	basedOn?: string,
): Promise<void> {
	const db = await getDb();
	const cohort = Number(new Intl.DateTimeFormat('de-DE', { year: 'numeric', timeZone: 'Europe/Berlin' }).format(now));
	await db.transaction(async (tx) => {
		refuseChangedDraft(await listGroups('draft', tx), basedOn, 'save');
		// A board from another tab may be older than the last publication: nobody gets a second seat.
		const refused = await unseatableAmong(groups.flatMap((g) => g.members), tx);
		if (refused > 0) throw new DraftError(`Der Entwurf ist nicht mehr aktuell: ${staleSeats(refused)} Bitte laden Sie die Seite neu.`);
		await refuseWithoutCoordinates(groups.flatMap((g) => g.members), tx);
		await tx.delete(focusGroup).where(eq(focusGroup.status, 'draft'));
		for (const [index, group] of groups.entries()) {
			if (group.members.length === 0) continue;
			const id = randomId();
			await tx.insert(focusGroup).values({ id, name: `Entwurf ${index + 1}`, topicSlug: group.topic, cohort, status: 'draft', createdAt: now });
			await tx.insert(groupMembership).values(
				group.members.map((userId) => ({ groupId: id, userId, locked: group.locked?.includes(userId) ?? false, createdAt: now })),
			);
		}
		if (run) {
			const runId = randomId();
			await tx.insert(matchingRun).values({
				id: runId,
				createdBy: run.actorId,
				createdAt: now,
				parameters: run.parameters,
				inputHash: fingerprint(run.input),
				result: run.result,
				score: run.score,
			});
			await recordAudit({ actorId, action: 'matching.run', subjectType: 'matching_run', subjectId: runId, details: { inputHash: fingerprint(run.input), score: run.score, groups: groups.length } }, tx, now);
		} else {
			await recordAudit({ actorId, action: 'groups.draft_saved', details: { groups: groups.length } }, tx, now);
		}
	});
}

/** Days a superseded matching run is kept: its result names members and why some were not placed. */
export const MATCHING_RUN_RETENTION_DAYS = 365;

/** Deletes the runs older than MATCHING_RUN_RETENTION_DAYS except the latest, which the office's page still shows. */
export async function purgeOldRuns(now: Date = new Date()): Promise<number> {
	const latest = await latestRun();
	if (!latest) return 0;
	const db = await getDb();
	const cutoff = new Date(now.getTime() - MATCHING_RUN_RETENTION_DAYS * 24 * 60 * 60 * 1000);
	const gone = await db
		.delete(matchingRun)
		.where(and(lt(matchingRun.createdAt, cutoff), ne(matchingRun.id, latest.id)))
		.returning({ id: matchingRun.id });
	return gone.length;
}

export async function latestRun() {
	const db = await getDb();
	// Times are stored in whole seconds; the row id orders two runs within the same second.
	return (await db.select().from(matchingRun).orderBy(desc(matchingRun.createdAt), desc(sql`rowid`)).limit(1).get()) ?? null;
}

const letter = (n: number) => {
	let name = '';
	for (let i = n; i >= 0; i = Math.floor(i / 26) - 1) name = String.fromCharCode(65 + (i % 26)) + name;
	return name;
};

/**
 * Publishes every draft group: each gets the next free name ("Fokusgruppe A", "B", …), its
 * members are told by mail, and the portal shows them their group from now on. With `basedOn`
 * (the draftVersion the office confirmed), a draft changed since is refused.
 */
export async function publishDrafts(actorId: string, topicTitle: (slug: string) => string, now: Date = new Date(), basedOn?: string): Promise<number> {
	const db = await getDb();
	// Everything is read inside the transaction: a colleague may move a member, save, discard or
	// publish at the same moment, and the mails must name the groups as they were published.
	const drafts = await db.transaction(async (tx) => {
		refuseChangedDraft(await listGroups('draft', tx), basedOn, 'publish');
		// A draft group emptied since (its last member deleted their account) is no group to publish.
		await dropEmptyDrafts(tx);
		const drafts = await listGroups('draft', tx);
		// A colleague may have given someone a seat elsewhere since the office looked at the draft.
		// Nobody is published into a second group.
		const refused = await unseatableAmong(drafts.flatMap((g) => g.members.map((m) => m.userId)), tx);
		if (refused > 0) throw new DraftError(`Der Entwurf kann so nicht veröffentlicht werden: ${staleSeats(refused)} Bitte laden Sie die Seite neu und prüfen Sie den Entwurf.`);
		const taken = new Set((await tx.select({ name: focusGroup.name }).from(focusGroup).where(ne(focusGroup.status, 'draft'))).map((g) => g.name));
		const names: string[] = [];
		for (let i = 0; names.length < drafts.length; i++) {
			const name = `Fokusgruppe ${letter(i)}`;
			if (!taken.has(name)) names.push(name);
		}
		for (const [index, group] of drafts.entries()) {
			await tx.update(focusGroup).set({ name: names[index]!, status: 'published', publishedAt: now }).where(eq(focusGroup.id, group.id));
			await recordAudit({ actorId, action: 'group.published', subjectType: 'group', subjectId: group.id, details: { members: group.members.length } }, tx, now);
		}
		return drafts.map((group, index) => ({ ...group, name: names[index]! }));
	});
	const { siteUrl } = await getConfig();
	const accounts = new Map(
		(
			await db
				.select({ id: user.id, email: user.email, ...passwordColumns })
				.from(user)
				.where(inArray(user.id, drafts.flatMap((g) => g.members.map((m) => m.userId))))
		).map((u) => [u.id, u]),
	);
	for (const group of drafts) {
		for (const member of group.members) {
			const account = accounts.get(member.userId);
			if (!account) continue;
			sendMailInBackground(
				groupPublishedMail(
					{ name: member.name, address: account.email },
					{ groupName: group.name, topic: topicTitle(group.topicSlug), size: group.members.length, portal: new URL('/portal/', siteUrl).href, withoutPassword: withoutPassword(account) },
				),
				{ kind: 'group_published', userId: member.userId },
			);
		}
	}
	return drafts.length;
}

// ── published groups: filling a free place, freeing one ─────────────────────────────────

/** A seat the office cannot give; the message is German and shown as is. */
export class SeatError extends Error {}

/**
 * Ends published groups: each becomes archived as of `now`, its topics are deleted (the group's
 * alone, read by nobody once it has ended), and the log records each end. Their members are free
 * for the next matching (a seat counts only in a published group) and see no group in the portal
 * until then; the seats stay, so the next matching avoids these group mates (earlierGroupMatePairs
 * reads archived groups too). Nobody gets a mail.
 */
async function endGroups(groupIds: readonly string[], actorId: string, now: Date, tx: Tx, details?: Record<string, unknown>): Promise<void> {
	if (groupIds.length === 0) return;
	await tx.update(focusGroup).set({ status: 'archived', endedAt: now }).where(inArray(focusGroup.id, [...groupIds]));
	await deleteTopicsOfEndedGroups(tx);
	for (const groupId of groupIds) await recordAudit({ actorId, action: 'group.ended', subjectType: 'group', subjectId: groupId, details }, tx, now);
}

/** Why a group cannot be ended (it is no published group, or has ended already), or null when it can. */
async function notEndable(groupId: string, tx: Tx): Promise<'ended-already' | 'unknown' | null> {
	const group = await tx.select({ status: focusGroup.status }).from(focusGroup).where(eq(focusGroup.id, groupId)).get();
	if (!group || group.status === 'draft') return 'unknown';
	return group.status === 'archived' ? 'ended-already' : null;
}

/** The tick on the group's page that ends it now and cancels its `count` coming meetings with it (endGroupEarly). */
export const cancelComingLabel = (count: number) => (count === 1 ? 'und das geplante Treffen absagen' : `und die ${count} geplanten Treffen absagen`);

/**
 * Ends the one published group `groupId` (endGroups says what that means): 'ended', or
 * 'ended-already' for a group that has (a second click), 'unknown' without such a group. Refused
 * (SeatError, naming them) while the group has planned meetings ahead: the office cancels those
 * first, waits for the last one, or ends the group early with them (endGroupEarly).
 */
export async function endGroup(groupId: string, actorId: string, now: Date = new Date()): Promise<'ended' | 'ended-already' | 'unknown'> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const refused = await notEndable(groupId, tx);
		if (refused) return refused;
		const coming = await comingMeetingStarts(groupId, now, tx);
		if (coming.length > 0) {
			throw new SeatError(
				`Die Gruppe kann noch nicht beendet werden: ${coming.length === 1 ? 'Ein Treffen ist' : `${coming.length} Treffen sind`} noch geplant, am ${andList(coming.map((d) => formatDate(d)))}. Sagen Sie ${coming.length === 1 ? 'es' : 'sie'} erst ab, oder beenden Sie die Gruppe nach ${coming.length === 1 ? 'diesem' : 'dem letzten'} Treffen. Soll sie jetzt enden, setzen Sie zusätzlich das Häkchen „${cancelComingLabel(coming.length)}“: Dann bekommt jedes Mitglied eine einzige E-Mail mit den abgesagten Terminen.`,
			);
		}
		await endGroups([groupId], actorId, now, tx);
		return 'ended';
	});
}

/**
 * Ends the published group `groupId` now, before its plan ran out: its coming meetings are
 * cancelled (cancelComingMeetings; one that has begun stays as held) and the group ends
 * (endGroups), in one transaction, the log noting how many meetings went with it. Then each active
 * member gets one mail with all the cancelled dates and their calendar entries. `shown`: the ids
 * of the coming meetings the office confirmed cancelling; when the group's coming meetings are no
 * longer those (one added, moved or cancelled meanwhile), nothing changes (SeatError). Without
 * coming meetings the group ends as endGroup ends it, and nobody is mailed. 'ended-already' and
 * 'unknown' as from endGroup.
 */
export async function endGroupEarly(
	groupId: string,
	actorId: string,
	shown: readonly string[],
	now: Date = new Date(),
): Promise<'ended-already' | 'unknown' | { cancelled: number; sent: number; failed: number }> {
	const db = await getDb();
	const ended = await db.transaction(async (tx) => {
		const refused = await notEndable(groupId, tx);
		if (refused) return refused;
		const cancelled = await cancelComingMeetings(groupId, now, tx);
		const confirmed = new Set(shown);
		if (cancelled.length !== confirmed.size || cancelled.some((m) => !confirmed.has(m.id))) {
			// Thrown in the transaction: the cancellations above are undone with it.
			throw new SeatError(
				`Die geplanten Treffen der Gruppe haben sich inzwischen geändert (in einem anderen Fenster oder durch eine Kollegin): ${cancelled.length === 0 ? 'Es ist keines mehr geplant' : `Geplant ${cancelled.length === 1 ? 'ist eines' : `sind ${cancelled.length}`}, am ${andList(cancelled.map((m) => formatDate(m.startsAt)))}`}. Nichts ist geändert; bitte prüfen Sie die Termine oben und bestätigen Sie noch einmal.`,
			);
		}
		await endGroups([groupId], actorId, now, tx, cancelled.length > 0 ? { [CANCELLED_MEETINGS]: cancelled.length } : undefined);
		return cancelled;
	});
	if (typeof ended === 'string') return ended;
	if (ended.length === 0) return { cancelled: 0, sent: 0, failed: 0 };
	const { siteUrl } = await getConfig();
	const attachment = cancelledMeetingsAttachment(ended, siteUrl, now);
	const cancelled = ended.map(meetingLine);
	const groupName = ended[0]!.groupName;
	const portal = new URL('/portal/', siteUrl).href;
	const result = await mailGroup(groupId, 'group_ended_early', (to, member) => {
		// The host company's people read here that they have nothing to prepare: no mail of its own.
		const hosted = ended.filter((m) => m.hostOrganizationId !== null && m.hostOrganizationId === member.organizationId).map((m) => formatDate(m.startsAt));
		return groupEndedEarlyMail(to, { groupName, cancelled, hosted, portal }, attachment);
	});
	return { cancelled: ended.length, ...result };
}

/**
 * What closing the year would do to the published `groups`: end those that have met and have no
 * planned meeting ahead, and leave running those whose plan goes on (`running`, each with its last
 * planned meeting) and those that have not met yet (`notMet`: a group published days ago, whose
 * meetings are still to be planned, must not end with last year's).
 */
export function yearClosingPlan(groups: readonly { id: string; name: string }[], coming: ReadonlyMap<string, { last: Date }>, met: ReadonlySet<string>) {
	const running = stillRunning(groups, coming);
	const notMet = groups.filter((g) => !coming.has(g.id) && !met.has(g.id));
	const ending = groups.filter((g) => !coming.has(g.id) && met.has(g.id));
	return { ending, running, notMet };
}

/** The groups closing the year leaves running, said in one line: "Fokusgruppe B bis zum 10. März 2027, Fokusgruppe F (noch ohne Treffen)". */
export const leftRunningText = (plan: Pick<ReturnType<typeof yearClosingPlan>, 'running' | 'notMet'>) =>
	[...plan.running.map((g) => `${g.name} bis zum ${formatDate(g.last)}`), ...plan.notMet.map((g) => `${g.name} (noch ohne Treffen)`)].join(', ');

/**
 * Closes the year: ends the published groups yearClosingPlan says can end (endGroups), so that
 * one group whose plan goes on does not keep all others from ending and their members from the
 * next matching. Refused (SeatError) when no group can end: then nothing would change.
 */
export async function archivePublishedGroups(actorId: string, now: Date = new Date()): Promise<{ ended: number; left: number }> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const published = await tx.select({ id: focusGroup.id, name: focusGroup.name }).from(focusGroup).where(eq(focusGroup.status, 'published')).orderBy(asc(sql`length(${focusGroup.name})`), asc(focusGroup.name));
		const plan = yearClosingPlan(published, await comingMeetingSpans(now, tx), await groupsThatMet(now, tx));
		const left = plan.running.length + plan.notMet.length;
		if (plan.ending.length === 0 && left > 0) {
			throw new SeatError(
				`Noch nicht möglich: Keine Gruppe hat ihre Treffen hinter sich (${leftRunningText(plan)}). Sagen Sie geplante Treffen erst ab, oder schließen Sie den Jahrgang nach dem letzten Treffen einer Gruppe ab; eine Gruppe ohne Treffen beenden Sie auf ihrer Seite.`,
			);
		}
		await endGroups(
			plan.ending.map((g) => g.id),
			actorId,
			now,
			tx,
			{ yearClosing: true },
		);
		return { ended: plan.ending.length, left };
	});
}

/** Of `groups`, those with planned meetings ahead (`coming`: comingMeetingSpans), each with its last one, after which it can end. */
const stillRunning = (groups: readonly { id: string; name: string }[], coming: ReadonlyMap<string, { last: Date }>) =>
	groups.flatMap((g) => {
		const span = coming.get(g.id);
		return span ? [{ name: g.name, last: span.last }] : [];
	});

/**
 * Gives `userId` a place in the published group `groupId`: a newcomer, or a free place after
 * someone left. The rules the matching keeps hold here too: one seat per company, no company
 * with a conflict entered against one in the group, no more than the largest group size.
 * False when the group is not a published one.
 */
export async function addToPublishedGroup(groupId: string, userId: string, actorId: string, topicTitle: (slug: string) => string, now: Date = new Date()): Promise<boolean> {
	const db = await getDb();
	const seated = await db.transaction(async (tx) => {
		const group = await tx.select().from(focusGroup).where(and(eq(focusGroup.id, groupId), eq(focusGroup.status, 'published'))).get();
		if (!group) return null;
		const person = await tx
			.select({ id: user.id, name: user.name, email: user.email, ...passwordColumns, organizationId: organization.id, organizationName: organization.name, town: organization.town, industryCode: organization.industryCode })
			.from(user)
			.innerJoin(organization, eq(user.organizationId, organization.id))
			.where(and(eq(user.id, userId), seatable(tx)))
			.get();
		if (!person) throw new SeatError('Diese Person kann keinen Platz bekommen: Sie hat schon eine Gruppe, ist deaktiviert oder kein Mitglied.');
		if ((await inOpenDraft(tx, userId)).size > 0) throw new SeatError('Diese Person steht im offenen Entwurf der Gruppenbildung. Nehmen Sie sie dort heraus oder verwerfen Sie den Entwurf, sonst hätte sie nach dem Veröffentlichen zwei Gruppen.');
		const seated = await companiesSeatedIn(groupId, tx);
		if (seated.length >= DEFAULT_GROUP_SIZE.max) {
			const idle = seated.filter((m) => m.deactivatedAt !== null).length;
			throw new SeatError(
				`Die Gruppe ist voll: Eine Fokusgruppe hat höchstens ${DEFAULT_GROUP_SIZE.max} Mitglieder.${idle === 0 ? '' : idle === 1 ? ' Ein deaktiviertes Konto belegt noch einen Platz; nehmen Sie es zuerst aus der Gruppe.' : ' Deaktivierte Konten belegen noch Plätze; nehmen Sie sie zuerst aus der Gruppe.'}`,
			);
		}
		// The rules the matching keeps; a seat held by a deactivated account still counts here.
		const first = firstRuleBroken(person, seated, conflictLookup(await conflictPairs({ of: person.organizationId }, tx)));
		if (first) throw new SeatError(SEAT_REFUSAL[first](person.industryCode));
		await tx.insert(groupMembership).values({ groupId, userId, locked: false, createdAt: now });
		await recordAudit({ actorId, action: 'group.member_added', subjectType: 'group', subjectId: groupId, details: { user: userId } }, tx, now);
		// The mail counts the companies the newcomer will meet: a deactivated account's seat is no one.
		return { group, person, size: seated.filter((m) => m.deactivatedAt === null).length + 1 };
	});
	if (!seated) return false;
	const { siteUrl } = await getConfig();
	const comingMeetings = (await listGroupMeetings(groupId))
		.filter((m) => m.status === 'planned' && m.startsAt.getTime() > now.getTime())
		.map(meetingLine);
	sendMailInBackground(
		groupPublishedMail(
			{ name: seated.person.name, address: seated.person.email },
			{
				groupName: seated.group.name,
				topic: topicTitle(seated.group.topicSlug),
				size: seated.size,
				portal: new URL('/portal/', siteUrl).href,
				joined: true,
				comingMeetings,
				withoutPassword: withoutPassword(seated.person),
			},
		),
		{ kind: 'group_joined', userId },
	);
	// Who sits at the table is the group's business: the others hear who joined.
	await mailGroup(
		groupId,
		'group_newcomer',
		(to) => newcomerMail(to, { groupName: seated.group.name, company: seated.person.organizationName, town: seated.person.town, person: seated.person.name, portal: new URL('/portal/', siteUrl).href }),
		{ except: userId },
	);
	return true;
}

/**
 * Who of the members without a group may take a free seat in `groupId` by the rules
 * addToPublishedGroup keeps (one seat per company, no two of one WZ class, no conflict pair, not
 * in the open draft),
 * those wishing the group's topic first; and how many others there are. The form offered
 * everyone, and a choice that broke a rule was refused only after it was made.
 */
export async function seatCandidatesFor(group: { id: string; topicSlug: string }): Promise<{ fitting: Awaited<ReturnType<typeof seatCandidates>>; unfit: number }> {
	const db = await getDb();
	const candidates = await seatCandidates(group.topicSlug);
	const seated = await companiesSeatedIn(group.id, db);
	const conflicted = conflictLookup(await conflictPairs());
	const drafted = await inOpenDraft(db);
	const fitting = candidates.filter((candidate) => !drafted.has(candidate.userId) && !firstRuleBroken(candidate, seated, conflicted));
	return { fitting, unfit: candidates.length - fitting.length };
}

/** The companies holding seats in `groupId` (deactivated accounts' too: their seat still counts for the rules). */
function companiesSeatedIn(groupId: string, db: Db | Tx) {
	return db
		.select({ organizationId: organization.id, industryCode: organization.industryCode, deactivatedAt: user.deactivatedAt })
		.from(groupMembership)
		.innerJoin(user, eq(groupMembership.userId, user.id))
		.innerJoin(organization, eq(user.organizationId, organization.id))
		.where(eq(groupMembership.groupId, groupId));
}

/** Who sits in the open draft (of them, `userId` alone when given): publishing would give them a second group. */
async function inOpenDraft(db: Db | Tx, userId?: string): Promise<Set<string>> {
	const rows = await db
		.select({ userId: groupMembership.userId })
		.from(groupMembership)
		.innerJoin(focusGroup, draftGroupOfSeat)
		.where(userId === undefined ? undefined : eq(groupMembership.userId, userId));
	return new Set(rows.map((r) => r.userId));
}

/** The first rule of the matching (PAIR_BREAKS order) a company would break by joining those `seated`; undefined when it may. */
function firstRuleBroken(company: GroupCompany, seated: readonly GroupCompany[], conflicted: ConflictLookup): PairBreak | undefined {
	const broken = new Set(seated.flatMap((m) => pairBreaks(company, m, conflicted)));
	return PAIR_BREAKS.find((rule) => broken.has(rule));
}

/** Why a seat is refused, by the first rule it would break. */
const SEAT_REFUSAL: Record<PairBreak, (industryCode: string) => string> = {
	'same-company': () => 'Aus diesem Unternehmen sitzt schon jemand in der Gruppe.',
	'same-class': (industryCode) => `In der Gruppe sitzt schon ein Unternehmen derselben Branche (WZ ${industryCode}).`,
	conflict: () => 'Zwischen diesem Unternehmen und einem Unternehmen der Gruppe ist ein Konflikt eingetragen (etwa Wettbewerb).',
};

/**
 * Frees `userId`'s place in the published group `groupId` (they leave the forum's groups, or
 * change to another group). The person gets no mail: the office talks to them first. Their
 * company must not be left hosting a coming meeting, and their replies to coming meetings go.
 */
export async function removeFromPublishedGroup(
	groupId: string,
	userId: string,
	actorId: string,
	now: Date = new Date(),
	/** Give up the company's coming meetings as host (place open) instead of refusing. */
	options: { releaseHosting?: boolean } = {},
): Promise<boolean> {
	const db = await getDb();
	const done = await db.transaction(async (tx) => {
		const published = await tx.select({ id: focusGroup.id }).from(focusGroup).where(and(eq(focusGroup.id, groupId), eq(focusGroup.status, 'published'))).get();
		if (!published) return null;
		const member = await tx.select({ organizationId: user.organizationId }).from(user).where(eq(user.id, userId)).get();
		const hosted = member?.organizationId ? await comingMeetingsHostedBy(groupId, member.organizationId, now, tx) : [];
		if (hosted.length > 0 && !options.releaseHosting) {
			throw new SeatError(
				`Dieses Unternehmen ist Gastgeber ${hosted.length === 1 ? 'des Treffens' : 'der Treffen'} am ${hosted.map((d) => formatDate(d)).join(', ')}. Bitte geben Sie ${hosted.length === 1 ? 'diesem Treffen' : 'diesen Treffen'} zuerst einen anderen Gastgeber, oder geben Sie beim Herausnehmen die Gastgeberschaft frei.`,
			);
		}
		const removed = await tx
			.delete(groupMembership)
			.where(and(eq(groupMembership.groupId, groupId), eq(groupMembership.userId, userId)))
			.returning({ userId: groupMembership.userId });
		if (removed.length === 0) return null;
		const released = hosted.length > 0 && member?.organizationId ? await releaseHosting(groupId, member.organizationId, now, tx) : null;
		await dropComingReplies(userId, now, tx, groupId);
		await recordAudit({ actorId, action: 'group.member_removed', subjectType: 'group', subjectId: groupId, details: { user: userId } }, tx, now);
		return { released };
	});
	if (!done) return false;
	await done.released?.notify();
	return true;
}

/**
 * Takes a person out of the open draft (deactivation): nobody who could not be given a seat may
 * stay in it, or every later save of the board is refused and publishing would seat them.
 * The number of draft seats freed (0 or 1).
 */
export async function leaveDrafts(userId: string, tx: Tx): Promise<number> {
	const drafts = tx.select({ id: focusGroup.id }).from(focusGroup).where(eq(focusGroup.status, 'draft'));
	const left = await tx
		.delete(groupMembership)
		.where(and(eq(groupMembership.userId, userId), sql`${groupMembership.groupId} IN ${drafts}`))
		.returning({ groupId: groupMembership.groupId });
	await dropEmptyDrafts(tx);
	return left.length;
}

/** A draft group whose last member left is no group: it would be published with nobody in it. */
async function dropEmptyDrafts(tx: Tx): Promise<void> {
	const seated = tx.select({ groupId: groupMembership.groupId }).from(groupMembership);
	await tx.delete(focusGroup).where(and(eq(focusGroup.status, 'draft'), sql`${focusGroup.id} NOT IN ${seated}`));
}

/**
 * Refuses a draft seat for members whose company has no coordinates (a postcode the place list
 * does not know): the rules of a group (size, WZ class, conflicts) and its distances are checked
 * only for members the matching can place, so such a seat would escape every check.
 */
async function refuseWithoutCoordinates(userIds: readonly string[], tx: Tx): Promise<void> {
	const wanted = [...new Set(userIds)];
	if (wanted.length === 0) return;
	const unplaced = await tx
		.select({ name: user.name, organizationName: organization.name })
		.from(user)
		.innerJoin(organization, eq(user.organizationId, organization.id))
		.where(and(inArray(user.id, wanted), or(isNull(organization.latitude), isNull(organization.longitude))));
	if (unplaced.length === 0) return;
	throw new DraftError(
		`Ohne Koordinaten kann niemand eine Gruppe bekommen: ${unplaced.map((p) => `${p.name} (${p.organizationName})`).join(', ')}. Bitte prüfen Sie den Ort im Mitgliedsdatensatz oder setzen Sie die Person auf die Warteliste.`,
	);
}

/** How many of `userIds` could not be given a seat now (deactivated, already seated, no member). */
async function unseatableAmong(userIds: readonly string[], tx: Tx): Promise<number> {
	const wanted = [...new Set(userIds)];
	if (wanted.length === 0) return 0;
	const allowed = await tx.select({ id: user.id }).from(user).where(and(inArray(user.id, wanted), seatable(tx)));
	return wanted.length - allowed.length;
}

/** Throws the open draft away; false when there was none (a second click), which is not logged. */
export async function discardDrafts(actorId: string): Promise<boolean> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const gone = await tx.delete(focusGroup).where(eq(focusGroup.status, 'draft')).returning({ id: focusGroup.id });
		if (gone.length === 0) return false;
		await recordAudit({ actorId, action: 'groups.draft_discarded' }, tx);
		return true;
	});
}

/**
 * Moves a member between draft groups, or out of the drafts (null). False when nothing matched;
 * a DraftError for a member without coordinates moved into a group. A seat given by hand is held:
 * a new run keeps what the office decided (it can free the seat again).
 */
export async function moveDraftMember(userId: string, targetGroupId: string | null, actorId: string): Promise<boolean> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		// The drafts as they are now: a group emptied and removed a moment ago is no target.
		const draftIds = (await tx.select({ id: focusGroup.id }).from(focusGroup).where(eq(focusGroup.status, 'draft'))).map((d) => d.id);
		if (draftIds.length === 0 || (targetGroupId !== null && !draftIds.includes(targetGroupId))) return false;
		// In the transaction: a seat given elsewhere at the same moment must be seen here.
		if ((await unseatableAmong([userId], tx)) > 0) return false;
		if (targetGroupId) await refuseWithoutCoordinates([userId], tx);
		await tx.delete(groupMembership).where(and(eq(groupMembership.userId, userId), inArray(groupMembership.groupId, draftIds)));
		if (targetGroupId) await tx.insert(groupMembership).values({ groupId: targetGroupId, userId, locked: true });
		await dropEmptyDrafts(tx);
		await recordAudit({ actorId, action: 'groups.member_moved', subjectType: 'user', subjectId: userId, details: { to: targetGroupId } }, tx);
		return true;
	});
}

/** Locks or unlocks a member's seat in the draft, so the next run keeps it. */
export async function setDraftLock(userId: string, locked: boolean, actorId: string): Promise<boolean> {
	const db = await getDb();
	const drafts = db.select({ id: focusGroup.id }).from(focusGroup).where(eq(focusGroup.status, 'draft'));
	const changed = await db
		.update(groupMembership)
		.set({ locked })
		.where(and(eq(groupMembership.userId, userId), sql`${groupMembership.groupId} IN ${drafts}`))
		.returning({ userId: groupMembership.userId });
	if (changed.length === 1) await recordAudit({ actorId, action: locked ? 'groups.member_locked' : 'groups.member_unlocked', subjectType: 'user', subjectId: userId });
	return changed.length === 1;
}

/** The person's own memberships (drafts included) with group name, topic and cohort: for the download of their data. */
export async function listOwnMemberships(userId: string) {
	const db = await getDb();
	return db
		.select({ name: focusGroup.name, topicSlug: focusGroup.topicSlug, cohort: focusGroup.cohort, status: focusGroup.status, since: groupMembership.createdAt })
		.from(groupMembership)
		.innerJoin(focusGroup, eq(groupMembership.groupId, focusGroup.id))
		.where(eq(groupMembership.userId, userId))
		.orderBy(groupMembership.createdAt);
}

/** Locks or unlocks every seat of one draft group, so the next run keeps the group as it is. */
export async function setDraftGroupLock(groupId: string, locked: boolean, actorId: string): Promise<boolean> {
	const db = await getDb();
	const draft = await db.select({ id: focusGroup.id }).from(focusGroup).where(and(eq(focusGroup.id, groupId), eq(focusGroup.status, 'draft'))).get();
	if (!draft) return false;
	await db.update(groupMembership).set({ locked }).where(eq(groupMembership.groupId, groupId));
	await recordAudit({ actorId, action: locked ? 'groups.group_locked' : 'groups.group_unlocked', subjectType: 'group', subjectId: groupId });
	return true;
}

/**
 * A message from the office to everyone in a published group (a change of plans, an
 * invitation to something), by mail. The form's one-time `token` is claimed in the log before
 * the mails go out, so a double click or a reload sends nothing twice; the log keeps the send,
 * not the text. 'unknown' without such a published group, 'sent-already' for a used token.
 */
export async function messageGroup(
	groupId: string,
	message: { subject: string; text: string; token: string },
	actorId: string,
	now: Date = new Date(),
): Promise<{ sent: number; failed: number } | 'unknown' | 'sent-already'> {
	const group = await getGroup(groupId);
	if (!group || group.status !== 'published') return 'unknown';
	const db = await getDb();
	const claimed = await db.transaction(async (tx) => {
		if (await auditEventExists('group.message_sent', { type: 'group', id: groupId }, { key: 'form', value: message.token }, tx)) return false;
		await recordAudit({ actorId, action: 'group.message_sent', subjectType: 'group', subjectId: groupId, details: { form: message.token } }, tx, now);
		return true;
	});
	if (!claimed) return 'sent-already';
	const config = await getConfig();
	const { siteUrl } = config;
	const portal = new URL('/portal/', siteUrl).href;
	const result = await mailGroup(groupId, 'group_message', (to) => groupMessageMail(to, { groupName: group.name, subject: message.subject, text: message.text, portal }));
	// The log keeps that it went out, not the text: the office's inbox keeps a copy of what it wrote.
	const copy = groupMessageMail(officeAddress(config), { groupName: group.name, subject: message.subject, text: message.text, portal, copyFor: result.sent });
	sendMailInBackground(copy, { kind: 'group_message_copy' });
	return result;
}
