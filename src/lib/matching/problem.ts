/**
 * The canonical form of a matching input: participants sorted by id and numbered, topics sorted,
 * every rule and cost as flat typed arrays. Sorting here is what makes results independent of the
 * order of participants and of object keys in the input.
 */
import { chordKm, unitVector } from './geo.ts';
import type { MatchInput, Weights } from './types.ts';

export const DEFAULT_WEIGHTS: Weights = {
	fit: [3, 2, 1],
	unlisted: -3,
	sameDivisionPair: 2,
	distancePer100Km: 1,
	avoidedPair: 3,
};
export const DEFAULT_GROUP_SIZE = { min: 5, max: 6 } as const;
export const DEFAULT_SEED = 1;

/** Below this many participants the engine keeps every pair cost and rule in a matrix. */
const MATRIX_LIMIT = 1500;

/** Semantically impossible input (the zod schema reports the same problems with their path). */
export class MatchInputError extends Error {
	override name = 'MatchInputError';
}

export interface Problem {
	n: number;
	/** Participant ids in code-unit order; the index into every array below. */
	ids: string[];
	index: Map<string, number>;
	topics: string[];
	topicCount: number;
	/** fit[i * topicCount + t]: points for participant i in a group of topic t. */
	fit: Float64Array;
	/** 1–3 for the participant's choice, 0 when unlisted. */
	rank: Uint8Array;
	/** Index of the first choice among the allowed topics, -1 when none. */
	first: Int32Array;
	org: Int32Array;
	cls: Int32Array;
	div: Int32Array;
	orgNames: string[];
	/** How messages name each participant (its label, or id and organization). */
	labels: string[];
	classCodes: string[];
	divisionCodes: string[];
	industry: string[];
	/** The ranked interests as given (also those outside the topic list). */
	interests: string[][];
	vx: Float64Array;
	vy: Float64Array;
	vz: Float64Array;
	lat: Float64Array;
	lon: Float64Array;
	hasConflict: Uint8Array;
	conflictKeys: Set<number>;
	hasAvoid: Uint8Array;
	avoidKeys: Set<number>;
	minSize: number;
	maxSize: number;
	weights: Weights;
	seed: number;
	/** Locked group of each participant, -1 when free. */
	lockedGroup: Int32Array;
	/** Keys of the locked groups, sorted; the locked group index points here. */
	lockedKeys: string[];
	/** Fixed topic of each locked group, -1 when the engine may choose. */
	lockedTopic: Int32Array;
	/** Pair costs and compatibility for small inputs; null above MATRIX_LIMIT. */
	costMatrix: Float64Array | null;
	compatMatrix: Uint8Array | null;
}

export const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface InputProblem {
	path: (string | number)[];
	message: string;
}

/**
 * Problems across fields that a per-field schema cannot see: duplicate ids, locks and pairs
 * naming unknown participants, impossible group sizes, locked topics outside the topic list.
 */
export function inputProblems(input: MatchInput): InputProblem[] {
	const problems: InputProblem[] = [];
	const firstAt = new Map<string, number>();
	input.participants.forEach((p, i) => {
		const earlier = firstAt.get(p.id);
		if (earlier === undefined) firstAt.set(p.id, i);
		else
			problems.push({
				path: ['participants', i, 'id'],
				message: `Die ID „${p.id}“ kommt doppelt vor (zuerst bei participants[${earlier}]).`,
			});
	});
	const options = input.options ?? {};
	const min = options.groupSize?.min ?? DEFAULT_GROUP_SIZE.min;
	const max = options.groupSize?.max ?? DEFAULT_GROUP_SIZE.max;
	if (!Number.isInteger(min) || min < 1)
		problems.push({ path: ['options', 'groupSize', 'min'], message: 'Die Mindestgröße muss eine ganze Zahl ab 1 sein.' });
	if (!Number.isInteger(max) || max < min)
		problems.push({
			path: ['options', 'groupSize', 'max'],
			message: `Die Höchstgröße muss eine ganze Zahl und mindestens so groß wie die Mindestgröße (${min}) sein.`,
		});
	const lockedKeys = new Set<string>();
	for (const [id, key] of Object.entries(options.locked ?? {})) {
		lockedKeys.add(key);
		if (!firstAt.has(id))
			problems.push({ path: ['options', 'locked', id], message: `Unbekannte Teilnehmer-ID „${id}“.` });
	}
	const topics = input.topics ? new Set(input.topics) : null;
	for (const [key, topic] of Object.entries(options.lockedTopics ?? {})) {
		if (!lockedKeys.has(key))
			problems.push({
				path: ['options', 'lockedTopics', key],
				message: `Zur Gruppe „${key}“ ist niemand fest zugeordnet (options.locked).`,
			});
		if (topics && !topics.has(topic))
			problems.push({
				path: ['options', 'lockedTopics', key],
				message: `Das Thema „${topic}“ steht nicht in der Liste der Themen (topics).`,
			});
	}
	(options.avoidPairs ?? []).forEach((pair, i) => {
		pair.forEach((id, side) => {
			if (!firstAt.has(id))
				problems.push({ path: ['options', 'avoidPairs', i, side], message: `Unbekannte Teilnehmer-ID „${id}“.` });
		});
	});
	return problems;
}

export const pairKey = (n: number, i: number, j: number) => (i < j ? i * n + j : j * n + i);

/**
 * The canonical instance. `matrices: false` skips the O(n²) pair tables, for one-off
 * evaluations such as the board's "what if I move this member".
 */
export function buildProblem(input: MatchInput, { matrices = true }: { matrices?: boolean } = {}): Problem {
	const problems = inputProblems(input);
	if (problems.length > 0) throw new MatchInputError(problems.map((p) => p.message).join(' '));
	const options = input.options ?? {};
	const weights: Weights = { ...DEFAULT_WEIGHTS, ...definedOnly(options.weights ?? {}) };
	const participants = [...input.participants].sort((a, b) => byCodeUnits(a.id, b.id));
	const n = participants.length;
	const ids = participants.map((p) => p.id);
	const index = new Map(ids.map((id, i) => [id, i]));

	const lockedKeys = [...new Set(Object.values(options.locked ?? {}))].sort(byCodeUnits);
	const topicSet = new Set<string>(input.topics ?? participants.flatMap((p) => p.interests));
	if (!input.topics) for (const topic of Object.values(options.lockedTopics ?? {})) topicSet.add(topic);
	const topics = [...topicSet].sort(byCodeUnits);
	const topicIndex = new Map(topics.map((t, i) => [t, i]));
	const T = topics.length;

	const fit = new Float64Array(n * T).fill(weights.unlisted);
	const rank = new Uint8Array(n * T);
	const first = new Int32Array(n).fill(-1);
	participants.forEach((p, i) => {
		p.interests.slice(0, 3).forEach((slug, r) => {
			const t = topicIndex.get(slug);
			if (t === undefined || rank[i * T + t] !== 0) return;
			rank[i * T + t] = r + 1;
			fit[i * T + t] = weights.fit[r]!;
			if (first[i] === -1) first[i] = t;
		});
	});

	const numbering = (values: string[]) => {
		const names = [...new Set(values)].sort(byCodeUnits);
		const at = new Map(names.map((v, i) => [v, i]));
		return { names, codes: Int32Array.from(values, (v) => at.get(v)!) };
	};
	const orgs = numbering(participants.map((p) => p.organization));
	const classes = numbering(participants.map((p) => p.industry));
	const divisions = numbering(participants.map((p) => p.industry.slice(0, 2)));

	const vx = new Float64Array(n);
	const vy = new Float64Array(n);
	const vz = new Float64Array(n);
	participants.forEach((p, i) => {
		[vx[i], vy[i], vz[i]] = unitVector(p.location);
	});

	const membersOf = new Map<string, number[]>();
	participants.forEach((p, i) => membersOf.set(p.organization, [...(membersOf.get(p.organization) ?? []), i]));
	const hasConflict = new Uint8Array(n);
	const conflictKeys = new Set<number>();
	participants.forEach((p, i) => {
		for (const other of p.conflicts ?? []) {
			for (const j of membersOf.get(other) ?? []) {
				if (j === i || orgs.codes[j] === orgs.codes[i]) continue;
				conflictKeys.add(pairKey(n, i, j));
				hasConflict[i] = 1;
				hasConflict[j] = 1;
			}
		}
	});
	const hasAvoid = new Uint8Array(n);
	const avoidKeys = new Set<number>();
	for (const [a, b] of options.avoidPairs ?? []) {
		const i = index.get(a)!;
		const j = index.get(b)!;
		if (i === j) continue;
		avoidKeys.add(pairKey(n, i, j));
		hasAvoid[i] = 1;
		hasAvoid[j] = 1;
	}

	const lockedGroup = new Int32Array(n).fill(-1);
	const keyIndex = new Map(lockedKeys.map((k, g) => [k, g]));
	for (const [id, key] of Object.entries(options.locked ?? {})) lockedGroup[index.get(id)!] = keyIndex.get(key)!;
	const lockedTopic = Int32Array.from(lockedKeys, (key) => {
		const topic = options.lockedTopics?.[key];
		return topic === undefined ? -1 : topicIndex.get(topic)!;
	});

	const problem: Problem = {
		n,
		ids,
		index,
		topics,
		topicCount: T,
		fit,
		rank,
		first,
		org: orgs.codes,
		cls: classes.codes,
		div: divisions.codes,
		orgNames: orgs.names,
		labels: participants.map((p) => p.label ?? `${p.id} (${p.organization})`),
		classCodes: classes.names,
		divisionCodes: divisions.names,
		industry: participants.map((p) => p.industry),
		interests: participants.map((p) => p.interests.slice(0, 3)),
		vx,
		vy,
		vz,
		lat: Float64Array.from(participants, (p) => p.location.lat),
		lon: Float64Array.from(participants, (p) => p.location.lon),
		hasConflict,
		conflictKeys,
		hasAvoid,
		avoidKeys,
		minSize: options.groupSize?.min ?? DEFAULT_GROUP_SIZE.min,
		maxSize: options.groupSize?.max ?? DEFAULT_GROUP_SIZE.max,
		weights,
		seed: options.seed ?? DEFAULT_SEED,
		lockedGroup,
		lockedKeys,
		lockedTopic,
		costMatrix: null,
		compatMatrix: null,
	};
	if (matrices && n <= MATRIX_LIMIT) {
		const costMatrix = new Float64Array(n * n);
		const compatMatrix = new Uint8Array(n * n);
		for (let i = 0; i < n; i++) {
			for (let j = i + 1; j < n; j++) {
				const c = pairCost(problem, i, j);
				costMatrix[i * n + j] = c;
				costMatrix[j * n + i] = c;
				const ok = compatible(problem, i, j) ? 1 : 0;
				compatMatrix[i * n + j] = ok;
				compatMatrix[j * n + i] = ok;
			}
		}
		problem.costMatrix = costMatrix;
		problem.compatMatrix = compatMatrix;
	}
	return problem;
}

function definedOnly<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
		[K in keyof T]?: Exclude<T[K], undefined>;
	};
}

export function distanceKm(p: Problem, i: number, j: number): number {
	return chordKm(p.vx[i]!, p.vy[i]!, p.vz[i]!, p.vx[j]!, p.vy[j]!, p.vz[j]!);
}

export const isAvoided = (p: Problem, i: number, j: number) =>
	p.hasAvoid[i] === 1 && p.hasAvoid[j] === 1 && p.avoidKeys.has(pairKey(p.n, i, j));

export const isConflict = (p: Problem, i: number, j: number) =>
	p.hasConflict[i] === 1 && p.hasConflict[j] === 1 && p.conflictKeys.has(pairKey(p.n, i, j));

/** Whether two participants may share a group (hard rules: organization, WZ class, conflicts; pair-rules.ts states them for checks outside a run). */
export function compatible(p: Problem, i: number, j: number): boolean {
	return p.org[i] !== p.org[j] && p.cls[i] !== p.cls[j] && !isConflict(p, i, j);
}

/** What a pair costs the objective when it shares a group (division, distance, avoided pair). */
export function pairCost(p: Problem, i: number, j: number): number {
	const w = p.weights;
	let c = (w.distancePer100Km * distanceKm(p, i, j)) / 100;
	if (p.div[i] === p.div[j]) c += w.sameDivisionPair;
	if (isAvoided(p, i, j)) c += w.avoidedPair;
	return c;
}
