/**
 * Starts `scripts/serve.ts` (what `npm start` and production run) on a free loopback port
 * with its own database, mail sink folder and settings, and waits until it answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
	baseURL: string;
	dir: string;
	process: ChildProcess;
	/** Everything the server printed so far. */
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

/** Generous limits so parallel test files from one IP do not throttle each other. */
export const RELAXED_LIMITS = JSON.stringify({
	loginIp: { limit: 100_000, windowSeconds: 60 },
	mailIp: { limit: 100_000, windowSeconds: 60 },
	tokenIp: { limit: 100_000, windowSeconds: 60 },
	applicationIp: { limit: 100_000, windowSeconds: 60 },
	resetAccount: { limit: 1000, windowSeconds: 60 },
	officeMail: { limit: 100_000, windowSeconds: 60 },
});

export async function startServer(
	env: Record<string, string> = {},
	/** `script`: the entry to run, scripts/serve.ts unless a test wants `npm start`'s scripts/start.ts. */
	/** `cwd`: another checkout to serve (bench/cpu-per-request.ts compares two builds). */
	options: { dir?: string; port?: number; script?: string; cwd?: string } = {},
): Promise<RunningServer> {
	if (!existsSync(join(options.cwd ?? '.', 'dist/server/entry.mjs'))) {
		throw new Error('dist/ fehlt: erst `npm run build`, dann die e2e-Tests (npm test macht beides).');
	}
	const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'netzwerkforum-e2e-'));
	const port = options.port ?? (await freePort());
	const baseURL = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [options.script ?? 'scripts/serve.ts'], {
		cwd: options.cwd,
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(port),
			SITE_URL: baseURL,
			DATABASE_URL: `file:${join(dir, 'e2e.db')}`,
			OUTBOX_DIR: join(dir, 'outbox'),
			BACKUP_DIR: join(dir, 'backups'),
			DEMO: '1',
			// As the built server runs (vitest sets `test`, which would load React's development build).
			NODE_ENV: 'production',
			RATE_LIMITS: RELAXED_LIMITS,
			// Tests never reach the internet; tests with a fake Pwned Passwords API set its address.
			BREACHED_PASSWORDS_URL: 'off',
			// One process per test server: the suite runs many side by side
			// (tests/e2e/server-processes.test.ts covers several).
			WEB_CONCURRENCY: '1',
			...env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let log = '';
	child.stdout?.on('data', (chunk) => (log += chunk));
	child.stderr?.on('data', (chunk) => (log += chunk));

	const deadline = Date.now() + 60_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`Server beendet (Code ${child.exitCode}):\n${log}`);
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`Server antwortet nicht:\n${log}`);
		}
		try {
			if ((await fetch(`${baseURL}/`)).ok) break;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}

	return {
		baseURL,
		dir,
		process: child,
		output: () => log,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}
