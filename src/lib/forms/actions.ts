/**
 * Actions for forms that are rendered many times per page or on every portal page, resolved
 * once per process. Each property access on `actions` from astro:actions builds a new action
 * (a function, its query string through URLSearchParams, and a nested proxy); with fourteen
 * reply buttons on the member dashboard that was a sixth of the memory it allocated per
 * request. Only pages and components import this module (never the action handlers).
 */
import { actions } from 'astro:actions';

export const logoutAction = actions.auth.logout;

export const meetingActions = {
	reply: actions.meetings.reply,
	renewFeed: actions.meetings.renewFeed,
	revokeFeed: actions.meetings.revokeFeed,
	plan: actions.meetings.plan,
	create: actions.meetings.create,
	update: actions.meetings.update,
	cancel: actions.meetings.cancel,
};

/** Where on the member's overview a meeting is, so an answer returns to it (#treffen-…). */
export const meetingAnchor = (meetingId: string) => `treffen-${meetingId}`;
/** The address parameter naming the meeting just answered, whose thanks are shown at it. */
export const REPLIED_MEETING = 'treffen';

/**
 * The forms of the group's Gesprächspunkte, rendered once per point. Each answer returns to the
 * list (#liste), where its message stands: a keyboard is back at the list, not at the top.
 */
const TOPIC_LIST = '#liste';
export const topicForms = {
	add: `${actions.topicQueue.add}${TOPIC_LIST}`,
	markDiscussed: `${actions.topicQueue.markDiscussed}${TOPIC_LIST}`,
	withdraw: `${actions.topicQueue.withdraw}${TOPIC_LIST}`,
	reopen: `${actions.topicQueue.reopen}${TOPIC_LIST}`,
};
