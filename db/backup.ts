/**
 * Consistent copies of the live database. `VACUUM INTO` writes a snapshot through SQLite
 * itself, so it is safe while the server writes (a file copy of a WAL database is not).
 * Every copy is opened and checked with `PRAGMA integrity_check` before it counts.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import type { Db } from './client.ts';

export interface BackupResult {
	file: string;
	bytes: number;
	integrity: string;
	removed: string[];
}

const BACKUP_NAME = /^netzwerkforum-\d{8}-\d{6}\.db$/;

function stamp(now: Date): string {
	const iso = now.toISOString(); // 2026-11-25T11:03:47.123Z
	return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

export async function integrityOf(file: string): Promise<string> {
	const client = createClient({ url: `file:${file}` });
	try {
		const result = await client.execute('PRAGMA integrity_check');
		return String(result.rows[0]?.[0] ?? 'keine Antwort');
	} finally {
		client.close();
	}
}

/** How long copies are kept: the newest `keep` of them, and none older than `maxDays`. */
export interface BackupRetention {
	keep: number;
	maxDays: number;
}

/** When a copy was made, read from its name (UTC), which a copy to another disk keeps. */
function madeAt(name: string): Date {
	const [, date, time] = /-(\d{8})-(\d{6})\.db$/.exec(name)!;
	return new Date(`${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6)}T${time!.slice(0, 2)}:${time!.slice(2, 4)}:${time!.slice(4)}Z`);
}

/**
 * Deletes the copies beyond the newest `keep` and every copy older than `maxDays`, even the last
 * one: deleted personal data must not outlive the period the privacy notice names in a copy
 * that no newer run replaced. Returns the names removed.
 */
export function pruneBackups(dir: string, { keep, maxDays }: BackupRetention, now: Date = new Date()): string[] {
	if (!existsSync(dir)) return [];
	const oldest = now.getTime() - maxDays * 24 * 60 * 60 * 1000;
	const copies = readdirSync(dir).filter((name) => BACKUP_NAME.test(name)).sort();
	const removed = copies.filter((name, index) => index < copies.length - keep || madeAt(name).getTime() < oldest);
	for (const name of removed) rmSync(join(dir, name));
	return removed;
}

/** Writes a checked copy into `dir`, then prunes the copies as `retention` says. */
export async function backupDatabase(db: Db, dir: string, retention: BackupRetention, now: Date = new Date()): Promise<BackupResult> {
	// A wrong DATABASE_URL opens a new, empty file: its copy would be reported as a good backup,
	// and keep would prune the real ones.
	const migrated = await db.$client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'");
	if (migrated.rows.length === 0) throw new Error('Diese Datenbank ist leer (keine Tabellen des Netzwerkforums); nichts gesichert. Stimmt DATABASE_URL?');
	// A copy holds everything (password hashes, app keys, personal data): for the server's user
	// only, from its first byte (the umask while SQLite writes it), in a folder only they can list,
	// also one that existed before, and with the copies kept from earlier runs.
	mkdirSync(dir, { recursive: true, mode: 0o700 });
	chmodSync(dir, 0o700);
	const file = resolve(join(dir, `netzwerkforum-${stamp(now)}.db`));
	if (existsSync(file)) rmSync(file);
	const umask = process.umask(0o077);
	try {
		await db.$client.execute({ sql: 'VACUUM INTO ?', args: [file] });
	} finally {
		process.umask(umask);
	}
	const integrity = await integrityOf(file);
	if (integrity !== 'ok') {
		rmSync(file, { force: true });
		throw new Error(`Die Sicherung ist beschädigt (integrity_check: ${integrity}) und wurde verworfen.`);
	}
	const removed = pruneBackups(dir, retention, now);
	for (const name of readdirSync(dir).filter((name) => BACKUP_NAME.test(name))) chmodSync(join(dir, name), 0o600);
	return { file, bytes: statSync(file).size, integrity, removed };
}
