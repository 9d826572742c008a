/**
 * `npm test`: type-check, unit and integration tests, production build, then the end-to-end suite in real
 * Chromium against the built server. Ends with one summary line over all test steps.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { run } from './lib/run.ts';

interface VitestJson {
	numPassedTests: number;
	numFailedTests: number;
	numPendingTests: number;
	numTodoTests: number;
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const REPORT_DIR = '.vitest';

function finish(code: number): never {
	const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
	console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed${skipped}`);
	process.exit(code);
}

async function step(title: string, command: string, args: string[]): Promise<void> {
	console.log(`\n▶ ${title}`);
	const code = await run(command, args);
	if (code !== 0) {
		console.error(`✗ ${title} fehlgeschlagen (Exit-Code ${code})`);
		finish(code);
	}
}

async function vitest(project: string): Promise<void> {
	const report = `${REPORT_DIR}/${project}.json`;
	rmSync(report, { force: true });
	console.log(`\n▶ Tests: ${project}`);
	const code = await run('vitest', [
		'run',
		'--project',
		project,
		'--reporter=default',
		'--reporter=json',
		`--outputFile.json=${report}`,
	]);
	if (existsSync(report)) {
		const result = JSON.parse(readFileSync(report, 'utf8')) as VitestJson;
		totals.passed += result.numPassedTests;
		totals.failed += result.numFailedTests;
		totals.skipped += result.numPendingTests + result.numTodoTests;
	}
	if (code !== 0) {
		if (totals.failed === 0) totals.failed = 1; // a crash before any result counts as a failure
		finish(code);
	}
}

mkdirSync(REPORT_DIR, { recursive: true });
await step('Typprüfung (astro check)', 'astro', ['check']);
await vitest('unit');
await vitest('integration');
await step('Produktions-Build mit Suchindex', process.execPath, ['scripts/build.ts']);
await vitest('e2e');
finish(0);
