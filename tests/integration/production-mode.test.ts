/**
 * The built server runs its packages in production mode: without it, React renders every island
 * with its development build (owner stacks and checks on every element), a third slower.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

/** Which React build a fresh process loads after scripts/lib/production-mode.ts, with `env` as its environment. */
function reactBuildLoaded(nodeEnv: string | undefined): string {
	const env = { ...process.env };
	delete env.NODE_ENV;
	if (nodeEnv !== undefined) env.NODE_ENV = nodeEnv;
	const program = `
		import './scripts/lib/production-mode.ts';
		import { createRequire } from 'node:module';
		const require = createRequire(import.meta.url);
		require('react');
		console.log(Object.keys(require.cache).find((file) => file.includes('/react/cjs/react.')));`;
	const run = spawnSync(process.execPath, ['--input-type=module', '-e', program], { env, encoding: 'utf8' });
	expect(run.status, run.stderr).toBe(0);
	return run.stdout.trim();
}

describe('production mode of the built server', () => {
	test('React loads its production build when NODE_ENV is unset or empty', () => {
		expect(reactBuildLoaded(undefined)).toMatch(/react\.production\.js$/);
		expect(reactBuildLoaded('')).toMatch(/react\.production\.js$/);
	});

	test('a NODE_ENV the operator set wins', () => {
		expect(reactBuildLoaded('development')).toMatch(/react\.development\.js$/);
	});

	test('the server entry sets it before anything else is imported', () => {
		const firstImport = readFileSync('scripts/serve.ts', 'utf8').match(/^import .*$/m)?.[0];
		expect(firstImport).toBe("import './lib/production-mode.ts';");
	});
});
