/**
 * `npm run db:backup`: a consistent, checked copy of the live database into db/backups/
 * (BACKUP_DIR), keeping the newest 30 (BACKUP_KEEP), none older than 30 days (BACKUP_MAX_DAYS).
 * Safe while the server runs.
 * Restore: see README, "Sicherung und Wiederherstellung".
 */
import { backupDatabase } from '../db/backup.ts';
import { isLocalFile } from '../db/client.ts';
import { setupFromEnv } from './lib/setup.ts';

const { config, db } = setupFromEnv({ existingDatabase: true });
if (!isLocalFile(config.databaseUrl)) {
	console.error('db:backup sichert die eingebettete Datenbank (file:). Für libSQL-Server oder Turso nutzen Sie deren Sicherungen.');
	process.exit(2);
}
const { dir, keep, maxDays } = config.backups;
try {
	const result = await backupDatabase(db, dir, { keep, maxDays });
	console.log(`✓ Sicherung ${result.file} (${(result.bytes / 1024).toFixed(0)} KiB), integrity_check: ${result.integrity}`);
	if (result.removed.length > 0) console.log(`  ${result.removed.length} ältere Sicherung(en) entfernt (behalten: die neuesten ${keep}, keine älter als ${maxDays} Tage)`);
} catch (error) {
	console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
} finally {
	db.$client.close();
}
