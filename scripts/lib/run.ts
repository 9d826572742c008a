/** Small process helpers for the command-line scripts. */
import { spawn, type SpawnOptions } from 'node:child_process';
import { delimiter, resolve } from 'node:path';

// Scripts may be started without npm, so the project's own binaries go first on the PATH.
const PATH = [resolve('node_modules/.bin'), process.env.PATH].join(delimiter);

/** Runs a command with inherited stdio; resolves with its exit code (never rejects on failure). */
export function run(command: string, args: string[], options: SpawnOptions = {}): Promise<number> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			stdio: 'inherit',
			...options,
			env: { ...process.env, PATH, ...options.env },
		});
		child.on('error', reject);
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

/** Runs a command and exits this process with its code when it fails. */
export async function runOrExit(command: string, args: string[], options: SpawnOptions = {}): Promise<void> {
	const code = await run(command, args, options);
	if (code !== 0) {
		console.error(`\n✗ ${command} ${args.join(' ')} schlug fehl (Exit-Code ${code}).`);
		process.exit(code);
	}
}
