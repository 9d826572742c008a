/** Pure ranking of related content; the collection loading lives in `./collections.ts`. */

export interface Topical {
	id: string;
	topics: readonly string[];
	date: Date;
}

/**
 * Items sharing the most topics with `current` come first, newer before older on ties (and in
 * the candidates' order after that); items sharing no topic are left out. `current` itself never
 * appears. One pass that keeps only the best `limit`: every article page of the build ranks
 * every article, so this is the build's only cost that grows with the square of their number.
 */
export function rankRelated<T extends Topical>(current: Topical, candidates: readonly T[], limit = 3): T[] {
	const mine = new Set(current.topics);
	const best: { item: T; shared: number; time: number }[] = [];
	for (const item of candidates) {
		if (item.id === current.id) continue;
		let shared = 0;
		for (const topic of item.topics) if (mine.has(topic)) shared++;
		if (shared === 0) continue;
		const time = item.date.getTime();
		// The first place this item beats; equals keep their earlier place.
		let place = best.length;
		while (place > 0 && (shared > best[place - 1]!.shared || (shared === best[place - 1]!.shared && time > best[place - 1]!.time))) place--;
		if (place >= limit) continue;
		best.splice(place, 0, { item, shared, time });
		if (best.length > limit) best.pop();
	}
	return best.map(({ item }) => item);
}
