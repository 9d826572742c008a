/**
 * Compares two builds by CPU time per request instead of requests per second. On these shared
 * virtual machines throughput moves with the neighbours' load by a third within an hour; the CPU
 * time a server process spends per request moves much less, so a change's own cost shows.
 *
 * Each side is a checkout with a current build (e.g. `git worktree add /tmp/before <commit>`,
 * a node_modules symlink, `node scripts/build.ts` in it). Both servers run at once, one process
 * each (the test helper's server), with demo data and the dashboard of bench/dashboard.ts; the rounds alternate between
 * them, and the server's user + system time comes from /proc/<pid>/stat (Linux only).
 *
 * Run: node bench/cpu-per-request.ts <checkout A> <checkout B> [path, default /portal/]
 *      (BENCH_ROUNDS, default 5; BENCH_REQUESTS per round, default 4000)
 * Prints requests per CPU-second per round and the medians' ratio B/A; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { login } from '../tests/helpers/http.ts';
import { startServer } from '../tests/helpers/server.ts';
import { DASHBOARD_MEMBER, prepareDashboard } from './dashboard.ts';

const [dirA, dirB, path = '/portal/'] = process.argv.slice(2);
if (!dirA || !dirB) {
	console.error('Aufruf: node bench/cpu-per-request.ts <Checkout A> <Checkout B> [Pfad]');
	process.exit(1);
}
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
/** Clock ticks per second of /proc/<pid>/stat on Linux. */
const TICKS = 100;

/** utime + stime of a process, in clock ticks. */
function cpuTicks(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return Number(fields[11]) + Number(fields[12]);
}

async function start(checkout: string) {
	// The young generation the workers of `npm start` get (scripts/serve.ts), here in the single process.
	const server = await startServer({ NODE_OPTIONS: '--max-semi-space-size=16' }, { cwd: resolve(checkout) });
	await prepareDashboard(server);
	return { server, pid: server.process.pid!, cookie: await login(server.baseURL, DASHBOARD_MEMBER) };
}

type Side = Awaited<ReturnType<typeof start>>;
/** Requests per CPU-second of the server process for one round. */
async function round({ server, pid, cookie }: Side): Promise<number> {
	const before = cpuTicks(pid);
	const result = await new Promise<autocannon.Result>((done, fail) =>
		autocannon({ url: server.baseURL + path, connections: 10, amount: REQUESTS, headers: { cookie } }, (error, outcome) => (error ? fail(error) : done(outcome))),
	);
	// A redirect or an error page costs less than the page: such a round would flatter its side.
	if (result.errors + result.timeouts + result.non2xx > 0) throw new Error(`${server.baseURL}${path}: ${result.errors} Fehler, ${result.timeouts} Zeitüberschreitungen, ${result.non2xx} nicht-2xx.`);
	return REQUESTS / ((cpuTicks(pid) - before) / TICKS);
}

const median = (values: number[]) => [...values].sort((x, y) => x - y)[values.length >> 1]!;
const sides = [await start(dirA), await start(dirB)] as const;
try {
	await round(sides[0]); // warm-up: compiled code, filled caches
	await round(sides[1]);
	const perSide: [number[], number[]] = [[], []];
	console.log(`${path}: Anfragen je CPU-Sekunde des Server-Prozesses (${REQUESTS} Anfragen je Runde, 10 Verbindungen)`);
	console.log(`A = ${dirA}\nB = ${dirB}\n`);
	for (let i = 1; i <= ROUNDS; i++) {
		// Who goes first alternates, so a drift of the machine within a round favours neither side.
		for (const side of i % 2 === 1 ? [0, 1] : [1, 0]) perSide[side]!.push(await round(sides[side]!));
		console.log(`Runde ${i}: A ${perSide[0].at(-1)!.toFixed(0)}  B ${perSide[1].at(-1)!.toFixed(0)}`);
	}
	const [a, b] = perSide.map(median) as [number, number];
	const spread = (values: number[]) => `${Math.min(...values).toFixed(0)} bis ${Math.max(...values).toFixed(0)}`;
	console.log(`\nMedian: A ${a.toFixed(0)} (Runden ${spread(perSide[0])}), B ${b.toFixed(0)} (Runden ${spread(perSide[1])}); B/A = ${(b / a).toFixed(2).replace('.', ',')}`);
} finally {
	await Promise.all(sides.map((side) => side.server.stop()));
}
