/**
 * `npm start`: builds when a source changed since the last build, then serves the whole
 * platform in demo mode at http://localhost:4321: database migrated, demo data loaded into an
 * empty database, demo logins printed, mail written to db/outbox/.
 */
import { isBuildCurrent } from './lib/build-stamp.ts';
import { runOrExit } from './lib/run.ts';

if (isBuildCurrent()) {
	console.log('Build ist aktuell – starte sofort.');
} else {
	console.log('Baue die Website (beim ersten Start etwa eine Minute) …');
	await runOrExit(process.execPath, ['scripts/build.ts']);
}

process.env.DEMO ??= '1';
await import('./serve.ts');
