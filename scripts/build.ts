/**
 * The Astro build, then the Pagefind index over the prerendered pages (`npm start` and `npm test`
 * run this); afterwards a warning when it was built for the local default address. Both go to a
 * folder of their own under builds/, and `dist` points there only when both succeeded
 * (scripts/lib/build-swap.ts).
 */
import { run } from './lib/run.ts';
import { sourceFingerprint, writeBuildStamp } from './lib/build-stamp.ts';
import { buildNotices, futureArticlesNotice, missingSiteUrlRefusal, readBuiltFor, readFutureArticles, readPlaceholderCounts, readVoiceConsents, writeBuiltFor } from './lib/build-notices.ts';
import { discardNextBuild, prepareNextBuild, swapInNextBuild } from './lib/build-swap.ts';
import { isoDateInGermany } from '../src/lib/site.ts';

const refusal = missingSiteUrlRefusal(readBuiltFor(), process.env.SITE_URL);
if (refusal) {
	console.error(refusal);
	process.exit(1);
}

const started = performance.now();
const sources = sourceFingerprint();
const next = prepareNextBuild();
for (const [command, args] of [
	['astro', ['build', '--outDir', next]],
	['pagefind', ['--site', `${next}/client`]],
] as const) {
	const code = await run(command, [...args]);
	if (code !== 0) {
		discardNextBuild(next);
		console.error(`\n✗ ${command} ${args.join(' ')} schlug fehl (Exit-Code ${code}). dist/ ist unverändert: Ein laufender Server zeigt weiter den letzten gelungenen Build.`);
		process.exit(code);
	}
}
swapInNextBuild('.', next);
writeBuildStamp('.', sources);
writeBuiltFor(process.env.SITE_URL);
console.log(`\n✓ Build und Suchindex fertig in ${((performance.now() - started) / 1000).toFixed(1)} s`);
console.log('  Ein Server, der schon läuft, zeigt weiter seinen bisherigen Build; den neuen nach einem Neustart.');
const notices = [
	...buildNotices(process.env.SITE_URL, readVoiceConsents('src/content/testimonials'), readPlaceholderCounts('src/content/pages')),
	futureArticlesNotice(readFutureArticles('src/content/articles', isoDateInGermany(new Date()))),
];
for (const notice of notices) if (notice) console.warn(`\n${notice}`);
