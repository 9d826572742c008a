/**
 * `npm run reminders`: sends the meeting reminders that are due (7 days and 1 day before).
 * Safe from cron every few minutes: never twice for the same meeting and person.
 */
import { sendDueReminders } from '../src/lib/server/reminders.ts';
import { migrate, productionMailWarnings, refuseWithoutServerEnvironment, setupFromEnv } from './lib/setup.ts';

const { config, db } = setupFromEnv();
refuseWithoutServerEnvironment(config);
// A reminder written to the outbox counts as sent and is never tried again: without a mail
// server outside the demo, nobody would get it.
if (!config.demo && !config.smtpUrl) {
	console.error('✗ SMTP_URL ist nicht gesetzt: Die Erinnerungen landeten nur in der Ablage und gälten als verschickt. Bitte mit der Umgebung des Servers starten (README, „Betrieb“); für die Demo: DEMO=1 npm run reminders.');
	process.exit(1);
}
for (const warning of productionMailWarnings(config)) console.error(warning);
await migrate(config, db);
const { sent, failed } = await sendDueReminders();
// Quiet when nothing was due: cron mails whatever a job prints, and it runs every few minutes.
// A failed mail makes the run fail (exit code 1), so monitoring that watches exit codes sees a
// mail server that is down; the next runs try the reminders not sent again (MAX_REMINDER_FAILURES).
if (failed > 0) {
	console.error(`✗ Erinnerungen: ${sent} verschickt, ${failed} fehlgeschlagen (stehen in der Übersicht der Koordinierungsstelle; die nächsten Läufe versuchen es noch bis zu dreimal)`);
	process.exitCode = 1;
} else if (sent > 0) console.log(`✓ Erinnerungen: ${sent} verschickt`);
db.$client.close();
