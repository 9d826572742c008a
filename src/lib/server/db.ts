/** The database singleton of the running process. Only `lib/server` modules import it. */
import { createDb, type Db } from '../../../db/client.ts';
import { getConfig } from './config.ts';

let db: Db | null = null;

export async function getDb(): Promise<Db> {
	if (!db) {
		const { databaseUrl, databaseAuthToken } = await getConfig();
		db = createDb({ url: databaseUrl, authToken: databaseAuthToken });
	}
	return db;
}

/** For scripts and tests that open the database themselves. */
export function installDb(instance: Db): void {
	db = instance;
}
