/**
 * A group's topic queue for its next meeting: which open topics fit into the time the meeting has,
 * in the order the group will take them. Topics that do not fit are not dropped; they simply stay
 * open and come first at the following meeting (older topics go ahead of newer ones of the same
 * priority), so nothing needs to be moved by hand. Pure: the caller passes the open topics and the
 * minutes available.
 */

/** 1 = wichtig, 2 = normal, 3 = kann warten. */
export type TopicPriority = 1 | 2 | 3;

export const TOPIC_PRIORITY_LABELS: Record<TopicPriority, string> = { 1: 'wichtig', 2: 'normal', 3: 'kann warten' };

export interface QueuedTopic {
	id: string;
	priority: TopicPriority;
	minutes: number;
	/** When the topic was added; decides the order within one priority. */
	createdAt: Date;
}

export interface AgendaEntry<T extends QueuedTopic> {
	topic: T;
	/** Minutes from the start of the exchange when the topic comes up. */
	startsAfterMinutes: number;
	/** Whether the topic fits into the meeting; the rest moves on to the next one. */
	reached: boolean;
}

/** Priority first, then first come first served; the id breaks ties so the order is stable. */
export function compareTopics(a: QueuedTopic, b: QueuedTopic): number {
	return a.priority - b.priority || a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The open topics in agenda order, each marked whether it fits into `availableMinutes`. A topic
 * that is too long is skipped, not a stopper: shorter ones after it may still fit.
 */
export function agendaFor<T extends QueuedTopic>(open: readonly T[], availableMinutes: number): AgendaEntry<T>[] {
	let used = 0;
	return [...open].sort(compareTopics).map((topic) => {
		const reached = used + topic.minutes <= availableMinutes;
		const entry = { topic, startsAfterMinutes: used, reached };
		if (reached) used += topic.minutes;
		return entry;
	});
}
