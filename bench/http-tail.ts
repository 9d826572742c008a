/**
 * The long tail of answer times under 200 connections, without Astro, the database or our server
 * entry: a bare Node HTTP server whose every answer costs a fixed amount of CPU (none, and about
 * what a portal page costs here), loaded by autocannon exactly as `npm run bench:load` loads the
 * portal; once answering each request in the turn of the event loop that read it (as a plain Node
 * server does), once through the request queue of scripts/serve.ts (scripts/lib/request-queue.ts).
 * Without the queue a busy process accepts about one connection per long turn, and answers wait
 * up to the load generator's 10 s timeout while the median stays low; the queue is what removes
 * that tail from our server.
 * Run: `npm run bench:tail` (BENCH_SECONDS, default 10). Prints figures, asserts nothing.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { createRequestQueue } from '../scripts/lib/request-queue.ts';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
/** CPU per answer: none, and about a portal page's on these machines (bench:cpu, about 700 to 1,400 answers per CPU-second). */
const WORK_MS = [0, 1.3];
const BODY = 'x'.repeat(15_000); // about the size of "Meine Interessen"

if (process.argv[2] === 'server') {
	const workMs = Number(process.env.WORK_MS);
	const answer = (res: http.ServerResponse) => {
		const until = performance.now() + workMs;
		while (performance.now() < until); // the page's CPU, in one piece as a synchronous render would be
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(BODY);
	};
	const admit = createRequestQueue();
	const server = http.createServer(
		process.env.QUEUE ? (req, res) => admit({ start: () => answer(res), isGone: () => req.socket.destroyed }) : (_req, res) => answer(res),
	);
	server.listen(0, '127.0.0.1', () => process.send!((server.address() as AddressInfo).port));
} else {
	console.log(`Bloßer Node-HTTP-Server, ein Prozess, 200 Verbindungen, ${DURATION_S} s je Lauf (Node ${process.version})\n`);
	console.log(['CPU je Antwort', 'Warteschlange', 'req/s', 'Median ms', 'p99 ms', 'Max ms', 'Abbrüche (10 s)'].map((c) => c.padStart(16)).join(''));
	for (const [workMs, queue] of WORK_MS.flatMap((ms) => [[ms, false], [ms, true]] as const)) {
		const env = { ...process.env, WORK_MS: String(workMs), QUEUE: queue ? '1' : '' };
		const child = fork(new URL(import.meta.url).pathname, ['server'], { env });
		const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
		try {
			const run = await new Promise<autocannon.Result>((resolve, reject) =>
				autocannon({ url: `http://127.0.0.1:${port}/`, connections: 200, duration: DURATION_S }, (error, result) => (error ? reject(error) : resolve(result))),
			);
			const row = [`${workMs} ms`, queue ? 'ja' : 'nein', run.requests.average.toFixed(0), run.latency.p50, run.latency.p99, run.latency.max, run.timeouts];
			console.log(row.map((c) => String(c).replace('.', ',').padStart(16)).join(''));
		} finally {
			child.kill();
		}
	}
}
