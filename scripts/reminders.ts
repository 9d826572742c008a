/**
 * `npm run reminders`: sends the meeting reminders that are due (7 days and 1 day before).
 * Safe from cron every few minutes: never twice for the same meeting and person.
 */
import { sendDueReminders } from '../src/lib/server/meetings.ts';
import { migrate, setupFromEnv } from './lib/setup.ts';

const { config, db } = setupFromEnv();
await migrate(config, db);
const { sent, failed } = await sendDueReminders();
console.log(`✓ Erinnerungen: ${sent} verschickt, ${failed} fehlgeschlagen (stehen in der Übersicht der Koordinierungsstelle)`);
db.$client.close();
