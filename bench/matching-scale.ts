/**
 * Running time and memory of the matching engine on realistic instances
 * (bench/matching-instances.ts) of N = 100, 1000 and 10,000 participants.
 *
 * Each size runs in a child process of its own (started with --expose-gc), so heap and RSS figures
 * belong to that size alone. The child first matches a small warm-up instance, so the JIT's
 * start-up cost does not land on the smallest N, then times one `matchParticipants` call with
 * performance.now(). Memory: heap after a forced GC before and after the run (what the result
 * keeps), the highest heap seen during the run (sampled through the progress hook, garbage
 * included) and the process's peak RSS.
 *
 * Goal (issue "Systematic matching"): ≤ 1 s at N = 1000 and ≤ 10 s at N = 10,000, with near-linear
 * growth; the ratio time(N)/time(N/10) is printed next to 10 (linear) and 13.3 (N log N).
 * Note that the engine's default effort is not proportional to N below 300 participants
 * (src/lib/matching/search.ts, defaultBudget), so the step from 100 to 1000 says little.
 *
 * Run: npm run bench:matching-scale [-- --sizes 100,1000,10000]
 * Prints figures, never fails on them.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { matchParticipants } from '../src/lib/matching/index.ts';
import { dec, table } from './lib.ts';
import { generateInstance } from './matching-instances.ts';

const SEED = 1;
/** Seconds allowed per size (issue goals); sizes without a goal are only measured. */
const GOALS = new Map([
	[1000, 1],
	[10_000, 10],
]);
const MB = 1e6;

interface Measurement {
	n: number;
	seconds: number;
	placed: number;
	waitlisted: number;
	groups: number;
	objectivePerParticipant: number;
	heapBefore: number;
	heapPeak: number;
	heapAfter: number;
	rssBefore: number;
	rssPeak: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** One size, measured inside the child process. */
function measure(n: number): Measurement {
	matchParticipants(generateInstance(100, SEED + 1000));
	const input = generateInstance(n, SEED);
	gc();
	const before = process.memoryUsage();
	let heapPeak = before.heapUsed;
	const started = performance.now();
	const result = matchParticipants(input, {
		onProgress: () => {
			heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
		},
	});
	const seconds = (performance.now() - started) / 1000;
	heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
	gc();
	const after = process.memoryUsage();
	return {
		n,
		seconds,
		placed: result.stats.placed,
		waitlisted: result.stats.waitlisted,
		groups: result.stats.groups,
		objectivePerParticipant: result.objective.total / n,
		heapBefore: before.heapUsed,
		heapPeak,
		heapAfter: after.heapUsed,
		rssBefore: before.rss,
		// maxRSS is in KiB and covers the whole process (warm-up and instance generation included).
		rssPeak: process.resourceUsage().maxRSS * 1024,
	};
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
	process.stdout.write(`${JSON.stringify(measure(Number(args[1])))}\n`);
	process.exit(0);
}

function usage(message: string): never {
	console.error(`${message}\nAufruf: npm run bench:matching-scale -- [--sizes 100,1000,10000]`);
	process.exit(2);
}

function sizesFrom(argv: string[]): number[] {
	let text = '100,1000,10000';
	for (let k = 0; k < argv.length; k++) {
		const match = /^--sizes(?:=(.*))?$/.exec(argv[k]!);
		if (!match) usage(`Unbekanntes Argument „${argv[k]}“.`);
		text = match[1] ?? argv[++k] ?? usage('Nach --sizes fehlt ein Wert.');
	}
	const sizes = text.split(',').map(Number);
	if (sizes.some((n) => !Number.isInteger(n) || n < 1))
		usage(`--sizes: positive ganze Zahlen erwartet, erhalten „${text}“.`);
	return sizes;
}

const sizes = sizesFrom(args);
const cores = cpus();
console.log('Laufzeit und Speicher der Gruppenbildung (matchParticipants, Standardaufwand)');
console.log(
	`Node ${process.version}, ${cores.length} CPU-Kerne (${cores[0]?.model.trim() ?? 'unbekannt'}), Instanz-Seed ${SEED}.`,
);
console.log(
	'Je Größe ein eigener Prozess mit Aufwärmlauf; Heap nach erzwungener GC, Spitze während des Laufs gemessen.\n',
);

const script = fileURLToPath(import.meta.url);
const results: Measurement[] = [];
for (const n of sizes) {
	process.stderr.write(`N = ${n}: Instanz erzeugen und gruppieren …\n`);
	const child = spawnSync(process.execPath, ['--expose-gc', script, '--child', String(n)], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
		maxBuffer: 1e6,
	});
	if (child.status !== 0) {
		console.error(`N = ${n}: Messprozess endete mit Exit-Code ${child.status}.`);
		process.exit(1);
	}
	const m = JSON.parse(child.stdout) as Measurement;
	results.push(m);
	process.stderr.write(`N = ${n}: ${dec(m.seconds, 2)} s\n`);
}

const timeOf = new Map(results.map((m) => [m.n, m.seconds]));
console.log(
	table([
		[
			'N',
			'Zeit s',
			'Wachstum',
			'platziert',
			'wartend',
			'Gruppen',
			'Ziel/Person',
			'Heap vor MB',
			'Heap Spitze MB',
			'Heap nach MB',
			'RSS Spitze MB',
		],
		...results.map((m) => {
			const smaller = timeOf.get(m.n / 10);
			return [
				String(m.n),
				dec(m.seconds, 2),
				smaller === undefined ? '–' : `×${dec(m.seconds / smaller, 1)}`,
				m.placed,
				m.waitlisted,
				m.groups,
				dec(m.objectivePerParticipant, 3),
				dec(m.heapBefore / MB, 1),
				dec(m.heapPeak / MB, 1),
				dec(m.heapAfter / MB, 1),
				dec(m.rssPeak / MB, 1),
			];
		}),
	]),
);
console.log(
	'Wachstum = Zeit(N) / Zeit(N/10); linear wäre ×10, N·log N ×13,3 (von 1000 auf 10 000).\n',
);

for (const [n, limit] of GOALS) {
	const seconds = timeOf.get(n);
	if (seconds === undefined) continue;
	console.log(
		`Ziel ≤ ${limit} s bei N = ${n}: ${dec(seconds, 2)} s – ${seconds <= limit ? 'erreicht' : 'verfehlt'}`,
	);
}
