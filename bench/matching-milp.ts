/**
 * The exact model of the matching problem as a MILP, solved with HiGHS (the `highs` package,
 * WebAssembly, single-threaded). Used by bench/matching-quality.ts and by one unit test to prove
 * the optimum the engine should reach. Lexicographic like the engine: phase 1 maximises the number
 * of placed people, phase 2 fixes that number and maximises the objective.
 *
 * Group-indexed model with symmetry breaking (participant i may only join groups 0..i, open groups
 * come first), one binary per (group, topic), member-topic products only for listed topics, and
 * one continuous pair variable per compatible pair, linked to every group (u_ij ≥ x_ig + x_jg − 1),
 * plus valid degree cuts. Pitfall from the research notes: HiGHS' LP reader drops the lower side
 * of ranged rows, so every row here has one side only.
 */
import loadHighs from 'highs';
import { evaluateGroups, haversineKm, type MatchInput, type Objective } from '../src/lib/matching/index.ts';
import { DEFAULT_GROUP_SIZE, DEFAULT_WEIGHTS } from '../src/lib/matching/problem.ts';

export interface ExactResult {
	/** 'optimal' when HiGHS proved both phases optimal. */
	status: 'optimal' | 'time-limit' | 'failed';
	placed: number;
	/** Objective of the best solution found, re-scored by `evaluateGroups` (null without a solution). */
	objective: Objective | null;
	/** HiGHS' objective of phase 2, and its proven upper bound. */
	milpObjective: number | null;
	bound: number | null;
	groups: { topic: string; members: string[] }[];
	seconds: number;
}

type Highs = Awaited<ReturnType<typeof loadHighs>>;
let highsPromise: Promise<Highs> | null = null;
const highs = () => (highsPromise ??= loadHighs());

const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(15));

/** A linear expression as LP-format text, wrapped so no line gets too long. */
function expr(terms: [number, string][]): string {
	const parts = terms.filter(([c]) => c !== 0).map(([c, v]) => `${c < 0 ? '-' : '+'} ${num(Math.abs(c))} ${v}`);
	const lines: string[] = [];
	for (let k = 0; k < parts.length; k += 8) lines.push(parts.slice(k, k + 8).join(' '));
	return lines.join('\n  ') || '0 dummy';
}

export async function solveExact(input: MatchInput, timeLimitSeconds = 60): Promise<ExactResult> {
	const started = performance.now();
	const options = input.options ?? {};
	const min = options.groupSize?.min ?? DEFAULT_GROUP_SIZE.min;
	const max = options.groupSize?.max ?? DEFAULT_GROUP_SIZE.max;
	const w = { ...DEFAULT_WEIGHTS, ...Object.fromEntries(Object.entries(options.weights ?? {}).filter(([, v]) => v !== undefined)) };
	if (w.fit.some((f) => f <= w.unlisted)) throw new Error('Das Modell setzt fit > unlisted voraus.');
	if (options.locked || options.lockedTopics) throw new Error('Feste Zuordnungen kennt das exakte Modell nicht.');
	const people = [...input.participants].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	const n = people.length;
	const topics = input.topics ? [...input.topics] : [...new Set(people.flatMap((p) => p.interests))].sort();
	const G = Math.floor(n / min);
	const groupsOf = (i: number) => Math.min(i + 1, G);
	const x = (i: number, g: number) => `x_${i}_${g}`;
	const avoid = new Set((options.avoidPairs ?? []).map(([a, b]) => [a, b].sort().join('\u0000')));
	const orgIndex = new Map<string, Set<number>>();
	people.forEach((p, i) => orgIndex.set(p.organization, (orgIndex.get(p.organization) ?? new Set()).add(i)));
	const conflict = (i: number, j: number) =>
		(people[i]!.conflicts ?? []).includes(people[j]!.organization) ||
		(people[j]!.conflicts ?? []).includes(people[i]!.organization);
	const compatible = (i: number, j: number) =>
		people[i]!.organization !== people[j]!.organization && people[i]!.industry !== people[j]!.industry && !conflict(i, j);

	const hardRows: string[] = [];
	const cliques = (key: (i: number) => string) => {
		const byKey = new Map<string, number[]>();
		people.forEach((_, i) => byKey.set(key(i), [...(byKey.get(key(i)) ?? []), i]));
		for (const [, members] of byKey) {
			if (members.length < 2) continue;
			for (let g = 0; g < G; g++) {
				const inG = members.filter((i) => groupsOf(i) > g);
				if (inG.length >= 2) hardRows.push(`${expr(inG.map((i) => [1, x(i, g)]))} <= 1`);
			}
		}
	};
	cliques((i) => `c${people[i]!.industry}`);
	cliques((i) => `o${people[i]!.organization}`);
	for (let i = 0; i < n; i++)
		for (let j = i + 1; j < n; j++)
			if (people[i]!.organization !== people[j]!.organization && people[i]!.industry !== people[j]!.industry && conflict(i, j))
				for (let g = 0; g < groupsOf(i); g++) hardRows.push(`${x(i, g)} + ${x(j, g)} <= 1`);
	for (let i = 0; i < n; i++) hardRows.push(`${expr(Array.from({ length: groupsOf(i) }, (_, g) => [1, x(i, g)]))} <= 1`);
	for (let g = 0; g < G; g++) {
		const members = people.map((_, i) => i).filter((i) => groupsOf(i) > g);
		hardRows.push(`${expr([...members.map((i): [number, string] => [1, x(i, g)]), [-min, `o_${g}`]])} >= 0`);
		hardRows.push(`${expr([...members.map((i): [number, string] => [1, x(i, g)]), [-max, `o_${g}`]])} <= 0`);
		if (g + 1 < G) hardRows.push(`o_${g} - o_${g + 1} >= 0`);
	}
	const xVars = people.flatMap((_, i) => Array.from({ length: groupsOf(i) }, (_, g) => x(i, g)));
	const oVars = Array.from({ length: G }, (_, g) => `o_${g}`);
	const allX = expr(xVars.map((v) => [1, v]));

	const model = (objective: string, rows: string[], binaries: string[], bounds: string[]) =>
		[
			'Maximize',
			` obj: ${objective}`,
			'Subject To',
			...rows.map((r, k) => ` r${k}: ${r}`),
			'Bounds',
			...bounds.map((b) => ` ${b}`),
			'Binaries',
			...binaries.map((b) => ` ${b}`),
			'End',
		].join('\n');

	const h = await highs();
	const run = (lp: string, limit: number) =>
		h.withModel({ format: 'lp', data: lp }, (m) => {
			m.options.set({ output_flag: false, time_limit: Math.max(1, limit), mip_rel_gap: 1e-7, mip_abs_gap: 1e-7 });
			m.run();
			const status = m.getModelStatus();
			const values = new Map<string, number>();
			const solution = m.getSolution();
			const colValue = solution.colValue;
			if (colValue) for (let k = 0; k < colValue.length; k++) values.set(m.getColName(k), colValue[k]!);
			let bound: number | null = null;
			try {
				bound = Number(m.info.get('mip_dual_bound'));
			} catch {
				bound = null;
			}
			return { status, objective: m.getObjectiveValue(), bound, values, hasSolution: !!colValue && colValue.length > 0 };
		});
	const OPTIMAL = 7;

	if (G === 0) return { status: 'optimal', placed: 0, objective: null, milpObjective: 0, bound: 0, groups: [], seconds: 0 };

	// Phase 1: as many placed as the rules allow.
	const phase1 = run(model(allX, hardRows, [...xVars, ...oVars], []), timeLimitSeconds);
	if (phase1.status !== OPTIMAL)
		return { status: 'time-limit', placed: 0, objective: null, milpObjective: null, bound: null, groups: [], seconds: (performance.now() - started) / 1000 };
	const placed = Math.round(phase1.objective);

	// Phase 2: the objective, with the number placed fixed.
	const rows = [...hardRows, `${allX} = ${placed}`];
	const binaries = [...xVars, ...oVars];
	const bounds: string[] = [];
	const objective: [number, string][] = xVars.map((v) => [w.unlisted, v]);
	for (let g = 0; g < G; g++) {
		const ys = topics.map((_, t) => `y_${g}_${t}`);
		binaries.push(...ys);
		rows.push(`${expr([...ys.map((v): [number, string] => [1, v]), [-1, `o_${g}`]])} <= 0`);
	}
	people.forEach((p, i) => {
		p.interests.slice(0, 3).forEach((slug, r) => {
			const t = topics.indexOf(slug);
			if (t < 0) return;
			for (let g = 0; g < groupsOf(i); g++) {
				const z = `z_${i}_${g}_${t}`;
				binaries.push(z);
				objective.push([w.fit[r]! - w.unlisted, z]);
				rows.push(`${z} - ${x(i, g)} <= 0`, `${z} - y_${g}_${t} <= 0`);
			}
		});
	});
	const degree = new Map<number, [number, string][]>();
	for (let i = 0; i < n; i++) {
		for (let j = i + 1; j < n; j++) {
			if (!compatible(i, j)) continue;
			const a = people[i]!;
			const b = people[j]!;
			let cost = (w.distancePer100Km * haversineKm(a.location, b.location)) / 100;
			if (a.industry.slice(0, 2) === b.industry.slice(0, 2)) cost += w.sameDivisionPair;
			if (avoid.has([a.id, b.id].sort().join('\u0000'))) cost += w.avoidedPair;
			const u = `u_${i}_${j}`;
			bounds.push(`0 <= ${u} <= 1`);
			objective.push([-cost, u]);
			for (let g = 0; g < groupsOf(i); g++) rows.push(`${x(i, g)} + ${x(j, g)} - ${u} <= 1`);
			degree.set(i, [...(degree.get(i) ?? []), [1, u]]);
			degree.set(j, [...(degree.get(j) ?? []), [1, u]]);
		}
	}
	for (let i = 0; i < n; i++) {
		const us = degree.get(i) ?? [];
		const xs = Array.from({ length: groupsOf(i) }, (_, g): [number, string] => [-(min - 1), x(i, g)]);
		rows.push(`${expr([...us, ...xs])} >= 0`);
		if (us.length > 0) rows.push(`${expr(us)} <= ${max - 1}`);
	}
	const remaining = timeLimitSeconds - (performance.now() - started) / 1000;
	const phase2 = run(model(expr(objective), rows, binaries, bounds), remaining);
	const seconds = (performance.now() - started) / 1000;
	if (!phase2.hasSolution)
		return { status: phase2.status === OPTIMAL ? 'failed' : 'time-limit', placed, objective: null, milpObjective: null, bound: phase2.bound, groups: [], seconds };

	const groups: { topic: string; members: string[] }[] = [];
	for (let g = 0; g < G; g++) {
		if ((phase2.values.get(`o_${g}`) ?? 0) < 0.5) continue;
		const members = people.filter((_, i) => groupsOf(i) > g && (phase2.values.get(x(i, g)) ?? 0) > 0.5).map((p) => p.id);
		const t = topics.findIndex((_, t) => (phase2.values.get(`y_${g}_${t}`) ?? 0) > 0.5);
		groups.push({ topic: topics[t] ?? topics[0]!, members });
	}
	const evaluation = evaluateGroups(input, groups);
	return {
		status: phase2.status === OPTIMAL ? 'optimal' : 'time-limit',
		placed,
		objective: evaluation.objective,
		milpObjective: phase2.objective,
		bound: phase2.bound,
		groups,
		seconds,
	};
}
