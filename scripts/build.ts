/** `npm run build`: the Astro build, then the Pagefind index over the prerendered pages. */
import { runOrExit } from './lib/run.ts';
import { writeBuildStamp } from './lib/build-stamp.ts';

const started = performance.now();
await runOrExit('astro', ['build']);
await runOrExit('pagefind', ['--site', 'dist/client']);
writeBuildStamp();
console.log(`\n✓ Build und Suchindex fertig in ${((performance.now() - started) / 1000).toFixed(1)} s`);
