import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { solveExact } from '../../bench/matching-milp.ts';
import { generateInstance } from '../../bench/matching-instances.ts';
import { type MatchInput, matchParticipants } from '../../src/lib/matching/index.ts';
import { instanceArbitrary } from '../fixtures/matching/instances.ts';

/**
 * The true optimum by exhaustive enumeration, written independently of the engine: every
 * compatible group of min..max members gets its best topic, then every partition of the
 * participants into such groups (the rest waiting) is tried. Lexicographic: placed, then score.
 */
function bruteForce(input: MatchInput): { placed: number; total: number } {
	const people = input.participants;
	const n = people.length;
	const min = input.options?.groupSize?.min ?? 5;
	const max = input.options?.groupSize?.max ?? 6;
	const topics = [...new Set(people.flatMap((p) => p.interests))];
	const avoid = new Set((input.options?.avoidPairs ?? []).map(([a, b]) => [a, b].sort().join('|')));
	const km = (i: number, j: number) => {
		const rad = Math.PI / 180;
		const a = people[i]!.location;
		const b = people[j]!.location;
		const h =
			Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
			Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
		return 2 * 6371 * Math.asin(Math.sqrt(h));
	};
	const clash = (i: number, j: number) => {
		const p = people[i]!;
		const q = people[j]!;
		return (
			p.organization === q.organization ||
			p.industry === q.industry ||
			(p.conflicts ?? []).includes(q.organization) ||
			(q.conflicts ?? []).includes(p.organization)
		);
	};
	const fit = (i: number, topic: string) => {
		const rank = people[i]!.interests.indexOf(topic);
		return rank < 0 ? -3 : [3, 2, 1][rank]!;
	};
	const value = new Map<number, number>();
	// Without any topic no group can have a focus, so everybody waits (as in the engine).
	for (let mask = 1; topics.length > 0 && mask < 1 << n; mask++) {
		const members = people.map((_, i) => i).filter((i) => mask & (1 << i));
		if (members.length < min || members.length > max) continue;
		let pairs = 0;
		let ok = true;
		for (const i of members)
			for (const j of members) {
				if (j <= i) continue;
				if (clash(i, j)) ok = false;
				pairs += km(i, j) / 100;
				if (people[i]!.industry.slice(0, 2) === people[j]!.industry.slice(0, 2)) pairs += 2;
				if (avoid.has([people[i]!.id, people[j]!.id].sort().join('|'))) pairs += 3;
			}
		if (!ok) continue;
		const best = Math.max(...topics.map((t) => members.reduce((sum, i) => sum + fit(i, t), 0)));
		value.set(mask, best - pairs);
	}
	const groups = [...value.entries()];
	let best = { placed: 0, total: 0 };
	const walk = (rest: number, placed: number, total: number) => {
		if (rest === 0) {
			if (placed > best.placed || (placed === best.placed && total > best.total)) best = { placed, total };
			return;
		}
		const low = rest & -rest;
		walk(rest & ~low, placed, total); // the lowest remaining person waits
		for (const [mask, v] of groups)
			if (mask & low && (mask & rest) === mask) walk(rest & ~mask, placed + popcount(mask), total + v);
	};
	walk((1 << n) - 1, 0, 0);
	return best;
}

const popcount = (x: number) => {
	let c = 0;
	for (; x; x &= x - 1) c++;
	return c;
};

describe('the engine reaches the proven optimum on small instances', () => {
	test(
		'equal to exhaustive enumeration for up to 12 participants (fast-check)',
		() => {
			let placedSomewhere = 0;
			fc.assert(
				fc.property(instanceArbitrary({ minN: 5, maxN: 12, minClasses: 6 }), (generated) => {
					// Default effort, as in production; the generated seed varies the search.
					const input: MatchInput = {
						...generated,
						options: { ...generated.options, iterations: undefined, restarts: undefined },
					};
					const exact = bruteForce(input);
					const result = matchParticipants(input);
					expect(result.stats.placed).toBe(exact.placed);
					expect(result.objective.total).toBeCloseTo(exact.total, 6);
					placedSomewhere += exact.placed > 0 ? 1 : 0;
				}),
				{ numRuns: 150 },
			);
			// Most instances must be non-trivial for this to mean anything.
			expect(placedSomewhere).toBeGreaterThan(75);
		},
		300_000,
	);

	test.each([
		['at 2500 iterations', NEAR_TIE],
		['at 5000 iterations (7 millionths below)', NEAR_TIE_AT_5000],
	])('a near-tie the default effort once missed %s (found by the property test above) is solved exactly', (_, json) => {
		const input = JSON.parse(json) as MatchInput;
		const exact = bruteForce(input);
		const result = matchParticipants({ ...input, options: { ...input.options, iterations: undefined, restarts: undefined } });
		expect(result.stats.placed).toBe(exact.placed);
		expect(result.objective.total).toBeCloseTo(exact.total, 6);
	});

	test(
		'equal to the HiGHS MILP optimum on realistic instances (N = 10 and 13)',
		async () => {
			for (const [n, seed] of [
				[10, 4],
				[13, 2],
			] as const) {
				const input = generateInstance(n, seed);
				const exact = await solveExact(input, 60);
				expect(exact.status).toBe('optimal');
				const result = matchParticipants(input);
				expect(result.stats.placed).toBe(exact.placed);
				expect(result.objective.total).toBeCloseTo(exact.objective!.total, 6);
			}
		},
		180_000,
	);
});

/** 11 participants, one of them 111 m from the others: 2500 iterations ended 0.0011 below the optimum. */
const NEAR_TIE = "{\"participants\":[{\"id\":\"p1\",\"organization\":\"o0\",\"industry\":\"22.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9}},{\"id\":\"p2\",\"organization\":\"o3\",\"industry\":\"24.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9}},{\"id\":\"p3\",\"organization\":\"o3\",\"industry\":\"22.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9}},{\"id\":\"p4\",\"organization\":\"o0\",\"industry\":\"25.10\",\"interests\":[\"digitalisierung-automatisierung\"],\"location\":{\"lat\":50.2,\"lon\":9.9}},{\"id\":\"p5\",\"organization\":\"o2\",\"industry\":\"27.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9}},{\"id\":\"p6\",\"organization\":\"o8\",\"industry\":\"23.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9}},{\"id\":\"p7\",\"organization\":\"o4\",\"industry\":\"24.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9}},{\"id\":\"p8\",\"organization\":\"o5\",\"industry\":\"26.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9},\"conflicts\":[\"o2\"]},{\"id\":\"p9\",\"organization\":\"o6\",\"industry\":\"23.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9}},{\"id\":\"p10\",\"organization\":\"o8\",\"industry\":\"25.10\",\"interests\":[],\"location\":{\"lat\":50.201,\"lon\":9.9}},{\"id\":\"p11\",\"organization\":\"o5\",\"industry\":\"26.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9}}],\"options\":{\"groupSize\":{\"min\":5,\"max\":6},\"seed\":3,\"iterations\":400,\"restarts\":3}}";
// Found on 29.11.2026 (fast-check seed -353985839): 11 people, seed 995.
const NEAR_TIE_AT_5000 = "{\"participants\":[{\"id\":\"p1\",\"organization\":\"o5\",\"industry\":\"22.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9},\"conflicts\":[\"o4\"]},{\"id\":\"p2\",\"organization\":\"o3\",\"industry\":\"27.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9}},{\"id\":\"p3\",\"organization\":\"o0\",\"industry\":\"22.11\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9}},{\"id\":\"p4\",\"organization\":\"o3\",\"industry\":\"23.10\",\"interests\":[\"unternehmensfuehrung\"],\"location\":{\"lat\":50.2,\"lon\":9.9},\"conflicts\":[\"o6\"]},{\"id\":\"p5\",\"organization\":\"o6\",\"industry\":\"24.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.9}},{\"id\":\"p6\",\"organization\":\"o1\",\"industry\":\"26.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":10.018}},{\"id\":\"p7\",\"organization\":\"o1\",\"industry\":\"25.10\",\"interests\":[\"kundenbindung\",\"unternehmensfuehrung\"],\"location\":{\"lat\":50.2,\"lon\":9.9},\"conflicts\":[\"o4\"]},{\"id\":\"p8\",\"organization\":\"o2\",\"industry\":\"23.10\",\"interests\":[],\"location\":{\"lat\":50.2,\"lon\":9.901},\"conflicts\":[\"o3\"]},{\"id\":\"p9\",\"organization\":\"o0\",\"industry\":\"22.10\",\"interests\":[\"kundenbindung\"],\"location\":{\"lat\":50.921,\"lon\":10.428}},{\"id\":\"p10\",\"organization\":\"o2\",\"industry\":\"25.10\",\"interests\":[],\"location\":{\"lat\":50.937,\"lon\":10.44}},{\"id\":\"p11\",\"organization\":\"o0\",\"industry\":\"25.10\",\"interests\":[\"energieeffizienz\"],\"location\":{\"lat\":50.824,\"lon\":9.9}}],\"options\":{\"groupSize\":{\"min\":4,\"max\":6},\"seed\":995,\"iterations\":0,\"restarts\":1}}";
