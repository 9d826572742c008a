/**
 * The one way to open the database, for the app, scripts and tests alike. No astro:* imports:
 * callers pass the configuration. `file:` URLs are the embedded default; `libsql://`,
 * `http(s)://` and `ws(s)://` reach a libSQL server or Turso with the same code.
 */
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.ts';

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };
/** A transaction handle; inside `db.transaction()` only `tx` may be used. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface DbConfig {
	url: string;
	authToken?: string | undefined;
}

export const DEFAULT_DATABASE_URL = 'file:db/netzwerkforum.db';
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

// SQLITE_BUSY waits up to this long for a writer instead of failing at once (the client's
// default is 0). It applies to every pooled connection; per-connection PRAGMAs would not.
const BUSY_TIMEOUT_MS = 5000;

export const isLocalFile = (url: string) => url.startsWith('file:');

export function createDb({ url, authToken }: DbConfig): Db {
	if (isLocalFile(url) && url !== 'file::memory:') {
		const path = url.slice('file:'.length).split('?')[0]!;
		mkdirSync(dirname(path), { recursive: true });
	}
	const client = createClient({ url, timeout: BUSY_TIMEOUT_MS, ...(authToken ? { authToken } : {}) });
	return drizzle({ client, schema }) as Db;
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
}

export { schema };
