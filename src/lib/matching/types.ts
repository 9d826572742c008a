/**
 * Plain data in and out of the matching engine. The shapes of `MatchResult.groups[].topic/members`,
 * `waitlist` and `objective` are the command line's contract (issue "Systematic matching"); every
 * other field is an addition for the office's group board.
 */

export interface Location {
	lat: number;
	lon: number;
}

export interface Participant {
	id: string;
	organization: string;
	/** WZ 2008 class such as `28.41`; the first two digits are the division. */
	industry: string;
	/** Up to three topic slugs, first choice first. */
	interests: readonly string[];
	location: Location;
	sizeBand?: string | null | undefined;
	/** Organization ids this participant must not share a group with (either side suffices). */
	conflicts?: readonly string[] | undefined;
	/** How rule messages name the participant, e.g. "Katrin Vogler (Gerbertal GmbH)"; id and organization when absent. */
	label?: string | undefined;
}

export interface Weights {
	/** Points for a member whose group topic is their 1st, 2nd, 3rd choice. */
	fit: readonly [number, number, number];
	/** Points (usually negative) when the group topic is none of the member's choices. */
	unlisted: number;
	/** Penalty per pair in a group sharing a WZ division. */
	sameDivisionPair: number;
	/** Penalty per 100 km of great-circle distance, summed over the pairs of a group. */
	distancePer100Km: number;
	/** Penalty per pair in a group that should be avoided (e.g. earlier group mates). */
	avoidedPair: number;
}

export interface MatchOptions {
	groupSize?: { min?: number | undefined; max?: number | undefined } | undefined;
	weights?: { [K in keyof Weights]?: Weights[K] | undefined } | undefined;
	/** Seed of the pseudo-random generator; same input and seed give the same result. */
	seed?: number | undefined;
	/**
	 * Participant id → group key. Locked members stay together in that group; the group may
	 * receive further members into open seats. Keys are free text chosen by the caller.
	 */
	locked?: Readonly<Record<string, string>> | undefined;
	/** Group key → topic slug for locked groups whose focus topic is settled. */
	lockedTopics?: Readonly<Record<string, string>> | undefined;
	/** Pairs of participant ids that should not meet again (penalised, not forbidden). */
	avoidPairs?: readonly (readonly [string, string])[] | undefined;
	/** Improvement steps of the local search; the default grows with the number of participants. */
	iterations?: number | undefined;
	/** Independent starts (the best one wins); the default depends on the number of participants. */
	restarts?: number | undefined;
}

export interface MatchInput {
	participants: readonly Participant[];
	/** Topics a group may take; default: every slug some participant mentions. */
	topics?: readonly string[] | undefined;
	options?: MatchOptions | undefined;
}

export interface Progress {
	phase: 'construct' | 'improve' | 'done';
	/** Steps done out of `total`; for display only. */
	done: number;
	total: number;
}

/** Reported parts of the objective; `total = fit − w·sameDivisionPairs − w·distanceKm/100 − w·avoidedPairs`. */
export interface Objective {
	total: number;
	/** Sum of the members' fit points. */
	fit: number;
	/** Number of pairs sharing a WZ division. */
	sameDivisionPairs: number;
	/** Sum of pairwise great-circle distances in km. */
	distanceKm: number;
	/** Number of pairs from `avoidPairs` that share a group. */
	avoidedPairs: number;
}

export interface MemberFit {
	id: string;
	/** 1, 2 or 3 for the member's choice; null when the topic is none of them. */
	rank: 1 | 2 | 3 | null;
	points: number;
	/** Mean great-circle km to the other members. */
	meanDistanceKm: number;
}

export interface PairDistance {
	a: string;
	b: string;
	km: number;
}

export interface GroupBreakdown {
	/** This group's share of the objective; the shares add up to the total. */
	objective: Objective;
	members: MemberFit[];
	/** Members with their WZ class and division, in member order. */
	industries: { id: string; industry: string; division: string }[];
	/** Every pair of members with its distance. */
	distances: PairDistance[];
	meanDistanceKm: number;
	maxDistanceKm: number;
	sameDivisionPairs: [string, string][];
	avoidedPairs: [string, string][];
}

export interface MatchedGroup {
	topic: string;
	/** Participant ids, sorted. */
	members: string[];
	/** The locked key for locked groups; `neu-1`, `neu-2`, … for new ones (never a locked key). */
	key: string;
	/** Whether the group holds locked members. */
	locked: boolean;
	breakdown: GroupBreakdown;
}

export type WaitReasonCode =
	| 'no-topic'
	| 'industry-class-full'
	| 'organization-full'
	| 'blocked'
	/** Fits a group with room, yet was not placed: should not happen (the engine places whoever fits). */
	| 'unplaced'
	| 'too-few';

export interface WaitlistEntry {
	id: string;
	/** German, for the office and the member. */
	reason: string;
	code: WaitReasonCode;
}

export interface MatchResult {
	groups: MatchedGroup[];
	waitlist: WaitlistEntry[];
	objective: Objective;
	/** German notes on locked input the engine had to keep although it breaks a rule. */
	warnings: string[];
	stats: { participants: number; placed: number; waitlisted: number; groups: number; iterations: number; restarts: number; seed: number };
}

export type ViolationRule =
	| 'unknown'
	| 'duplicate'
	| 'size'
	| 'organization'
	| 'industry'
	| 'conflict'
	| 'locked'
	| 'topic';

export interface Violation {
	rule: ViolationRule;
	/** Index into the evaluated groups; null for violations outside one group. */
	group: number | null;
	members: string[];
	/** German. */
	message: string;
}

/** A partition as the board holds it: topic null lets the evaluation pick the best topic. */
export interface ProposedGroup {
	topic?: string | null | undefined;
	members: readonly string[];
	key?: string | undefined;
	/** How messages name the group for people (e.g. „Entwurf 2“); default: its key or number. */
	label?: string | undefined;
}

export interface Evaluation {
	objective: Objective;
	groups: { topic: string | null; members: string[]; breakdown: GroupBreakdown }[];
	violations: Violation[];
	/** Participants of the input that are in no group. */
	unplaced: string[];
}
