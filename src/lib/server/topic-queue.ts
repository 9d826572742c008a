/**
 * The confidential topic queue of each focus group: the one module that writes
 * `topic_queue_item`. Every query is scoped to the caller's own published group in SQL; there is
 * deliberately no function that reads another group's queue, not even for the office, because
 * what a group wants to discuss stays in the group. For the same reason nothing here goes to the
 * audit log, which coordinators read.
 */
import { and, desc, eq, gte, inArray, isNotNull, isNull, notInArray, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { focusGroup, groupMembership, topicQueueItem, user } from '../../../db/schema.ts';
import { agendaFor, type TopicPriority } from '../meetings/topic-queue.ts';
import { getDb } from './db.ts';
import { memberSince, ownGroupIds } from './groups.ts';
import { nextOwnMeeting } from './meetings.ts';
import { holdsSeat } from './seats.ts';
import { randomId } from './random.ts';

/** Enough for a year of meetings; a bound so a runaway script cannot fill the table. */
export const MAX_OPEN_TOPICS = 40;
/** Without a planned meeting, the agenda assumes the default length of a meeting. */
const DEFAULT_MEETING_MINUTES = 180;

export interface NewTopic {
	title: string;
	priority: TopicPriority;
	minutes: number;
}

/** The caller's group id, or null for someone without a published group (and for coordinators). */
async function ownGroupId(userId: string): Promise<string | null> {
	return (await ownGroupIds(userId))[0] ?? null;
}

/** The queue as the caller's group sees it: open topics in agenda order, and what was discussed lately. */
export async function ownTopicQueue(userId: string, now: Date = new Date()) {
	const groupId = await ownGroupId(userId);
	if (!groupId) return null;
	const db = await getDb();
	const columns = {
		id: topicQueueItem.id,
		title: topicQueueItem.title,
		priority: sql<TopicPriority>`${topicQueueItem.priority}`,
		minutes: topicQueueItem.minutes,
		createdAt: topicQueueItem.createdAt,
		discussedAt: topicQueueItem.discussedAt,
		mine: sql<boolean>`coalesce(${topicQueueItem.userId} = ${userId}, 0)`.mapWith(Boolean),
		// Named only while the author sits in the group with an active account, as the group's list of
		// members shows them: someone the office took out or deactivated, like someone who deleted
		// their account, is "ein früheres Mitglied" to those who stay.
		authorName: sql<string | null>`CASE WHEN ${user.deactivatedAt} IS NULL AND EXISTS (SELECT 1 FROM ${groupMembership} WHERE ${groupMembership.groupId} = ${topicQueueItem.groupId} AND ${groupMembership.userId} = ${topicQueueItem.userId}) THEN ${user.name} END`,
	};
	// What the group discussed before someone joined (a free place filled later) stays with those
	// who were there: a newcomer sees the topics added since they joined. The agenda's times and
	// the limit still count every open topic, so the newcomer's list agrees with everyone else's.
	// The same from the moment the office moved the login to another address: the office cannot
	// read the list, and must not be able to by giving an account an address of its own.
	// One's own topics stay one's own to see (and to withdraw) from before a seat began (taken out
	// and seated again), but not from before the login moved: whoever reads the new address may
	// be someone else, and the member's own earlier topics are the group's conversation too.
	const moved = await loginMovedAt(userId);
	const since = latest((await memberSince(groupId, userId)) ?? now, moved);
	const ownSince = moved ?? new Date(0);
	const seen = (topic: { createdAt: Date; mine: boolean }) => topic.createdAt.getTime() >= (topic.mine ? ownSince : since).getTime();
	const inGroup = eq(topicQueueItem.groupId, groupId);
	const open = await db.select(columns).from(topicQueueItem).leftJoin(user, eq(topicQueueItem.userId, user.id)).where(and(inGroup, isNull(topicQueueItem.discussedAt)));
	const discussed = await db
		.select(columns)
		.from(topicQueueItem)
		.leftJoin(user, eq(topicQueueItem.userId, user.id))
		.where(and(inGroup, or(gte(topicQueueItem.createdAt, since), and(eq(topicQueueItem.userId, userId), gte(topicQueueItem.createdAt, ownSince))), isNotNull(topicQueueItem.discussedAt)))
		.orderBy(desc(topicQueueItem.discussedAt))
		.limit(10);
	const meeting = await nextOwnMeeting(userId, now);
	const availableMinutes = meeting ? Math.round((meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000) : DEFAULT_MEETING_MINUTES;
	const agenda = agendaFor(open, availableMinutes).filter((entry) => seen(entry.topic));
	// Whether older topics the caller does not see take time at the meeting: said, so that an empty
	// list whose first topic starts 40 minutes in does not puzzle them (the times tell it anyway).
	const unseenBefore = open.some((topic) => !seen(topic));
	return { meeting, availableMinutes, agenda, discussed, full: open.length >= MAX_OPEN_TOPICS, unseenBefore };
}

async function loginMovedAt(userId: string): Promise<Date | null> {
	const db = await getDb();
	return (await db.select({ at: user.loginMovedAt }).from(user).where(eq(user.id, userId)).get())?.at ?? null;
}

const latest = (a: Date, b: Date | null) => (b && b.getTime() > a.getTime() ? b : a);

/** The own topics the account may read: all, or since the office last moved its login (undefined: no condition). */
async function sinceLoginMoved(userId: string) {
	const moved = await loginMovedAt(userId);
	return moved ? gte(topicQueueItem.createdAt, moved) : undefined;
}

/** Whether the group's list holds MAX_OPEN_TOPICS open topics; inside the transaction that would add one. */
async function listIsFull(groupId: string, tx: Tx): Promise<boolean> {
	const open = await tx
		.select({ n: sql<number>`count(*)` })
		.from(topicQueueItem)
		.where(and(eq(topicQueueItem.groupId, groupId), isNull(topicQueueItem.discussedAt)))
		.get();
	return (open?.n ?? 0) >= MAX_OPEN_TOPICS;
}

/** Adds a topic to the caller's group, unless the caller has no group or the queue is full. */
export async function addTopic(userId: string, topic: NewTopic, now: Date = new Date()): Promise<'added' | 'no-group' | 'full'> {
	const groupId = await ownGroupId(userId);
	if (!groupId) return 'no-group';
	const db = await getDb();
	// Count and insert in one (immediate) transaction: two members adding at the same moment cannot
	// pass the limit together, and a second tap on a slow phone finds the first one's entry.
	return db.transaction(async (tx) => {
		if (!(await holdsSeat(groupId, userId, tx))) return 'no-group' as const;
		// The same member's same open point again is the same wish (a double tap): listed once.
		const listed = await tx
			.select({ id: topicQueueItem.id })
			.from(topicQueueItem)
			.where(and(eq(topicQueueItem.groupId, groupId), eq(topicQueueItem.userId, userId), eq(topicQueueItem.title, topic.title), isNull(topicQueueItem.discussedAt)))
			.get();
		if (listed) return 'added' as const;
		if (await listIsFull(groupId, tx)) return 'full' as const;
		await tx.insert(topicQueueItem).values({ id: randomId(), groupId, userId, ...topic, createdAt: now });
		return 'added' as const;
	});
}

/**
 * Ticks an open topic off as discussed. Any member of the group may; nobody else. False: no such
 * topic in the group; 'already': ticked off before (a colleague was quicker, or a second click),
 * which keeps its first time.
 */
export async function markTopicDiscussed(userId: string, itemId: string, now: Date = new Date()): Promise<boolean | 'already'> {
	const groupId = await ownGroupId(userId);
	if (!groupId) return false;
	const db = await getDb();
	return db.transaction(async (tx) => {
		if (!(await holdsSeat(groupId, userId, tx))) return false;
		const done = await tx
			.update(topicQueueItem)
			.set({ discussedAt: now })
			.where(and(eq(topicQueueItem.id, itemId), eq(topicQueueItem.groupId, groupId), isNull(topicQueueItem.discussedAt)))
			.returning({ id: topicQueueItem.id });
		if (done.length === 1) return true;
		const ticked = await tx
			.select({ id: topicQueueItem.id })
			.from(topicQueueItem)
			.where(and(eq(topicQueueItem.id, itemId), eq(topicQueueItem.groupId, groupId), isNotNull(topicQueueItem.discussedAt)))
			.get();
		return ticked ? 'already' : false;
	});
}

/**
 * Puts a topic ticked off (by mistake, or not finished after all) back on the list; any member of
 * the group may. False when the group has no such topic, 'full' when the list holds
 * MAX_OPEN_TOPICS already (the limit a new topic meets, checked in the same transaction).
 */
export async function reopenTopic(userId: string, itemId: string): Promise<boolean | 'full'> {
	const groupId = await ownGroupId(userId);
	if (!groupId) return false;
	const db = await getDb();
	return db.transaction(async (tx) => {
		if (!(await holdsSeat(groupId, userId, tx))) return false;
		const discussed = and(eq(topicQueueItem.id, itemId), eq(topicQueueItem.groupId, groupId), isNotNull(topicQueueItem.discussedAt));
		if (!(await tx.select({ id: topicQueueItem.id }).from(topicQueueItem).where(discussed).get())) return false;
		if (await listIsFull(groupId, tx)) return 'full';
		await tx.update(topicQueueItem).set({ discussedAt: null }).where(discussed);
		return true;
	});
}

/**
 * Only the author may take back an open topic, and always: also from a group the office has
 * since taken them out of, where it stays as "von einem früheren Mitglied" (the privacy notice
 * promises it without exception). The author's own text is all this touches.
 */
export async function withdrawTopic(userId: string, itemId: string): Promise<boolean> {
	const db = await getDb();
	const gone = await db
		.delete(topicQueueItem)
		.where(and(eq(topicQueueItem.id, itemId), eq(topicQueueItem.userId, userId), isNull(topicQueueItem.discussedAt)))
		.returning({ id: topicQueueItem.id });
	return gone.length === 1;
}

/**
 * The caller's own open topics on the list of a group they no longer sit in (taken out, or moved
 * to another group), so they can withdraw them. Only their own, and only whether each is still
 * open: nothing else of that group.
 */
export async function ownTopicsLeftBehind(userId: string) {
	const db = await getDb();
	const seated = db.select({ groupId: groupMembership.groupId }).from(groupMembership).where(eq(groupMembership.userId, userId));
	return db
		.select({ id: topicQueueItem.id, title: topicQueueItem.title, createdAt: topicQueueItem.createdAt, groupName: focusGroup.name })
		.from(topicQueueItem)
		.innerJoin(focusGroup, eq(focusGroup.id, topicQueueItem.groupId))
		.where(and(eq(topicQueueItem.userId, userId), isNull(topicQueueItem.discussedAt), notInArray(topicQueueItem.groupId, seated), await sinceLoginMoved(userId)))
		.orderBy(topicQueueItem.createdAt);
}

/**
 * The topics the person proposed, for the download of their data; the group's other topics are not
 * theirs. Since a move of the login by the office, only those proposed after it (ownTopicQueue says why).
 */
export async function listOwnTopics(userId: string) {
	const db = await getDb();
	return db
		.select({ groupId: topicQueueItem.groupId, title: topicQueueItem.title, priority: topicQueueItem.priority, minutes: topicQueueItem.minutes, createdAt: topicQueueItem.createdAt, discussedAt: topicQueueItem.discussedAt })
		.from(topicQueueItem)
		.where(and(eq(topicQueueItem.userId, userId), await sinceLoginMoved(userId)))
		.orderBy(topicQueueItem.createdAt);
}

/**
 * Deletes the topics of every group that has ended: they are the group's alone, and once it has
 * ended nobody reads them any more (the portal shows a member their published group's list only,
 * the office never). Run in the transaction that ends a group, and by the daily purge for groups
 * that ended before topics went with them. How many were deleted.
 */
export async function deleteTopicsOfEndedGroups(tx?: Db | Tx): Promise<number> {
	const db = tx ?? (await getDb());
	const ended = db.select({ id: focusGroup.id }).from(focusGroup).where(eq(focusGroup.status, 'archived'));
	const gone = await db.delete(topicQueueItem).where(inArray(topicQueueItem.groupId, ended)).returning({ id: topicQueueItem.id });
	return gone.length;
}
