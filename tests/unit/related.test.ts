import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { rankRelated } from '../../src/lib/content/related.ts';

const item = (id: string, topics: string[], day: number) => ({ id, topics, date: new Date(2026, 0, day) });

describe('rankRelated', () => {
	const current = item('a', ['energie', 'fuehrung'], 1);

	test('more shared topics first, newer first on ties, unrelated and itself left out', () => {
		const candidates = [
			current,
			item('old-one', ['energie'], 2),
			item('both', ['energie', 'fuehrung'], 3),
			item('new-one', ['fuehrung'], 9),
			item('unrelated', ['kunden'], 10),
		];
		expect(rankRelated(current, candidates).map((c) => c.id)).toEqual(['both', 'new-one', 'old-one']);
	});

	test('respects the limit', () => {
		const many = Array.from({ length: 10 }, (_, i) => item(`x${i}`, ['energie'], i + 2));
		expect(rankRelated(current, many, 2)).toHaveLength(2);
	});

	test('nothing related gives an empty list', () => {
		expect(rankRelated(current, [item('z', [], 1)])).toEqual([]);
	});
});

describe('rankRelated against the plain definition', () => {
	/** Filter, sort (stable) and cut: the definition the one-pass ranking must equal. */
	const reference = (current: ReturnType<typeof item>, candidates: ReturnType<typeof item>[], limit: number) => {
		const mine = new Set(current.topics);
		return candidates
			.filter((c) => c.id !== current.id)
			.map((c) => ({ c, shared: c.topics.filter((t) => mine.has(t)).length }))
			.filter(({ shared }) => shared > 0)
			.sort((a, b) => b.shared - a.shared || b.c.date.getTime() - a.c.date.getTime())
			.slice(0, limit)
			.map(({ c }) => c.id);
	};

	test('same result for random articles, ties included', () => {
		const topics = ['a', 'b', 'c', 'd'];
		fc.assert(
			fc.property(
				fc.array(fc.record({ topics: fc.subarray(topics), day: fc.integer({ min: 1, max: 5 }) }), { maxLength: 40 }),
				fc.subarray(topics, { minLength: 1 }),
				fc.integer({ min: 0, max: 6 }),
				(rows, mine, limit) => {
					const candidates = rows.map((r, i) => item(`x${i}`, r.topics, r.day));
					const current = item('x0', mine, 1);
					expect(rankRelated(current, candidates, limit).map((c) => c.id)).toEqual(reference(current, candidates, limit));
				},
			),
			{ numRuns: 500 },
		);
	});
});
