/**
 * Host rotation in rounds: in every round each member organization hosts exactly once; the town
 * rule only decides the order within a round.
 *
 * Guarantees, for members M (n = |M|) and earlier hosts P:
 * 1. Round state: P is replayed over M (ids not in M are skipped): a round closes when every
 *    member has hosted in it; a member hosting a second time in an open round (an earlier manual
 *    choice) opens a new one. The members of the round left open by P host first, each once; after
 *    that every block of n consecutive hosts contains every member exactly once. Hence, when P is
 *    itself such a rotation, host counts over P followed by the result differ by at most one at
 *    every prefix, and nobody hosts twice before everyone has hosted once.
 * 2. Town rule: a host's candidates are the members who have not hosted in the open round. If any
 *    candidate's town differs from the previous host's town, the chosen host's town differs too.
 *    The previous host is the one before in the result, or for the first pick the last id of P
 *    when it is a member (a former member's town is unknown, so no rule applies).
 * 3. Among the allowed candidates the one whose town has the most candidates left is taken (so
 *    the large towns are spread out early), then the first in the input order. Each complete
 *    round thereby gets the fewest same-town neighbours possible after the previous host
 *    (property-tested against exhaustive search for groups of up to six).
 * 4. Continuation: rotating k + l hosts equals rotating k and then l with those k appended to P.
 *
 * Towns are compared after trimming, Unicode normalisation and lower-casing.
 */

export interface HostCandidate {
	organizationId: string;
	organizationName: string;
	town: string;
}

export function townKey(town: string): string {
	return town.trim().normalize('NFC').toLocaleLowerCase('de');
}

/** Ids of the members who have hosted in the round that `previousHosts` leaves open. */
export function openRound(
	memberIds: readonly string[],
	previousHosts: readonly string[],
): Set<string> {
	const members = new Set(memberIds);
	let round = new Set<string>();
	for (const id of previousHosts) {
		if (!members.has(id)) continue;
		if (round.has(id)) round = new Set();
		round.add(id);
		if (round.size === members.size) round = new Set();
	}
	return round;
}

/** The next `count` hosts (guarantees above). `members` must be non-empty with distinct ids. */
export function rotateHosts<T extends HostCandidate>(
	members: readonly T[],
	count: number,
	previousHosts: readonly string[] = [],
): T[] {
	const round = openRound(
		members.map((m) => m.organizationId),
		previousHosts,
	);
	const lastId = previousHosts.at(-1);
	const lastMember = members.find((m) => m.organizationId === lastId);
	let lastTown = lastMember ? townKey(lastMember.town) : null;

	const hosts: T[] = [];
	for (let i = 0; i < count; i++) {
		const candidates = members.filter((m) => !round.has(m.organizationId));
		const left = new Map<string, number>();
		for (const c of candidates) left.set(townKey(c.town), (left.get(townKey(c.town)) ?? 0) + 1);

		let best: T | null = null;
		let bestSameTown = true;
		let bestLeft = 0;
		for (const c of candidates) {
			const town = townKey(c.town);
			const sameTown = town === lastTown;
			const townLeft = left.get(town) ?? 0;
			if (
				best === null ||
				(bestSameTown && !sameTown) ||
				(bestSameTown === sameTown && townLeft > bestLeft)
			) {
				best = c;
				bestSameTown = sameTown;
				bestLeft = townLeft;
			}
		}
		if (best === null) throw new Error('rotateHosts: no members');

		hosts.push(best);
		round.add(best.organizationId);
		if (round.size === members.length) round.clear();
		lastTown = townKey(best.town);
	}
	return hosts;
}
