/** The database singleton of the running process. Only `lib/server` modules import it. */
import { createDb, embeddedDriverToPatch, impatientConnection, isLocalFile, type Db } from '../../../db/client.ts';
import { getConfig } from './config.ts';
import { logEvent } from './security-log.ts';

let db: Db | null = null;

export async function getDb(): Promise<Db> {
	if (!db) {
		const { databaseUrl, databaseAuthToken } = await getConfig();
		if (isLocalFile(databaseUrl)) tuneEmbeddedDriver();
		db = createDb({ url: databaseUrl, authToken: databaseAuthToken });
	}
	return db;
}

/** For scripts and tests that open the database themselves. */
export function installDb(instance: Db): void {
	db = instance;
}

/**
 * After an erasure (on request, or by the daily purge): folds the write-ahead log into the database file and empties it. secure_delete
 * (db/client.ts) zeroes the freed space in the pages' new versions, but the versions from before
 * the deletion stay in the -wal file, frames SQLite reuses only some time later, and the database
 * file keeps its old pages until a checkpoint copies the new ones over them. Only for the embedded
 * file: a libSQL server keeps its write-ahead log to itself, and there neither this PRAGMA nor the
 * file's bytes are ours to reach. On a connection that does not wait: while another connection
 * reads or writes (a backup, a request), a waiting checkpoint held the whole server for the busy
 * timeout. Then it gives up at once; the old versions go with a later checkpoint, at the latest
 * when the server stops.
 */
export async function checkpointAfterErasure(): Promise<void> {
	const connection = impatientConnection(await getDb());
	if (!connection) return;
	try {
		const [result] = (await connection.execute('PRAGMA wal_checkpoint(TRUNCATE)')).rows;
		if (Number(result?.busy ?? 0) !== 0) logEvent('error', { message: 'Checkpoint nach einer Löschung: Datenbank belegt; die gelöschten Angaben bleiben bis zum nächsten Checkpoint in der -wal-Datei.' });
	} finally {
		connection.close();
	}
}

/**
 * A query that every request runs, built once per database instead of on every call:
 * `build` returns a drizzle prepared query (`.prepare()`, values as `sql.placeholder`), which
 * keeps the SQL text and the result mapping, so a call only binds values and executes.
 * Cached per database, so `installDb` in scripts and tests gets queries of its own.
 */
export function preparedQuery<T>(build: (db: Db) => T): () => Promise<T> {
	const built = new WeakMap<Db, T>();
	return async () => {
		const current = await getDb();
		let query = built.get(current);
		if (query === undefined) {
			query = build(current);
			built.set(current, query);
		}
		return query;
	};
}

interface LibsqlStatement {
	columns(): unknown;
	run(): unknown;
}
interface LibsqlDatabase {
	prepare(sql: string): LibsqlStatement;
	readonly inTransaction: boolean;
}

const CACHED = Symbol.for('netzwerkforum.statementCache');
const STATEMENTS_PER_CONNECTION = 256;
/** Statements worth keeping; everything else (BEGIN, PRAGMA, DDL, …) is prepared as before. */
const REUSABLE = /^\s*(select|insert|update|delete|with)\b/i;
const SCHEMA_CHANGE = /^\s*(create|alter|drop)\b/i;

/**
 * Two changes to the embedded database's driver, patched once per process (embeddedDriverToPatch):
 *
 * A statement cache. The file client of @libsql/client prepares every statement anew (SQLite
 * parses and plans it each time) and asks for its columns twice, which on an authenticated
 * page was about a quarter of the CPU. Each connection now keeps its recent statements by SQL
 * text, and each statement its columns. Reuse is safe: the client sets the statement's modes
 * before every run and always runs it to the end (or to an error), and libsql resets a
 * statement before it runs again. A schema change empties the connection's cache.
 *
 * `synchronous = NORMAL` on every connection, the setting SQLite recommends with WAL. The
 * default (FULL) waits for the disk on every commit, on the event loop: 0.31 ms per insert
 * here against 0.03 ms (`npm run bench:commit`). Nothing committed is lost when the process crashes (the crash test
 * kills it with SIGKILL); after a power cut the last commits before it may be missing, even
 * though a mail about them (a receipt, a reset link) may already have gone out. The database
 * file cannot be corrupted either way.
 */
function tuneEmbeddedDriver(): void {
	const proto = embeddedDriverToPatch<LibsqlDatabase>(CACHED);
	if (!proto) return;
	const prepare = proto.prepare;
	const caches = new WeakMap<LibsqlDatabase, Map<string, LibsqlStatement>>();
	const tuned = new WeakSet<LibsqlDatabase>();
	proto.prepare = function (this: LibsqlDatabase, sql: string): LibsqlStatement {
		// Once per connection, outside a transaction (SQLite refuses the change inside one; a
		// connection opened before the patch may be in one, and gets it at its next statement).
		if (!tuned.has(this) && !this.inTransaction) {
			prepare.call(this, 'PRAGMA synchronous = NORMAL').run();
			tuned.add(this);
		}
		let cache = caches.get(this);
		if (!cache) caches.set(this, (cache = new Map()));
		if (!REUSABLE.test(sql)) {
			if (SCHEMA_CHANGE.test(sql)) cache.clear();
			return prepare.call(this, sql);
		}
		let statement = cache.get(sql);
		if (!statement) {
			statement = prepare.call(this, sql);
			const columns = statement.columns.bind(statement);
			let known: unknown;
			statement.columns = () => (known ??= columns());
			if (cache.size >= STATEMENTS_PER_CONNECTION) cache.delete(cache.keys().next().value!);
			cache.set(sql, statement);
		}
		return statement;
	};
}

/**
 * Whether the database answers and holds the forum's schema, for monitoring (/health): reading
 * drizzle's record of migrations proves both in one small query. The cause of a failure goes to
 * the log, never to the answer.
 */
export async function databaseAnswers(): Promise<boolean> {
	try {
		await (await getDb()).$client.execute('SELECT count(*) FROM __drizzle_migrations');
		return true;
	} catch (error) {
		logEvent('error', { message: `Statusabfrage: Datenbank antwortet nicht: ${String(error)}` });
		return false;
	}
}
