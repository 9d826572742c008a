/** The database layer: migrations, pragmas, the append-only audit log, remote URLs, backups. */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backupDatabase, integrityOf, pruneBackups } from '../../db/backup.ts';
import { createDb, migrateDb } from '../../db/client.ts';
import { auditEvent, matchingRun, user } from '../../db/schema.ts';
import { DEMO_COMPANIES, seedDemo } from '../../db/seed/demo.ts';
import { AUDIT_RETENTION_DAYS, purgeOldAuditEvents, recordAudit } from '../../src/lib/server/audit.ts';
import { purgeExpired } from '../../src/lib/server/retention.ts';
import { MATCHING_RUN_RETENTION_DAYS, purgeOldRuns } from '../../src/lib/server/groups.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase();
});
afterAll(() => t.close());

describe('migrations and connection settings', () => {
	test('every migration applied; running them again changes nothing', async () => {
		const journal = JSON.parse(readFileSync('db/migrations/meta/_journal.json', 'utf8')) as { entries: unknown[] };
		const applied = await t.db.$client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
		expect(Number(applied.rows[0]!.n)).toBe(journal.entries.length);
		await migrateDb(t.db, t.url);
		const again = await t.db.$client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
		expect(Number(again.rows[0]!.n)).toBe(journal.entries.length);
	});

	test('WAL, foreign keys and a busy timeout on every pooled connection', async () => {
		const pragmas = await Promise.all(
			Array.from({ length: 4 }, async () => ({
				journal: (await t.db.$client.execute('PRAGMA journal_mode')).rows[0]![0],
				fk: (await t.db.$client.execute('PRAGMA foreign_keys')).rows[0]![0],
				busy: (await t.db.$client.execute('PRAGMA busy_timeout')).rows[0]![0],
			})),
		);
		for (const p of pragmas) expect(p).toEqual({ journal: 'wal', fk: 1, busy: 5000 });
	});

	test('the database file and its log are the server user\'s alone, also one created under a looser umask', async () => {
		const dir = join(t.dir, 'modes');
		mkdirSync(dir);
		const fresh = createDb({ url: `file:${join(dir, 'fresh.db')}` });
		await fresh.$client.execute('CREATE TABLE x (y)');
		await fresh.$client.execute('PRAGMA journal_mode = WAL');
		await fresh.$client.execute('INSERT INTO x VALUES (1)');
		for (const file of ['fresh.db', 'fresh.db-wal']) expect(statSync(join(dir, file)).mode & 0o777, file).toBe(0o600);
		fresh.$client.close();

		writeFileSync(join(dir, 'old.db'), '');
		chmodSync(join(dir, 'old.db'), 0o644);
		createDb({ url: `file:${join(dir, 'old.db')}` }).$client.close();
		expect(statSync(join(dir, 'old.db')).mode & 0o777).toBe(0o600);
	});

	test('foreign keys are enforced', async () => {
		await expect(
			t.db.insert(user).values({ id: 'x', name: 'X', email: 'x@example.org', role: 'member', organizationId: 'gibt-es-nicht' }),
		).rejects.toThrow();
	});

	test('a remote libSQL or Turso URL builds a client with the same code (no connection made)', () => {
		const remote = createDb({ url: 'libsql://netzwerkforum-example.turso.io', authToken: 'test' });
		expect(remote.$client.protocol).not.toBe('file');
		remote.$client.close();
	});
});

describe('audit log', () => {
	test('is append-only: the database refuses updates and deletes', async () => {
		await recordAudit({ actorId: 'someone', action: 'test.event', subjectType: 'user', subjectId: 'u1' });
		const reason = (error: unknown) => String((error as { cause?: unknown }).cause ?? error);
		expect(reason(await t.db.update(auditEvent).set({ action: 'changed' }).catch((e: unknown) => e))).toMatch(/append-only/);
		expect(reason(await t.db.delete(auditEvent).catch((e: unknown) => e))).toMatch(/append-only/);
		const rows = await t.db.select().from(auditEvent).where(eq(auditEvent.action, 'test.event'));
		expect(rows).toHaveLength(1);
	});

	test('keeps every event three years; then the daily purge lets it go', async () => {
		const reason = (error: unknown) => String((error as { cause?: unknown }).cause ?? error);
		const DAY = 24 * 60 * 60 * 1000;
		const now = new Date();
		await recordAudit({ actorId: 'someone', action: 'test.expired' }, undefined, new Date(now.getTime() - (AUDIT_RETENTION_DAYS + 1) * DAY));
		await recordAudit({ actorId: 'someone', action: 'test.kept' }, undefined, new Date(now.getTime() - (AUDIT_RETENTION_DAYS - 1) * DAY));
		const actions = async () => (await t.db.select({ action: auditEvent.action }).from(auditEvent)).map((r) => r.action);

		// Asked directly, the database refuses to delete the younger event and to change the older one.
		expect(reason(await t.db.delete(auditEvent).where(eq(auditEvent.action, 'test.kept')).catch((e: unknown) => e))).toMatch(/append-only/);
		expect(reason(await t.db.update(auditEvent).set({ actorId: 'other' }).where(eq(auditEvent.action, 'test.expired')).catch((e: unknown) => e))).toMatch(/append-only/);

		expect(await purgeExpired(now)).toMatchObject({ auditEvents: 1 });
		expect(await actions()).toContain('test.kept');
		expect(await actions()).not.toContain('test.expired');
		expect(await actions()).toContain('test.event');

		// A clock set ahead makes the kept event look due; the purge deletes by the database's clock too, and nothing fails.
		expect(await purgeOldAuditEvents(new Date(now.getTime() + 10 * DAY))).toBe(0);
		expect(await actions()).toContain('test.kept');
	});
});

describe('matching runs', () => {
	test('a superseded run goes after a year; the latest stays, however old', async () => {
		const day = 24 * 60 * 60 * 1000;
		const now = new Date('2027-06-01T08:00:00Z');
		const run = (id: string, daysAgo: number) => ({ id, createdAt: new Date(now.getTime() - daysAgo * day), parameters: {}, inputHash: id, result: {}, score: 1 });
		await t.db.insert(matchingRun).values([run('lauf-alt', MATCHING_RUN_RETENTION_DAYS + 30), run('lauf-letzter', MATCHING_RUN_RETENTION_DAYS + 10)]);
		const ids = async () => (await t.db.select({ id: matchingRun.id }).from(matchingRun)).map((r) => r.id).sort();
		expect(await purgeExpired(now)).toMatchObject({ matchingRuns: 1 });
		expect(await ids()).toEqual(['lauf-letzter']);
		await t.db.insert(matchingRun).values(run('lauf-neu', 1));
		expect(await purgeOldRuns(now)).toBe(1);
		expect(await ids()).toEqual(['lauf-neu']);
	});
});

describe('demo data', () => {
	test('fills only an empty database, with fictional example.org accounts', async () => {
		const result = await seedDemo(t.db, 'hash');
		expect(result?.memberEmails).toHaveLength(DEMO_COMPANIES.length);
		expect(result?.memberEmails.every((e) => e.endsWith('@example.org'))).toBe(true);
		expect(await seedDemo(t.db, 'hash')).toBeNull();
		const users = await t.db.select({ n: count() }).from(user).get();
		expect(users?.n).toBe(DEMO_COMPANIES.length + 1);
	});
});

describe('backup and restore', () => {
	test('a checked copy while data is being written; restoring it gives the same data', async () => {
		const writes = Array.from({ length: 50 }, (_, i) => recordAudit({ actorId: null, action: `backup.${i}` }));
		const backupDir = join(t.dir, 'backups');
		// A folder made before, open to everyone, with an old copy readable by everyone.
		mkdirSync(backupDir, { mode: 0o755 });
		chmodSync(backupDir, 0o755);
		writeFileSync(join(backupDir, 'netzwerkforum-20251231-100000.db'), '', { mode: 0o644 });
		chmodSync(join(backupDir, 'netzwerkforum-20251231-100000.db'), 0o644);
		const result = await backupDatabase(t.db, backupDir, { keep: 2, maxDays: 30 }, new Date('2026-01-01T10:00:00Z'));
		await Promise.all(writes);
		expect(result.integrity).toBe('ok');
		expect(await integrityOf(result.file)).toBe('ok');
		// Only the server's user may read a copy of everything.
		expect(statSync(result.file).mode & 0o777).toBe(0o600);
		expect(statSync(backupDir).mode & 0o777).toBe(0o700);
		expect(statSync(join(backupDir, 'netzwerkforum-20251231-100000.db')).mode & 0o777).toBe(0o600);

		const restored = createDb({ url: `file:${result.file}` });
		const users = await restored.select({ n: count() }).from(user).get();
		expect(users?.n).toBe(DEMO_COMPANIES.length + 1);
		restored.$client.close();
	});

	test('a database without the forum\'s tables (a wrong DATABASE_URL made a new file) is refused, and the copies already there stay', async () => {
		const backupDir = join(t.dir, 'empty-source');
		mkdirSync(backupDir);
		const earlier = join(backupDir, 'netzwerkforum-20260101-030000.db');
		writeFileSync(earlier, '');
		const empty = createDb({ url: `file:${join(t.dir, 'new-and-empty.db')}` });
		try {
			await expect(backupDatabase(empty, backupDir, { keep: 1, maxDays: 3650 }, new Date('2026-01-02T03:00:00Z'))).rejects.toThrow(
				'Diese Datenbank ist leer (keine Tabellen des Netzwerkforums); nichts gesichert. Stimmt DATABASE_URL?',
			);
		} finally {
			empty.$client.close();
		}
		expect(readdirSync(backupDir)).toEqual([basename(earlier)]);
	});

	test('keeps only the newest copies', async () => {
		const backupDir = join(t.dir, 'rotation');
		const files: string[] = [];
		for (let day = 1; day <= 4; day++) {
			files.push((await backupDatabase(t.db, backupDir, { keep: 2, maxDays: 30 }, new Date(`2026-02-0${day}T03:00:00Z`))).file);
		}
		expect(files.map((f) => existsSync(f))).toEqual([false, false, true, true]);
	});

	test('no copy outlives the days the privacy notice names, not even the last one', async () => {
		const backupDir = join(t.dir, 'age');
		const first = (await backupDatabase(t.db, backupDir, { keep: 30, maxDays: 30 }, new Date('2026-03-01T03:00:00Z'))).file;
		const second = (await backupDatabase(t.db, backupDir, { keep: 30, maxDays: 30 }, new Date('2026-03-20T03:00:00Z'))).file;
		const third = await backupDatabase(t.db, backupDir, { keep: 30, maxDays: 30 }, new Date('2026-04-02T03:00:00Z'));
		expect(third.removed, 'the copy of 1 March is 32 days old').toEqual([basename(first)]);
		expect([first, second, third.file].map((f) => existsSync(f))).toEqual([false, true, true]);
		// The backup job stopped: the daily purge still removes what is too old.
		expect(pruneBackups(backupDir, { keep: 30, maxDays: 30 }, new Date('2026-05-03T00:00:00Z'))).toEqual([basename(second), basename(third.file)]);
		expect(readdirSync(backupDir)).toEqual([]);
		expect(pruneBackups(join(t.dir, 'never-made'), { keep: 30, maxDays: 30 }), 'no folder yet').toEqual([]);
	});

	test("the server's daily purge deletes copies by age only; how many to keep is the backup job's to say", async () => {
		const { dir, keep, maxDays } = t.config.backups;
		rmSync(dir, { recursive: true, force: true }); // the copies of the first test here
		mkdirSync(dir, { recursive: true });
		const now = new Date('2026-06-30T12:00:00Z');
		const names = Array.from({ length: keep + 2 }, (_, i) => `netzwerkforum-202606${String(i % 28 + 1).padStart(2, '0')}-${String(i).padStart(6, '0')}.db`);
		for (const name of [...names, 'netzwerkforum-20260301-030000.db']) writeFileSync(join(dir, name), '');
		expect(await purgeExpired(now)).toMatchObject({ backups: 1 });
		expect(readdirSync(dir).sort(), `only the copy older than ${maxDays} days`).toEqual([...names].sort());
	});
});
