/**
 * The long tail of answer times under 200 connections, without Astro, the database or our server
 * entry: a bare Node HTTP server whose every answer costs a fixed amount of CPU (none, and about
 * what a portal page costs here), loaded by autocannon exactly as `npm run bench:load` loads the
 * portal. If the bare server shows the same tail (answers near the load generator's 10 s timeout
 * while the mean stays below half a second), the tail comes from Node's HTTP server, the load
 * generator and the kernel under saturation on this machine, not from the platform's code.
 * Run: `node bench/http-tail.ts` (BENCH_SECONDS, default 10). Prints figures, asserts nothing.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
/** CPU per answer: none, and about a portal page's on these machines (bench:cpu, about 700 to 1,400 answers per CPU-second). */
const WORK_MS = [0, 1.3];
const BODY = 'x'.repeat(15_000); // about the size of "Meine Interessen"

if (process.argv[2] === 'server') {
	const workMs = Number(process.env.WORK_MS);
	const server = http.createServer((_req, res) => {
		const until = performance.now() + workMs;
		while (performance.now() < until); // the page's CPU, in one piece as a synchronous render would be
		res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		res.end(BODY);
	});
	server.listen(0, '127.0.0.1', () => process.send!((server.address() as AddressInfo).port));
} else {
	console.log(`Bloßer Node-HTTP-Server, ein Prozess, 200 Verbindungen, ${DURATION_S} s je Lauf (Node ${process.version})\n`);
	console.log(['CPU je Antwort', 'req/s', 'Mittel ms', 'p99 ms', 'Max ms', 'Abbrüche (10 s)'].map((c, i) => c.padStart(i === 0 ? 16 : 16)).join(''));
	for (const workMs of WORK_MS) {
		const child = fork(new URL(import.meta.url).pathname, ['server'], { env: { ...process.env, WORK_MS: String(workMs) } });
		const port = await new Promise<number>((resolve) => child.once('message', (m) => resolve(Number(m))));
		try {
			const run = await new Promise<autocannon.Result>((resolve, reject) =>
				autocannon({ url: `http://127.0.0.1:${port}/`, connections: 200, duration: DURATION_S }, (error, result) => (error ? reject(error) : resolve(result))),
			);
			console.log([`${workMs} ms`, run.requests.average.toFixed(0), run.latency.mean.toFixed(0), run.latency.p99, run.latency.max, run.timeouts].map((c) => String(c).padStart(16)).join(''));
		} finally {
			child.kill();
		}
	}
}
