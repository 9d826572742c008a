/**
 * The production entry: the Astro Node adapter's handler (static files + on-demand routes)
 * inside our own HTTP server, so every response, static files included, carries the
 * security headers. Listens on HOST:PORT (default localhost:4321).
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { securityHeaders } from '../src/lib/server/http-headers.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

// Keep the adapter from starting its own server when its entry is imported.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const entry = new URL('../dist/server/entry.mjs', import.meta.url).href;
const { handler } = (await import(entry)) as { handler: Handler };

const HOST = process.env.HOST ?? 'localhost';
const PORT = Number(process.env.PORT ?? 4321);
// Behind a TLS-terminating proxy the original scheme arrives in X-Forwarded-Proto.
const TRUST_PROXY = process.env.TRUST_PROXY === '1';

const server = http.createServer((req, res) => {
	const forwardedProto = TRUST_PROXY ? req.headers['x-forwarded-proto'] : undefined;
	const secure = forwardedProto === 'https';
	for (const [name, value] of Object.entries(securityHeaders({ secure }))) res.setHeader(name, value);
	handler(req, res);
});

server.listen(PORT, HOST, () => {
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : PORT;
	console.log(`\n  Netzwerkforum läuft auf http://${HOST === '0.0.0.0' ? 'localhost' : HOST}:${port}/\n`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		server.close(() => process.exit(0));
		server.closeAllConnections();
	});
}
