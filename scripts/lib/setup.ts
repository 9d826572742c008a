/**
 * Scripts configure the server modules from process.env (astro:env exists only inside the
 * Astro build) and open the database themselves.
 */
import { createDb, migrateDb, type Db } from '../../db/client.ts';
import { installConfig, readConfig, type ServerConfig } from '../../src/lib/server/config.ts';
import { installDb } from '../../src/lib/server/db.ts';

export function setupFromEnv(overrides: Record<string, string> = {}): { config: ServerConfig; db: Db } {
	const config = readConfig((name) => overrides[name] ?? process.env[name]);
	installConfig(config);
	const db = createDb({ url: config.databaseUrl, authToken: config.databaseAuthToken });
	installDb(db);
	return { config, db };
}

export async function migrate(config: ServerConfig, db: Db): Promise<void> {
	await migrateDb(db, config.databaseUrl);
}

/** Reads `--name value` pairs from argv. */
export function parseArgs(argv: string[]): Record<string, string> {
	const args: Record<string, string> = {};
	for (let i = 0; i < argv.length; i++) {
		const key = argv[i]!;
		if (!key.startsWith('--')) continue;
		const value = argv[i + 1];
		if (value === undefined || value.startsWith('--')) args[key.slice(2)] = 'true';
		else {
			args[key.slice(2)] = value;
			i++;
		}
	}
	return args;
}
