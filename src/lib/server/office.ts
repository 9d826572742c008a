/** The coordination office's work queue: what needs someone's attention, gathered in one place. */
import { DEFAULT_GROUP_SIZE } from '../matching/index.ts';
import { countApplications, listApplications } from './applications.ts';
import { givenConsentsOf } from './consents.ts';
import { listGroups, publishedGroupClashes, publishedSeats } from './groups.ts';
import { allRankedInterests, listRecentInterestChanges } from './interests.ts';
import { listUnresolvedFailures } from './mail.ts';
import { comingDatesByHost, listGroupMeetings, meetingsWithoutHost, meetingsWithoutPlace, nextMeetingPerGroup } from './meetings.ts';
import { listMembers, listMembersWithoutGroup } from './members.ts';
import { listUnusedOfficeAccess } from './office-team.ts';
import { liveInvitations } from './one-time-token.ts';

/** An application waiting longer than this is overdue. */
export const DECISION_DUE_DAYS = 14;
/** How far back the queue lists members' own changes of interests. */
export const INTEREST_CHANGES_DAYS = 30;

export async function workQueue(now: Date = new Date()) {
	const submitted = await listApplications({ status: 'submitted' });
	const dueBefore = now.getTime() - DECISION_DUE_DAYS * 24 * 60 * 60 * 1000;
	const members = await listMembers();
	const seats = await publishedSeats();
	return {
		newApplications: submitted.filter((a) => a.submittedAt.getTime() > dueBefore),
		overdueApplications: submitted.filter((a) => a.submittedAt.getTime() <= dueBefore),
		/** Set aside because the trap for bots was filled in: mostly bots, now and then autofill. */
		suspectedApplications: await countApplications('suspected'),
		membersWithoutGroup: await listMembersWithoutGroup(),
		// With the day the link runs out, or null once it has: then only a new invitation helps.
		// Accounts taken over from a list and not invited yet have no link; they wait on the import page.
		openInvitations: await withInvitationExpiry(members.filter((m) => m.state === 'invited'), now),
		importedWithoutInvitation: members.filter((m) => m.state === 'not-invited').length,
		failedMails: await listUnresolvedFailures(),
		/** Members who re-ranked their topics themselves; nobody is moved automatically. */
		interestChanges: (await listRecentInterestChanges(INTEREST_CHANGES_DAYS, now)).map((change) => {
			const group = seats.get(change.userId) ?? null;
			// What the office has to weigh: the member's group is about a topic no longer among their wishes.
			return { ...change, group, offTopic: group !== null && !change.interests.includes(group.topicSlug) };
		}),
		groupsNeedingAttention: await groupsNeedingAttention(now),
		unusedOfficeAccess: await listUnusedOfficeAccess(now),
	};
}

async function withInvitationExpiry<M extends { userId: string }>(invited: readonly M[], now: Date): Promise<(M & { linkExpiresAt: Date | null })[]> {
	const live = invited.length === 0 ? new Map<string, Date>() : await liveInvitations(now);
	return invited.map((m) => ({ ...m, linkExpiresAt: live.get(m.userId) ?? null }));
}

/**
 * Published groups below the smallest size the matching forms (a member left, deleted their
 * account or was deactivated), with a seat held by a deactivated account, without a coming
 * meeting (no plan yet, or the plan has run out), with a coming meeting its host company said no
 * to or one without host and place, or breaking a rule of the matching since a company's data or
 * the conflict register changed.
 */
async function groupsNeedingAttention(now: Date) {
	const next = await nextMeetingPerGroup(now);
	const hostless = await meetingsWithoutHost(now);
	const placeless = await meetingsWithoutPlace(now);
	const groups = await listGroups('published');
	const clashes = await publishedGroupClashes(groups);
	// A switched-off account whose company still hosts a coming meeting: nobody there will open the door.
	const idleHosting = new Map<string, Date[]>();
	for (const g of groups.filter((group) => group.members.some((m) => m.deactivated))) {
		const byHost = comingDatesByHost(await listGroupMeetings(g.id), now);
		idleHosting.set(g.id, g.members.filter((m) => m.deactivated).flatMap((m) => byHost.get(m.organizationId) ?? []).sort((a, b) => a.getTime() - b.getTime()));
	}
	return groups
		.map((g) => {
			const active = g.members.filter((m) => !m.deactivated).length;
			return {
				id: g.id,
				name: g.name,
				size: active,
				tooSmall: active < DEFAULT_GROUP_SIZE.min,
				deactivated: g.members.length - active,
				/** Coming meetings hosted by the company of a deactivated account. */
				deactivatedHosts: idleHosting.get(g.id) ?? [],
				noMeeting: !next.has(g.id),
				/** Coming meetings whose host company said no. */
				hostDeclined: hostless.get(g.id) ?? [],
				/** Coming meetings without host and place (the host company left). */
				withoutPlace: placeless.get(g.id) ?? [],
				clashes: clashes.get(g.id) ?? [],
			};
		})
		.filter((g) => g.tooSmall || g.deactivated > 0 || g.noMeeting || g.hostDeclined.length > 0 || g.withoutPlace.length > 0 || g.clashes.length > 0);
}

/** The office's list of members, each with the published group they sit in (or nulls). */
export async function listMembersWithSeats(filter: { query?: string | null } = {}) {
	const seats = await publishedSeats();
	return (await listMembers(filter)).map((m) => ({ ...m, groupId: seats.get(m.userId)?.id ?? null, groupName: seats.get(m.userId)?.name ?? null }));
}

/**
 * The members export: the list with the consents each member gave (the list page does not show
 * them). One row per person; the company's id tells who works together, so the list page's
 * colleague names stay out.
 */
export async function exportMembers() {
	const members = await listMembersWithSeats();
	const consents = await givenConsentsOf(members.map((m) => m.userId));
	const interests = await allRankedInterests();
	return members.map(({ colleagues: _shownOnThePage, ...m }) => ({
		...m,
		interests: interests.get(m.userId) ?? [],
		consents: (consents.get(m.userId) ?? []).map((c) => ({ ...c, at: c.at.toISOString() })),
	}));
}
