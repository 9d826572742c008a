/**
 * Every build goes to a folder of its own under builds/, and `dist` is a link to the one in use.
 * A build that fails (a typo in an article) leaves the link and the running website as they
 * were; one that succeeds moves the link in one step (a rename). A running server holds on to
 * the folder it started from (scripts/serve.ts resolves the link once), so it goes on serving
 * its own build, whole, until it is restarted; the last KEPT_BUILDS stay for that.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';

const BUILDS = 'builds';
/** The build in use, the one before (a server not yet restarted), and one more for good measure. */
export const KEPT_BUILDS = 3;

/** A new, empty folder for the next build, named so that names sort by age. */
export function prepareNextBuild(root = '.', now = new Date()): string {
	const name = `${now.toISOString().replace(/\D/g, '').slice(0, 14)}-${process.pid}`;
	const folder = join(root, BUILDS, name);
	rmSync(folder, { recursive: true, force: true });
	mkdirSync(join(root, BUILDS), { recursive: true });
	return folder;
}

/** Drops a failed build; `dist` still points to the last good one. */
export const discardNextBuild = (folder: string) => rmSync(folder, { recursive: true, force: true });

/** Points `dist` at the finished build in `folder` (under builds/), then clears builds no longer kept. */
export function swapInNextBuild(root: string, folder: string): void {
	const dist = join(root, 'dist');
	// Before builds had folders of their own, dist/ was one: it becomes the oldest kept build.
	if (existsSync(dist) && !lstatSync(dist).isSymbolicLink()) renameSync(dist, join(root, BUILDS, '00000000000000-vorher'));
	const link = join(root, 'dist.neu');
	rmSync(link, { force: true });
	// Relative, so the project folder can move.
	symlinkSync(join(BUILDS, basename(folder)), link);
	renameSync(link, dist);
	pruneBuilds(root);
}

/** Deletes all but the newest KEPT_BUILDS builds, never the one `dist` points to. */
function pruneBuilds(root: string): void {
	const inUse = basename(readlinkSync(join(root, 'dist')));
	const names = readdirSync(join(root, BUILDS)).sort();
	for (const name of names.slice(0, Math.max(0, names.length - KEPT_BUILDS))) {
		if (name !== inUse) rmSync(join(root, BUILDS, name), { recursive: true, force: true });
	}
}
