/** Runs one of the project's command-line scripts (scripts/*.ts) as an operator would. */
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

/** Exit code and everything the script printed, stdout and stderr together, without colour codes (CI may force colour). */
export function runScript(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, ...env } });
		let output = '';
		child.stdout.on('data', (c) => (output += c));
		child.stderr.on('data', (c) => (output += c));
		child.on('exit', (code) => resolve({ code: code ?? 1, output: stripVTControlCharacters(output) }));
	});
}
