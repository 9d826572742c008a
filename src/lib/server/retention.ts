/**
 * Deletion when data is no longer needed (the privacy notice's promises): declined
 * applications six months after the decision, set-aside ones (suspected bots) after 30 days,
 * expired sessions and tokens, old throttling windows and mail records, events of the office's
 * log after three years, superseded matching runs after a year, ended groups with their meetings,
 * answers, reminder records and seats three years after their end, topics left from groups that
 * ended before topics went with them, mails in the outbox folder after 30 days and database copies
 * older than BACKUP_MAX_DAYS (also when the backup job has stopped). Run daily by the server and by
 * `npm run db:purge`.
 */
import { purgeClosedApplications, purgeSuspectedApplications } from './applications.ts';
import { purgeOldAuditEvents } from './audit.ts';
import { purgeExpiredSessions } from './auth-session.ts';
import { pruneBackups } from '../../../db/backup.ts';
import { getConfig } from './config.ts';
import { checkpointAfterErasure } from './db.ts';
import { purgeEndedGroups, purgeOldRuns } from './groups.ts';
import { purgeOldDeliveries, purgeOldOutboxMails } from './mail.ts';
import { purgeExpiredTokens } from './one-time-token.ts';
import { purgeExpiredLimits } from './rate-limit.ts';
import { purgeExpiredChallenges } from './second-factor.ts';
import { deleteTopicsOfEndedGroups } from './topic-queue.ts';

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
	endedGroups: number;
	endedGroupTopics: number;
	outboxMails: number;
	backups: number;
}

export async function purgeExpired(now: Date = new Date()): Promise<PurgeReport> {
	const { backups } = await getConfig();
	const rows = {
		closedApplications: await purgeClosedApplications(now),
		suspectedApplications: await purgeSuspectedApplications(now),
		sessions: await purgeExpiredSessions(now),
		tokens: await purgeExpiredTokens(now),
		rateLimits: await purgeExpiredLimits(now),
		mailRecords: await purgeOldDeliveries(now),
		secondFactorChallenges: await purgeExpiredChallenges(now),
		auditEvents: await purgeOldAuditEvents(now),
		matchingRuns: await purgeOldRuns(now),
		endedGroups: await purgeEndedGroups(now),
		endedGroupTopics: await deleteTopicsOfEndedGroups(),
	};
	// As after an erasure on request: the deleted rows' old versions must not linger in the -wal file.
	if (Object.values(rows).some((count) => count > 0)) await checkpointAfterErasure();
	return {
		...rows,
		outboxMails: await purgeOldOutboxMails(now),
		// By age only: how many copies to keep is the backup job's to say (BACKUP_KEEP may be set for cron alone).
		backups: pruneBackups(backups.dir, { keep: Number.POSITIVE_INFINITY, maxDays: backups.maxDays }, now).length,
	};
}
