/**
 * The hard rules for two companies in one group, for the checks outside a matching run: a seat
 * given in a published group, and a published group after a company's data or the conflict
 * register changed. The matching applies the same rules to its numbered participants
 * (compatible() in problem.ts), where comparing strings for every pair would cost too much.
 */

/** A company as the group rules see it. */
export interface GroupCompany {
	organizationId: string;
	/** WZ 2008 class, e.g. "28.15": the same class means competitors. */
	industryCode: string;
}

/** Why two companies may not share a group, the most basic first. */
export const PAIR_BREAKS = ['same-company', 'same-class', 'conflict'] as const;
export type PairBreak = (typeof PAIR_BREAKS)[number];

/** Whether a conflict is entered between two organizations, in either direction. */
export type ConflictLookup = (organizationId: string, otherOrganizationId: string) => boolean;

/** The conflict register's pairs as a lookup that works both ways round. */
export function conflictLookup(pairs: readonly { a: string; b: string }[]): ConflictLookup {
	const entered = new Set(pairs.flatMap(({ a, b }) => [`${a} ${b}`, `${b} ${a}`]));
	return (one, other) => entered.has(`${one} ${other}`);
}

/**
 * Every rule two companies break by sharing a group, in the order of PAIR_BREAKS; empty when they may.
 * Two people of one company are that and nothing else.
 */
export function pairBreaks(one: GroupCompany, other: GroupCompany, conflicted: ConflictLookup): PairBreak[] {
	if (one.organizationId === other.organizationId) return ['same-company'];
	const breaks: PairBreak[] = [];
	if (one.industryCode === other.industryCode) breaks.push('same-class');
	if (conflicted(one.organizationId, other.organizationId)) breaks.push('conflict');
	return breaks;
}
