/**
 * What the page cache (src/lib/server/page-cache.ts) gives when people write: many members'
 * dashboards under load while another process writes to the database at a steady rate, as the
 * reminders script, other members' answers or their sessions' hourly refresh would (failed
 * sign-ins no longer count: their counters are left out, db/client.ts UNCOUNTED). Every counted
 * write empties the cache for everyone, so the figures fall from the best case (no writes) towards
 * the uncached one (PAGE_CACHE=off, measured last). Built server (scripts/serve.ts, as `npm start`
 * runs it), demo data, own temp database; 50 connections spread over the signed-in members.
 * Run: `npm run bench:cache` (builds first if dist/ is missing). Prints figures, asserts nothing.
 */
import { createClient } from '@libsql/client';
import { readConfig } from '../src/lib/server/config.ts';
import { demoMember, login } from '../tests/helpers/http.ts';
import { startServer, type RunningServer } from '../tests/helpers/server.ts';
import { prepareDashboard } from './dashboard.ts';
import { ensureBuild } from './lib.ts';
import { runLoad, type LoadRun } from './load.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
/** Writes per second by another process; 0 is the benchmark's best case. */
const WRITE_RATES = [0, 1, 10, 100];
/** The demo's members, each signed in once: the connections take turns over their sessions. */
const MEMBERS = 24;

await ensureBuild('dist/server/entry.mjs');

/** The dashboards of all `cookies`, one session per connection in turn, for DURATION_S. */
function load(server: RunningServer, cookies: readonly string[], duration = DURATION_S): Promise<LoadRun> {
	let next = 0;
	return runLoad({
		url: `${server.baseURL}/portal/`,
		connections: CONNECTIONS,
		duration,
		setupClient: (client) => client.setHeaders({ cookie: cookies[next++ % cookies.length]! }),
	});
}

/** One write every 1/rate s from another client of the database file, until stopped: a row of a counted table. */
function writeSteadily(server: RunningServer, perSecond: number): () => Promise<number> {
	if (perSecond === 0) return async () => 0;
	const db = createClient({ url: `file:${server.dir}/e2e.db` });
	let written = 0;
	const timer = setInterval(() => {
		written++;
		void db.execute({
			sql: "INSERT INTO app_secret (name, value, created_at) VALUES ('bench:cache', x'00', 0) ON CONFLICT (name) DO UPDATE SET value = randomblob(8)",
			args: [],
		});
	}, 1000 / perSecond);
	return async () => {
		clearInterval(timer);
		db.close();
		return written;
	};
}

const row = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(i === 0 ? 26 : 10)).join(' ');
const { workers } = readConfig((name) => process.env[name]);

async function measure(server: RunningServer, label: string, rates: readonly number[]): Promise<void> {
	await prepareDashboard(server);
	const cookies = await Promise.all(Array.from({ length: MEMBERS }, (_, i) => login(server.baseURL, demoMember(i + 1))));
	const staticPage = await runLoad({ url: `${server.baseURL}/`, connections: CONNECTIONS, duration: DURATION_S });
	await load(server, cookies, 3); // warm-up: compiled code, every session's page rendered once
	console.log(`\n${label}; statische Startseite im selben Lauf: ${staticPage.requests.average.toFixed(0)} req/s`);
	console.log(row(['Schreibvorgänge/s', 'req/s', 'p50 ms', 'p99 ms', 'Fehler', 'nicht 2xx', '/ statisch']));
	for (const rate of rates) {
		const stop = writeSteadily(server, rate);
		const run = await load(server, cookies);
		const written = await stop();
		const ratio = (run.requests.average / staticPage.requests.average).toFixed(2).replace('.', ',');
		console.log(row([`${rate} (${written} geschrieben)`, run.requests.average.toFixed(0), run.latency.p50, run.latency.p99, run.errors + run.timeouts, run.non2xx, ratio]));
	}
}

console.log(`Seiten-Zwischenspeicher unter Schreiblast: /portal/ von ${MEMBERS} Mitgliedern, ${CONNECTIONS} Verbindungen, ${DURATION_S} s je Zeile, ${workers} Server-Prozesse, Node ${process.version}`);
const cached = await startServer({ WEB_CONCURRENCY: String(workers) });
try {
	await measure(cached, 'Mit Zwischenspeicher', WRITE_RATES);
} finally {
	await cached.stop();
}
const uncached = await startServer({ WEB_CONCURRENCY: String(workers), PAGE_CACHE: 'off' });
try {
	await measure(uncached, 'Ohne Zwischenspeicher (PAGE_CACHE=off)', [0]);
} finally {
	await uncached.stop();
}
