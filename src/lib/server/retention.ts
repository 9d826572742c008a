/**
 * Deletion when data is no longer needed (the privacy notice's promises): declined
 * applications six months after the decision, set-aside ones (suspected bots) after 30 days,
 * expired sessions and tokens, old throttling windows and mail records, events of the office's
 * log after three years, superseded matching runs after a year, mails in the outbox folder
 * after 30 days and database copies older than BACKUP_MAX_DAYS (also when the backup job has
 * stopped). Run daily by the server and by `npm run db:purge`.
 */
import { purgeClosedApplications, purgeSuspectedApplications } from './applications.ts';
import { purgeOldAuditEvents } from './audit.ts';
import { purgeExpiredSessions } from './auth-session.ts';
import { pruneBackups } from '../../../db/backup.ts';
import { getConfig } from './config.ts';
import { purgeOldRuns } from './groups.ts';
import { purgeOldDeliveries, purgeOldOutboxMails } from './mail.ts';
import { purgeExpiredTokens } from './one-time-token.ts';
import { purgeExpiredLimits } from './rate-limit.ts';
import { purgeExpiredChallenges } from './second-factor.ts';

export interface PurgeReport {
	closedApplications: number;
	suspectedApplications: number;
	sessions: number;
	tokens: number;
	rateLimits: number;
	mailRecords: number;
	secondFactorChallenges: number;
	auditEvents: number;
	matchingRuns: number;
	outboxMails: number;
	backups: number;
}

export async function purgeExpired(now: Date = new Date()): Promise<PurgeReport> {
	const { backups } = await getConfig();
	return {
		closedApplications: await purgeClosedApplications(now),
		suspectedApplications: await purgeSuspectedApplications(now),
		sessions: await purgeExpiredSessions(now),
		tokens: await purgeExpiredTokens(now),
		rateLimits: await purgeExpiredLimits(now),
		mailRecords: await purgeOldDeliveries(now),
		secondFactorChallenges: await purgeExpiredChallenges(now),
		auditEvents: await purgeOldAuditEvents(now),
		matchingRuns: await purgeOldRuns(now),
		outboxMails: await purgeOldOutboxMails(now),
		// By age only: how many copies to keep is the backup job's to say (BACKUP_KEEP may be set for cron alone).
		backups: pruneBackups(backups.dir, { keep: Number.POSITIVE_INFINITY, maxDays: backups.maxDays }, now).length,
	};
}
