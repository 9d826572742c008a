/**
 * The change count the page cache relies on (db/client.ts countEveryChange): every table
 * counts every row written, whoever writes it, and a table made later counts too; the rate
 * limits, which no page shows, do not.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countEveryChange } from '../../db/client.ts';
import { createUser } from '../../src/lib/server/accounts.ts';
import { createSession, SESSION_POLICY, validateSessionToken } from '../../src/lib/server/auth-session.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hit, reset } from '../../src/lib/server/rate-limit.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase();
});
afterAll(() => t.close());

const currentDataVersion = async () => Number((await t.db.$client.execute('SELECT version FROM data_version WHERE id = 1')).rows[0]!['version']);
const names = async (sql: string) => (await t.db.$client.execute(sql)).rows.map((row) => String(row['name']));
const tables = () => names("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT IN ('__drizzle_migrations', 'data_version', 'rate_limit')");
/** A row written to app_secret, a table like any other here; `write` inserts, updates or deletes it. */
const probe = (write: 'insert' | 'update' | 'delete', name: string) =>
	t.db.$client.execute({
		sql: {
			insert: "INSERT INTO app_secret (name, value, created_at) VALUES (?, x'00', 0)",
			update: "UPDATE app_secret SET value = x'01' WHERE name = ?",
			delete: 'DELETE FROM app_secret WHERE name = ?',
		}[write],
		args: [name],
	});
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

	test('each row written raises it, and a read does not', async () => {
		const start = await currentDataVersion();
		await probe('insert', 'probe');
		expect(await currentDataVersion()).toBe(start + 1);
		await probe('update', 'probe');
		expect(await currentDataVersion()).toBe(start + 2);
		await currentDataVersion();
		expect(await currentDataVersion()).toBe(start + 2);
		await probe('delete', 'probe');
		expect(await currentDataVersion()).toBe(start + 3);
	});

	test('a rate limit counter (a failed sign-in) leaves it, and has no trigger left from before', async () => {
		await t.db.$client.execute('CREATE TRIGGER "rate_limit_counts_insert" AFTER INSERT ON "rate_limit" BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END');
		await countEveryChange(t.db);
		expect(await triggersOn('rate_limit')).toEqual([]);
		const start = await currentDataVersion();
		await hit('loginIp', 'probe'); // insert
		await hit('loginIp', 'probe'); // update
		await reset('loginIp', 'probe'); // delete
		expect(await currentDataVersion()).toBe(start);
	});

	test('no page reads a rate limit: only src/lib/server/rate-limit.ts touches the table, and no page, component or layout imports it', () => {
		const files = (dir: string): string[] =>
			readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
		const source = files('src').filter((file) => /\.(ts|tsx|astro)$/.test(file));
		expect(source.length).toBeGreaterThan(50);
		expect(source.filter((file) => /\brateLimit\b/.test(readFileSync(file, 'utf8')))).toEqual([join('src', 'lib', 'server', 'rate-limit.ts')]);
		const shown = source.filter((file) => /^src\/(pages|components|layouts)\/|^src\/middleware\.ts$/.test(file.split('\\').join('/')));
		expect(shown.length).toBeGreaterThan(20);
		expect(shown.filter((file) => readFileSync(file, 'utf8').includes('rate-limit'))).toEqual([]);
	});

	test('a write by another client of the same file (a script, a second server) raises it as well', async () => {
		const before = await currentDataVersion();
		const { createClient } = await import('@libsql/client');
		const other = createClient({ url: t.url });
		try {
			await other.execute("INSERT INTO app_secret (name, value, created_at) VALUES ('a', x'00', 0), ('b', x'00', 0)");
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
		await probe('insert', 'another');
		expect((await validateSessionToken(token, T0))?.dataVersion).toBe(before + 1);
		// Used again after the refresh interval: the session's row is written, after the count was read.
		const later = new Date(T0.getTime() + SESSION_POLICY.member.refreshMs);
		expect((await validateSessionToken(token, later))?.dataVersion).toBe(before + 1);
		expect(await currentDataVersion()).toBe(before + 2);
	});

	test('a table a later migration rebuilds, as drizzle-kit does, counts again after it', async () => {
		await t.db.$client.batch(
			[
				'CREATE TABLE `__new_app_secret` (`name` text PRIMARY KEY NOT NULL, `value` blob NOT NULL, `created_at` integer NOT NULL)',
				'INSERT INTO `__new_app_secret` SELECT `name`, `value`, `created_at` FROM `app_secret`',
				'DROP TABLE `app_secret`',
				'ALTER TABLE `__new_app_secret` RENAME TO `app_secret`',
			],
			'write',
		);
		expect(await triggersOn('app_secret'), 'the rebuild dropped them').toEqual([]);
		await countEveryChange(t.db);
		await countEveryChange(t.db);
		expect(await triggersOn('app_secret')).toHaveLength(3);
		const before = await currentDataVersion();
		await probe('insert', 'after-rebuild');
		expect(await currentDataVersion()).toBe(before + 1);
	});

	test('a renamed table leaves no trigger behind that would keep a new table of the old name uncounted', async () => {
		await t.db.$client.execute('ALTER TABLE app_secret RENAME TO app_secret_before');
		await t.db.$client.execute('CREATE TABLE app_secret (`name` text PRIMARY KEY NOT NULL, `value` blob NOT NULL, `created_at` integer NOT NULL)');
		await countEveryChange(t.db);
		expect(await triggersOn('app_secret')).toHaveLength(3);
		expect(await triggersOn('app_secret_before'), 'not a table of the schema').toEqual([]);
		await t.db.$client.execute('DROP TABLE app_secret_before');
	});

	test('a lost count row is made again at the next start', async () => {
		await t.db.$client.execute('DELETE FROM data_version');
		await countEveryChange(t.db);
		expect(await currentDataVersion()).toBe(0);
		await probe('insert', 'after-loss');
		expect(await currentDataVersion()).toBe(1);
	});
});
