/**
 * The optimiser: a feasible start dealt along topic and map, a repair that places as many people
 * as the rules allow, then an iterated local search (relocate, swap, swap with the waitlist,
 * dissolve or open a group) that never breaks a hard rule. Placing people always beats score.
 *
 * Every step is counted, never timed, and chance comes only from the seed, so a run is
 * reproducible. Large inputs compare a participant only with the groups of its nearest
 * neighbours (by map and by first choice), and every score change is computed incrementally,
 * so one step costs the same at 100 and at 10,000 participants.
 */
import { compatible, pairCost, type Problem } from './problem.ts';
import { createRandom, shuffle, type Random } from './random.ts';
import { hilbertIndex, nearest, planar } from './spatial.ts';
import type { Progress } from './types.ts';

const EPS = 1e-9;
/** Up to this many group slots every group is a candidate for every participant. */
const ALL_GROUPS_LIMIT = 48;
const NEAREST_BY_MAP = 10;
const NEAREST_BY_TOPIC = 6;
/** Waitlists up to this size are scanned in full by each improvement step. */
const WAIT_SCAN = 24;
/** Share of perturbations that dissolve or open a group instead of exchanging members. */
const GROUP_CHANGE_SHARE = 0.04;
/** Search limits for opening a group for waiting people. */
const OPEN_POOL_WAITING = 48;
const OPEN_POOL_DONORS = 96;
const OPEN_SEARCH_NODES = 20_000;
/** Most steps of the walk that looks for more placements. */
const PLACEMENT_STEPS = 2000;
/** Share of exchange perturbations whose steps are checked only together. */
const COMPOUND_SHARE = 0.3;

export interface SearchOptions {
	iterations: number;
	restarts: number;
	onProgress?: ((progress: Progress) => void) | undefined;
}

export interface SearchResult {
	/** Group slot of every participant, -1 for the waitlist. Slots below `lockedSlots` are the locked groups. */
	groupOf: Int32Array;
	lockedSlots: number;
}

/** Default effort: generous for small inputs (where the optimum is checkable), linear for large ones. */
export function defaultBudget(n: number): { iterations: number; restarts: number } {
	// Up to 16 people a run takes about a tenth of a second: four times the effort of larger runs
	// closes near-ties that less missed (11 people, 0.001 below the enumerated optimum at 2500
	// iterations, and 0.000007 at 5000: both found by the property test).
	if (n <= 16) return { iterations: 10000, restarts: 4 };
	if (n <= 40) return { iterations: 2500, restarts: 4 };
	if (n <= 300) return { iterations: Math.max(2500, 12 * n), restarts: 2 };
	return { iterations: 2 * n, restarts: 1 };
}

class State {
	readonly p: Problem;
	readonly n: number;
	readonly T: number;
	readonly cap: number;
	readonly slots: number;
	readonly groupOf: Int32Array;
	readonly pos: Int32Array;
	readonly members: Int32Array;
	readonly size: Int32Array;
	readonly topicSum: Float64Array;
	readonly bestFit: Float64Array;
	readonly pen: Float64Array;
	readonly memberPen: Float64Array;
	readonly slotTopic: Int32Array;
	readonly waitlist: Int32Array;
	waitCount = 0;
	/** Σ over groups of (best fit − pair costs); the waitlist is counted separately. */
	score = 0;
	logging = false;
	readonly log: number[] = [];
	private readonly costM: Float64Array | null;
	private readonly compatM: Uint8Array | null;

	constructor(p: Problem, slots: number, cap: number) {
		this.p = p;
		this.n = p.n;
		this.T = p.topicCount;
		this.cap = cap;
		this.slots = slots;
		this.groupOf = new Int32Array(p.n).fill(-1);
		this.pos = new Int32Array(p.n);
		this.members = new Int32Array(slots * cap);
		this.size = new Int32Array(slots);
		this.topicSum = new Float64Array(slots * this.T);
		this.bestFit = new Float64Array(slots);
		this.pen = new Float64Array(slots);
		this.memberPen = new Float64Array(p.n);
		this.slotTopic = new Int32Array(slots).fill(-1);
		this.slotTopic.set(p.lockedTopic);
		this.waitlist = new Int32Array(p.n);
		this.costM = p.costMatrix;
		this.compatM = p.compatMatrix;
	}

	cost(i: number, j: number): number {
		return this.costM ? this.costM[i * this.n + j]! : pairCost(this.p, i, j);
	}

	ok(i: number, j: number): boolean {
		return this.compatM ? this.compatM[i * this.n + j] === 1 : compatible(this.p, i, j);
	}

	groupScore(g: number): number {
		return this.size[g]! > 0 ? this.bestFit[g]! - this.pen[g]! : 0;
	}

	/** Best fit of group g with participant `add` joining and `rem` leaving (-1 for none). */
	fitWith(g: number, add: number, rem: number): number {
		const T = this.T;
		const base = g * T;
		const fixed = this.slotTopic[g]!;
		const fit = this.p.fit;
		if (fixed >= 0) {
			let v = this.topicSum[base + fixed]!;
			if (add >= 0) v += fit[add * T + fixed]!;
			if (rem >= 0) v -= fit[rem * T + fixed]!;
			return v;
		}
		let best = -Infinity;
		for (let t = 0; t < T; t++) {
			let v = this.topicSum[base + t]!;
			if (add >= 0) v += fit[add * T + t]!;
			if (rem >= 0) v -= fit[rem * T + t]!;
			if (v > best) best = v;
		}
		return best;
	}

	/** Whether `i` may join group g, ignoring member `except`. */
	fits(i: number, g: number, except = -1): boolean {
		const base = g * this.cap;
		for (let k = 0; k < this.size[g]!; k++) {
			const m = this.members[base + k]!;
			if (m !== except && !this.ok(i, m)) return false;
		}
		return true;
	}

	/** Pair costs of `i` with the members of g, leaving out `except`. */
	/**
	 * The one member of group g that i may not sit with: -1 when there is none, -2 when there are
	 * several (then i cannot join g, not even by taking someone's seat).
	 */
	clashIn(i: number, g: number): number {
		const base = g * this.cap;
		let clash = -1;
		for (let k = 0; k < this.size[g]!; k++) {
			const m = this.members[base + k]!;
			if (this.ok(i, m)) continue;
			if (clash !== -1) return -2;
			clash = m;
		}
		return clash;
	}

	costTo(i: number, g: number, except = -1): number {
		const base = g * this.cap;
		let c = 0;
		for (let k = 0; k < this.size[g]!; k++) {
			const m = this.members[base + k]!;
			if (m !== except) c += this.cost(i, m);
		}
		return c;
	}

	/** Moves participant i to group `to` (-1: the waitlist), updating every sum incrementally. */
	transfer(i: number, to: number): void {
		const from = this.groupOf[i]!;
		if (from === to) return;
		if (from >= 0) this.leave(i, from);
		else this.unwait(i);
		if (to >= 0) this.join(i, to);
		else this.wait(i);
		if (this.logging) this.log.push(i, from);
	}

	private leave(i: number, g: number): void {
		const old = this.groupScore(g);
		const base = g * this.cap;
		const last = this.members[base + this.size[g]! - 1]!;
		this.members[base + this.pos[i]!] = last;
		this.pos[last] = this.pos[i]!;
		const s = --this.size[g]!;
		const T = this.T;
		if (s === 0) {
			this.pen[g] = 0;
			this.topicSum.fill(0, g * T, g * T + T);
			this.bestFit[g] = 0;
		} else {
			for (let k = 0; k < s; k++) {
				const m = this.members[base + k]!;
				this.memberPen[m]! -= this.cost(i, m);
			}
			this.pen[g]! -= this.memberPen[i]!;
			for (let t = 0; t < T; t++) this.topicSum[g * T + t]! -= this.p.fit[i * T + t]!;
			this.bestFit[g] = this.fitWith(g, -1, -1);
		}
		this.memberPen[i] = 0;
		this.groupOf[i] = -1;
		this.score += this.groupScore(g) - old;
	}

	private join(i: number, g: number): void {
		const old = this.groupScore(g);
		const base = g * this.cap;
		const s = this.size[g]!;
		let c = 0;
		for (let k = 0; k < s; k++) {
			const m = this.members[base + k]!;
			const cm = this.cost(i, m);
			this.memberPen[m]! += cm;
			c += cm;
		}
		this.memberPen[i] = c;
		this.pen[g]! += c;
		this.members[base + s] = i;
		this.pos[i] = s;
		this.size[g] = s + 1;
		const T = this.T;
		for (let t = 0; t < T; t++) this.topicSum[g * T + t]! += this.p.fit[i * T + t]!;
		this.bestFit[g] = this.fitWith(g, -1, -1);
		this.groupOf[i] = g;
		this.score += this.groupScore(g) - old;
	}

	private wait(i: number): void {
		this.waitlist[this.waitCount] = i;
		this.pos[i] = this.waitCount++;
		this.groupOf[i] = -1;
	}

	private unwait(i: number): void {
		const last = this.waitlist[--this.waitCount]!;
		this.waitlist[this.pos[i]!] = last;
		this.pos[last] = this.pos[i]!;
	}

	/** Reverts every logged transfer, newest first. */
	undo(): void {
		const logging = this.logging;
		this.logging = false;
		for (let k = this.log.length - 2; k >= 0; k -= 2) this.transfer(this.log[k]!, this.log[k + 1]!);
		this.log.length = 0;
		this.logging = logging;
	}

	/** Empties everything: locked members into their slots, everybody else onto the waitlist. */
	reset(): void {
		this.size.fill(0);
		this.topicSum.fill(0);
		this.bestFit.fill(0);
		this.pen.fill(0);
		this.memberPen.fill(0);
		this.waitCount = 0;
		this.score = 0;
		this.log.length = 0;
		for (let i = 0; i < this.n; i++) {
			this.groupOf[i] = -1;
			this.wait(i);
		}
		for (let i = 0; i < this.n; i++) if (this.p.lockedGroup[i]! >= 0) this.transfer(i, this.p.lockedGroup[i]!);
	}

	/** Rebuilds the state from a saved assignment (also clears float drift). */
	load(groupOf: Int32Array): void {
		this.reset();
		for (let i = 0; i < this.n; i++) if (groupOf[i]! >= 0 && this.p.lockedGroup[i]! < 0) this.transfer(i, groupOf[i]!);
	}
}

export function search(p: Problem, options: SearchOptions): SearchResult {
	return new Search(p, options).run();
}

class Search {
	private readonly p: Problem;
	private readonly s: State;
	private readonly options: SearchOptions;
	private readonly random: Random;
	private readonly L: number;
	private readonly min: number;
	private readonly max: number;
	private readonly fixed: Uint8Array;
	private readonly movable: Int32Array;
	private readonly allGroups: boolean;
	/** Whether every pair cost is ≥ 0 (default weights), which allows pruning by bounds. */
	private readonly nonNegative: boolean;
	/** Neighbour lists (participant indices), K per participant, -1 padded; null when allGroups. */
	private readonly neighbours: Int32Array | null;
	private readonly K: number;
	private readonly hilbert: Float64Array;
	private readonly cand: Int32Array;
	private readonly mark: Int32Array;
	private stamp = 0;
	private readonly queue: Int32Array;
	private readonly queued: Uint8Array;
	private qHead = 0;
	private qCount = 0;
	private progressDone = 0;
	private progressTotal = 0;
	private progressStep = 1;
	/** Most people the class and organization counts allow to place (from the construction). */
	private bound = 0;
	/** Extra dealing orders tried when the first one leaves people waiting who might fit. */
	private readonly constructTries: number;

	constructor(p: Problem, options: SearchOptions) {
		this.p = p;
		this.options = options;
		this.random = createRandom(p.seed);
		this.L = p.lockedKeys.length;
		this.min = p.minSize;
		this.max = p.maxSize;
		const lockedSizes = new Int32Array(this.L);
		for (let i = 0; i < p.n; i++) if (p.lockedGroup[i]! >= 0) lockedSizes[p.lockedGroup[i]!]!++;
		const unlocked = p.n - lockedSizes.reduce((a, b) => a + b, 0);
		const slots = this.L + Math.floor(unlocked / Math.max(1, this.min)) + 1;
		const cap = Math.max(this.max, ...lockedSizes) + 1;
		this.s = new State(p, slots, cap);
		this.fixed = Uint8Array.from(p.lockedGroup, (g) => (g >= 0 ? 1 : 0));
		this.movable = Int32Array.from(
			Array.from({ length: p.n }, (_, i) => i).filter((i) => this.fixed[i] === 0),
		);
		this.allGroups = slots <= ALL_GROUPS_LIMIT;
		this.constructTries = p.n <= 60 ? 40 : p.n <= 600 ? 8 : 2;
		const w = p.weights;
		this.nonNegative = w.sameDivisionPair >= 0 && w.distancePer100Km >= 0 && w.avoidedPair >= 0;
		const { x, y } = planar(p.lat, p.lon);
		this.hilbert = hilbertIndex(x, y);
		this.K = this.allGroups ? 0 : NEAREST_BY_MAP + NEAREST_BY_TOPIC;
		this.neighbours = this.allGroups ? null : this.buildNeighbours(x, y);
		this.cand = new Int32Array(Math.max(slots, this.K + 1));
		this.mark = new Int32Array(slots);
		this.queue = new Int32Array(p.n);
		this.queued = new Uint8Array(p.n);
	}

	private buildNeighbours(x: Float64Array, y: Float64Array): Int32Array {
		const p = this.p;
		const K = this.K;
		const out = new Int32Array(p.n * K).fill(-1);
		const fillFrom = (subset: Int32Array, k: number) => {
			const rows = nearest(x, y, subset, k);
			subset.forEach((i, a) => {
				for (let b = 0; b < k; b++) {
					const j = rows[a * k + b]!;
					if (j < 0) break;
					let c = 0;
					while (c < K && out[i * K + c]! >= 0 && out[i * K + c] !== j) c++;
					if (c < K && out[i * K + c]! < 0) out[i * K + c] = j;
				}
			});
		};
		fillFrom(Int32Array.from({ length: p.n }, (_, i) => i), NEAREST_BY_MAP);
		for (let t = 0; t < p.topicCount; t++) {
			const subset = Int32Array.from(
				Array.from({ length: p.n }, (_, i) => i).filter((i) => p.first[i] === t),
			);
			fillFrom(subset, NEAREST_BY_TOPIC);
		}
		return out;
	}

	run(): SearchResult {
		const { iterations, restarts } = this.options;
		const s = this.s;
		this.progressTotal = Math.max(1, restarts * iterations);
		this.progressStep = Math.max(1, Math.floor(this.progressTotal / 200));
		let best: Int32Array | null = null;
		let bestWait = Infinity;
		let bestScore = -Infinity;
		for (let r = 0; r < restarts; r++) {
			this.report('construct');
			this.construct(r);
			// Tight rules can defeat one dealing order; other orders are cheap to try.
			if (this.p.n - s.waitCount < this.bound) {
				let kept = s.groupOf.slice();
				let keptWaiting = s.waitCount;
				for (let t = 1; t <= this.constructTries && keptWaiting > 0 && this.p.n - keptWaiting < this.bound; t++) {
					this.construct(r + t * restarts);
					if (s.waitCount < keptWaiting) {
						kept = s.groupOf.slice();
						keptWaiting = s.waitCount;
					}
				}
				if (s.waitCount !== keptWaiting || !s.groupOf.every((g, i) => g === kept[i])) s.load(kept);
			}
			this.enqueueAll();
			this.improve();
			this.place();
			this.improve();
			if (s.waitCount > 0 && this.p.n - s.waitCount < this.bound) this.placementWalk(iterations);
			for (let it = 0; it < iterations; it++) {
				this.step();
				this.progressDone++;
				if (this.progressDone % this.progressStep === 0) this.report('improve');
			}
			// improve() may move a waiting person's one clash out of a group with room: place again
			// until nobody more fits, so a seat that could be filled never stays empty.
			for (let waitingBefore = Infinity; s.waitCount < waitingBefore; ) {
				waitingBefore = s.waitCount;
				this.place();
				this.improve();
			}
			if (s.waitCount < bestWait || (s.waitCount === bestWait && s.score > bestScore + EPS)) {
				best = s.groupOf.slice();
				bestWait = s.waitCount;
				bestScore = s.score;
			}
		}
		this.report('done');
		return { groupOf: best ?? s.groupOf.slice(), lockedSlots: this.L };
	}

	private report(phase: Progress['phase']): void {
		const done = phase === 'done' ? this.progressTotal : this.progressDone;
		this.options.onProgress?.({ phase, done, total: this.progressTotal });
	}

	// ── Construction ────────────────────────────────────────────────────────────────────────────

	private construct(restart: number): void {
		const p = this.p;
		const s = this.s;
		s.reset();
		const order = Array.from(this.movable);
		const topicKey = (i: number) => (p.first[i]! >= 0 ? p.first[i]! : p.topicCount);
		if (restart === 0) {
			order.sort((a, b) => topicKey(a) - topicKey(b) || this.hilbert[a]! - this.hilbert[b]! || a - b);
		} else {
			shuffle(order, this.random);
			if (restart % 2 === 1) order.sort((a, b) => topicKey(a) - topicKey(b));
		}
		// Locked groups below the minimum come first: they cannot be dissolved.
		for (let g = 0; g < this.L; g++) {
			while (s.size[g]! < this.min) {
				let bestI = -1;
				let bestD = -Infinity;
				for (const i of order) {
					if (s.groupOf[i]! >= 0 || !s.fits(i, g)) continue;
					const d = s.fitWith(g, i, -1) - s.costTo(i, g);
					if (d > bestD) {
						bestD = d;
						bestI = i;
					}
				}
				if (bestI < 0) break;
				s.transfer(bestI, g);
			}
		}
		const remaining = order.filter((i) => s.groupOf[i]! < 0);
		const groups = this.planNewGroups(remaining);
		const total = Math.min(remaining.length, groups * this.max);
		let extra = total - groups * this.min;
		const deferred: number[] = [];
		let next = 0;
		for (let k = 0; k < groups; k++) {
			const g = this.L + k;
			const want = this.min + (extra > 0 ? 1 : 0);
			if (extra > 0) extra--;
			for (let d = 0; d < deferred.length && s.size[g]! < want; ) {
				if (s.fits(deferred[d]!, g)) {
					s.transfer(deferred[d]!, g);
					deferred.splice(d, 1);
				} else d++;
			}
			while (s.size[g]! < want && next < remaining.length) {
				const i = remaining[next++]!;
				if (s.fits(i, g)) s.transfer(i, g);
				else deferred.push(i);
			}
		}
		for (let g = this.L; g < s.slots; g++) if (s.size[g]! > 0 && s.size[g]! < this.min) this.completeOrDissolve(g);
		this.place();
	}

	/**
	 * How many new groups to open: the count that allows the most placements by the class and
	 * organization bounds (a group holds at most one member of each), the larger count on ties
	 * (smaller groups have fewer pairs to pay for).
	 */
	private planNewGroups(remaining: number[]): number {
		const p = this.p;
		const s = this.s;
		const histogram = (codes: Int32Array, subset: Iterable<number>) => {
			const counts = new Map<number, number>();
			for (const i of subset) counts.set(codes[i]!, (counts.get(codes[i]!) ?? 0) + 1);
			const byCount = new Map<number, number>();
			for (const c of counts.values()) byCount.set(c, (byCount.get(c) ?? 0) + 1);
			return [...byCount.entries()];
		};
		const capped = (hist: [number, number][], g: number) => hist.reduce((sum, [c, k]) => sum + k * Math.min(c, g), 0);
		const all = Array.from({ length: p.n }, (_, i) => i);
		const clsAll = histogram(p.cls, all);
		const orgAll = histogram(p.org, all);
		const clsFree = histogram(p.cls, remaining);
		const orgFree = histogram(p.org, remaining);
		let lockedCap = 0;
		for (let g = 0; g < this.L; g++) lockedCap += Math.max(this.max, s.size[g]!);
		let best = -1;
		let bestG = 0;
		for (let g = Math.floor(remaining.length / this.min); g >= 0; g--) {
			if (g > 0 && (capped(clsFree, g) < g * this.min || capped(orgFree, g) < g * this.min)) continue;
			const bound = Math.min(p.n, lockedCap + g * this.max, capped(clsAll, this.L + g), capped(orgAll, this.L + g));
			if (bound > best) {
				best = bound;
				bestG = g;
			}
		}
		this.bound = best;
		return bestG;
	}

	/** Fills a group below the minimum from the waitlist or from groups above it; else dissolves it. */
	private completeOrDissolve(g: number): void {
		const s = this.s;
		while (s.size[g]! < this.min) {
			let bestI = -1;
			let bestD = -Infinity;
			const consider = (i: number) => {
				if (this.fixed[i] === 1 || !s.fits(i, g)) return;
				const from = s.groupOf[i]!;
				if (from === g || (from >= 0 && s.size[from]! <= this.min)) return;
				// Waiting people first: taking them places one more.
				const d = (from < 0 ? 1e6 : 0) + s.fitWith(g, i, -1) - s.costTo(i, g);
				if (d > bestD) {
					bestD = d;
					bestI = i;
				}
			};
			for (let k = 0; k < s.waitCount; k++) consider(s.waitlist[k]!);
			if (bestI < 0) for (const i of this.movable) consider(i);
			if (bestI < 0) break;
			s.transfer(bestI, g);
		}
		if (s.size[g]! < this.min && g >= this.L) {
			const base = g * s.cap;
			while (s.size[g]! > 0) s.transfer(s.members[base]!, -1);
		}
	}

	// ── Placement repair ────────────────────────────────────────────────────────────────────────

	/** Places waiting people wherever the rules allow; returns whether anything changed. */
	private place(): boolean {
		const s = this.s;
		let changed = false;
		for (;;) {
			let progress = false;
			const waiting = Array.from(s.waitlist.subarray(0, s.waitCount)).sort((a, b) => a - b);
			for (const w of waiting) {
				if (s.groupOf[w]! >= 0) continue;
				if (this.insertAnywhere(w) || this.insertWithEjection(w)) progress = true;
			}
			if (!progress && s.waitCount > 0) progress = this.openGroupForWaiting();
			if (!progress) return changed;
			changed = true;
		}
	}

	private insertAnywhere(w: number): boolean {
		const s = this.s;
		let bestG = -1;
		let bestD = -Infinity;
		for (let g = 0; g < s.slots; g++) {
			if (s.size[g] === 0 || s.size[g]! >= this.max || !s.fits(w, g)) continue;
			const d = s.fitWith(g, w, -1) - s.bestFit[g]! - s.costTo(w, g);
			if (d > bestD) {
				bestD = d;
				bestG = g;
			}
		}
		if (bestG < 0) return false;
		s.transfer(w, bestG);
		this.enqueueGroup(bestG);
		return true;
	}

	/** w takes the seat of a member m, who moves on to a group with room. */
	private insertWithEjection(w: number): boolean {
		const s = this.s;
		let best = -Infinity;
		let bestM = -1;
		let bestK = -1;
		for (let h = 0; h < s.slots; h++) {
			const sh = s.size[h]!;
			if (sh === 0) continue;
			const base = h * s.cap;
			const clash = s.clashIn(w, h);
			if (clash === -2 || (clash === -1 && sh < this.max)) continue;
			for (let k = 0; k < sh; k++) {
				const m = s.members[base + k]!;
				if (this.fixed[m] === 1 || (clash >= 0 && m !== clash)) continue;
				const n = this.candidates(m);
				for (let c = 0; c < n; c++) {
					const g = this.cand[c]!;
					if (s.size[g]! >= this.max || !s.fits(m, g)) continue;
					const d =
						s.fitWith(h, w, m) - s.bestFit[h]! - s.costTo(w, h, m) + s.memberPen[m]! +
						s.fitWith(g, m, -1) - s.bestFit[g]! - s.costTo(m, g);
					if (d > best) {
						best = d;
						bestM = m;
						bestK = g;
					}
				}
			}
		}
		if (bestM < 0) return false;
		const h = s.groupOf[bestM]!;
		s.transfer(bestM, bestK);
		s.transfer(w, h);
		this.enqueueGroup(h);
		this.enqueueGroup(bestK);
		return true;
	}

	/**
	 * Opens a new group of `min` mutually compatible people: as many waiting people as possible
	 * (at least one), completed by members of groups above the minimum. A bounded backtracking
	 * search, since a greedy pick easily runs into a dead end when rules are tight.
	 */
	private openGroupForWaiting(): boolean {
		const s = this.s;
		const e = this.emptySlot();
		if (e < 0) return false;
		const waiting = Array.from(s.waitlist.subarray(0, s.waitCount))
			.sort((a, b) => a - b)
			.slice(0, OPEN_POOL_WAITING);
		const donorGroups = new Set<number>();
		if (this.neighbours === null) {
			for (let g = 0; g < s.slots; g++) if (s.size[g]! > this.min) donorGroups.add(g);
		} else {
			for (const w of waiting) {
				const nc = this.candidates(w);
				for (let c = 0; c < nc; c++) if (s.size[this.cand[c]!]! > this.min) donorGroups.add(this.cand[c]!);
			}
		}
		const donors: number[] = [];
		for (const g of [...donorGroups].sort((a, b) => a - b))
			for (let k = 0; k < s.size[g]!; k++) {
				const m = s.members[g * s.cap + k]!;
				if (this.fixed[m] === 0) donors.push(m);
			}
		const pool = [...waiting, ...donors.slice(0, OPEN_POOL_DONORS)];
		const W = waiting.length;
		const spare = new Map<number, number>();
		for (const g of donorGroups) spare.set(g, s.size[g]! - this.min);
		const chosen: number[] = [];
		let best: number[] | null = null;
		let bestWaiting = 0;
		let nodes = 0;
		const dfs = (from: number, waitingChosen: number): void => {
			if (++nodes > OPEN_SEARCH_NODES || bestWaiting === this.min) return;
			if (chosen.length === this.min) {
				if (waitingChosen > bestWaiting) {
					bestWaiting = waitingChosen;
					best = [...chosen];
				}
				return;
			}
			const waitingLeft = Math.max(0, W - from);
			if (waitingChosen + Math.min(waitingLeft, this.min - chosen.length) <= bestWaiting) return;
			for (let k = from; k < pool.length; k++) {
				const i = pool[k]!;
				const g = k < W ? -1 : s.groupOf[i]!;
				if (g >= 0 && spare.get(g)! === 0) continue;
				if (!chosen.every((c) => s.ok(c, i))) continue;
				chosen.push(i);
				if (g >= 0) spare.set(g, spare.get(g)! - 1);
				dfs(k + 1, waitingChosen + (g < 0 ? 1 : 0));
				if (g >= 0) spare.set(g, spare.get(g)! + 1);
				chosen.pop();
			}
		};
		dfs(0, 0);
		if (best === null) return false;
		const picked: number[] = best;
		const touched = new Set<number>([e]);
		for (const i of picked) {
			if (s.groupOf[i]! >= 0) touched.add(s.groupOf[i]!);
			s.transfer(i, e);
		}
		for (const g of touched) this.enqueueGroup(g);
		return true;
	}

	private emptySlot(): number {
		for (let g = this.L; g < this.s.slots; g++) if (this.s.size[g] === 0) return g;
		return -1;
	}

	// ── Local search ────────────────────────────────────────────────────────────────────────────

	/** Groups worth comparing with for participant i (its own group excluded), into `this.cand`. */
	private candidates(i: number): number {
		const s = this.s;
		const own = s.groupOf[i]!;
		let c = 0;
		if (this.neighbours === null) {
			for (let g = 0; g < s.slots; g++) if (s.size[g]! > 0 && g !== own) this.cand[c++] = g;
			return c;
		}
		const stamp = ++this.stamp;
		const K = this.K;
		for (let k = 0; k < K; k++) {
			const j: number = this.neighbours[i * K + k]!;
			if (j < 0) break;
			const g: number = s.groupOf[j]!;
			if (g >= 0 && g !== own && this.mark[g] !== stamp) {
				this.mark[g] = stamp;
				this.cand[c++] = g;
			}
		}
		return c;
	}

	private enqueue(i: number): void {
		if (this.queued[i] === 1 || this.fixed[i] === 1) return;
		this.queued[i] = 1;
		this.queue[(this.qHead + this.qCount++) % this.queue.length] = i;
	}

	private enqueueGroup(g: number): void {
		const s = this.s;
		for (let k = 0; k < s.size[g]!; k++) this.enqueue(s.members[g * s.cap + k]!);
	}

	private enqueueWaiting(): void {
		const s = this.s;
		if (s.waitCount <= WAIT_SCAN) for (let k = 0; k < s.waitCount; k++) this.enqueue(s.waitlist[k]!);
		else for (let k = 0; k < 4; k++) this.enqueue(s.waitlist[this.random.int(s.waitCount)]!);
	}

	private enqueueAll(): void {
		const order = shuffle(Array.from(this.movable), this.random);
		for (const i of order) this.enqueue(i);
	}

	/** Applies improving moves until the queue is empty (a local optimum around the queued people). */
	private improve(): void {
		while (this.qCount > 0) {
			const i = this.queue[this.qHead]!;
			this.qHead = (this.qHead + 1) % this.queue.length;
			this.qCount--;
			this.queued[i] = 0;
			if (this.s.groupOf[i]! >= 0) this.improvePlaced(i);
			else this.improveWaiting(i);
		}
	}

	/** The best of: move i to another group, swap i with a member of another group or a waiting person. */
	private improvePlaced(i: number): void {
		const s = this.s;
		const { members, size, cap, memberPen, bestFit } = s;
		const g = s.groupOf[i]!;
		const sg = size[g]!;
		const gBase = g * cap;
		const fitG = bestFit[g]!;
		const penI = memberPen[i]!;
		const canLeave = sg - 1 >= this.min;
		const leaveGain = canLeave ? s.fitWith(g, -1, i) - fitG + penI : 0;
		let best = EPS;
		let kind = 0;
		let bestH = -1;
		let bestJ = -1;
		const nc = this.candidates(i);
		for (let c = 0; c < nc; c++) {
			const h = this.cand[c]!;
			const sh = size[h]!;
			const hBase = h * cap;
			const clash = s.clashIn(i, h);
			if (clash === -2) continue;
			const costIH = s.costTo(i, h);
			const fitH = bestFit[h]!;
			if (clash === -1 && canLeave && sh < this.max) {
				const d = leaveGain + s.fitWith(h, i, -1) - fitH - costIH;
				if (d > best) {
					best = d;
					kind = 1;
					bestH = h;
				}
			}
			for (let k = 0; k < sh; k++) {
				const j = members[hBase + k]!;
				if (this.fixed[j] === 1 || (clash >= 0 && j !== clash)) continue;
				// Everything but j's costs in g; with non-negative costs an upper bound, so most
				// hopeless swaps end here without touching j's pairs.
				const partial =
					s.fitWith(g, j, i) - fitG + penI + s.fitWith(h, i, j) - fitH - (costIH - s.cost(i, j)) + memberPen[j]!;
				if (this.nonNegative && partial <= best) continue;
				let costJG = 0;
				let fits = true;
				for (let q = 0; q < sg; q++) {
					const m = members[gBase + q]!;
					if (m === i) continue;
					if (!s.ok(j, m)) {
						fits = false;
						break;
					}
					costJG += s.cost(j, m);
				}
				if (!fits) continue;
				const d = partial - costJG;
				if (d > best) {
					best = d;
					kind = 2;
					bestH = h;
					bestJ = j;
				}
			}
		}
		if (s.waitCount > 0 && s.waitCount <= WAIT_SCAN) {
			for (let k = 0; k < s.waitCount; k++) {
				const w = s.waitlist[k]!;
				if (!s.fits(w, g, i)) continue;
				const d = s.fitWith(g, w, i) - fitG - s.costTo(w, g, i) + penI;
				if (d > best) {
					best = d;
					kind = 3;
					bestJ = w;
				}
			}
		}
		if (kind === 0) return;
		if (kind === 1) {
			s.transfer(i, bestH);
		} else if (kind === 2) {
			s.transfer(i, -1);
			s.transfer(bestJ, g);
			s.transfer(i, bestH);
		} else {
			s.transfer(i, -1);
			s.transfer(bestJ, g);
		}
		this.enqueueGroup(g);
		if (bestH >= 0) this.enqueueGroup(bestH);
		this.enqueue(i);
	}

	/** A waiting person joins a group with room, or takes the place of a member (who then waits). */
	private improveWaiting(w: number): void {
		const s = this.s;
		const { members, size, cap, memberPen, bestFit } = s;
		const nc = this.candidates(w);
		let insertAt = -1;
		let insertD = -Infinity;
		let best = EPS;
		let bestH = -1;
		let bestJ = -1;
		for (let c = 0; c < nc; c++) {
			const h = this.cand[c]!;
			const sh = size[h]!;
			const hBase = h * cap;
			const clash = s.clashIn(w, h);
			if (clash === -2) continue;
			const costWH = s.costTo(w, h);
			const fitH = bestFit[h]!;
			if (clash === -1 && sh < this.max) {
				const d = s.fitWith(h, w, -1) - fitH - costWH;
				if (d > insertD) {
					insertD = d;
					insertAt = h;
				}
			}
			for (let k = 0; k < sh; k++) {
				const j = members[hBase + k]!;
				if (this.fixed[j] === 1 || (clash >= 0 && j !== clash)) continue;
				const d = s.fitWith(h, w, j) - fitH - (costWH - s.cost(w, j)) + memberPen[j]!;
				if (d > best) {
					best = d;
					bestH = h;
					bestJ = j;
				}
			}
		}
		if (insertAt >= 0) {
			s.transfer(w, insertAt);
			this.enqueueGroup(insertAt);
		} else if (bestJ >= 0) {
			s.transfer(bestJ, -1);
			s.transfer(w, bestH);
			this.enqueueGroup(bestH);
			this.enqueue(bestJ);
		}
	}

	// ── Iterated local search ───────────────────────────────────────────────────────────────────

	/**
	 * When fewer people are placed than the class and organization counts allow, a random walk
	 * over equally placed states (exchanges, also with the waitlist), trying to place after every
	 * step. Restores the start when it places nobody more.
	 */
	private placementWalk(budget: number): void {
		const s = this.s;
		const start = s.groupOf.slice();
		const startWaiting = s.waitCount;
		const steps = Math.min(budget, PLACEMENT_STEPS);
		for (let it = 0; it < steps && s.waitCount > 0 && this.p.n - s.waitCount < this.bound; it++) {
			s.logging = true;
			if (this.kick()) this.place();
			this.clearQueue();
			s.log.length = 0;
			s.logging = false;
		}
		if (s.waitCount >= startWaiting) {
			s.load(start);
			return;
		}
		this.enqueueAll();
		this.improve();
	}

	/** One perturbation plus local search around it; kept when not worse, otherwise undone. */
	private step(): void {
		const s = this.s;
		const scoreBefore = s.score;
		const waitBefore = s.waitCount;
		s.log.length = 0;
		s.logging = true;
		const roll = this.random.next();
		const perturbed = roll < GROUP_CHANGE_SHARE ? this.changeGroupCount(roll < GROUP_CHANGE_SHARE / 2) : this.kick();
		if (perturbed) this.improve();
		else this.clearQueue();
		if (s.waitCount > waitBefore || (s.waitCount === waitBefore && s.score < scoreBefore - EPS)) s.undo();
		s.log.length = 0;
		s.logging = false;
	}

	private clearQueue(): void {
		while (this.qCount > 0) {
			this.queued[this.queue[this.qHead]!] = 0;
			this.qHead = (this.qHead + 1) % this.queue.length;
			this.qCount--;
		}
	}

	private randomMember(g: number): number {
		const s = this.s;
		const sg = s.size[g]!;
		for (let tries = 0; tries < 8; tries++) {
			const m = s.members[g * s.cap + this.random.int(sg)]!;
			if (this.fixed[m] === 0) return m;
		}
		return -1;
	}

	/** A few random rule-keeping exchanges among a participant's group and up to two nearby groups. */
	private kick(): boolean {
		const s = this.s;
		if (this.movable.length === 0) return false;
		const x = this.movable[this.random.int(this.movable.length)]!;
		const region: number[] = [];
		if (s.groupOf[x]! >= 0) region.push(s.groupOf[x]!);
		const nc = this.candidates(x);
		for (let k = 0; k < 2 && nc > 0; k++) {
			const g = this.cand[this.random.int(nc)]!;
			if (!region.includes(g)) region.push(g);
		}
		if (region.length === 0) return false;
		if (this.random.next() < COMPOUND_SHARE) return this.compoundKick(region);
		const moves = 1 + this.random.int(3);
		for (let m = 0; m < moves; m++) {
			const a = region[this.random.int(region.length)]!;
			if (s.size[a] === 0) continue;
			const y = this.randomMember(a);
			if (y < 0) continue;
			if (s.waitCount > 0 && (region.length < 2 || this.random.next() < 0.2)) {
				const w = s.waitlist[this.random.int(s.waitCount)]!;
				if (s.fits(w, a, y)) {
					s.transfer(y, -1);
					s.transfer(w, a);
				}
				continue;
			}
			if (region.length < 2) continue;
			let b = region[this.random.int(region.length)]!;
			if (b === a) b = region[(region.indexOf(a) + 1) % region.length]!;
			if (s.size[b] === 0) continue;
			const z = this.randomMember(b);
			if (z >= 0 && s.fits(y, b, z) && s.fits(z, a, y)) {
				s.transfer(y, -1);
				s.transfer(z, a);
				s.transfer(y, b);
			} else if (s.size[a]! > this.min && s.size[b]! < this.max && s.fits(y, b)) {
				s.transfer(y, b);
			}
		}
		if (s.log.length === 0) return false;
		for (const g of region) this.enqueueGroup(g);
		this.enqueueWaiting();
		return true;
	}

	/**
	 * Two or three exchanges (between the region's groups and the waitlist) checked only as a
	 * whole: this reaches states where two members must be replaced at once, e.g. when each
	 * replacement alone would seat two people of one organization together.
	 */
	private compoundKick(region: number[]): boolean {
		const s = this.s;
		const swaps = 2 + this.random.int(2);
		for (let m = 0; m < swaps; m++) {
			const a = region[this.random.int(region.length)]!;
			const y = s.size[a]! > 0 ? this.randomMember(a) : -1;
			if (y < 0) continue;
			if (s.waitCount > 0 && (region.length < 2 || this.random.next() < 0.5)) {
				const w = s.waitlist[this.random.int(s.waitCount)]!;
				s.transfer(y, -1);
				s.transfer(w, a);
				continue;
			}
			if (region.length < 2) continue;
			let b = region[this.random.int(region.length)]!;
			if (b === a) b = region[(region.indexOf(a) + 1) % region.length]!;
			const z = s.size[b]! > 0 ? this.randomMember(b) : -1;
			if (z < 0) continue;
			s.transfer(y, -1);
			s.transfer(z, a);
			s.transfer(y, b);
		}
		for (const g of region) {
			const base = g * s.cap;
			for (let k = 0; k < s.size[g]!; k++)
				if (!s.fits(s.members[base + k]!, g, s.members[base + k]!)) {
					s.undo();
					return false;
				}
		}
		if (s.log.length === 0) return false;
		for (const g of region) this.enqueueGroup(g);
		this.enqueueWaiting();
		return true;
	}

	/** Dissolves a group into groups with room, or opens a new one from members of larger groups. */
	private changeGroupCount(dissolve: boolean): boolean {
		const s = this.s;
		if (this.movable.length === 0) return false;
		const x = this.movable[this.random.int(this.movable.length)]!;
		const g = s.groupOf[x]!;
		if (g < 0) return false;
		if (dissolve) {
			if (g < this.L) return false;
			const leaving = Array.from(s.members.subarray(g * s.cap, g * s.cap + s.size[g]!));
			const touched = new Set<number>();
			for (const m of leaving) {
				s.transfer(m, -1);
				const nc = this.candidates(m);
				let bestH = -1;
				let bestD = -Infinity;
				for (let c = 0; c < nc; c++) {
					const h = this.cand[c]!;
					if (h === g || s.size[h]! >= this.max || !s.fits(m, h)) continue;
					const d = s.fitWith(h, m, -1) - s.bestFit[h]! - s.costTo(m, h);
					if (d > bestD) {
						bestD = d;
						bestH = h;
					}
				}
				if (bestH < 0) {
					s.undo();
					return false;
				}
				s.transfer(m, bestH);
				touched.add(bestH);
			}
			for (const h of touched) this.enqueueGroup(h);
			return true;
		}
		if (s.size[g]! <= this.min) return false;
		const e = this.emptySlot();
		if (e < 0) return false;
		s.transfer(x, e);
		while (s.size[e]! < this.min) {
			let bestI = -1;
			let bestD = -Infinity;
			const consider = (i: number) => {
				if (i < 0 || this.fixed[i] === 1) return;
				const from = s.groupOf[i]!;
				if (from < 0 || from === e || s.size[from]! <= this.min || !s.fits(i, e)) return;
				const d = s.fitWith(e, i, -1) - s.costTo(i, e) + s.memberPen[i]!;
				if (d > bestD) {
					bestD = d;
					bestI = i;
				}
			};
			if (this.neighbours === null) for (const i of this.movable) consider(i);
			else for (const m of s.members.subarray(e * s.cap, e * s.cap + s.size[e]!))
				for (let k = 0; k < this.K; k++) consider(this.neighbours[m * this.K + k]!);
			if (bestI < 0) {
				s.undo();
				return false;
			}
			const from = s.groupOf[bestI]!;
			s.transfer(bestI, e);
			this.enqueueGroup(from);
		}
		this.enqueueGroup(e);
		this.enqueueGroup(g);
		return true;
	}
}
