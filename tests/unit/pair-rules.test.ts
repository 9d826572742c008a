import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { conflictLookup, pairBreaks } from '../../src/lib/matching/pair-rules.ts';
import { buildProblem, compatible } from '../../src/lib/matching/problem.ts';
import { instanceArbitrary } from '../fixtures/matching/instances.ts';

const company = (organizationId: string, industryCode: string) => ({ organizationId, industryCode });

describe('pairBreaks', () => {
	const none = conflictLookup([]);

	test('two companies of different classes without a conflict may share a group', () => {
		expect(pairBreaks(company('a', '28.15'), company('b', '25.50'), none)).toEqual([]);
	});

	test('the same WZ class, a conflict in either direction, or both', () => {
		const conflicted = conflictLookup([{ a: 'a', b: 'b' }]);
		expect(pairBreaks(company('a', '28.15'), company('c', '28.15'), none)).toEqual(['same-class']);
		expect(pairBreaks(company('a', '28.15'), company('b', '25.50'), conflicted)).toEqual(['conflict']);
		expect(pairBreaks(company('b', '25.50'), company('a', '28.15'), conflicted), 'entered the other way round').toEqual(['conflict']);
		expect(pairBreaks(company('a', '28.15'), company('b', '28.15'), conflicted)).toEqual(['same-class', 'conflict']);
	});

	test('two people of one company are only that', () => {
		expect(pairBreaks(company('a', '28.15'), company('a', '28.15'), conflictLookup([{ a: 'a', b: 'a' }]))).toEqual(['same-company']);
	});

	test('agrees with the matching engine on random instances (compatible() in problem.ts)', () => {
		fc.assert(
			fc.property(instanceArbitrary(), (generated) => {
				// The register holds conflicts between companies, so everyone of a company carries all of its
				// conflicts, as the office's matching input does (the engine also takes them per person).
				const pairs = generated.participants.flatMap((p) => (p.conflicts ?? []).map((other) => ({ a: p.organization, b: other })));
				const ofCompany = (organization: string) => pairs.flatMap(({ a, b }) => (a === organization ? [b] : []));
				const input = { ...generated, participants: generated.participants.map((p) => ({ ...p, conflicts: ofCompany(p.organization) })) };
				const problem = buildProblem(input, { matrices: false });
				const conflicted = conflictLookup(pairs);
				const byId = new Map(input.participants.map((p) => [p.id, company(p.organization, p.industry)]));
				for (let i = 0; i < problem.n; i++) {
					for (let j = i + 1; j < problem.n; j++) {
						const allowed = pairBreaks(byId.get(problem.ids[i]!)!, byId.get(problem.ids[j]!)!, conflicted).length === 0;
						expect(allowed, `${problem.ids[i]} / ${problem.ids[j]}`).toBe(compatible(problem, i, j));
					}
				}
			}),
			{ numRuns: 60 },
		);
	});
});
