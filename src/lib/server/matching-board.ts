/**
 * The office's group board: turns members in the database into the matching engine's input,
 * runs the engine, keeps the proposal as draft groups, and evaluates drafts the office edits.
 * The engine itself (src/lib/matching) stays pure; this module does the I/O around it.
 */
import { checkHardRules, matchParticipants, type MatchInput, type MatchOptions, type Weights } from '../matching/index.ts';
import { topicSlugs } from '../content/topic-list.ts';
import { DraftError, draftVersion, earlierGroupMatePairs, latestRun, listGroups, matchingCandidates, saveDraft, type DraftGroup } from './groups.ts';

/** How the office's messages name a person: "Katrin Vogler (Gerbertal Präzisionsdrehteile GmbH)". */
const personLabel = (p: { name: string; organizationName: string }) => `${p.name} (${p.organizationName})`;

export interface BoardPerson {
	id: string;
	name: string;
	organizationName: string;
	industryCode: string;
	industryLabel: string;
	town: string;
	lat: number | null;
	lon: number | null;
	interests: string[];
	/**
	 * No password yet: `invited` has not taken up the invitation, `not-invited` was taken over from
	 * the office's list and never invited. The office may rather wait before seating them.
	 */
	withoutPassword: 'invited' | 'not-invited' | null;
	/** Other people of the same company on the board: the rules give each company one seat per group. */
	colleagues: { id: string; name: string }[];
}

export interface RunSettings {
	/** Only these members; default: every active member without a published group. */
	userIds?: readonly string[] | undefined;
	seed: number;
	groupSize: { min: number; max: number };
	weights: Weights;
}

export const DEFAULT_SETTINGS: RunSettings = {
	seed: 1,
	groupSize: { min: 5, max: 6 },
	weights: { fit: [3, 2, 1], unlisted: -3, sameDivisionPair: 2, distancePer100Km: 1, avoidedPair: 3 },
};

/**
 * The board's people and the engine input for them; members without coordinates cannot be placed.
 * `locked` seats go to the engine with their group's `lockedTopics`; `kept` members (of groups held
 * as a whole) are left out of it.
 */
export async function boardInput(
	settings: RunSettings,
	{ locked, lockedTopics = {}, kept }: { locked: Record<string, string>; lockedTopics?: Record<string, string>; kept: ReadonlySet<string> } = { locked: {}, kept: new Set() },
) {
	const candidates = (await matchingCandidates(settings.userIds)).filter((c) => !kept.has(c.userId));
	const byCompany = Map.groupBy(candidates, (c) => c.organizationId);
	const people: BoardPerson[] = candidates.map((c) => ({
		id: c.userId,
		name: c.name,
		organizationName: c.organizationName,
		industryCode: c.industryCode,
		industryLabel: c.industryLabel,
		town: c.town,
		lat: c.latitude,
		lon: c.longitude,
		interests: c.interests,
		withoutPassword: c.withoutPassword,
		colleagues: (byCompany.get(c.organizationId) ?? []).filter((other) => other.userId !== c.userId).map((other) => ({ id: other.userId, name: other.name })),
	}));
	const located = candidates.filter((c) => c.latitude !== null && c.longitude !== null);
	const ids = new Set(located.map((c) => c.userId));
	const placedLocks = Object.fromEntries(Object.entries(locked).filter(([id]) => ids.has(id)));
	const heldKeys = new Set(Object.values(placedLocks));
	const topics = topicSlugs();
	const options: MatchOptions = {
		seed: settings.seed,
		groupSize: settings.groupSize,
		weights: settings.weights,
		locked: placedLocks,
		// Only for groups that still hold someone here, and only topics the network still has.
		lockedTopics: Object.fromEntries(Object.entries(lockedTopics).filter(([key, topic]) => heldKeys.has(key) && topics.includes(topic))),
		avoidPairs: (await earlierGroupMatePairs()).filter(([a, b]) => ids.has(a) && ids.has(b)),
	};
	const input: MatchInput = {
		participants: located.map((c) => ({
			id: c.userId,
			organization: c.organizationId,
			industry: c.industryCode,
			interests: c.interests,
			location: { lat: c.latitude!, lon: c.longitude! },
			sizeBand: c.sizeBand,
			conflicts: c.conflicts,
			label: personLabel(c),
		})),
		topics,
		options,
	};
	return { input, people, unlocated: people.filter((p) => !ids.has(p.id)) };
}

/**
 * What a new run keeps of the current draft. A group held as a whole stays exactly as it is, with
 * its topic, and never reaches the engine (which would fill it up). Seats held in other groups go
 * to the engine under a key made of their members, not of the draft's id: a draft gets new ids
 * at every save, and the same seats must give the same run. Their group keeps its topic too: the
 * board promises "the next run leaves the person in this group", and to the office a group is its
 * topic and the people it holds (the engine would otherwise pick the topic anew, and a person held
 * in their first choice could end up in another topic with the others held beside them).
 */
async function heldSeats() {
	const drafts = (await listGroups('draft')).filter((g) => g.members.length > 0);
	const whole = drafts.filter((g) => g.members.every((m) => m.locked));
	const locked: Record<string, string> = {};
	const lockedTopics: Record<string, string> = {};
	for (const group of drafts.filter((g) => !whole.includes(g))) {
		const seats = group.members.filter((m) => m.locked).map((m) => m.userId).sort();
		if (seats.length === 0) continue;
		for (const id of seats) locked[id] = `fest-${seats[0]}`;
		if (group.topicSlug) lockedTopics[`fest-${seats[0]}`] = group.topicSlug;
	}
	return { whole, locked, lockedTopics };
}

/**
 * Runs the engine on the members to be matched (held seats kept) and stores the proposal as the
 * new draft. Returns what the draft now holds, groups held as a whole included, and the engine's score.
 */
export async function runMatching(settings: RunSettings, actorId: string, now: Date = new Date()) {
	const { whole, locked, lockedTopics } = await heldSeats();
	// Members of a group held as a whole stay in it only while they may still have a seat.
	const seatable = new Set(whole.length === 0 ? [] : (await matchingCandidates(whole.flatMap((g) => g.members.map((m) => m.userId)))).map((c) => c.userId));
	const keptGroups: DraftGroup[] = whole
		.map((g) => {
			const members = g.members.map((m) => m.userId).filter((id) => seatable.has(id));
			return { topic: g.topicSlug, members, locked: members };
		})
		.filter((g) => g.members.length > 0);
	const kept = new Set(keptGroups.flatMap((g) => g.members));
	// A held seat stays when the office leaves its member out of the selection.
	const userIds = settings.userIds && [...new Set([...settings.userIds, ...Object.keys(locked)])];
	const { input, people } = await boardInput({ ...settings, userIds }, { locked, lockedTopics, kept });
	const placeable = new Set(input.participants.map((p) => p.id));
	const stranded = people.filter((p) => p.id in locked && !placeable.has(p.id));
	if (stranded.length > 0) {
		throw new DraftError(
			`Festgehaltene Plätze ohne Koordinaten: ${stranded.map((p) => personLabel(p)).join(', ')}. Bitte prüfen Sie den Ort im Mitgliedsdatensatz oder geben Sie den Platz frei; der bisherige Entwurf bleibt.`,
		);
	}
	const result = matchParticipants(input);
	if (result.groups.length === 0 && keptGroups.length === 0) {
		// Saved, this would erase the draft, and the reasons would be nowhere to read.
		const reasons = [...new Set(result.waitlist.map((w) => w.reason))].slice(0, 3);
		throw new DraftError(`Die Berechnung bildet keine Gruppe: ${reasons.join(' ') || 'Es ist niemand einzuteilen.'} Der bisherige Entwurf bleibt unverändert.`);
	}
	const groups: DraftGroup[] = [...keptGroups, ...result.groups.map((g) => ({ topic: g.topic, members: g.members, locked: g.members.filter((id) => id in locked) }))];
	await saveDraft(
		groups,
		{
			actorId,
			// The score is the engine's, over the groups it formed; groups held as a whole are in `kept`.
			parameters: { ...settings, locked, lockedTopics: input.options?.lockedTopics ?? {}, kept: keptGroups, avoidPairs: input.options?.avoidPairs?.length ?? 0 },
			input,
			result: { groups: result.groups.map((g) => ({ topic: g.topic, members: g.members })), waitlist: result.waitlist, objective: result.objective, stats: result.stats },
			score: result.objective.total,
		},
		actorId,
		now,
	);
	return { groups: groups.length, placed: groups.reduce((sum, g) => sum + g.members.length, 0), waitlisted: result.stats.waitlisted, total: result.objective.total };
}

/** Everything the board shows: drafts, the waitlist with reasons, the settings used last. */
export async function boardState() {
	const run = await latestRun();
	const settings: RunSettings = run ? { ...DEFAULT_SETTINGS, ...(run.parameters as Partial<RunSettings>) } : DEFAULT_SETTINGS;
	const drafts = await listGroups('draft');
	const { input, people, unlocated } = await boardInput({ ...settings, userIds: undefined });
	// The board's island evaluates the drafts itself (and again after every move), so nothing here does.
	const placed = new Set(drafts.flatMap((g) => g.members.map((m) => m.userId)));
	const reasons = new Map(((run?.result as { waitlist?: { id: string; reason: string }[] } | undefined)?.waitlist ?? []).map((w) => [w.id, w.reason]));
	// Who the last run was asked to place (all when it was not narrowed); the others were left out by the office.
	const chosen = settings.userIds ? new Set(settings.userIds) : null;
	const waitlist = people
		.filter((p) => !placed.has(p.id))
		.map((p) => ({
			person: p,
			reason:
				p.lat === null
					? 'Ohne Koordinaten (Postleitzahl außerhalb Thüringens oder unbekannt): bitte den Ort im Mitgliedsdatensatz prüfen.'
					: (reasons.get(p.id) ??
						(drafts.length === 0
							? 'Noch nicht eingeteilt.'
							: chosen && !chosen.has(p.id)
								? 'Bei der letzten Berechnung nicht dabei: unter „Wer wird eingeteilt?“ nicht ausgewählt oder erst danach aufgenommen.'
								: 'Im Entwurf keiner Gruppe zugeordnet.')),
		}));
	return { run, settings, drafts, input, people, unlocated, waitlist };
}

/**
 * The hard rules the saved drafts break (group size, one seat per company and WZ class, conflicts), in
 * German; publishing asks the office to confirm them explicitly.
 */
export function draftRuleViolations(state: Pick<Awaited<ReturnType<typeof boardState>>, 'input' | 'drafts'>): string[] {
	const drafts = state.drafts.map((g, i) => ({ topic: g.topicSlug, members: g.members.map((m) => m.userId), key: g.id, label: `Entwurf ${i + 1}` }));
	// The engine names its participants by their labels; a draft member it does not know (no
	// longer eligible) it can only name by id, which the office knows by name and company.
	const names = new Map(state.drafts.flatMap((g) => g.members.map((m) => [m.userId, personLabel(m)] as const)));
	const named = (message: string) => message.replace(/\b[a-z0-9]{8,32}\b/g, (id) => names.get(id) ?? id);
	return checkHardRules(state.input, drafts).map((v) => named(v.message));
}

/** What the publish form says about the saved draft; the board gets a new one after every save. */
export interface PublishSummary {
	/** `draftVersion` of the saved draft: what a confirmation is given for. */
	draft: string;
	violations: string[];
	groups: number;
	/** Members with a seat in the draft, who get a mail on publishing. */
	seated: number;
}

export function publishSummary(state: Awaited<ReturnType<typeof boardState>>): PublishSummary {
	return {
		draft: draftVersion(state.drafts),
		violations: draftRuleViolations(state),
		groups: state.drafts.length,
		seated: state.drafts.reduce((sum, g) => sum + g.members.length, 0),
	};
}

/** Stores the board as the office edited it (no engine run), unless the draft it was loaded with (`basedOn`) changed since. */
export async function saveBoard(groups: readonly DraftGroup[], actorId: string, basedOn: string): Promise<void> {
	await saveDraft(groups, null, actorId, new Date(), basedOn);
}
