/** `npm run db:purge`: deletes what the retention rules say is due (see src/lib/server/retention.ts). */
import { purgeExpired } from '../src/lib/server/retention.ts';
import { migrate, setupFromEnv } from './lib/setup.ts';

const { config, db } = setupFromEnv({ existingDatabase: true });
await migrate(config, db);
const report = await purgeExpired();
console.log(
	`✓ Gelöscht: ${report.closedApplications} abgelehnte oder zurückgezogene Bewerbungen, ${report.suspectedApplications} aussortierte, ${report.sessions} Sitzungen, ${report.tokens} Einmal-Links, ` +
		`${report.rateLimits} Drosselungsfenster, ${report.mailRecords} Mail-Protokolle, ${report.secondFactorChallenges} nicht beendete Anmeldungen mit App, ` +
		`${report.auditEvents} Einträge des Protokolls (älter als drei Jahre), ${report.matchingRuns} ältere Vorschläge der Gruppenbildung, ${report.endedGroups} vor mehr als drei Jahren beendete Gruppen, ${report.endedGroupTopics} Gesprächspunkte beendeter Gruppen, ${report.outboxMails} Mails in der Ablage, ${report.backups} Sicherungen`,
);
db.$client.close();
