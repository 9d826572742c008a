/** The database singleton of the running process. Only `lib/server` modules import it. */
import { createRequire } from 'node:module';
import { createDb, isLocalFile, type Db } from '../../../db/client.ts';
import { getConfig } from './config.ts';

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
 * Two changes to the embedded database's driver, patched once per process on the driver the
 * client itself loads (it opens its connections internally, so there is no other place):
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
	const require = createRequire(import.meta.url);
	const Database = createRequire(require.resolve('@libsql/client'))('libsql') as { prototype: LibsqlDatabase & { [CACHED]?: true } };
	const proto = Database.prototype;
	if (proto[CACHED]) return;
	proto[CACHED] = true;
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
