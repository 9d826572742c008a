/**
 * Load on loopback against the built server (scripts/serve.ts, demo data, own temp database):
 *  1. at 10, 50 and 200 connections, 10 s per run (req/s, p50, p99, errors): the member
 *     dashboard /portal/ with a published group and its meeting plan (session validation +
 *     group, meetings and replies queries + render; the portal issue's page), /portal/interessen/
 *     (session validation + one query + render, the accounts issue's page) and the static home page;
 *     then the login page at 50 connections: rendered on demand like the dashboard, but without
 *     session or query, so it shows what Astro's rendering alone reaches on this machine; and
 *     /portal/daten/, signed in, with two small queries of its own since 28.11. (the own group and the
 *     meetings the company hosts, named before an account is deleted; before, the session check's share);
 *  2. logins per second (argon2id behind the hash limit) while a second client loads the
 *     dashboard, once at a steady 100 views/s (do pages stay fast?) and once as fast as it can
 *     (how do logins and pages share the cores?), and beside them what argon2id alone reaches on
 *     this machine's cores, the ceiling of any login figure;
 *  3. the dashboard and /portal/interessen/ once more with the page cache switched off (a
 *     second server, PAGE_CACHE=off): the figures above are for pages looked at again while
 *     nothing changed, these for a page rendered on every view.
 * Run: `npm run bench:load` (needs a current build: `npm run build`). Prints figures, asserts nothing.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import type autocannon from 'autocannon';
import { runLoad, type LoadRun } from './load.ts';
import { readConfig } from '../src/lib/server/config.ts';
import { ARGON2_OPTIONS } from '../src/lib/server/password.ts';
import { login } from '../tests/helpers/http.ts';
import { startServer } from '../tests/helpers/server.ts';
import { DASHBOARD_MEMBER, prepareDashboard } from './dashboard.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = [10, 50, 200];
/**
 * Page views per second beside the burst of logins: far more than the forum will ever see.
 * A fixed rate shows whether pages still answer quickly; pages as fast as possible would
 * only measure how the scheduler shares two cores between two greedy clients.
 */
const PAGE_RATE = 100;

if (!existsSync('dist/server/entry.mjs')) {
	console.error('dist/ fehlt: bitte zuerst `npm run build`.');
	process.exit(1);
}

const cannon = (options: autocannon.Options) => runLoad({ ...options, duration: options.duration ?? DURATION_S });

const row = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(i === 0 ? 22 : 10)).join(' ');

/**
 * What argon2id alone reaches on this machine, measured in this process before the server starts:
 * one check after another, and as many as libuv's thread pool runs at once on every core. The
 * second is the ceiling for logins per second whatever the server does, and it moves with the
 * neighbours' load (the security checklist measured 128 to 171 checks/s on its 2-core machine).
 */
async function argon2Ceiling(): Promise<{ msEach: number; perSecond: number }> {
	const password = 'Vergleich-ohne-Konto-2026';
	const stored = await hash(password, ARGON2_OPTIONS);
	await verify(stored, password); // warm-up: the first check allocates the pool's memory
	let started = performance.now();
	for (let i = 0; i < 10; i++) await verify(stored, password);
	const msEach = (performance.now() - started) / 10;
	const many = 10 * availableParallelism();
	started = performance.now();
	await Promise.all(Array.from({ length: many }, () => verify(stored, password)));
	return { msEach, perSecond: (many * 1000) / (performance.now() - started) };
}
const ceiling = await argon2Ceiling();

/** Worker count and hash limit as the server will read them (its defaults unless set). */
const { workers, passwordHashConcurrency: hashLimit } = readConfig((name) => process.env[name]);
const server = await startServer({
	// As `npm start` runs it: one server process per core unless WEB_CONCURRENCY says otherwise.
	WEB_CONCURRENCY: String(workers),
	// Throttling would turn a login benchmark into a throttling benchmark.
	RATE_LIMITS: JSON.stringify({
		loginIp: { limit: 10_000_000, windowSeconds: 60 },
		loginAccount: { limit: 10_000_000, windowSeconds: 60 },
		// The reset requests timed at the end.
		mailIp: { limit: 10_000_000, windowSeconds: 60 },
		resetAccount: { limit: 10_000_000, windowSeconds: 60 },
	}),
});
try {
	await prepareDashboard(server);

	const cookie = await login(server.baseURL, DASHBOARD_MEMBER);
	console.log(`Portal-Last auf ${server.baseURL} (${DURATION_S} s je Lauf, Node ${process.version}, ${workers} Server-Prozesse, Hash-Limit ${hashLimit} je Prozess)\n`);
	console.log(row(['Seite / Verbindungen', 'req/s', 'p50 ms', 'p99 ms', 'Fehler', 'nicht 2xx']));

	const pages = [
		{ name: 'portal', path: '/portal/', label: '/portal/', headers: { cookie } },
		{ name: 'oneQuery', path: '/portal/interessen/', label: '/portal/interessen/', headers: { cookie } },
		{ name: 'static', path: '/', label: '/ (statisch)', headers: {} },
	] as const;
	const results: Record<string, Record<number, LoadRun>> = { portal: {}, oneQuery: {}, static: {} };
	for (const connections of CONNECTIONS) {
		for (const { name, path, label, headers } of pages) {
			const run = await cannon({ url: server.baseURL + path, connections, headers });
			results[name]![connections] = run;
			console.log(row([`${label} × ${connections}`, run.requests.average.toFixed(0), run.latency.p50, run.latency.p99, run.errors + run.timeouts, run.non2xx]));
		}
	}
	console.log('  (/portal/: Übersicht mit Gruppe und Terminen, Sitzungsprüfung und vier Abfragen; /portal/interessen/: Sitzungsprüfung und eine Abfrage)');
	// Astro's own share: the login page is rendered on demand through the same layout and
	// middleware, but without a session and without a database query.
	const floor = await cannon({ url: `${server.baseURL}/portal/anmelden/`, connections: 50 });
	console.log(row(['/portal/anmelden/ × 50', floor.requests.average.toFixed(0), floor.latency.p50, floor.latency.p99, floor.errors + floor.timeouts, floor.non2xx]));
	console.log('  (Anmeldeseite: auf Anfrage gerendert wie /portal/, aber ohne Sitzung und ohne Datenbank)');
	// The accounts layer alone: a signed-in page with the session check and no query of its own.
	const sessionOnly = await cannon({ url: `${server.baseURL}/portal/daten/`, connections: 50, headers: { cookie } });
	console.log(row(['/portal/daten/ × 50', sessionOnly.requests.average.toFixed(0), sessionOnly.latency.p50, sessionOnly.latency.p99, sessionOnly.errors + sessionOnly.timeouts, sessionOnly.non2xx]));
	console.log('  (Meine Daten: angemeldet, Sitzungsprüfung und zwei kleine Abfragen: eigene Gruppe, Gastgebertermine)');
	const staticAt50 = results.static![50]!.requests.average;
	/** The goals of both issues, on each one's page: ≥ 1,500 req/s at p99 < 60 ms (50), ≥ 0.3 × static, 0 errors at 200. */
	const goals = (name: string, label: string) => {
		const at50 = results[name]![50]!;
		const at200 = results[name]![200]!;
		console.log(`\n${label}`);
		console.log(`  angemeldet / statisch bei 50 Verbindungen: ${(at50.requests.average / staticAt50).toFixed(2)} (Ziel ≥ 0,3)`);
		console.log(`  bei 50: ${at50.requests.average.toFixed(0)} req/s, p99 ${at50.latency.p99} ms (Ziel ≥ 1.500 req/s, p99 < 60 ms)`);
		console.log(`  bei 200: ${at200.errors + at200.timeouts} Fehler, ${at200.non2xx} nicht-2xx (Ziel 0)`);
	};
	goals('oneQuery', 'Seite mit Sitzungsprüfung und einer Abfrage (/portal/interessen/), Ziel des Konto-Issues:');
	goals('portal', 'Übersicht eines Mitglieds (/portal/), Ziel des Portal-Issues:');
	console.log('');
	console.log(`Anmeldeseite / statisch bei 50 Verbindungen: ${(floor.requests.average / staticAt50).toFixed(2)} (was Astros Rendern allein erreicht)`);
	console.log(`Meine Daten / statisch bei 50 Verbindungen: ${(sessionOnly.requests.average / staticAt50).toFixed(2)} (Sitzungsprüfung und zwei kleine Abfragen)`);

	// The same two pages with every view rendered: a second server on the same database, PAGE_CACHE=off.
	// What a first view costs, and what every view cost before the cache (src/lib/server/page-cache.ts).
	const uncached = await startServer({ WEB_CONCURRENCY: String(workers), PAGE_CACHE: 'off' }, { dir: server.dir });
	try {
		const uncachedCookie = await login(uncached.baseURL, DASHBOARD_MEMBER);
		console.log(`\nOhne Seiten-Zwischenspeicher (PAGE_CACHE=off, jeder Aufruf gerendert), 50 Verbindungen:`);
		console.log(row(['Seite', 'req/s', 'p50 ms', 'p99 ms', 'Fehler', 'nicht 2xx', '/ statisch']));
		for (const { path } of pages.slice(0, 2)) {
			const run = await cannon({ url: uncached.baseURL + path, connections: 50, headers: { cookie: uncachedCookie } });
			const ratio = (run.requests.average / staticAt50).toFixed(2).replace('.', ',');
			console.log(row([path, run.requests.average.toFixed(0), run.latency.p50, run.latency.p99, run.errors + run.timeouts, run.non2xx, ratio]));
		}
	} finally {
		await uncached.stop();
	}

	const body = new URLSearchParams({ email: 'mitglied2@example.org', password: 'Demo-Passwort-2026' }).toString();
	/** A burst of logins on 10 connections; beside it the dashboard, at `pageRate` or as fast as it goes. */
	const loginBurst = (pageRate: number | undefined) =>
		Promise.all([
			cannon({
				url: `${server.baseURL}/portal/anmelden/?_action=auth.login`,
				method: 'POST',
				connections: 10,
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseURL },
				body,
			}),
			cannon({ url: `${server.baseURL}/portal/`, connections: 5, ...(pageRate ? { overallRate: pageRate } : {}), headers: { cookie } }),
		]);
	console.log(`\nAnmeldungen (10 Verbindungen), daneben /portal/ (5 Verbindungen) gleichmäßig mit ${PAGE_RATE} Aufrufen/s, dann so schnell es geht:`);
	console.log(row(['', 'req/s', 'p50 ms', 'p99 ms', 'Fehler', 'Erfolge']));
	let loginsPerSecond = 0; // the goal's figure: logins beside pages at PAGE_RATE
	for (const pageRate of [PAGE_RATE, undefined]) {
		const [logins, pages] = await loginBurst(pageRate);
		const succeeded = logins['3xx'] ?? 0;
		if (pageRate === PAGE_RATE) loginsPerSecond = succeeded / DURATION_S;
		const beside = pageRate ? `/portal/ mit ${pageRate}/s` : '/portal/ ungebremst';
		console.log(row(['Anmeldungen', logins.requests.average.toFixed(0), logins.latency.p50, logins.latency.p99, logins.errors + logins.timeouts, succeeded]));
		console.log(row([beside, pages.requests.average.toFixed(0), pages.latency.p50, pages.latency.p99, pages.errors + pages.timeouts, pages['2xx']]));
	}
	console.log(`Ziel ≥ 100 Anmeldungen/s (neben ${PAGE_RATE} Seiten/s) → ${loginsPerSecond.toFixed(0)} erfolgreiche Anmeldungen/s`);
	console.log(
		`argon2id allein, vor dem Serverstart gemessen: ${ceiling.msEach.toFixed(1).replace('.', ',')} ms je Prüfung nacheinander, ` +
			`${ceiling.perSecond.toFixed(0)} Prüfungen/s auf allen ${availableParallelism()} Kernen (Obergrenze für Anmeldungen/s auf dieser Maschine; ` +
			`erreicht: ${((loginsPerSecond / ceiling.perSecond) * 100).toFixed(0)} %)`,
	);

	// Whether an address has an account must not show in the answer time: of a wrong password, nor of a reset request.
	const timing = async (path: string, fields: (i: number) => Record<string, string>, pauseMs: number) => {
		const times: number[] = [];
		for (let i = 0; i < 40; i++) {
			await new Promise((resolve) => setTimeout(resolve, pauseMs));
			const started = performance.now();
			const response = await fetch(`${server.baseURL}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseURL },
				body: new URLSearchParams(fields(i)).toString(),
				redirect: 'manual',
			});
			await response.arrayBuffer();
			times.push(performance.now() - started);
		}
		times.sort((a, b) => a - b);
		return times[times.length >> 1]!;
	};
	const compare = async (label: string, path: string, fields: (email: string, i: number) => Record<string, string>, pauseMs = 0) => {
		const known = await timing(path, (i) => fields('mitglied3@example.org', i), pauseMs);
		const unknown = await timing(path, (i) => fields('gibt-es-nicht@example.org', i), pauseMs);
		console.log(`${label}, Median über 40 Versuche: bekanntes Konto ${known.toFixed(1)} ms, unbekannte Adresse ${unknown.toFixed(1)} ms (Abweichung ${((Math.abs(known - unknown) / known) * 100).toFixed(0)} %)`);
	};
	console.log('');
	await compare('Falsches Passwort', '/portal/anmelden/?_action=auth.login', (email, i) => ({ email, password: `falsch-${i}-falsch` }));
	// A reset link is made and mailed after the answer: the pause lets that work of one request end
	// before the next is timed, so the figure is each answer's own time.
	await compare('Passwort vergessen (je 300 ms Pause)', '/portal/passwort-vergessen/?_action=auth.requestPasswordReset', (email) => ({ email }), 300);
} finally {
	await server.stop();
}
