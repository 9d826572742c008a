/**
 * The change count the page cache relies on (db/client.ts countEveryChange): every table
 * counts every row written, whoever writes it, and a table made later counts too.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countEveryChange } from '../../db/client.ts';
import { createUser } from '../../src/lib/server/accounts.ts';
import { createSession, SESSION_POLICY, validateSessionToken } from '../../src/lib/server/auth-session.ts';
import { hit, reset } from '../../src/lib/server/rate-limit.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase();
});
afterAll(() => t.close());

const currentDataVersion = async () => Number((await t.db.$client.execute('SELECT version FROM data_version WHERE id = 1')).rows[0]!['version']);
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

	test('the session check reads it with the session, before its own refresh raises it', async () => {
		const userId = await createUser({ name: 'Erika Beispiel', email: 'erika@example.org', role: 'member' });
		const T0 = new Date('2026-03-02T08:00:00Z');
		const { token } = await createSession(userId, { now: T0 });
		const before = await currentDataVersion();
		expect((await validateSessionToken(token, T0))?.dataVersion).toBe(before);
		await hit('loginIp', 'another');
		expect((await validateSessionToken(token, T0))?.dataVersion).toBe(before + 1);
		// Used again after the refresh interval: the session's row is written, after the count was read.
		const later = new Date(T0.getTime() + SESSION_POLICY.member.refreshMs);
		expect((await validateSessionToken(token, later))?.dataVersion).toBe(before + 1);
		expect(await currentDataVersion()).toBe(before + 2);
	});

	test('a table a later migration rebuilds, as drizzle-kit does, counts again after it', async () => {
		await t.db.$client.batch(
			[
				'CREATE TABLE `__new_rate_limit` (`key` text PRIMARY KEY NOT NULL, `window_start` integer NOT NULL, `count` integer NOT NULL)',
				'INSERT INTO `__new_rate_limit` SELECT `key`, `window_start`, `count` FROM `rate_limit`',
				'DROP TABLE `rate_limit`',
				'ALTER TABLE `__new_rate_limit` RENAME TO `rate_limit`',
			],
			'write',
		);
		expect(await triggersOn('rate_limit'), 'the rebuild dropped them').toEqual([]);
		await countEveryChange(t.db);
		await countEveryChange(t.db);
		expect(await triggersOn('rate_limit')).toHaveLength(3);
		const before = await currentDataVersion();
		await hit('loginIp', 'after-rebuild');
		expect(await currentDataVersion()).toBe(before + 1);
	});

	test('a renamed table leaves no trigger behind that would keep a new table of the old name uncounted', async () => {
		await t.db.$client.execute('ALTER TABLE rate_limit RENAME TO rate_limit_before');
		await t.db.$client.execute('CREATE TABLE rate_limit (`key` text PRIMARY KEY NOT NULL, `window_start` integer NOT NULL, `count` integer NOT NULL)');
		await countEveryChange(t.db);
		expect(await triggersOn('rate_limit')).toHaveLength(3);
		expect(await triggersOn('rate_limit_before'), 'not a table of the schema').toEqual([]);
		await t.db.$client.execute('DROP TABLE rate_limit_before');
	});

	test('a lost count row is made again at the next start', async () => {
		await t.db.$client.execute('DELETE FROM data_version');
		await countEveryChange(t.db);
		expect(await currentDataVersion()).toBe(0);
		await hit('loginIp', 'after-loss');
		expect(await currentDataVersion()).toBe(1);
	});
});
