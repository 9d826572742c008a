/** Starts `scripts/serve.ts` on a free loopback port and waits until it answers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync } from 'node:fs';

export interface RunningServer {
	baseURL: string;
	process: ChildProcess;
	output: () => string;
	stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			probe.close(() => resolve(port));
		});
	});
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
	if (!existsSync('dist/server/entry.mjs')) {
		throw new Error('dist/ fehlt: erst `npm run build`, dann die e2e-Tests (npm test macht beides).');
	}
	const port = await freePort();
	const baseURL = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, ['scripts/serve.ts'], {
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let log = '';
	child.stdout?.on('data', (chunk) => (log += chunk));
	child.stderr?.on('data', (chunk) => (log += chunk));

	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`Server beendet (Code ${child.exitCode}):\n${log}`);
		try {
			const res = await fetch(`${baseURL}/`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	if (Date.now() >= deadline) throw new Error(`Server antwortet nicht:\n${log}`);

	return {
		baseURL,
		process: child,
		output: () => log,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}
