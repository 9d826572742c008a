/** Builds in folders of their own, `dist` a link to the one in use; a failed build changes nothing. */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { discardNextBuild, KEPT_BUILDS, markBuildInUse, prepareNextBuild, swapInNextBuild } from '../../scripts/lib/build-swap.ts';

/** A "build" with one page, made in the next folder and swapped in. */
function build(root: string, content: string, at: Date): string {
	const folder = prepareNextBuild(root, at);
	mkdirSync(join(folder, 'client'), { recursive: true });
	writeFileSync(join(folder, 'client', 'index.html'), content);
	swapInNextBuild(root, folder);
	return folder;
}
const served = (root: string) => readFileSync(join(root, 'dist', 'client', 'index.html'), 'utf8');
const day = (n: number) => new Date(Date.UTC(2026, 10, n, 9));

describe('swapping builds', () => {
	test('a finished build becomes dist; the folder a running server resolved keeps its own files', () => {
		const root = mkdtempSync(join(tmpdir(), 'build-swap-'));
		build(root, 'erster', day(1));
		expect(lstatSync(join(root, 'dist')).isSymbolicLink()).toBe(true);
		const running = realpathSync(join(root, 'dist'));
		build(root, 'zweiter', day(2));
		expect(served(root)).toBe('zweiter');
		expect(readFileSync(join(running, 'client', 'index.html'), 'utf8'), 'the server started before still has its build').toBe('erster');
	});

	test('a failed build is cleared and dist stays where it was', () => {
		const root = mkdtempSync(join(tmpdir(), 'build-swap-'));
		build(root, 'erster', day(1));
		const failed = prepareNextBuild(root, day(2));
		mkdirSync(join(failed, 'client'), { recursive: true });
		discardNextBuild(failed);
		expect(served(root)).toBe('erster');
		expect(readdirSync(join(root, 'builds'))).toHaveLength(1);
	});

	test(`only the newest ${KEPT_BUILDS} builds are kept, and a dist/ folder from before becomes one of them`, () => {
		const root = mkdtempSync(join(tmpdir(), 'build-swap-'));
		mkdirSync(join(root, 'dist', 'client'), { recursive: true });
		writeFileSync(join(root, 'dist', 'client', 'index.html'), 'alt');
		build(root, 'eins', day(1));
		expect(readdirSync(join(root, 'builds'))).toEqual(['00000000000000-vorher', expect.stringMatching(/^20261101090000-\d+$/)]);
		for (let n = 2; n <= 5; n++) build(root, `nummer ${n}`, day(n));
		expect(readdirSync(join(root, 'builds'))).toHaveLength(KEPT_BUILDS);
		expect(served(root)).toBe('nummer 5');
	});

	test('a build a live server runs is kept however many builds follow; once the server is gone it goes', () => {
		const root = mkdtempSync(join(tmpdir(), 'build-swap-'));
		const running = build(root, 'erster', day(1));
		const release = markBuildInUse(running);
		// A marker of a server that crashed long ago (no such process) keeps nothing.
		const crashed = build(root, 'zweiter', day(2));
		markBuildInUse(crashed, 2 ** 22 + 1);
		for (let n = 3; n <= 6; n++) build(root, `nummer ${n}`, day(n));
		const kept = readdirSync(join(root, 'builds'));
		expect(kept).toContain(basename(running));
		expect(kept).not.toContain(basename(crashed));
		expect(kept).toHaveLength(KEPT_BUILDS + 1);
		expect(readFileSync(join(running, 'client', 'index.html'), 'utf8')).toBe('erster');

		release();
		build(root, 'nummer 7', day(7));
		expect(readdirSync(join(root, 'builds'))).not.toContain(basename(running));
		expect(readdirSync(join(root, 'builds'))).toHaveLength(KEPT_BUILDS);
	});
});
