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
