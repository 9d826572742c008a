/**
 * `npm start`: builds when a source changed since the last build, then serves the whole
 * platform in demo mode at http://localhost:4321: database migrated, demo data loaded into an
 * empty database, demo logins printed, mail written to db/outbox/.
 */
import { isBuildCurrent } from './lib/build-stamp.ts';
import { builtForOtherSite, DEFAULT_SITE_URL, readBuiltFor } from './lib/build-notices.ts';
import { runOrExit } from './lib/run.ts';

// A demo on another port (PORT=4400 npm start) links its mails to that port, not to 4321.
if (!process.env.SITE_URL && /^[1-9]\d{0,4}$/.test(process.env.PORT ?? '')) process.env.SITE_URL = `http://localhost:${process.env.PORT}`;
// A build for another address (the real site's, say) is rebuilt for this one, as a changed source
// is. A malformed SITE_URL is left to the server's configuration check, which names it in German.
const siteUrl = process.env.SITE_URL || DEFAULT_SITE_URL;
const forThisSite = !URL.canParse(siteUrl) || !builtForOtherSite(readBuiltFor(), new URL(siteUrl));
if (isBuildCurrent() && forThisSite) {
	console.log('Build ist aktuell – starte sofort.');
} else {
	console.log('Baue die Website (beim ersten Start etwa eine Minute) …');
	await runOrExit(process.execPath, ['scripts/build.ts']);
}

process.env.DEMO ??= '1';
await import('./serve.ts');
