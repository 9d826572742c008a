/**
 * The matching engine: participants in, proposed focus groups out. Pure: no I/O, no clock, no
 * `Math.random`; the same input and seed give the same result, whatever the order of the
 * participants or of object keys in the input.
 *
 * Hard rules: 5 to 6 members (configurable); nobody twice; no two members of one organization,
 * of one WZ class or of a conflict pair in a group; locked members stay in their group.
 * First as many people as possible are placed, then the objective is maximised:
 * Σ fit − 2·(pairs sharing a WZ division) − (Σ pairwise km)/100 − 3·(avoided pairs).
 */
import { bestTopic, evaluateOn, violationsOn } from './evaluate.ts';
import { buildProblem, byCodeUnits, type Problem } from './problem.ts';
import { waitReasons } from './reasons.ts';
import { defaultBudget, search } from './search.ts';
import type { MatchInput, MatchResult, MatchedGroup, Progress } from './types.ts';

export { checkHardRules, evaluateGroups } from './evaluate.ts';
export { EARTH_RADIUS_KM, haversineKm } from './geo.ts';
export { DEFAULT_GROUP_SIZE, DEFAULT_SEED, DEFAULT_WEIGHTS, MatchInputError, inputProblems } from './problem.ts';
export { defaultBudget } from './search.ts';
export * from './schema.ts';
export type * from './types.ts';

export interface MatchHooks {
	/** Called now and then during long runs, and once with phase 'done' at the end; it cannot influence the result. */
	onProgress?: ((progress: Progress) => void) | undefined;
}

/** Forms the groups. Throws `MatchInputError` (German message) for contradictory input. */
export function matchParticipants(input: MatchInput, hooks: MatchHooks = {}): MatchResult {
	const p = buildProblem(input);
	const budget = defaultBudget(p.n);
	const iterations = input.options?.iterations ?? budget.iterations;
	const restarts = Math.max(1, input.options?.restarts ?? budget.restarts);
	const warnings: string[] = [];

	let groupOf: Int32Array;
	let lockedSlots = p.lockedKeys.length;
	if (p.topicCount === 0) {
		groupOf = new Int32Array(p.n).fill(-1);
		lockedSlots = 0;
		// Nothing to search, but whoever shows progress still hears that the run is over.
		hooks.onProgress?.({ phase: 'done', done: 0, total: 0 });
		if (p.lockedKeys.length > 0)
			warnings.push('Ohne Thema lässt sich keine Gruppe bilden; die festen Zuordnungen bleiben diesmal unberücksichtigt.');
	} else {
		groupOf = search(p, { iterations, restarts, onProgress: hooks.onProgress }).groupOf;
	}

	const slots = new Map<number, number[]>();
	const waiting: number[] = [];
	for (let i = 0; i < p.n; i++) {
		const g = groupOf[i]!;
		if (g < 0) waiting.push(i);
		else slots.set(g, [...(slots.get(g) ?? []), i]);
	}
	const drafts = [...slots.entries()].map(([slot, members]) => ({
		slot,
		members,
		locked: slot < lockedSlots,
		topic: topicOf(p, slot < lockedSlots ? p.lockedTopic[slot]! : -1, members),
	}));
	const lockedDrafts = drafts.filter((d) => d.locked).sort((a, b) => a.slot - b.slot);
	const newDrafts = drafts
		.filter((d) => !d.locked)
		.sort((a, b) => byCodeUnits(a.topic, b.topic) || byCodeUnits(p.ids[a.members[0]!]!, p.ids[b.members[0]!]!));
	const takenKeys = new Set(p.lockedKeys);
	let nextKey = 1;
	const freshKey = () => {
		while (takenKeys.has(`neu-${nextKey}`)) nextKey++;
		return `neu-${nextKey++}`;
	};
	const proposal = [...lockedDrafts, ...newDrafts].map((d) => ({
		topic: d.topic,
		members: d.members.map((i) => p.ids[i]!),
		key: d.locked ? p.lockedKeys[d.slot]! : freshKey(),
		locked: d.locked,
	}));

	const evaluation = evaluateOn(p, proposal);
	const groups: MatchedGroup[] = proposal.map((g, k) => ({ ...g, breakdown: evaluation.groups[k]!.breakdown }));
	for (const v of violationsOn(p, proposal)) warnings.push(`Feste Zuordnung verletzt eine Regel: ${v.message}`);
	return {
		groups,
		waitlist: waitReasons(p, drafts.map((d) => d.members), waiting),
		objective: evaluation.objective,
		warnings,
		stats: {
			participants: p.n,
			placed: p.n - waiting.length,
			waitlisted: waiting.length,
			groups: groups.length,
			iterations,
			restarts,
			seed: p.seed,
		},
	};
}

function topicOf(p: Problem, fixed: number, members: number[]): string {
	if (fixed >= 0) return p.topics[fixed]!;
	return bestTopic(p, members) ?? '';
}
