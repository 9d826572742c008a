/**
 * Who sits in which group, read where a member must be kept to their own group: the rule the
 * platform rests on (a member sees the published group they sit in, and nothing of any other;
 * of a group that has ended, only its past meetings in their own calendar) in one place.
 * groups.ts writes the seats; it and meetings.ts, topic-queue.ts and members.ts read them
 * through here. Nothing here imports another server module, so any of them can.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { focusGroup, groupMembership, user } from '../../../db/schema.ts';

/** Join condition from a seat to its group, only while that is published: a draft is nobody's group yet. */
export const publishedGroupOfSeat = and(eq(groupMembership.groupId, focusGroup.id), eq(focusGroup.status, 'published'));

/** Join condition from a seat to its group while that is a draft of the group forming: nobody's group yet, but a seat that publishing would make one. */
export const draftGroupOfSeat = and(eq(groupMembership.groupId, focusGroup.id), eq(focusGroup.status, 'draft'));

/**
 * Join condition from a seat to its group once that has ended (archived): the office's record and
 * the member's own calendar of past meetings; a member reads nothing else of an ended group.
 */
export const endedGroupOfSeat = and(eq(groupMembership.groupId, focusGroup.id), eq(focusGroup.status, 'archived'));

/** Condition on `user`: a member who can be given a seat (active, and in no published group). */
export function seatable(db: Db | Tx) {
	const seated = db.select({ userId: groupMembership.userId }).from(groupMembership).innerJoin(focusGroup, publishedGroupOfSeat);
	return and(eq(user.role, 'member'), isNull(user.deactivatedAt), sql`${user.id} NOT IN ${seated}`);
}

/**
 * Whether `userId` still holds a seat in the published group `groupId`, read inside the caller's
 * transaction: a member's write (an answer to a meeting, a topic for the next one) checks it
 * where it writes, so it cannot land after the office took the member out.
 */
export async function holdsSeat(groupId: string, userId: string, tx: Db | Tx): Promise<boolean> {
	const seat = await tx
		.select({ userId: groupMembership.userId })
		.from(groupMembership)
		.innerJoin(focusGroup, publishedGroupOfSeat)
		.where(and(eq(groupMembership.groupId, groupId), eq(groupMembership.userId, userId)))
		.get();
	return seat !== undefined;
}
