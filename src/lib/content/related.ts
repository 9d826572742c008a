/** Pure ranking of related content; the collection loading lives in `./collections.ts`. */

export interface Topical {
	id: string;
	topics: readonly string[];
	date: Date;
}

/**
 * Items sharing the most topics with `current` come first, newer before older on ties;
 * items sharing no topic are left out. `current` itself never appears.
 */
export function rankRelated<T extends Topical>(current: Topical, candidates: readonly T[], limit = 3): T[] {
	const mine = new Set(current.topics);
	return candidates
		.filter((c) => c.id !== current.id)
		.map((c) => ({ item: c, shared: c.topics.filter((t) => mine.has(t)).length }))
		.filter(({ shared }) => shared > 0)
		.sort((a, b) => b.shared - a.shared || b.item.date.getTime() - a.item.date.getTime())
		.slice(0, limit)
		.map(({ item }) => item);
}
