/**
 * The production entry: migrates the database, in demo mode fills an empty one, then serves
 * the built files and the Astro app (the Node adapter in middleware mode) inside our own HTTP
 * server. That server is the one place every request passes, static files included, so it
 * sets the security headers and refuses cross-site writes before Astro sees them.
 *
 * One server process per core (WEB_CONCURRENCY) shares the port through node:cluster: the
 * primary prepares the database once, starts the workers and replaces any that dies. Workers
 * keep no state of their own (sessions, throttling and everything else live in the database),
 * which is the same promise that lets several machines share one libSQL server.
 * Listens on HOST:PORT (default localhost:4321, checked in src/lib/server/config.ts).
 */
import './lib/production-mode.ts';
import cluster, { type Worker } from 'node:cluster';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { databaseLocation, isLocalFile } from '../db/client.ts';
import { DEMO_COORDINATOR_EMAIL, DEMO_PASSWORD, seedDemo } from '../db/seed/demo.ts';
import type { ServerConfig } from '../src/lib/server/config.ts';
import { isCrossSiteWrite } from '../src/lib/server/csrf.ts';
import { responseHeaders } from '../src/lib/server/http-headers.ts';
import { MAX_REQUEST_BODY_BYTES } from '../src/lib/server/body-limit.ts';
import { dropForwardingHeaders } from '../src/lib/server/request.ts';
import { fallbackHeaders, parsePrerenderedHeaders, prerenderedHeadersFor } from '../src/lib/server/prerendered-headers.ts';
import { hashPassword } from '../src/lib/server/password.ts';
import { purgeExpired } from '../src/lib/server/retention.ts';
import { logEvent, withoutAddressSecrets } from '../src/lib/server/security-log.ts';
import { builtForIn, builtForMismatch } from './lib/build-notices.ts';
import { markBuildInUse } from './lib/build-swap.ts';
import { listenAddressFromEnv, migrate, productionMailWarnings, setupFromEnv } from './lib/setup.ts';
import { createRequestQueue } from './lib/request-queue.ts';
import { listStaticFiles, sendStaticFile } from './lib/static-files.ts';
import { installSyncDigest } from './lib/sync-digest.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long a stopping server waits for requests in progress. */
const STOP_GRACE_MS = 5000;
/**
 * The workers' young generation, capped. On a machine with plenty of memory V8 lets it grow to
 * 64 MB, and under load each collection of it then stopped a worker for 20 to 35 ms, and every
 * request waiting on that worker with it. With 16 MB the pauses stay near 10 ms for the same
 * total collection time: `npm run bench:load`, /portal/ at 50 connections, p99 80 → 64 ms at
 * the same throughput. Machines with less memory have a smaller young generation anyway.
 * Only forked workers get it (V8 takes it when a process starts): a server in one process
 * (WEB_CONCURRENCY=1, one core) keeps V8's default unless NODE_OPTIONS sets it, and a value
 * given there or on the command line is the operator's and wins.
 */
const WORKER_V8_FLAGS = ['--max-semi-space-size=16'];
/** A worker's exit code for "cannot listen on this address": replacing it would fail the same way. */
const CANNOT_LISTEN = 78;
const chosenByOperator = (flag: string) => [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) => arg.startsWith(flag.split('=')[0]!));

/**
 * The build this server runs, resolved once: `dist` is a link that the next build moves
 * (scripts/lib/build-swap.ts), and a server serves the build it started with, whole, until it is
 * restarted. The primary hands it to the workers, which may start after a new build.
 */
const BUILD = (process.env['NETZWERKFORUM_BUILD'] ||= builtFolder());

function builtFolder(): string {
	const dist = fileURLToPath(new URL('../dist', import.meta.url));
	if (existsSync(join(dist, 'server/entry.mjs'))) return realpathSync(dist);
	console.error('✗ Es gibt noch keinen Build: erst `npm run build` (oder `npm start`, das bei Bedarf baut).');
	process.exit(1);
}

// Before anything else: PORT=abc would otherwise leave a server running that never listens.
const { host: HOST, port: PORT } = listenAddressFromEnv();
// The build this file serves must be one for this address; checked before the database is
// opened, so a refused start leaves no new, empty database behind.
const { config, db } = setupFromEnv(cluster.isPrimary ? { refuse: (config) => builtForMismatch(builtForIn(BUILD), config.siteUrl, config.demo) } : {});

if (cluster.isPrimary) {
	process.on('exit', markBuildInUse(BUILD));
	for (const warning of productionMailWarnings(config)) console.error(warning);
	await prepareDatabase(config);
	if (config.workers > 1) startWorkers(config.workers);
	else await serveHttp();
} else {
	await serveHttp();
}

/** Once per start, in the primary only: schema, retention, demo data. */
async function prepareDatabase(config: ServerConfig): Promise<void> {
	await migrate(config, db);

	// Retention: what is due goes at every start and then once a day.
	const purge = () => purgeExpired().catch((error: unknown) => logEvent('error', { message: `purge: ${String(error)}` }));
	await purge();
	setInterval(purge, DAY_MS).unref();

	if (!config.demo) return;
	const seeded = await seedDemo(db, await hashPassword(DEMO_PASSWORD));
	if (seeded) {
		console.log('\n  Demo-Daten geladen (erfundene Unternehmen). Anmeldungen, alle mit dem Passwort');
		console.log(`  „${DEMO_PASSWORD}“:`);
		console.log(`    Koordinierungsstelle: ${DEMO_COORDINATOR_EMAIL}`);
		console.log(`    Mitglieder:           ${seeded.memberEmails[0]} … ${seeded.memberEmails.at(-1)}`);
	} else {
		console.log(`\n  Demo-Modus: Anmeldung z. B. mit ${DEMO_COORDINATOR_EMAIL} oder mitglied1@example.org,`);
		console.log(`  Passwort „${DEMO_PASSWORD}“ (sofern die Demo-Daten nicht geändert wurden).`);
	}
	if (!config.smtpUrl) console.log(`  E-Mails landen als .eml-Dateien in ${config.outboxDir}/`);
}

function announce(port: number, workers: number): void {
	const host = HOST === '0.0.0.0' ? 'localhost' : HOST;
	const processes = workers > 1 ? ` (${workers} Server-Prozesse)` : '';
	console.log(`\n  Netzwerkforum läuft auf http://${host}:${port}/${processes}`);
	// What an operator checks first after a start; the SMTP address without its password.
	const database = databaseLocation(config.databaseUrl);
	const mail = config.smtpUrl ? `SMTP über ${new URL(config.smtpUrl).host}` : `nur Ablage ${config.outboxDir}/`;
	console.log(`  Adresse ${config.siteUrl.origin} · Datenbank ${database} · E-Mail ${mail} · Proxy-Kopfzeilen ${config.trustProxy ? 'vertraut' : 'ignoriert'}\n`);
}

/** One line when the server is told to stop, so the log says why it ended. */
function announceStop(signal: NodeJS.Signals): void {
	console.log(`\n  Netzwerkforum hält an (${signal}); laufende Anfragen haben noch bis zu ${STOP_GRACE_MS / 1000} s.`);
}

/**
 * Folds the write-ahead log back into the database file and closes it, on the way out of the
 * last process. The server's cached statements keep SQLite from doing this itself at close, and
 * then the .db file alone lacks every recent change: whoever copies just that file when moving
 * the server (instead of using db:backup) would lose passwords and sessions.
 */
async function closeDatabase(): Promise<void> {
	// Nothing is lost when it cannot: the log stays next to the file, and the next start reads it.
	// It cannot while another process reads (a backup, a cron job): SQLite then answers busy = 1.
	try {
		if (isLocalFile(config.databaseUrl)) {
			const [result] = (await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)')).rows;
			if (Number(result?.busy ?? 0) !== 0) logEvent('error', { message: 'Checkpoint beim Beenden: Datenbank belegt; die -wal-Datei bleibt maßgeblich.' });
		}
	} catch (error) {
		logEvent('error', { message: `Checkpoint beim Beenden: ${String(error)}` });
	}
	db.$client.close();
}

/** Forks the workers, replaces one that dies, and ends them all on SIGINT/SIGTERM. */
function startWorkers(count: number): void {
	let stopping = false;
	let announced = false;
	const recentDeaths: number[] = [];
	// Workers run this file, whichever script started the primary (`npm start` goes through
	// scripts/start.ts, which must not check or rebuild once per worker).
	cluster.setupPrimary({ exec: fileURLToPath(import.meta.url), execArgv: [...process.execArgv, ...WORKER_V8_FLAGS.filter((flag) => !chosenByOperator(flag))] });
	for (let i = 0; i < count; i++) cluster.fork();

	cluster.on('listening', (_worker, address) => {
		if (announced) return;
		announced = true;
		announce(address.port, count);
	});
	const alive = () => Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());
	cluster.on('exit', (worker, code, signal) => {
		if (stopping) {
			if (alive().length === 0) void closeDatabase().finally(() => process.exit(0));
			return;
		}
		if (code === CANNOT_LISTEN) {
			// The worker said why (port taken, not allowed); five replacements would only say it five times.
			stopping = true;
			for (const other of alive()) other.process.kill('SIGTERM');
			process.exit(1);
		}
		logEvent('error', { message: `Server-Prozess ${worker.process.pid} beendet (${signal ?? code}), wird ersetzt` });
		// A worker that dies right after starting (a broken build, a port taken) would be
		// replaced forever; after five deaths within a minute the whole server stops instead.
		const now = Date.now();
		recentDeaths.push(now);
		while (recentDeaths[0]! < now - 60_000) recentDeaths.shift();
		if (recentDeaths.length >= 5) {
			console.error('Server-Prozesse beenden sich immer wieder; der Server stoppt.');
			process.exit(1);
		}
		cluster.fork();
	});
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			if (stopping) return;
			stopping = true;
			announceStop(signal);
			for (const worker of alive()) worker.process.kill('SIGTERM');
			// Workers finish their open requests first; one that hangs does not keep the server up.
			setTimeout(() => {
				for (const worker of alive()) worker.process.kill('SIGKILL');
				process.exit(0);
			}, STOP_GRACE_MS + 2000).unref();
		});
	}
}

/** Headers we set are final: nothing downstream may replace them. */
function lockHeaders(res: ServerResponse, headers: Record<string, string>): void {
	const locked = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	const setHeader = res.setHeader.bind(res);
	res.setHeader = (name, value) => (locked.has(name.toLowerCase()) ? res : setHeader(name, value));
}

/** The 404 page, served for any unknown path, gets its own policy. */
function ensurePolicy(res: ServerResponse, notFoundHeaders: Record<string, string>): void {
	const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
	res.writeHead = ((...args: unknown[]) => {
		const status = typeof args[0] === 'number' ? args[0] : res.statusCode;
		if (!res.getHeader('content-security-policy') && status === 404) {
			for (const [name, value] of Object.entries(notFoundHeaders)) res.setHeader(name, value);
		}
		return writeHead(...args);
	}) as ServerResponse['writeHead'];
}

/**
 * The path as routing sees it: decoded, without query, runs of slashes as one, also for
 * absolute-form request targets (`GET http://host/portal/`). Headers and the static lookup go by
 * this one value, so `/p%6Frtal/` or `//portal/` cannot reach a personal page without its
 * `no-store`. Null when the address is malformed.
 */
function requestPath(url: string | undefined): string | null {
	const target = url ?? '/';
	try {
		const path = target.startsWith('/') ? target.split('?')[0]! : new URL(target).pathname;
		return decodedAsAstroDoes(path)?.replace(/\/{2,}/g, '/') ?? null;
	} catch {
		return null;
	}
}

/**
 * Astro decodes a path again and again until it stops changing (at most ten times), so
 * `/%2570ortal/` reaches the portal. Headers must be chosen for the same path: decoded once, it
 * would read `/%70ortal/` and get no `no-store`. Null where Astro gives up too.
 */
function decodedAsAstroDoes(path: string): string | null {
	let current = path;
	for (let round = 0; round <= 10; round++) {
		let next: string;
		try {
			next = decodeURI(current);
		} catch {
			return round === 0 ? null : current;
		}
		if (next === current) return current;
		current = next;
	}
	return null;
}

const declaresTooLargeBody = (req: IncomingMessage) => Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BODY_BYTES;

/**
 * Reads a request's body, up to MAX_REQUEST_BODY_BYTES, into `req.body`, where the adapter takes
 * it from. A body sent in chunks has no length to refuse it by beforehand; past the limit this
 * stops reading and answers 'too-large' (413), where the adapter's own limit would end in an
 * error page. Never rejects: it runs while the request waits in the queue, before anyone listens.
 */
function readBody(req: IncomingMessage & { body?: Buffer }): Promise<'read' | 'too-large' | 'failed'> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_REQUEST_BODY_BYTES) {
				req.off('data', onData);
				req.pause();
				resolve('too-large');
			} else chunks.push(chunk);
		};
		req.on('data', onData);
		req.on('end', () => {
			req.body = Buffer.concat(chunks);
			resolve('read');
		});
		req.on('error', () => resolve('failed'));
	});
}

/** Every line a worker writes passes withoutAddressSecrets: the adapter's own logs included. */
function keepSecretsOutOfOutput(): void {
	for (const stream of [process.stdout, process.stderr]) {
		const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
		stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? withoutAddressSecrets(chunk) : chunk, ...rest)) as typeof stream.write;
	}
}

async function serveHttp(): Promise<void> {
	installSyncDigest();
	keepSecretsOutOfOutput();
	// Keep the adapter from starting its own server when its entry is imported.
	process.env.ASTRO_NODE_AUTOSTART = 'disabled';
	const { handler: app } = (await import(pathToFileURL(join(BUILD, 'server/entry.mjs')).href)) as { handler: Handler };
	const clientDir = join(BUILD, 'client');
	const staticFiles = listStaticFiles(clientDir);
	const pageHeaders = parsePrerenderedHeaders(JSON.parse(readFileSync(join(BUILD, '_headers.json'), 'utf8')));
	const notFoundHeaders = fallbackHeaders(pageHeaders) ?? {};

	// In order of arrival, one per turn of the event loop, so a busy process still accepts new
	// connections between two requests (scripts/lib/request-queue.ts, `npm run bench:tail`).
	const admit = createRequestQueue();
	const server = http.createServer((req, res) => {
		// A body is read while its request waits: left unread, it would stall the connection, and
		// Node's requestTimeout would count the wait as a slow upload.
		const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && !declaresTooLargeBody(req);
		const body = hasBody ? readBody(req) : null;
		admit({ start: () => handle(req, res, body), isGone: () => req.socket.destroyed });
	});
	function handle(req: IncomingMessage, res: ServerResponse, body: ReturnType<typeof readBody> | null): void {
		if (!config.trustProxy) dropForwardingHeaders(req.headers);
		const forwardedProto = config.trustProxy ? req.headers['x-forwarded-proto'] : undefined;
		const secure = forwardedProto === 'https';
		const path = requestPath(req.url);
		if (path === null) {
			lockHeaders(res, responseHeaders({ secure, path: '/' }));
			res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
			res.end('Diese Adresse ist ungültig kodiert.');
			return;
		}
		lockHeaders(res, { ...responseHeaders({ secure, path }), ...prerenderedHeadersFor(pageHeaders, path) });
		ensurePolicy(res, notFoundHeaders);

		const tooLarge = () => {
			res.writeHead(413, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
			res.end('Diese Anfrage ist zu groß. Bitte kürzen Sie Ihre Eingaben.');
		};
		if (declaresTooLargeBody(req)) return tooLarge();
		if (isCrossSiteWrite({ method: req.method ?? 'GET', headers: req.headers, secure, siteOrigin: config.siteUrl.origin })) {
			logEvent('csrf.rejected', { path, origin: String(req.headers.origin ?? '') });
			res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
			res.end('Diese Anfrage kam nicht von dieser Website und wurde abgelehnt.');
			return;
		}
		// What Astro renders on demand is personal, or a form with a one-time key: browsers and
		// caches keep none of it (no back-forward copy of a sent form either), unless the route
		// says otherwise itself (the calendar feed does).
		const onDemand = () => {
			res.setHeader('Cache-Control', 'no-store');
			app(req, res);
		};
		if (req.method === 'GET' || req.method === 'HEAD') {
			const file = staticFiles.get(path);
			if (file) sendStaticFile(req, res, clientDir, file, onDemand);
			else onDemand();
			return;
		}
		void body?.then((outcome) => (outcome === 'read' ? onDemand() : outcome === 'too-large' ? tooLarge() : res.destroy()));
	}

	// A client that sends its headers or body slowly holds a connection only so long (Node's
	// defaults: a minute for the headers, five for the request).
	server.headersTimeout = 10_000;
	server.requestTimeout = 30_000;

	// One failing request must never take the process down.
	process.on('unhandledRejection', (reason) => logEvent('error', { message: String(reason) }));
	process.on('uncaughtException', (error) => logEvent('error', { message: error.message }));

	server.on('error', (error: NodeJS.ErrnoException) => {
		const address = `${HOST}:${PORT}`;
		const why =
			error.code === 'EADDRINUSE'
				? `${address} ist schon belegt (läuft der Server schon, oder ein anderes Programm auf diesem Port?). Anderen PORT wählen oder das andere Programm beenden.`
				: error.code === 'EACCES'
					? `${address} darf dieser Benutzer nicht öffnen (Ports unter 1024 brauchen besondere Rechte; hinter einem Proxy einen Port ab 1024 wählen).`
					: error.code === 'EADDRNOTAVAIL'
						? `${address}: Diese Adresse (HOST) gehört nicht zu diesem Rechner.`
						: error.message;
		console.error(`✗ Server konnte nicht starten: ${why}`);
		process.exit(cluster.isPrimary ? 1 : CANNOT_LISTEN);
	});
	server.listen(PORT, HOST, () => {
		if (!cluster.isPrimary) return; // the primary announces once for all workers
		const address = server.address();
		announce(typeof address === 'object' && address ? address.port : PORT, 1);
	});

	// Stop taking requests, let the running ones finish (a write and its mail belong together),
	// and cut whatever still hangs after the grace period.
	let stopping = false;
	const stop = (signal?: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		// A worker's stop is the primary's to announce.
		if (signal && cluster.isPrimary) announceStop(signal);
		// Once: server.close's callback and the grace timer can both get here.
		let exiting = false;
		const exit = () => {
			if (exiting) return;
			exiting = true;
			// A worker leaves the log to the primary, which closes the database after the last worker.
			void (cluster.isPrimary ? closeDatabase() : Promise.resolve(db.$client.close())).finally(() => process.exit(0));
		};
		server.close(exit);
		server.closeIdleConnections();
		setTimeout(() => {
			server.closeAllConnections();
			exit();
		}, STOP_GRACE_MS).unref();
	};
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(signal));
	// A worker whose primary is gone has nobody to restart or stop it.
	if (!cluster.isPrimary) cluster.worker?.on('disconnect', () => stop());
}
