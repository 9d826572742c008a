/**
 * A build goes to its own folder first and takes the place of `dist/` only once it succeeded:
 * a build that fails (a typo in an article) leaves the running website as it was, and one that
 * succeeds is swapped in by two renames instead of being written into the folder the server reads
 * from for a minute. The build before stays as `dist-previous/` until the next one.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const buildFolders = (root = '.') => ({ next: join(root, 'dist-next'), current: join(root, 'dist'), previous: join(root, 'dist-previous') });

/** Clears what a build interrupted earlier left behind, so the new one starts empty. */
export function prepareNextBuild(root = '.'): string {
	const { next } = buildFolders(root);
	rmSync(next, { recursive: true, force: true });
	return next;
}

/** Puts the finished build in place of the current one. */
export function swapInNextBuild(root = '.'): void {
	const { next, current, previous } = buildFolders(root);
	rmSync(previous, { recursive: true, force: true });
	if (existsSync(current)) renameSync(current, previous);
	renameSync(next, current);
}

/** Drops a failed build; the current one is untouched. */
export const discardNextBuild = (root = '.') => rmSync(buildFolders(root).next, { recursive: true, force: true });
