/**
 * Deletion when data is no longer needed (the privacy notice's promises): declined
 * applications six months after the decision, set-aside ones (suspected bots) after 30 days,
 * expired sessions and tokens, old throttling windows and mail records, events of the office's
 * log after three years. Run daily by the server and by `npm run db:purge`.
 */
import { purgeClosedApplications, purgeSuspectedApplications } from './applications.ts';
import { purgeOldAuditEvents } from './audit.ts';
import { purgeExpiredSessions } from './auth-session.ts';
import { purgeOldDeliveries } from './mail.ts';
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
}

export async function purgeExpired(now: Date = new Date()): Promise<PurgeReport> {
	return {
		closedApplications: await purgeClosedApplications(now),
		suspectedApplications: await purgeSuspectedApplications(now),
		sessions: await purgeExpiredSessions(now),
		tokens: await purgeExpiredTokens(now),
		rateLimits: await purgeExpiredLimits(now),
		mailRecords: await purgeOldDeliveries(now),
		secondFactorChallenges: await purgeExpiredChallenges(now),
		auditEvents: await purgeOldAuditEvents(now),
	};
}
