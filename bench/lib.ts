/**
 * Shared helpers for the benchmark scripts in bench/: project paths, building dist/ on demand,
 * timing child processes, number formatting and plain-text tables. Not a benchmark itself.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (/work/main), whatever the current directory is. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
export const BIN = join(ROOT, 'node_modules/.bin');
/** Node 24 from the `node` devDependency: process.execPath when started as documented. */
export const NODE = process.execPath;

export const childEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
	...process.env,
	PATH: [BIN, process.env.PATH].join(delimiter),
	ASTRO_TELEMETRY_DISABLED: '1',
	...extra,
});

/** Runs a command; resolves with exit code, wall-clock milliseconds and captured output. */
export function timed(
	command: string,
	args: string[],
	options: SpawnOptions & { quiet?: boolean } = {},
): Promise<{ code: number; ms: number; output: string }> {
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const child = spawn(command, args, {
			...options,
			env: options.env ?? childEnv(),
			stdio: options.quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
		});
		let output = '';
		child.stdout?.on('data', (chunk) => (output += chunk));
		child.stderr?.on('data', (chunk) => (output += chunk));
		child.on('error', reject);
		child.on('exit', (code, signal) =>
			resolve({ code: code ?? (signal ? 1 : 0), ms: performance.now() - started, output }),
		);
	});
}

/**
 * Builds the project with `node scripts/build.ts` when `probe` (relative to ROOT) is missing or
 * `--build` is on the command line. A build older than the sources only gets a warning.
 */
export async function ensureBuild(probe: string): Promise<void> {
	const forced = process.argv.includes('--build');
	if (!forced && existsSync(join(ROOT, probe))) {
		const { isBuildCurrent } = await import('../scripts/lib/build-stamp.ts');
		process.chdir(ROOT); // the stamp hashes paths relative to the project root
		if (!isBuildCurrent('.')) {
			console.log(
				'Hinweis: dist/ passt nicht (mehr) zu den Quellen; gemessen wird der vorhandene Build.',
			);
			console.log('         Mit --build vorher neu bauen.\n');
		}
		return;
	}
	console.log(
		`${forced ? '--build' : `${probe} fehlt`}: baue das Projekt (node scripts/build.ts) …\n`,
	);
	const { code } = await timed(NODE, ['scripts/build.ts'], { cwd: ROOT });
	if (code !== 0) throw new Error(`node scripts/build.ts schlug fehl (Exit-Code ${code})`);
	console.log('');
}

/** Every file below `dir`, recursively (absolute paths). */
export function walk(dir: string): string[] {
	const out: string[] = [];
	if (!existsSync(dir)) return out;
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) out.push(...walk(path));
		else out.push(path);
	}
	return out;
}

export const dirBytes = (dir: string) =>
	walk(dir).reduce((sum, file) => sum + statSync(file).size, 0);

/** German decimal comma, no thousands separator: 1234.5 → "1234,5". */
export const dec = (n: number, digits = 1) => n.toFixed(digits).replace('.', ',');
/** KB = 1000 bytes throughout the benchmarks. */
export const kb = (bytes: number, digits = 1) => dec(bytes / 1000, digits);

/** Right-aligns every column but the first; `rows[0]` is the header. */
export function table(rows: (string | number)[][]): string {
	const cells = rows.map((row) => row.map(String));
	const widths = cells[0]!.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
	const line = (row: string[]) =>
		row
			.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
			.join('  ');
	const [head, ...body] = cells;
	return [line(head!), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
