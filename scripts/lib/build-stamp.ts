/**
 * A fingerprint of everything that goes into `dist/`, so `npm start` rebuilds exactly when a
 * source changed and otherwise starts at once.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const INPUTS = ['src', 'public', 'db', 'astro.config.mjs', 'package-lock.json', 'tsconfig.json'];
const IGNORED = new Set(['outbox', 'backups', 'node_modules']);
const STAMP_FILE = 'dist/.build-stamp';

function* files(path: string): Generator<string> {
	if (!existsSync(path)) return;
	if (statSync(path).isFile()) {
		// The database files live under db/ but are data, not build input.
		if (!/\.db(-\w+)?$/.test(path)) yield path;
		return;
	}
	for (const name of readdirSync(path).sort()) {
		if (!IGNORED.has(name)) yield* files(join(path, name));
	}
}

export function sourceFingerprint(root = '.'): string {
	const hash = createHash('sha256');
	for (const input of INPUTS) {
		for (const file of files(join(root, input))) {
			hash.update(file).update('\0').update(readFileSync(file)).update('\0');
		}
	}
	return hash.digest('hex');
}

export const isBuildCurrent = (root = '.') =>
	existsSync(join(root, 'dist/server/entry.mjs')) &&
	existsSync(join(root, STAMP_FILE)) &&
	readFileSync(join(root, STAMP_FILE), 'utf8') === sourceFingerprint(root);

/** `fingerprint`: taken before the build, so a file saved while it ran makes the next start build again. */
export const writeBuildStamp = (root = '.', fingerprint = sourceFingerprint(root)) => writeFileSync(join(root, STAMP_FILE), fingerprint);
