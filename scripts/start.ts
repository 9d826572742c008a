/**
 * `npm start`: builds when a source changed since the last build, then serves the whole platform
 * at http://localhost:4321 (PORT and HOST override).
 */
import { isBuildCurrent } from './lib/build-stamp.ts';
import { runOrExit } from './lib/run.ts';

if (isBuildCurrent()) {
	console.log('Build ist aktuell – starte sofort.');
} else {
	console.log('Baue die Website (beim ersten Start etwa eine Minute) …');
	await runOrExit(process.execPath, ['scripts/build.ts']);
}

await import('./serve.ts');
