import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
	checkHardRules,
	evaluateGroups,
	type MatchInput,
	type MatchResult,
	matchParticipants,
	parseMatchInput,
} from '../../src/lib/matching/index.ts';
import { instanceArbitrary, maxSplittable, reordered } from '../fixtures/matching/instances.ts';

const RUNS = { numRuns: 120 };
const TIMEOUT = 120_000;

const sizeOf = (input: MatchInput) => ({
	min: input.options?.groupSize?.min ?? 5,
	max: input.options?.groupSize?.max ?? 6,
});

/** Two participants may share a group (the test's own reading of the hard rules). */
function compatibleIn(input: MatchInput) {
	const byId = new Map(input.participants.map((p) => [p.id, p]));
	return (a: string, b: string) => {
		const p = byId.get(a)!;
		const q = byId.get(b)!;
		return (
			p.organization !== q.organization &&
			p.industry !== q.industry &&
			!(p.conflicts ?? []).includes(q.organization) &&
			!(q.conflicts ?? []).includes(p.organization)
		);
	};
}

function expectPartition(input: MatchInput, result: MatchResult) {
	const ids = input.participants.map((p) => p.id).sort();
	const out = [...result.groups.flatMap((g) => g.members), ...result.waitlist.map((w) => w.id)].sort();
	expect(out).toEqual(ids);
}

describe('matchParticipants on random instances (fast-check)', () => {
	test(
		'the generated inputs are valid by the CLI schema',
		() => {
			fc.assert(
				fc.property(instanceArbitrary(), (input) => {
					expect(parseMatchInput(input)).toMatchObject({ ok: true });
				}),
				{ numRuns: 60 },
			);
		},
		TIMEOUT,
	);

	test(
		'output is a partition of the input, hard rules hold, every waiting person has a reason',
		() => {
			fc.assert(
				fc.property(instanceArbitrary(), (input) => {
					const result = matchParticipants(input);
					expectPartition(input, result);
					expect(checkHardRules(input, result.groups)).toEqual([]);
					const { min, max } = sizeOf(input);
					const ok = compatibleIn(input);
					for (const g of result.groups) {
						expect(g.members.length).toBeGreaterThanOrEqual(min);
						expect(g.members.length).toBeLessThanOrEqual(max);
						for (const a of g.members) for (const b of g.members) if (a < b) expect(ok(a, b)).toBe(true);
					}
					for (const w of result.waitlist) expect(w.reason.length).toBeGreaterThan(20);
					// Nobody waits who fits a group with room: the last improvement may free such a seat, and placing comes first.
					for (const w of result.waitlist) {
						expect(w.code).not.toBe('unplaced');
						for (const g of result.groups.filter((g) => g.members.length < max)) expect(g.members.some((m) => !ok(w.id, m)), `${w.id} passt in ${g.members.join(', ')}`).toBe(true);
					}
					expect(result.warnings).toEqual([]);
				}),
				RUNS,
			);
		},
		TIMEOUT,
	);

	test(
		'the same holds for larger inputs, where only nearby groups are compared',
		() => {
			fc.assert(
				fc.property(instanceArbitrary({ minN: 250, maxN: 400 }), (input) => {
					const result = matchParticipants(input);
					expectPartition(input, result);
					expect(checkHardRules(input, result.groups)).toEqual([]);
					expect(evaluateGroups(input, result.groups).objective).toEqual(result.objective);
					expect(matchParticipants(reordered(input, [...input.participants.keys()].reverse()))).toEqual(result);
				}),
				{ numRuns: 12 },
			);
		},
		TIMEOUT,
	);

	test(
		'the reported objective is exactly what evaluateGroups computes for the output',
		() => {
			fc.assert(
				fc.property(instanceArbitrary(), (input) => {
					const result = matchParticipants(input);
					const evaluation = evaluateGroups(input, result.groups);
					expect(evaluation.objective).toEqual(result.objective);
					expect(evaluation.violations).toEqual([]);
					expect(evaluation.unplaced.sort()).toEqual(result.waitlist.map((w) => w.id).sort());
					const parts = result.groups.reduce((sum, g) => sum + g.breakdown.objective.total, 0);
					expect(parts).toBeCloseTo(result.objective.total, 6);
				}),
				RUNS,
			);
		},
		TIMEOUT,
	);

	test(
		'deterministic: same input and seed give the same result, whatever the order of participants and keys',
		() => {
			fc.assert(
				fc.property(
					instanceArbitrary({ maxN: 24 }).chain((input) =>
						fc.tuple(fc.constant(input), fc.shuffledSubarray([...input.participants.keys()], {
							minLength: input.participants.length,
							maxLength: input.participants.length,
						})),
					),
					([input, order]) => {
						const first = matchParticipants(input);
						expect(matchParticipants(input)).toEqual(first);
						expect(matchParticipants(reordered(input, order))).toEqual(first);
					},
				),
				{ numRuns: 60 },
			);
		},
		TIMEOUT,
	);

	test('a run with nothing to search (no topic anywhere) still reports its end', () => {
		// Found by the property below (seed -442137709): five people, no interests, no topic list.
		const person = (i: number) => ({ id: `p${i}`, organization: 'o0', industry: '22.10', interests: [], location: { lat: 50.2, lon: 9.9 } });
		const phases: string[] = [];
		const result = matchParticipants({ participants: [1, 2, 3, 4, 5].map(person), options: { groupSize: { min: 5, max: 6 }, seed: 924 } }, { onProgress: (p) => phases.push(p.phase) });
		expect(result.groups).toEqual([]);
		expect(phases).toEqual(['done']);
	});

	test(
		'a progress callback sees the run but does not change it',
		() => {
			fc.assert(
				fc.property(instanceArbitrary({ minN: 5 }), (input) => {
					const seen: number[] = [];
					const watched = matchParticipants(input, { onProgress: (p) => seen.push(p.done) });
					expect(watched).toEqual(matchParticipants(input));
					expect(seen.length).toBeGreaterThan(0);
				}),
				{ numRuns: 30 },
			);
		},
		TIMEOUT,
	);

	test(
		'nobody waits without need: with no rule in the way exactly the unsplittable rest waits',
		() => {
			fc.assert(
				fc.property(
					fc.integer({ min: 0, max: 60 }),
					fc.constantFrom({ min: 5, max: 6 }, { min: 3, max: 4 }, { min: 4, max: 5 }),
					fc.nat({ max: 100 }),
					(n, groupSize, seed) => {
						const input: MatchInput = {
							participants: Array.from({ length: n }, (_, i) => ({
								id: `p${i}`,
								organization: `o${i}`,
								industry: `${10 + (i % 80)}.${10 + Math.floor(i / 80)}`,
								interests: [['energieeffizienz', 'kundenbindung', 'mitarbeitergewinnung'][i % 3]!],
								location: { lat: 50.5 + (i % 7) * 0.1, lon: 10.5 + (i % 5) * 0.2 },
							})),
							options: { groupSize, seed, iterations: 100, restarts: 1 },
						};
						const result = matchParticipants(input);
						expect(result.stats.placed).toBe(maxSplittable(n, groupSize.min, groupSize.max));
						for (const w of result.waitlist) expect(w.reason).toMatch(/^Zu wenige Teilnehmende für (eine|eine weitere) Gruppe/);
					},
				),
				{ numRuns: 80 },
			);
		},
		TIMEOUT,
	);

	test(
		'waiting only when needed: no group with a free seat could take a waiting person',
		() => {
			fc.assert(
				fc.property(instanceArbitrary(), (input) => {
					const result = matchParticipants(input);
					const { max } = sizeOf(input);
					const ok = compatibleIn(input);
					for (const w of result.waitlist)
						for (const g of result.groups)
							if (g.members.length < max) expect(g.members.every((m) => ok(m, w.id))).toBe(false);
				}),
				RUNS,
			);
		},
		TIMEOUT,
	);

	test(
		'a locked re-run keeps locked members in their groups and the topics set for them',
		() => {
			fc.assert(
				fc.property(
					instanceArbitrary({ minN: 10, maxN: 30 }),
					fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
					fc.nat({ max: 8 }),
					(input, lockGroup, newcomers) => {
						const first = matchParticipants(input);
						const locked: Record<string, string> = {};
						const lockedTopics: Record<string, string> = {};
						first.groups.forEach((g, k) => {
							if (!lockGroup[k % lockGroup.length]) return;
							for (const id of g.members) locked[id] = `fest-${k}`;
							lockedTopics[`fest-${k}`] = g.topic;
						});
						const base = input.participants[0]!;
						const added = Array.from({ length: newcomers }, (_, k) => ({
							...base,
							id: `neu${k}`,
							organization: `neu-o${k}`,
							industry: `9${k % 10}.${10 + k}`,
							conflicts: [],
						}));
						const rerun: MatchInput = {
							participants: [...input.participants, ...added],
							options: { ...input.options, locked, lockedTopics },
						};
						const result = matchParticipants(rerun);
						expectPartition(rerun, result);
						expect(checkHardRules(rerun, result.groups)).toEqual([]);
						for (const [key, topic] of Object.entries(lockedTopics)) {
							const group = result.groups.find((g) => g.key === key)!;
							expect(group.locked).toBe(true);
							expect(group.topic).toBe(topic);
							const mine = Object.entries(locked).filter(([, k]) => k === key).map(([id]) => id);
							expect(group.members).toEqual(expect.arrayContaining(mine));
						}
						// The locked groups were valid, so they can only have grown, by newcomers or free members.
						expect(result.stats.placed).toBeGreaterThanOrEqual(Object.keys(locked).length);
					},
				),
				{ numRuns: 80 },
			);
		},
		TIMEOUT,
	);
});
