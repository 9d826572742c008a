/**
 * What one small commit costs on the embedded database with SQLite's default
 * `synchronous = FULL` against the `NORMAL` that src/lib/server/db.ts sets on every connection
 * (WAL mode in both cases), on this machine's disk: 300 single-row inserts each, in a temporary
 * file. The time is spent on the event loop, since the libSQL driver is synchronous.
 * Run: `node bench/commit-cost.ts` (Node 24). Prints figures, asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';

const INSERTS = 300;
const dir = mkdtempSync(join(tmpdir(), 'netzwerkforum-commit-'));
const client = createClient({ url: `file:${join(dir, 'commit.db')}` });
try {
	await client.execute('PRAGMA journal_mode = WAL');
	await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)');
	console.log(`${INSERTS} Einzel-Inserts je Einstellung, WAL, ${dir}`);
	for (const level of ['FULL', 'NORMAL']) {
		await client.execute(`PRAGMA synchronous = ${level}`);
		const started = performance.now();
		for (let i = 0; i < INSERTS; i++) await client.execute({ sql: 'INSERT INTO t (value) VALUES (?)', args: [i] });
		const perInsert = (performance.now() - started) / INSERTS;
		console.log(`synchronous = ${level.padEnd(6)} ${perInsert.toFixed(3).replace('.', ',')} ms je Commit`);
	}
} finally {
	client.close();
	rmSync(dir, { recursive: true, force: true });
}
