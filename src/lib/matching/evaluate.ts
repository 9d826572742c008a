/**
 * Scoring and rule checking of any partition, the engine's own output or one the office edits on
 * the board. The engine reports its objective through `evaluateOn`, so "what the engine says" and
 * "what the board recomputes" can never differ.
 */
import { buildProblem, compatible, distanceKm, isAvoided, isConflict, type Problem } from './problem.ts';
import type {
	Evaluation,
	GroupBreakdown,
	MatchInput,
	MemberFit,
	Objective,
	ProposedGroup,
	Violation,
} from './types.ts';

/** Score, per-group breakdown and hard-rule violations of a partition of the input's participants. */
export function evaluateGroups(input: MatchInput, groups: readonly ProposedGroup[]): Evaluation {
	return evaluateOn(buildProblem(input, { matrices: false }), groups);
}

/** Every broken hard rule, in German; empty when the partition is valid. */
export function checkHardRules(input: MatchInput, groups: readonly ProposedGroup[]): Violation[] {
	return violationsOn(buildProblem(input, { matrices: false }), groups);
}

export function objectiveOf(p: Problem, parts: Omit<Objective, 'total'>): Objective {
	const w = p.weights;
	const total =
		parts.fit -
		w.sameDivisionPair * parts.sameDivisionPairs -
		(w.distancePer100Km * parts.distanceKm) / 100 -
		w.avoidedPair * parts.avoidedPairs;
	return { total, ...parts };
}

/** Points and rank of participant i for a topic slug (also for slugs outside the topic list). */
export function fitFor(p: Problem, i: number, topic: string | null): { rank: 1 | 2 | 3 | null; points: number } {
	const at = topic === null ? -1 : p.interests[i]!.indexOf(topic);
	if (at < 0 || at > 2) return { rank: null, points: p.weights.unlisted };
	return { rank: (at + 1) as 1 | 2 | 3, points: p.weights.fit[at]! };
}

/** The topic with the highest fit sum; ties go to the first slug in code-unit order. */
export function bestTopic(p: Problem, members: readonly number[]): string | null {
	let best: string | null = null;
	let bestSum = -Infinity;
	for (let t = 0; t < p.topicCount; t++) {
		let sum = 0;
		for (const i of members) sum += p.fit[i * p.topicCount + t]!;
		if (sum > bestSum) {
			bestSum = sum;
			best = p.topics[t]!;
		}
	}
	return best;
}

const knownMembers = (p: Problem, members: readonly string[]) => {
	const seen = new Set<number>();
	for (const id of members) {
		const i = p.index.get(id);
		if (i !== undefined) seen.add(i);
	}
	return [...seen];
};

export function evaluateOn(p: Problem, groups: readonly ProposedGroup[]): Evaluation {
	const total = { fit: 0, sameDivisionPairs: 0, distanceKm: 0, avoidedPairs: 0 };
	const placed = new Set<number>();
	const evaluated = groups.map((group) => {
		const members = knownMembers(p, group.members);
		for (const i of members) placed.add(i);
		const topic = group.topic ?? bestTopic(p, members);
		const breakdown = breakdownOf(p, members, topic);
		total.fit += breakdown.objective.fit;
		total.sameDivisionPairs += breakdown.objective.sameDivisionPairs;
		total.distanceKm += breakdown.objective.distanceKm;
		total.avoidedPairs += breakdown.objective.avoidedPairs;
		return { topic, members: members.map((i) => p.ids[i]!), breakdown };
	});
	return {
		objective: objectiveOf(p, total),
		groups: evaluated,
		violations: violationsOn(p, groups),
		unplaced: p.ids.filter((_, i) => !placed.has(i)),
	};
}

export function breakdownOf(p: Problem, members: readonly number[], topic: string | null): GroupBreakdown {
	const ids = members.map((i) => p.ids[i]!);
	const distances: GroupBreakdown['distances'] = [];
	const sameDivisionPairs: [string, string][] = [];
	const avoidedPairs: [string, string][] = [];
	const kmSum = new Float64Array(members.length);
	let distanceSum = 0;
	let maxDistanceKm = 0;
	for (let a = 0; a < members.length; a++) {
		for (let b = a + 1; b < members.length; b++) {
			const i = members[a]!;
			const j = members[b]!;
			const km = distanceKm(p, i, j);
			distances.push({ a: ids[a]!, b: ids[b]!, km });
			distanceSum += km;
			kmSum[a]! += km;
			kmSum[b]! += km;
			if (km > maxDistanceKm) maxDistanceKm = km;
			if (p.div[i] === p.div[j]) sameDivisionPairs.push([ids[a]!, ids[b]!]);
			if (isAvoided(p, i, j)) avoidedPairs.push([ids[a]!, ids[b]!]);
		}
	}
	let fit = 0;
	const memberFits: MemberFit[] = members.map((i, a) => {
		const { rank, points } = fitFor(p, i, topic);
		fit += points;
		return { id: ids[a]!, rank, points, meanDistanceKm: members.length > 1 ? kmSum[a]! / (members.length - 1) : 0 };
	});
	return {
		objective: objectiveOf(p, {
			fit,
			sameDivisionPairs: sameDivisionPairs.length,
			distanceKm: distanceSum,
			avoidedPairs: avoidedPairs.length,
		}),
		members: memberFits,
		industries: members.map((i) => ({ id: p.ids[i]!, industry: p.industry[i]!, division: p.industry[i]!.slice(0, 2) })),
		distances,
		meanDistanceKm: distances.length > 0 ? distanceSum / distances.length : 0,
		maxDistanceKm,
		sameDivisionPairs,
		avoidedPairs,
	};
}

const groupName = (group: ProposedGroup, g: number) => group.label ?? (group.key ? `Gruppe „${group.key}“` : `Gruppe ${g + 1}`);

export function violationsOn(p: Problem, groups: readonly ProposedGroup[]): Violation[] {
	const out: Violation[] = [];
	const where = new Map<string, number>();
	groups.forEach((group, g) => {
		const name = groupName(group, g);
		const seenHere = new Set<string>();
		for (const id of group.members) {
			if (!p.index.has(id)) {
				out.push({ rule: 'unknown', group: g, members: [id], message: `${name}: unbekannte Teilnehmer-ID „${id}“.` });
				continue;
			}
			if (seenHere.has(id)) {
				out.push({ rule: 'duplicate', group: g, members: [id], message: `${name}: „${id}“ steht doppelt in der Gruppe.` });
				continue;
			}
			seenHere.add(id);
			const earlier = where.get(id);
			if (earlier !== undefined)
				out.push({
					rule: 'duplicate',
					group: g,
					members: [id],
					message: `„${id}“ steht in zwei Gruppen (${groupName(groups[earlier]!, earlier)} und ${name}).`,
				});
			else where.set(id, g);
		}
		const size = seenHere.size;
		if (size < p.minSize || size > p.maxSize)
			out.push({
				rule: 'size',
				group: g,
				members: [...seenHere],
				message: `${name} hat ${size} Mitglieder (erlaubt: ${p.minSize === p.maxSize ? `genau ${p.minSize}` : `${p.minSize} bis ${p.maxSize}`}).`,
			});
		const members = [...seenHere].map((id) => p.index.get(id)!);
		for (let a = 0; a < members.length; a++) {
			for (let b = a + 1; b < members.length; b++) {
				const i = members[a]!;
				const j = members[b]!;
				if (compatible(p, i, j)) continue;
				const pair = [p.ids[i]!, p.ids[j]!];
				const both = `${p.labels[i]} und ${p.labels[j]}`;
				if (p.org[i] === p.org[j])
					out.push({ rule: 'organization', group: g, members: pair, message: `${name}: ${both} gehören zum selben Unternehmen.` });
				else if (p.cls[i] === p.cls[j])
					out.push({ rule: 'industry', group: g, members: pair, message: `${name}: ${both} haben dieselbe WZ-Klasse ${p.industry[i]} (Wettbewerber).` });
				else if (isConflict(p, i, j)) out.push({ rule: 'conflict', group: g, members: pair, message: `${name}: ${both} stehen im Konflikt.` });
			}
		}
		const topic = group.topic;
		if (topic !== undefined && topic !== null && !p.topics.includes(topic))
			out.push({ rule: 'topic', group: g, members: [], message: `${name}: das Thema „${topic}“ ist nicht zugelassen.` });
	});
	out.push(...lockViolations(p, groups));
	return out;
}

function lockViolations(p: Problem, groups: readonly ProposedGroup[]): Violation[] {
	const out: Violation[] = [];
	const groupOf = new Map<string, number>();
	groups.forEach((group, g) => {
		for (const id of group.members) if (!groupOf.has(id)) groupOf.set(id, g);
	});
	p.lockedKeys.forEach((key, l) => {
		const lockedIds = p.ids.filter((_, i) => p.lockedGroup[i] === l);
		const missing = lockedIds.filter((id) => !groupOf.has(id));
		if (missing.length > 0)
			out.push({
				rule: 'locked',
				group: null,
				members: missing,
				message: `Fest zur Gruppe „${key}“ gehören auch ${missing.join(', ')}, sie sind aber in keiner Gruppe.`,
			});
		const used = [...new Set(lockedIds.map((id) => groupOf.get(id)).filter((g) => g !== undefined))];
		if (used.length > 1)
			out.push({
				rule: 'locked',
				group: used[1]!,
				members: lockedIds,
				message: `Die fest zur Gruppe „${key}“ gehörenden Mitglieder (${lockedIds.join(', ')}) sind auf ${used.length} Gruppen verteilt.`,
			});
		for (const g of used) {
			const group = groups[g]!;
			if (group.key !== undefined && group.key !== key)
				out.push({
					rule: 'locked',
					group: g,
					members: lockedIds.filter((id) => groupOf.get(id) === g),
					message: `${groupName(group, g)} enthält fest zur Gruppe „${key}“ gehörende Mitglieder.`,
				});
			const fixedTopic = p.lockedTopic[l]!;
			const topic = group.topic;
			if (fixedTopic >= 0 && topic !== undefined && topic !== null && topic !== p.topics[fixedTopic])
				out.push({
					rule: 'topic',
					group: g,
					members: [],
					message: `${groupName(group, g)}: das Thema ist auf „${p.topics[fixedTopic]}“ festgelegt, nicht „${topic}“.`,
				});
		}
	});
	// Two locked groups merged into one.
	groups.forEach((group, g) => {
		const keys = new Set<string>();
		for (const id of group.members) {
			const i = p.index.get(id);
			if (i !== undefined && p.lockedGroup[i]! >= 0) keys.add(p.lockedKeys[p.lockedGroup[i]!]!);
		}
		if (keys.size > 1)
			out.push({
				rule: 'locked',
				group: g,
				members: [],
				message: `${groupName(group, g)} vereint Mitglieder mehrerer fester Gruppen (${[...keys].map((k) => `„${k}“`).join(', ')}).`,
			});
	});
	return out;
}
