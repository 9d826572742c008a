/**
 * Seeded, realistic matching inputs for the benchmarks (and the exact-solver test): Thuringian
 * towns, a forum-member industry mix dominated by manufacturing divisions 22–33 with real WZ 2008
 * classes, interests correlated with the industry, a few multi-person organizations and conflicts.
 * Sources and weights: /work/shared/reference/matching-research.md, section 4.
 */
import type { MatchInput, Participant } from '../src/lib/matching/index.ts';
import { createRandom, type Random } from '../src/lib/matching/random.ts';

export const TOPICS = [
	'digitalisierung-automatisierung',
	'energieeffizienz',
	'mitarbeitergewinnung',
	'unternehmensfuehrung',
	'geschaeftsmodellentwicklung',
	'kundenbindung',
] as const;

/** Town centres (WGS84, ±2 km), base weight, and whether industry clusters there (i) or services (s). */
const TOWNS: [name: string, lat: number, lon: number, weight: number, kind: 'i' | 's' | ''][] = [
	['Erfurt', 50.978, 11.029, 12, 's'],
	['Jena', 50.928, 11.586, 10, 's'],
	['Gera', 50.877, 12.083, 6, 's'],
	['Weimar', 50.98, 11.329, 5, 's'],
	['Gotha', 50.949, 10.701, 5, ''],
	['Eisenach', 50.976, 10.319, 5, 'i'],
	['Nordhausen', 51.503, 10.791, 4, ''],
	['Suhl', 50.61, 10.693, 3, 'i'],
	['Ilmenau', 50.684, 10.914, 3, 'i'],
	['Arnstadt', 50.835, 10.947, 3, 'i'],
	['Mühlhausen', 51.209, 10.454, 3, ''],
	['Saalfeld', 50.648, 11.364, 3, ''],
	['Rudolstadt', 50.718, 11.331, 2, ''],
	['Sonneberg', 50.358, 11.17, 3, 'i'],
	['Leinefelde-Worbis', 51.387, 10.326, 2, ''],
	['Hermsdorf', 50.897, 11.856, 2, 'i'],
	['Bad Langensalza', 51.108, 10.647, 2, ''],
	['Eisenberg', 50.967, 11.9, 2, ''],
	['Altenburg', 50.985, 12.435, 3, ''],
	['Sömmerda', 51.163, 11.112, 2, ''],
	['Apolda', 51.025, 11.513, 2, ''],
	['Greiz', 50.656, 12.198, 2, ''],
	['Schmalkalden', 50.718, 10.449, 3, 'i'],
	['Meiningen', 50.568, 10.416, 2, ''],
	['Hildburghausen', 50.427, 10.73, 1, ''],
	['Pößneck', 50.693, 11.595, 2, 'i'],
	['Seebach', 50.915, 10.421, 1, ''],
	['Brotterode-Trusetal', 50.81, 10.43, 1, ''],
	['Bad Salzungen', 50.81, 10.225, 2, ''],
	['Sondershausen', 51.367, 10.87, 2, ''],
	['Zeulenroda-Triebes', 50.654, 11.978, 2, ''],
	['Schleiz', 50.579, 11.81, 1, ''],
	['Heilbad Heiligenstadt', 51.378, 10.138, 2, ''],
	['Zella-Mehlis', 50.652, 10.667, 2, 'i'],
	['Waltershausen', 50.898, 10.553, 1, ''],
	['Schmölln', 50.895, 12.356, 1, ''],
];

type Family = 'metal' | 'energy' | 'food' | 'hightech' | 'build' | 'trade' | 'know' | 'health';

/** Division, family, weight, and real WZ 2008 classes (most common first). */
const DIVISIONS: [division: string, family: Family, weight: number, classes: string[]][] = [
	['10', 'food', 5, ['10.71', '10.13', '10.11', '10.51', '10.82', '10.89', '10.32', '10.72']],
	['16', 'energy', 2, ['16.23', '16.10', '16.24', '16.29', '16.21']],
	['20', 'energy', 2, ['20.59', '20.16', '20.30', '20.14', '20.41']],
	['22', 'metal', 6, ['22.29', '22.22', '22.21', '22.19', '22.23', '22.11']],
	['23', 'energy', 4, ['23.61', '23.19', '23.13', '23.70', '23.41', '23.99', '23.63', '23.32']],
	['25', 'metal', 12, ['25.62', '25.61', '25.11', '25.73', '25.50', '25.99', '25.93', '25.12', '25.94', '25.29', '25.72', '25.21']],
	['26', 'hightech', 6, ['26.70', '26.51', '26.11', '26.12', '26.60', '26.20', '26.30']],
	['27', 'metal', 4, ['27.12', '27.90', '27.11', '27.33', '27.40', '27.32']],
	['28', 'metal', 8, ['28.41', '28.99', '28.29', '28.22', '28.49', '28.15', '28.13', '28.96', '28.92', '28.14', '28.21', '28.93']],
	['29', 'metal', 4, ['29.32', '29.31', '29.10', '29.20']],
	['32', 'hightech', 3, ['32.50', '32.99', '32.40', '32.13', '32.30']],
	['33', 'metal', 2, ['33.12', '33.20', '33.11', '33.14', '33.13']],
	['35', 'energy', 1, ['35.11', '35.13', '35.30', '35.14']],
	['43', 'build', 5, ['43.22', '43.21', '43.32', '43.33', '43.99', '43.91', '43.12']],
	['46', 'trade', 4, ['46.69', '46.90', '46.74', '46.14', '46.52', '46.43', '46.73', '46.18']],
	['49', 'build', 2, ['49.41', '49.39', '49.42']],
	['52', 'build', 2, ['52.29', '52.10', '52.24']],
	['62', 'know', 6, ['62.01', '62.02', '62.09', '62.03']],
	['69', 'know', 2, ['69.20', '69.10']],
	['70', 'know', 3, ['70.22', '70.21']],
	['71', 'know', 5, ['71.12', '71.20', '71.11']],
	['73', 'know', 2, ['73.11', '73.20', '73.12']],
	['78', 'know', 1, ['78.20', '78.10', '78.30']],
	['86', 'health', 1, ['86.90', '86.22', '86.21', '86.23']],
];

/** Topic affinity per family, in TOPICS order (DIG, ENE, REC, LEAD, BIZ, CUST). */
const AFFINITY: Record<Family, number[]> = {
	metal: [3, 3, 3, 1.5, 1, 1],
	energy: [2, 4, 2, 1.5, 1, 1],
	food: [2, 4, 3, 1.5, 1, 1.5],
	hightech: [3, 1, 3, 1.5, 2.5, 1.5],
	build: [2, 2, 4, 2, 1, 1],
	trade: [2.5, 1, 1.5, 1.5, 2, 3.5],
	know: [2.5, 0.5, 2, 2.5, 3, 3],
	health: [2, 1, 4, 3, 1, 1.5],
};

const SIZE_BANDS = ['1-9', '10-49', '50-249', '250+'];

function pick<T>(random: Random, items: readonly T[], weight: (item: T, index: number) => number): T {
	const total = items.reduce((sum, item, i) => sum + weight(item, i), 0);
	let r = random.next() * total;
	for (let i = 0; i < items.length; i++) {
		r -= weight(items[i]!, i);
		if (r < 0) return items[i]!;
	}
	return items[items.length - 1]!;
}

function normal(random: Random): number {
	const u = Math.max(random.next(), 1e-12);
	return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

export interface InstanceOptions {
	/** Share of organizations that send two people (default 0.03). */
	multiPerson?: number;
	/** Probability that a participant declares a conflict organization (default 0.08). */
	conflictRate?: number;
}

/** A seeded instance of `n` participants; the same (n, seed) always gives the same input. */
export function generateInstance(n: number, seed: number, options: InstanceOptions = {}): MatchInput {
	const random = createRandom(seed * 7919 + n);
	const multiPerson = options.multiPerson ?? 0.03;
	const conflictRate = options.conflictRate ?? 0.08;
	const participants: Participant[] = [];
	let orgNumber = 0;
	while (participants.length < n) {
		const [, family, , classes] = pick(random, DIVISIONS, (d) => d[2]);
		const industry = pick(random, classes, (_, k) => 1 / (1 + 0.6 * k));
		const industrial = family === 'metal' || family === 'energy' || family === 'hightech' || family === 'food';
		const [, lat, lon] = pick(random, TOWNS, ([, , , w, kind]) =>
			w * (kind === 'i' ? (industrial ? 2.5 : 0.7) : kind === 's' ? (industrial ? 0.6 : 2) : 1),
		);
		const siteLat = lat + 0.02 * normal(random);
		const siteLon = lon + 0.03 * normal(random);
		const sizeBand = pick(random, SIZE_BANDS, (_, k) => (family === 'know' ? [0.35, 0.5, 0.13, 0.02] : [0.15, 0.45, 0.32, 0.08])[k]!);
		const organization = `o${++orgNumber}`;
		const people = random.next() < multiPerson ? 2 : 1;
		for (let k = 0; k < people && participants.length < n; k++) {
			const affinity = AFFINITY[family];
			const scored = TOPICS.map((topic, t) => ({
				topic,
				score: Math.log(affinity[t]!) + 0.5 * normal(random) - Math.log(-Math.log(Math.max(random.next(), 1e-12))),
			})).sort((a, b) => b.score - a.score);
			const r = random.next();
			const count = r < 0.15 ? 1 : r < 0.5 ? 2 : 3;
			participants.push({
				id: `p${participants.length + 1}`,
				organization,
				industry,
				interests: scored.slice(0, count).map((s) => s.topic),
				location: { lat: round(siteLat, 5), lon: round(siteLon, 5) },
				sizeBand,
			});
		}
	}
	// Conflicts: supply chains are mostly local, so draw a nearby organization.
	for (const p of participants) {
		if (random.next() >= conflictRate) continue;
		const sample = Array.from({ length: Math.min(60, participants.length) }, () => participants[random.int(participants.length)]!);
		const near = sample
			.filter((q) => q.organization !== p.organization)
			.map((q) => ({ q, d: (q.location.lat - p.location.lat) ** 2 + ((q.location.lon - p.location.lon) * 0.63) ** 2 }))
			.sort((a, b) => a.d - b.d || (a.q.id < b.q.id ? -1 : 1))
			.slice(0, 5);
		if (near.length === 0) continue;
		const other = near[random.int(near.length)]!.q.organization;
		p.conflicts = [...new Set([...(p.conflicts ?? []), other])];
	}
	return { participants };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
