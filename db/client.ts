/**
 * The one way to open the database, for the app, scripts and tests alike. No astro:* imports:
 * callers pass the configuration. `file:` URLs are the embedded default; `libsql://`,
 * `http(s)://` and `ws(s)://` reach a libSQL server or Turso with the same code.
 */
import { createClient, type Client, type InArgs, type InStatement, type ResultSet, type TransactionMode } from '@libsql/client';
import { getTableName, is } from 'drizzle-orm';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as schema from './schema.ts';

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };
/** A transaction handle; inside `db.transaction()` only `tx` may be used. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface DbConfig {
	url: string;
	authToken?: string | undefined;
}

/**
 * The data lives in the project's db/ folder, wherever the process was started from: a service
 * started elsewhere (systemd without WorkingDirectory) would otherwise make a new, empty
 * database, outbox and backups there. The built app has its own copy of this module under
 * dist/, so scripts/lib/setup.ts hands it the paths resolved here.
 */
const DATA_FOLDER = fileURLToPath(new URL('.', import.meta.url));
// As a file URL: a project folder named with # or % would otherwise change the address's meaning.
export const DEFAULT_DATABASE_URL = pathToFileURL(join(DATA_FOLDER, 'netzwerkforum.db')).href;
export const DEFAULT_OUTBOX_DIR = join(DATA_FOLDER, 'outbox');
export const DEFAULT_BACKUP_DIR = join(DATA_FOLDER, 'backups');
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

// SQLITE_BUSY waits up to this long for a writer instead of failing at once (the client's
// default is 0). It applies to every pooled connection; per-connection PRAGMAs would not.
const BUSY_TIMEOUT_MS = 5000;

export const isLocalFile = (url: string) => /^file:/i.test(url);

/**
 * The absolute path of a `file:` database, as libSQL opens it (it decodes %-escapes, and
 * `file:///…` is a whole file URL); null for a libSQL server and for `:memory:`.
 */
export function localPath(url: string): string | null {
	if (!isLocalFile(url)) return null;
	const path = url.slice('file:'.length).split('?')[0]!;
	if (path.startsWith(':memory:')) return null;
	return path.startsWith('//') ? fileURLToPath(`file:${path}`) : resolve(decodeURIComponent(path));
}

/**
 * The database as messages name it: the file's path, or the server's host. Never the whole
 * URL, which may carry a user, a password or an auth token.
 */
export function databaseLocation(url: string): string {
	const path = localPath(url);
	if (path) return path;
	return URL.canParse(url) ? `libSQL-Server ${new URL(url).host}` : 'libSQL-Server';
}

/**
 * The database holds password hashes, authenticator keys and every member's data: readable and
 * writable by the server's user only, also when an earlier start created it under a looser umask.
 * SQLite gives its -wal and -shm files the database file's mode, but existing ones keep theirs.
 */
function restrictToOwner(path: string): void {
	for (const file of [path, `${path}-wal`, `${path}-shm`]) {
		try {
			chmodSync(file, 0o600);
		} catch {
			// Not there yet (SQLite creates it with the mode of the database file), or not ours.
		}
	}
	// Created empty with its mode before SQLite opens it; 'a' never empties one another process made meanwhile.
	if (!existsSync(path)) writeFileSync(path, '', { mode: 0o600, flag: 'a' });
}

export function createDb({ url, authToken }: DbConfig): Db {
	const path = localPath(url);
	if (path) {
		mkdirSync(dirname(path), { recursive: true });
		restrictToOwner(path);
	}
	const embedded = isLocalFile(url);
	if (embedded) overwriteDeletedContent();
	const client = createClient({ url, timeout: BUSY_TIMEOUT_MS, ...(authToken ? { authToken } : {}) });
	if (embedded) takeTurnsWriting(client);
	const db = drizzle({ client, schema }) as Db;
	EMBEDDED_FILES.set(db, embedded ? url : null);
	return db;
}

const EMBEDDED_FILES = new WeakMap<Db, string | null>();

/**
 * A connection of its own to `db`'s embedded file that never waits for a lock (busy timeout 0),
 * for work that must not stand in line: the driver is synchronous, so a pooled connection waiting
 * out BUSY_TIMEOUT_MS holds the whole process. Null for a libSQL server. The caller closes it.
 */
export function impatientConnection(db: Db): Client | null {
	const url = EMBEDDED_FILES.get(db);
	return url ? createClient({ url, timeout: 0 }) : null;
}

/**
 * The prototype of the embedded driver's connections, from the driver the client itself loads
 * (it opens its connections internally, so there is no other place to change them), for a patch
 * made once per process: null when `mark` is on it already. The mark is a registry symbol, so a
 * second copy of the patching module (the built app has its own) finds it too.
 */
export function embeddedDriverToPatch<Connection extends object>(mark: symbol): Connection | null {
	const require = createRequire(import.meta.url);
	const proto = (createRequire(require.resolve('@libsql/client'))('libsql') as { prototype: Connection }).prototype;
	const marks = proto as Partial<Record<symbol, true>>;
	if (marks[mark]) return null;
	marks[mark] = true;
	return proto;
}

interface EmbeddedConnection {
	prepare(sql: string): { run(): unknown };
	exec(sql: string): unknown;
}
const OVERWRITES = Symbol.for('netzwerkforum.secureDelete');

/**
 * `secure_delete` on every connection of the embedded database: SQLite then overwrites what a
 * deletion frees with zeros instead of only marking the space free, so that an erased person's
 * address or text does not stay readable in the file's bytes (a copied file, a disk). It is a
 * setting of each connection, and the client opens its connections itself (a pool), so it is set
 * on the driver they all come from, before each connection's first statement: for the app,
 * scripts and tests alike. A libSQL server opens its connections on its own side, where this is
 * the server's setting; nothing here reaches them.
 */
function overwriteDeletedContent(): void {
	const proto = embeddedDriverToPatch<EmbeddedConnection>(OVERWRITES);
	if (!proto) return;
	const { prepare, exec } = proto;
	const done = new WeakSet<EmbeddedConnection>();
	const setUp = (connection: EmbeddedConnection) => {
		if (done.has(connection)) return;
		done.add(connection);
		// exec, not prepare and run: this PRAGMA answers with a row, and a statement left after its
		// first row counts as in progress (VACUUM INTO, the backup, is then refused).
		exec.call(connection, 'PRAGMA secure_delete = ON');
	};
	proto.prepare = function (this: EmbeddedConnection, sql: string) {
		setUp(this);
		return prepare.call(this, sql);
	};
	proto.exec = function (this: EmbeddedConnection, sql: string) {
		setUp(this);
		return exec.call(this, sql);
	};
}

/**
 * Reads never wait for a transaction: in WAL mode they see the last committed state. PRAGMAs
 * read or set options of their own connection and take no write lock either, except a
 * checkpoint: it waits for the writer, and waiting on this process's own open transaction
 * would stand still like a write (see below).
 */
const isRead = (statement: InStatement | string) => /^\s*(select|with|pragma(?!\s+wal_checkpoint))\b/i.test(typeof statement === 'string' ? statement : statement.sql);

/**
 * One writer at a time within this process. The embedded driver is synchronous, and an open
 * transaction stays open across the awaits between its statements. A write on another
 * connection meanwhile made SQLite's busy handler sleep on the event loop, which the open
 * transaction needed in order to finish: the whole process stood still for the busy timeout,
 * then the write failed with SQLITE_BUSY (tests/integration/write-turns.test.ts shows it).
 * So transactions take turns, and writes outside them wait, without blocking, for the ones
 * begun before. Other processes on the same file still meet SQLite's own lock and busy timeout,
 * which works there: the lock holder runs on its own event loop.
 */
function takeTurnsWriting(client: Client): void {
	let turns: Promise<void> = Promise.resolve();
	let open = 0; // transactions waiting or running
	const afterOpenTransactions = async () => {
		let timer: NodeJS.Timeout | undefined;
		// A write through `db` inside a transaction's callback (instead of `tx`) would wait forever.
		const stuck = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`Schreibzugriff wartete ${BUSY_TIMEOUT_MS} ms auf eine Transaktion (db statt tx in einer Transaktion benutzt?)`)), BUSY_TIMEOUT_MS);
		});
		try {
			await Promise.race([turns, stuck]);
		} finally {
			clearTimeout(timer);
		}
	};
	const inTurn = <A extends unknown[], R>(run: (...args: A) => Promise<R>, read: (...args: A) => boolean = () => false) =>
		((...args: A) => (open > 0 && !read(...args) ? afterOpenTransactions().then(() => run(...args)) : run(...args))) as (...args: A) => Promise<R>;

	client.execute = inTurn(client.execute.bind(client) as (statement: InStatement | string, args?: InArgs) => Promise<ResultSet>, isRead) as Client['execute'];
	client.batch = inTurn(client.batch.bind(client));
	client.migrate = inTurn(client.migrate.bind(client));
	client.executeMultiple = inTurn(client.executeMultiple.bind(client));

	const begin = client.transaction.bind(client);
	client.transaction = (async (mode?: TransactionMode) => {
		if (mode === 'read') return begin(mode); // a read-only transaction never holds the write lock
		const before = turns;
		let release!: () => void;
		turns = new Promise((resolve) => (release = resolve));
		open++;
		let done = false;
		const finish = () => {
			if (done) return;
			done = true;
			open--;
			release();
		};
		try {
			await before;
			const transaction = await begin(mode);
			const settle = <A extends unknown[], R>(run: (...args: A) => Promise<R>) => async (...args: A) => {
				try {
					return await run(...args);
				} finally {
					finish();
				}
			};
			transaction.commit = settle(transaction.commit.bind(transaction));
			transaction.rollback = settle(transaction.rollback.bind(transaction));
			const close = transaction.close.bind(transaction);
			transaction.close = () => {
				close();
				finish();
			};
			return transaction;
		} catch (error) {
			finish();
			throw error;
		}
	}) as Client['transaction'];
}

/**
 * Brings the database to the current schema. WAL persists in the file, so setting it here
 * once per start is enough; foreign keys are on for every connection of the client.
 */
export async function migrateDb(db: Db, url: string): Promise<void> {
	if (isLocalFile(url) && !url.includes(':memory:')) {
		await db.$client.execute('PRAGMA journal_mode = WAL');
	}
	await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
	await countEveryChange(db);
}

const WRITES = ['insert', 'update', 'delete'] as const;
/** The change trigger's name: table and write, so that what it belongs to can be checked by name. */
const changeTrigger = (table: string, write: (typeof WRITES)[number]) => `${table}_counts_${write}`;

/**
 * Tables whose rows no page shows, so writing them changes no page. The count itself, and the
 * rate limits: only actions read them (rate-limit.ts), and a stream of failed sign-ins would
 * otherwise empty every member's kept pages just when the server is busiest.
 */
const UNCOUNTED = new Set<string>([getTableName(schema.dataVersion), getTableName(schema.rateLimit)]);

/** The tables of db/schema.ts, by their names in the database, whose writes are counted. */
export const countedTables = (): string[] =>
	Object.values(schema)
		.filter((value) => is(value, SQLiteTable))
		.map((table) => getTableName(table))
		.filter((name) => !UNCOUNTED.has(name));

/**
 * Gives every counted table of the schema triggers that add one to `data_version` for each row written,
 * the count the page cache (src/lib/server/page-cache.ts) checks its pages against. Triggers
 * rather than a call in our code: they count every writer, the reminders script, a second
 * server, a migration, a fix by hand in the sqlite3 shell. Run after every migration, so a table
 * added later gets them and a table a migration rebuilt (drizzle's `__new_…`, DROP, RENAME: the
 * triggers go with the old table) gets them back. A trigger that a renamed table took along is
 * dropped, as its name would keep a new table of the old name from getting its own, and so is one
 * on a table no longer counted. Idempotent.
 */
export async function countEveryChange(db: Db): Promise<void> {
	const tables = countedTables();
	const { rows } = await db.$client.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_counts\\_%' ESCAPE '\\'");
	const ours = rows.filter((row) => WRITES.some((write) => String(row['name']).endsWith(changeTrigger('', write))));
	// On a table it is not named for (taken along by a rename), or on one that is not counted (any more).
	const misplaced = ours.filter(
		(row) => !tables.includes(String(row['tbl_name'])) || !WRITES.some((write) => row['name'] === changeTrigger(String(row['tbl_name']), write)),
	);
	await db.$client.batch(
		[
			// Once per database, as migration 0021 does; without it the triggers would count nothing.
			'INSERT OR IGNORE INTO data_version (id, version) VALUES (1, 0)',
			// IF EXISTS: another process starting at the same time (a second server, the reminders) may have dropped it.
			...misplaced.map((row) => `DROP TRIGGER IF EXISTS "${String(row['name'])}"`),
			...tables.flatMap((table) =>
				WRITES.map(
					(write) =>
						`CREATE TRIGGER IF NOT EXISTS "${changeTrigger(table, write)}" AFTER ${write.toUpperCase()} ON "${table}" BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END`,
				),
			),
		],
		'write',
	);
}

export { schema };
