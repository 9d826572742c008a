/**
 * A fresh database for an integration test: a real libSQL file in a temp folder, brought up
 * by the real migrations, installed as the server modules' database together with a
 * configuration built from `env`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, migrateDb, type Db } from '../../db/client.ts';
import { focusGroup, groupMembership } from '../../db/schema.ts';
import { seedDemo } from '../../db/seed/demo.ts';
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
	// Tests never reach the internet; tests with a fake Pwned Passwords API set its address.
	const config = readConfig((name) => ({ DATABASE_URL: url, OUTBOX_DIR: join(dir, 'outbox'), BACKUP_DIR: join(dir, 'backups'), BREACHED_PASSWORDS_URL: 'off', ...env })[name]);
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

/** The id of demo member n (mitgliedN@example.org). */
export const demoUserId = (n: number) => `demouser${String(n).padStart(8, '0')}`;
export const DEMO_GROUP_A = 'gruppeaaaaaaaaaa';
export const DEMO_GROUP_B = 'gruppebbbbbbbbbb';

/** Demo data plus two published groups: members 1–5 in A, 6–10 in B; 11–24 without a group. */
export async function seedDemoWithTwoGroups(db: Db): Promise<void> {
	await seedDemo(db, 'hash');
	for (const [id, members] of [
		[DEMO_GROUP_A, [1, 2, 3, 4, 5]],
		[DEMO_GROUP_B, [6, 7, 8, 9, 10]],
	] as const) {
		await db.insert(focusGroup).values({ id, name: `Fokusgruppe ${id.slice(6, 7).toUpperCase()}`, topicSlug: 'energieeffizienz', cohort: 2026, status: 'published' });
		// Formed at the start of the year: every test's topics and meetings come after.
		await db.insert(groupMembership).values(members.map((n) => ({ groupId: id, userId: demoUserId(n), createdAt: new Date('2026-01-01T00:00:00Z') })));
	}
}
