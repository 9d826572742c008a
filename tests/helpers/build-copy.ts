/**
 * A build in a copy of the project, so the build the other e2e tests serve stays as it is: for
 * builds with another address, or with a content mistake put in on purpose.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const BUILD_INPUTS = ['src', 'public', 'db', 'scripts', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];
const isData = (path: string) => /\.db(-\w+)?$|[/\\](outbox|backups)$/.test(path);

/** A fresh copy of what a build reads, inside the project (under the ignored .tmp/), so Node finds node_modules by walking up. */
export function copyProject(name: string): string {
	const copy = resolve('.tmp', `${name}-${process.pid}`);
	rmSync(copy, { recursive: true, force: true });
	mkdirSync(copy, { recursive: true });
	for (const input of BUILD_INPUTS) cpSync(input, join(copy, input), { recursive: true, filter: (source) => !isData(source) });
	return copy;
}

/**
 * Runs scripts/build.ts in `copy`; its exit code and everything it printed, without colour codes:
 * Astro colours its errors when the environment asks for it (CI sets FORCE_COLOR), and the tests
 * read the text a person reads.
 */
export function buildIn(copy: string, env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
	const PATH = [resolve('node_modules/.bin'), process.env.PATH].join(delimiter);
	let output = '';
	return new Promise((done) => {
		const child = spawn(process.execPath, ['scripts/build.ts'], { cwd: copy, env: { ...process.env, PATH, ASTRO_TELEMETRY_DISABLED: '1', ...env } });
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('exit', (exitCode) => done({ code: exitCode ?? 1, output: stripVTControlCharacters(output) }));
	});
}
