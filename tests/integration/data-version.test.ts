/**
 * The change count the page cache relies on (db/client.ts countEveryChange): every table
 * counts every row written, whoever writes it, and a table made later counts too.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countEveryChange } from '../../db/client.ts';
import { currentDataVersion } from '../../src/lib/server/page-cache.ts';
import { hit, reset } from '../../src/lib/server/rate-limit.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase();
});
afterAll(() => t.close());

const names = async (sql: string) => (await t.db.$client.execute(sql)).rows.map((row) => String(row['name']));
const tables = () => names("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT IN ('__drizzle_migrations', 'data_version')");
const triggersOn = (table: string) => names(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = '${table}' AND name LIKE '%\\_counts\\_%' ESCAPE '\\'`);

describe('the database change count', () => {
	test('every table of the schema counts inserts, updates and deletes', async () => {
		const all = await tables();
		expect(all).toContain('user');
		expect(all).toContain('topic_queue_item');
		for (const table of all) {
			expect((await triggersOn(table)).sort(), table).toEqual([`${table}_counts_delete`, `${table}_counts_insert`, `${table}_counts_update`]);
		}
	});

	test('each row written through the server modules raises it, and a read does not', async () => {
		const start = await currentDataVersion();
		await hit('loginIp', 'probe'); // insert
		expect(await currentDataVersion()).toBe(start + 1);
		await hit('loginIp', 'probe'); // update
		expect(await currentDataVersion()).toBe(start + 2);
		await currentDataVersion();
		expect(await currentDataVersion()).toBe(start + 2);
		await reset('loginIp', 'probe'); // delete
		expect(await currentDataVersion()).toBe(start + 3);
	});

	test('a write by another client of the same file (a script, a second server) raises it as well', async () => {
		const before = await currentDataVersion();
		const { createClient } = await import('@libsql/client');
		const other = createClient({ url: t.url });
		try {
			await other.execute("INSERT INTO rate_limit (key, window_start, count) VALUES ('a', 0, 1), ('b', 0, 1)");
		} finally {
			other.close();
		}
		expect(await currentDataVersion()).toBe(before + 2);
	});

	test('a table made after the migrations counts from the next run on; running it again adds nothing', async () => {
		await t.db.$client.execute('CREATE TABLE later_table (id integer PRIMARY KEY)');
		expect(await triggersOn('later_table')).toEqual([]);
		await countEveryChange(t.db);
		await countEveryChange(t.db);
		expect(await triggersOn('later_table')).toHaveLength(3);
		const before = await currentDataVersion();
		await t.db.$client.execute('INSERT INTO later_table (id) VALUES (1), (2)');
		expect(await currentDataVersion()).toBe(before + 2);
	});
});
