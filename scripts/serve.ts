/**
 * The production entry: migrates the database, in demo mode fills an empty one, then serves
 * the Astro Node adapter's handler (static files + on-demand routes) inside our own HTTP
 * server. That wrapper is the one place every request passes, static files included, so it
 * sets the security headers and refuses cross-site writes before Astro sees them.
 * Listens on HOST:PORT (default localhost:4321).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEMO_COORDINATOR_EMAIL, DEMO_PASSWORD, seedDemo } from '../db/seed/demo.ts';
import { isCrossSiteWrite } from '../src/lib/server/csrf.ts';
import { responseHeaders } from '../src/lib/server/http-headers.ts';
import { fallbackHeaders, parsePrerenderedHeaders, prerenderedHeadersFor } from '../src/lib/server/prerendered-headers.ts';
import { hashPassword } from '../src/lib/server/password.ts';
import { purgeExpired } from '../src/lib/server/retention.ts';
import { logEvent } from '../src/lib/server/security-log.ts';
import { migrate, setupFromEnv } from './lib/setup.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const { config, db } = setupFromEnv();
await migrate(config, db);

// Retention: what is due goes at every start and then once a day.
const DAY_MS = 24 * 60 * 60 * 1000;
const purge = () => purgeExpired().catch((error: unknown) => logEvent('error', { message: `purge: ${String(error)}` }));
await purge();
setInterval(purge, DAY_MS).unref();

if (config.demo) {
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

// Keep the adapter from starting its own server when its entry is imported.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = new URL('../dist/server/entry.mjs', import.meta.url).href;
const { handler } = (await import(entry)) as { handler: Handler };
const pageHeaders = parsePrerenderedHeaders(JSON.parse(readFileSync(new URL('../dist/_headers.json', import.meta.url), 'utf8')));
const notFoundHeaders = fallbackHeaders(pageHeaders) ?? {};

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 4321);

/** Headers we set are final: the adapter's static handler must not replace them. */
function lockHeaders(res: ServerResponse, headers: Record<string, string>): void {
	const locked = new Set(Object.keys(headers).map((name) => name.toLowerCase()));
	for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
	const setHeader = res.setHeader.bind(res);
	res.setHeader = (name, value) => (locked.has(name.toLowerCase()) ? res : setHeader(name, value));
}

/** The 404 page, served for any unknown path, gets its own policy. */
function ensurePolicy(res: ServerResponse): void {
	const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
	res.writeHead = ((...args: unknown[]) => {
		const status = typeof args[0] === 'number' ? args[0] : res.statusCode;
		if (!res.getHeader('content-security-policy') && status === 404) {
			for (const [name, value] of Object.entries(notFoundHeaders)) res.setHeader(name, value);
		}
		return writeHead(...args);
	}) as ServerResponse['writeHead'];
}

const server = http.createServer((req, res) => {
	const forwardedProto = config.trustProxy ? req.headers['x-forwarded-proto'] : undefined;
	const secure = forwardedProto === 'https';
	const path = (req.url ?? '/').split('?')[0]!;
	lockHeaders(res, { ...responseHeaders({ secure, path }), ...prerenderedHeadersFor(pageHeaders, path) });
	ensurePolicy(res);

	if (isCrossSiteWrite({ method: req.method ?? 'GET', headers: req.headers, secure, siteOrigin: config.siteUrl.origin })) {
		logEvent('csrf.rejected', { path, origin: String(req.headers.origin ?? '') });
		res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
		res.end('Diese Anfrage kam nicht von dieser Website und wurde abgelehnt.');
		return;
	}
	handler(req, res);
});

// One failing request must never take the process down.
process.on('unhandledRejection', (reason) => logEvent('error', { message: String(reason) }));
process.on('uncaughtException', (error) => logEvent('error', { message: error.message }));

server.on('error', (error) => {
	console.error(`Server konnte nicht starten: ${error.message}`);
	process.exit(1);
});
server.listen(PORT, HOST, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : PORT;
	console.log(`\n  Netzwerkforum läuft auf http://${HOST === '0.0.0.0' ? 'localhost' : HOST}:${port}/\n`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		server.close(() => {
			db.$client.close();
			process.exit(0);
		});
		server.closeAllConnections();
	});
}
