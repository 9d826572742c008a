/**
 * A fresh database for an integration test: a real libSQL file in a temp folder, brought up
 * by the real migrations, installed as the server modules' database together with a
 * configuration built from `env`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, migrateDb, type Db } from '../../db/client.ts';
import { installConfig, readConfig, type ServerConfig } from '../../src/lib/server/config.ts';
import { installDb } from '../../src/lib/server/db.ts';

export interface TestDatabase {
	db: Db;
	config: ServerConfig;
	dir: string;
	url: string;
	close: () => void;
}

export async function freshDatabase(env: Record<string, string> = {}): Promise<TestDatabase> {
	const dir = mkdtempSync(join(tmpdir(), 'netzwerkforum-test-'));
	const url = `file:${join(dir, 'test.db')}`;
	const config = readConfig((name) => ({ DATABASE_URL: url, OUTBOX_DIR: join(dir, 'outbox'), ...env })[name]);
	installConfig(config);
	const db = createDb({ url });
	await migrateDb(db, url);
	installDb(db);
	return {
		db,
		config,
		dir,
		url,
		close: () => {
			db.$client.close();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
