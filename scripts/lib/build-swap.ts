/**
 * Every build goes to a folder of its own under builds/, and `dist` is a link to the one in use.
 * A build that fails (a typo in an article) leaves the link and the running website as they
 * were; one that succeeds moves the link in one step (a rename). A running server holds on to
 * the folder it started from (scripts/serve.ts resolves the link once), so it goes on serving
 * its own build, whole, until it is restarted; the last KEPT_BUILDS stay for that, and a build a
 * live server has marked as its own (markBuildInUse) stays however many builds came after it.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

/** Deletes all but the newest KEPT_BUILDS builds, never the one `dist` points to nor one a live server runs. */
function pruneBuilds(root: string): void {
	const linked = basename(readlinkSync(join(root, 'dist')));
	const names = readdirSync(join(root, BUILDS)).sort();
	for (const name of names.slice(0, Math.max(0, names.length - KEPT_BUILDS))) {
		const folder = join(root, BUILDS, name);
		if (name !== linked && !runByLiveServer(folder)) rmSync(folder, { recursive: true, force: true });
	}
}

/** Where a server leaves one empty file per process id in the build it runs. */
const SERVERS = '.servers';

/**
 * Marks `folder` as the build of the server process `pid` until the returned function is called
 * (at the server's exit). Pages load lazily, so a server whose build was deleted under it would
 * answer every page it had not shown yet with 404 or 500: three quick builds did that. A marker
 * left by a server that crashed counts no longer than its process lives.
 */
export function markBuildInUse(folder: string, pid: number = process.pid): () => void {
	const marker = join(folder, SERVERS, String(pid));
	try {
		mkdirSync(join(folder, SERVERS), { recursive: true });
		writeFileSync(marker, '');
	} catch (error) {
		console.error(`Achtung: Der Build ${folder} lässt sich nicht als „in Gebrauch“ markieren (${(error as Error).message}). Nach drei weiteren Builds könnte er gelöscht werden, während dieser Server ihn noch zeigt: dann den Server neu starten.`);
		return () => {};
	}
	return () => rmSync(marker, { force: true });
}

function runByLiveServer(folder: string): boolean {
	const markers = join(folder, SERVERS);
	return existsSync(markers) && readdirSync(markers).some((name) => isAlive(Number(name)));
}

/** Signal 0 only asks; EPERM means the process exists but belongs to another user (the service user). */
function isAlive(pid: number): boolean {
	if (!Number.isInteger(pid) || pid <= 0) return false;
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
