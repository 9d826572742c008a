/**
 * The statement cache that src/lib/server/db.ts lays over the libSQL driver for the embedded
 * database. It patches a dependency, so these tests pin what must stay true after every update
 * of @libsql/client: fresh data across connections, new columns after a schema change, no
 * poisoned statement after an error, and writes that never trip over an old snapshot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { installConfig, readConfig } from '../../src/lib/server/config.ts';
import { getDb } from '../../src/lib/server/db.ts';

let dir: string;
let cached: Db;
let other: Db;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'netzwerkforum-cache-'));
	const url = `file:${join(dir, 'cache.db')}`;
	installConfig(readConfig((name) => ({ DATABASE_URL: url, OUTBOX_DIR: join(dir, 'outbox') })[name]));
	cached = await getDb(); // the first call installs the cache
	other = createDb({ url });
	await cached.$client.execute('PRAGMA journal_mode = WAL');
	await cached.$client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT NOT NULL)');
	await cached.$client.execute("INSERT INTO t (label) VALUES ('eins'), ('zwei')");
});
afterAll(() => {
	cached.$client.close();
	other.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

const count = async (db: Db) => Number((await db.$client.execute('SELECT count(*) AS n FROM t')).rows[0]!.n);

describe('statement cache on the embedded database', () => {
	test('is installed on the driver the client loads', () => {
		const require = createRequire(import.meta.url);
		const driver = createRequire(require.resolve('@libsql/client'))('libsql') as { prototype: Record<symbol, unknown> };
		expect(driver.prototype[Symbol.for('netzwerkforum.statementCache')]).toBe(true);
	});

	test('every connection waits for the disk only at checkpoints (synchronous = NORMAL)', async () => {
		const level = async () => Number((await cached.$client.execute('PRAGMA synchronous')).rows[0]!.synchronous);
		expect(await level()).toBe(1);
		// A transaction borrows a connection of its own; the pool then holds two.
		const tx = await cached.$client.transaction('read');
		expect(Number((await tx.execute('PRAGMA synchronous')).rows[0]!.synchronous)).toBe(1);
		expect(await level()).toBe(1);
		await tx.commit();
	});

	test('a repeated query sees what another connection wrote in between', async () => {
		expect(await count(cached)).toBe(2);
		await other.$client.execute("INSERT INTO t (label) VALUES ('drei')");
		expect(await count(cached)).toBe(3);
	});

	test('after a schema change the same SELECT * returns the new column', async () => {
		const before = await cached.$client.execute('SELECT * FROM t ORDER BY id');
		expect(before.columns).toEqual(['id', 'label']);
		await cached.$client.execute('ALTER TABLE t ADD COLUMN note TEXT');
		const after = await cached.$client.execute('SELECT * FROM t ORDER BY id');
		expect(after.columns).toEqual(['id', 'label', 'note']);
	});

	test('a statement that failed works again with good values', async () => {
		const insert = 'INSERT INTO t (id, label) VALUES (?, ?)';
		await expect(cached.$client.execute({ sql: insert, args: [1, 'doppelt'] })).rejects.toThrow(/UNIQUE|constraint/i);
		await cached.$client.execute({ sql: insert, args: [10, 'zehn'] });
		expect((await cached.$client.execute({ sql: 'SELECT label FROM t WHERE id = ?', args: [10] })).rows[0]!.label).toBe('zehn');
	});

	test('after reading, a write still succeeds when another connection wrote meanwhile', async () => {
		for (let round = 0; round < 5; round++) {
			await cached.$client.execute('SELECT id, label FROM t ORDER BY id');
			await other.$client.execute({ sql: 'INSERT INTO t (label) VALUES (?)', args: [`fremd ${round}`] });
			await cached.$client.execute({ sql: 'INSERT INTO t (label) VALUES (?)', args: [`eigen ${round}`] });
		}
		expect(await count(other)).toBe(4 + 10);
	});
});
