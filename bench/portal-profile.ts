/**
 * Where the member dashboard's CPU time goes: one server process (scripts/serve.ts, demo data,
 * own temp database) under load at 50 connections with V8's CPU profiler on, then the sampled
 * time grouped by who spends it (SQLite, libSQL client, drizzle, Astro and the pages, Node, GC).
 * The profiler slows the server down, so the req/s printed here are not the load figures;
 * those come from `npm run bench:load`. Prints figures, asserts nothing.
 * Run: `npm run bench:profile` (needs a current build); `-- --functions` adds the 30 functions
 * with the most self time; `-- --path /portal/profil/` profiles another signed-in page.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { login } from '../tests/helpers/http.ts';
import { startServer } from '../tests/helpers/server.ts';
import { DASHBOARD_MEMBER, prepareDashboard } from './dashboard.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const pathArgument = process.argv.indexOf('--path');
/** The page to profile: the dashboard unless `--path` names another (always as the dashboard's member). */
const PATH = pathArgument > 0 ? process.argv[pathArgument + 1] : '/portal/';
if (!PATH?.startsWith('/')) {
	console.error('--path braucht einen Pfad, der mit / beginnt, z. B. --path /portal/profil/');
	process.exit(1);
}

if (!existsSync('dist/server/entry.mjs')) {
	console.error('dist/ fehlt: bitte zuerst `npm run build`.');
	process.exit(1);
}

interface CallFrame {
	functionName: string;
	url: string;
}
interface CpuProfile {
	nodes: { id: number; callFrame: CallFrame }[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
}

/** Who a sampled frame belongs to; native frames without a file count as Node's own work. */
function ownerOf({ functionName, url }: CallFrame): string {
	if (functionName === '(garbage collector)') return 'Speicherbereinigung (GC)';
	if (functionName === '(idle)' || functionName === '(program)') return 'Leerlauf, V8 selbst';
	if (url.includes('/node_modules/libsql/')) return 'SQLite über den libsql-Treiber';
	if (url.includes('/node_modules/@libsql/client/')) return '@libsql/client (Ergebniszeilen)';
	if (url.includes('/node_modules/drizzle-orm/')) return 'drizzle-orm (Abfragen, Zuordnung)';
	// dist is a link to builds/<stamp>/, and V8 names the file by its real path.
	if (/\/(dist|builds\/[^/]+)\/server\//.test(url)) return 'Astro und Seiten (dist/server)';
	if (url.includes('/node_modules/')) return 'andere Pakete';
	if (url.includes('/scripts/')) return 'Server-Einstieg (scripts/)';
	return 'Node (HTTP, Streams, Kodierung)';
}

const nowMicros = () => Number(process.hrtime.bigint() / 1000n);
const load = (url: string, cookie: string, duration: number) =>
	new Promise<autocannon.Result>((resolve, reject) =>
		autocannon({ url, connections: 50, duration, headers: { cookie } }, (error, result) => (error ? reject(error) : resolve(result))),
	);

// The content first, without the profiler, so the profile holds only serving.
const plain = await startServer();
try {
	await prepareDashboard(plain);
} finally {
	await plain.stop();
}
const profiles = mkdtempSync(join(tmpdir(), 'netzwerkforum-profile-'));
// One process, so one profile; with the young generation the workers of `npm start` get (scripts/serve.ts).
const server = await startServer({ NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profiles} --max-semi-space-size=16` }, { dir: plain.dir });
let from = 0;
let to = 0;
let requestsPerSecond = 0;
let notOk = 0;
try {
	const cookie = await login(server.baseURL, DASHBOARD_MEMBER);
	await load(server.baseURL + PATH, cookie, 3); // warm-up: compiled code, filled caches
	from = nowMicros();
	const result = await load(server.baseURL + PATH, cookie, DURATION_S);
	requestsPerSecond = result.requests.average;
	notOk = result.non2xx + result.errors;
	to = nowMicros();
} finally {
	await server.stop(); // the profile is written when the process exits
}

const file = readdirSync(profiles).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`Kein CPU-Profil in ${profiles}.`);
const profile = JSON.parse(readFileSync(join(profiles, file), 'utf8')) as CpuProfile;
const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
// Sample times are the server's monotonic clock in microseconds, the same clock as ours.
const shares = new Map<string, number>();
/** Self time per function, for `--functions`: where to look next within an owner. */
const functions = new Map<string, number>();
let total = 0;
let time = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
	time += profile.timeDeltas[i]!;
	const spent = profile.timeDeltas[i + 1] ?? 0;
	if (time < from || time > to) continue;
	const frame = frames.get(profile.samples[i]!)!;
	const owner = ownerOf(frame);
	shares.set(owner, (shares.get(owner) ?? 0) + spent);
	const name = `${frame.functionName || '(anonym)'} ${frame.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}`;
	functions.set(name, (functions.get(name) ?? 0) + spent);
	total += spent;
}

console.log(`${PATH} mit 50 Verbindungen, ${DURATION_S} s, ein Server-Prozess mit CPU-Profiler: ${requestsPerSecond.toFixed(0)} req/s\n`);
// A redirect or error page would profile something else than the page asked for.
if (notOk > 0) console.log(`Achtung: ${notOk} Antworten ohne 2xx; das Profil zeigt nicht (nur) die Seite.\n`);
console.log('Anteil an der Rechenzeit  Wer');
for (const [owner, spent] of [...shares].sort((a, b) => b[1] - a[1])) {
	console.log(`${`${((spent / total) * 100).toFixed(1).replace('.', ',')} %`.padStart(24)}  ${owner}`);
}
const database = ['SQLite über den libsql-Treiber', '@libsql/client (Ergebniszeilen)', 'drizzle-orm (Abfragen, Zuordnung)'].reduce((sum, owner) => sum + (shares.get(owner) ?? 0), 0);
console.log(`\nDatenbank zusammen (SQLite, Client, drizzle): ${((database / total) * 100).toFixed(1).replace('.', ',')} %`);

if (process.argv.includes('--functions')) {
	console.log('\nDie 30 Funktionen mit der meisten eigenen Rechenzeit:');
	for (const [name, spent] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
		console.log(`${`${((spent / total) * 100).toFixed(1).replace('.', ',')} %`.padStart(8)}  ${name}`);
	}
}
