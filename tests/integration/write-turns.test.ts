/**
 * Writes take turns within one process (db/client.ts, takeTurnsWriting). Without that, a write
 * while another request's transaction was open froze the process for the busy timeout and then
 * failed with SQLITE_BUSY, because the embedded driver waits for the lock on the event loop.
 */
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDb, impatientConnection, type Db } from '../../db/client.ts';

let dir: string;
let db: Db;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const value = async () => (await db.all<{ v: number }>(sql`SELECT v FROM counter WHERE id = 1`))[0]!.v;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'netzwerkforum-turns-'));
	db = createDb({ url: `file:${join(dir, 'turns.db')}` });
	await db.run(sql`PRAGMA journal_mode = WAL`);
	await db.run(sql`CREATE TABLE counter (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)`);
});
afterAll(() => {
	db.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('writes within one process', () => {
	test('a write while a transaction waits between its statements goes through after it', async () => {
		await db.run(sql`INSERT OR REPLACE INTO counter VALUES (1, 0)`);
		const transaction = db.transaction(async (tx) => {
			await tx.run(sql`UPDATE counter SET v = v + 1 WHERE id = 1`);
			await pause(50); // e.g. a password hash or a mail between two statements
			await tx.run(sql`UPDATE counter SET v = v + 1 WHERE id = 1`);
		});
		await pause(10);
		const write = db.run(sql`UPDATE counter SET v = v + 10 WHERE id = 1`);
		// Reads do not wait: they see what was committed before the transaction.
		expect(await value()).toBe(0);
		await Promise.all([transaction, write]);
		expect(await value()).toBe(12);
	});

	test('a checkpoint while a transaction waits between its statements runs after it and completes', async () => {
		await db.run(sql`INSERT OR REPLACE INTO counter VALUES (1, 0)`);
		const transaction = db.transaction(async (tx) => {
			await tx.run(sql`UPDATE counter SET v = v + 1 WHERE id = 1`);
			await pause(50);
			await tx.run(sql`UPDATE counter SET v = v + 1 WHERE id = 1`);
		});
		await pause(10);
		// It waits for the writer: on the event loop, that would have held up the transaction it waited for.
		const checkpoint = db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
		await transaction;
		expect(Number((await checkpoint).rows[0]?.busy), 'busy').toBe(0);
		expect(await value()).toBe(2);
	});

	test('the checkpoint after an erasure uses a connection that never waits: while another reads, it answers busy at once', async () => {
		const impatient = impatientConnection(db)!;
		const reader = createDb({ url: `file:${join(dir, 'turns.db')}` });
		try {
			expect(Number((await impatient.execute('PRAGMA busy_timeout')).rows[0]![0])).toBe(0);
			// A reader holding its snapshot (a backup, say): TRUNCATE cannot finish, and says so instead of waiting.
			await db.run(sql`UPDATE counter SET v = v + 1 WHERE id = 1`);
			const reading = await reader.$client.transaction('read');
			await reading.execute('SELECT v FROM counter');
			await db.run(sql`UPDATE counter SET v = v + 1 WHERE id = 1`);
			expect(Number((await impatient.execute('PRAGMA wal_checkpoint(TRUNCATE)')).rows[0]?.busy), 'busy').toBe(1);
			reading.close();
			expect(Number((await impatient.execute('PRAGMA wal_checkpoint(TRUNCATE)')).rows[0]?.busy), 'busy').toBe(0);
		} finally {
			impatient.close();
			reader.$client.close();
		}
		expect(impatientConnection(createDb({ url: 'http://127.0.0.1:9' })), 'a libSQL server has no file of ours').toBeNull();
	});

	test('transactions that read, wait and write run one after the other, so no update is lost', async () => {
		await db.run(sql`INSERT OR REPLACE INTO counter VALUES (1, 0)`);
		const increment = () =>
			db.transaction(async (tx) => {
				const [row] = await tx.all<{ v: number }>(sql`SELECT v FROM counter WHERE id = 1`);
				await pause(5);
				await tx.run(sql`UPDATE counter SET v = ${row!.v + 1} WHERE id = 1`);
			});
		await Promise.all(Array.from({ length: 8 }, increment));
		expect(await value()).toBe(8);
	});

	test('a failed transaction gives the turn on: later writes and transactions still run', async () => {
		await db.run(sql`INSERT OR REPLACE INTO counter VALUES (1, 0)`);
		const failing = db.transaction(async (tx) => {
			await tx.run(sql`UPDATE counter SET v = 100 WHERE id = 1`);
			throw new Error('abgebrochen');
		});
		const write = db.run(sql`UPDATE counter SET v = v + 1 WHERE id = 1`);
		await expect(failing).rejects.toThrow('abgebrochen');
		await write;
		await db.transaction(async (tx) => {
			await tx.run(sql`UPDATE counter SET v = v + 1 WHERE id = 1`);
		});
		expect(await value()).toBe(2);
	});
});
