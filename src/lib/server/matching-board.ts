/**
 * The office's group board: turns members in the database into the matching engine's input,
 * runs the engine, keeps the proposal as draft groups, and evaluates drafts the office edits.
 * The engine itself (src/lib/matching) stays pure; this module does the I/O around it.
 */
import { checkHardRules, matchParticipants, type MatchInput, type MatchOptions, type Weights } from '../matching/index.ts';
import { topicSlugs } from '../content/topic-list.ts';
import { draftVersion, earlierGroupMatePairs, latestRun, listGroups, matchingCandidates, saveDraft, type DraftGroup } from './groups.ts';

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
	/** Has not taken up the invitation yet: the office may rather wait before seating them. */
	invited: boolean;
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

/** The board's people and the engine input for them; members without coordinates cannot be placed. */
export async function boardInput(settings: RunSettings, { locked, lockedTopics }: LockedDrafts = { locked: {}, lockedTopics: {} }) {
	const candidates = await matchingCandidates(settings.userIds);
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
		invited: c.invited,
	}));
	const located = candidates.filter((c) => c.latitude !== null && c.longitude !== null);
	const ids = new Set(located.map((c) => c.userId));
	const options: MatchOptions = {
		seed: settings.seed,
		groupSize: settings.groupSize,
		weights: settings.weights,
		locked: Object.fromEntries(Object.entries(locked).filter(([id]) => ids.has(id))),
		// Only for groups that still have a locked member here, and only topics that still exist.
		lockedTopics: Object.fromEntries(
			Object.entries(lockedTopics).filter(([group, topic]) => topicSlugs().includes(topic) && Object.entries(locked).some(([id, key]) => key === group && ids.has(id))),
		),
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
		topics: topicSlugs(),
		options,
	};
	return { input, people, unlocated: people.filter((p) => !ids.has(p.id)) };
}

interface LockedDrafts {
	/** Member id → draft group id, for every locked seat. */
	locked: Record<string, string>;
	/** Draft group id → topic, for groups held as a whole: the office settled their topic too. */
	lockedTopics: Record<string, string>;
}

/** What a new run keeps of the current draft. */
async function lockedDrafts(): Promise<LockedDrafts> {
	const drafts = await listGroups('draft');
	return {
		locked: Object.fromEntries(drafts.flatMap((g) => g.members.filter((m) => m.locked).map((m) => [m.userId, g.id]))),
		lockedTopics: Object.fromEntries(drafts.filter((g) => g.members.length > 0 && g.members.every((m) => m.locked)).map((g) => [g.id, g.topicSlug])),
	};
}

/** Runs the engine on the members to be matched (locked seats kept) and stores the proposal as the new draft. */
export async function runMatching(settings: RunSettings, actorId: string, now: Date = new Date()) {
	const kept = await lockedDrafts();
	const { locked } = kept;
	const { input } = await boardInput(settings, kept);
	const lockedTopics = input.options?.lockedTopics ?? {};
	const result = matchParticipants(input);
	const groups: DraftGroup[] = result.groups.map((g) => ({ topic: g.topic, members: g.members, locked: g.members.filter((id) => id in locked) }));
	await saveDraft(
		groups,
		{
			actorId,
			parameters: { ...settings, locked, lockedTopics, avoidPairs: input.options?.avoidPairs?.length ?? 0 },
			input,
			result: { groups: result.groups.map((g) => ({ topic: g.topic, members: g.members })), waitlist: result.waitlist, objective: result.objective, stats: result.stats },
			score: result.objective.total,
		},
		actorId,
		now,
	);
	return result;
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
	const waitlist = people
		.filter((p) => !placed.has(p.id))
		.map((p) => ({
			person: p,
			reason:
				p.lat === null
					? 'Ohne Koordinaten (Postleitzahl außerhalb Thüringens oder unbekannt): bitte den Ort im Mitgliedsdatensatz prüfen.'
					: (reasons.get(p.id) ?? (drafts.length > 0 ? 'Im Entwurf keiner Gruppe zugeordnet.' : 'Noch nicht eingeteilt.')),
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
