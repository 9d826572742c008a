/**
 * The Astro build, then the Pagefind index over the prerendered pages (`npm start` and `npm test`
 * run this); afterwards a warning when it was built for the local default address.
 */
import { runOrExit } from './lib/run.ts';
import { writeBuildStamp } from './lib/build-stamp.ts';
import { buildNotices, readPlaceholderCounts, readVoiceConsents, writeBuiltFor } from './lib/build-notices.ts';

const started = performance.now();
await runOrExit('astro', ['build']);
await runOrExit('pagefind', ['--site', 'dist/client']);
writeBuildStamp();
writeBuiltFor(process.env.SITE_URL);
console.log(`\n✓ Build und Suchindex fertig in ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const notice of buildNotices(process.env.SITE_URL, readVoiceConsents('src/content/testimonials'), readPlaceholderCounts('src/content/pages'))) console.warn(`\n${notice}`);
