/** The finished build takes dist/'s place; a failed one leaves dist/ alone. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { discardNextBuild, prepareNextBuild, swapInNextBuild } from '../../scripts/lib/build-swap.ts';

function fakeBuild(root: string, folder: string, content: string) {
	mkdirSync(join(root, folder, 'client'), { recursive: true });
	writeFileSync(join(root, folder, 'client', 'index.html'), content);
}
const page = (root: string, folder: string) => readFileSync(join(root, folder, 'client', 'index.html'), 'utf8');

describe('swapping builds', () => {
	test('a finished build replaces dist/, which stays as dist-previous/ until the next one', () => {
		const root = mkdtempSync(join(tmpdir(), 'build-swap-'));
		fakeBuild(root, 'dist', 'erster');
		fakeBuild(root, prepareNextBuild(root).slice(root.length + 1), 'zweiter');
		swapInNextBuild(root);
		expect([page(root, 'dist'), page(root, 'dist-previous'), existsSync(join(root, 'dist-next'))]).toEqual(['zweiter', 'erster', false]);
		fakeBuild(root, 'dist-next', 'dritter');
		swapInNextBuild(root);
		expect([page(root, 'dist'), page(root, 'dist-previous')]).toEqual(['dritter', 'zweiter']);
	});

	test('the first build has no dist/ to move aside; a failed one is cleared and dist/ untouched', () => {
		const root = mkdtempSync(join(tmpdir(), 'build-swap-'));
		fakeBuild(root, 'dist-next', 'erster');
		swapInNextBuild(root);
		expect(page(root, 'dist')).toBe('erster');
		fakeBuild(root, 'dist-next', 'halb');
		discardNextBuild(root);
		expect([page(root, 'dist'), existsSync(join(root, 'dist-next'))]).toEqual(['erster', false]);
		// What an interrupted build left behind goes before the next one starts.
		fakeBuild(root, 'dist-next', 'abgebrochen');
		prepareNextBuild(root);
		expect(existsSync(join(root, 'dist-next'))).toBe(false);
	});
});
