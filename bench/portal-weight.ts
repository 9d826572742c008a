/**
 * JavaScript (and everything else) a first visit of each page behind the login transfers, measured
 * on the rendered HTML of a running server (demo data, groups matched and published, so the
 * dashboard and the group board show real content) with page-weight.ts. Goal from the portal
 * issue: at most 80 KB of JavaScript per portal page, gzip, React included.
 *
 * Run: `npm run bench:portal-weight` (builds first if dist/ is missing). Prints figures, asserts nothing.
 */
import { DEMO_COORDINATOR, demoMember, get, login, postForm } from '../tests/helpers/http.ts';
import { startServer } from '../tests/helpers/server.ts';
import { ensureBuild, kb, table } from './lib.ts';
import { measurePage, totalBytes } from './page-weight.ts';

const JS_GOAL_BYTES = 80_000;

await ensureBuild('dist/server/entry.mjs');
const server = await startServer();
try {
	const office = await login(server.baseURL, DEMO_COORDINATOR);
	const member = await login(server.baseURL, demoMember(1));
	const rows: (string | number)[][] = [];
	const worst: Record<string, number> = {};
	let count = 0;
	const measure = async (role: string, cookie: string, paths: string[]) => {
		for (const path of paths) {
			const response = await get(server.baseURL, path, cookie);
			if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
			const weight = measurePage(path, await response.text());
			worst[role] = Math.max(worst[role] ?? 0, weight.gzip.js);
			count++;
			rows.push([role, path, kb(weight.gzip.html), kb(weight.gzip.css), kb(weight.gzip.js), kb(totalBytes(weight.gzip)), weight.files, weight.gzip.js <= JS_GOAL_BYTES ? 'ja' : 'nein']);
		}
	};
	const act = async (action: string, fields: Record<string, string> = {}) => {
		const response = await postForm(server.baseURL, `/_actions/${action}/`, fields, { cookie: office });
		if (response.status !== 200) throw new Error(`${action}: HTTP ${response.status}`);
	};
	// The group board carries its island only while a proposal is on it: measure before publishing.
	await act('groups.run');
	await measure('Koordination', office, ['/koordination/', '/koordination/bewerbungen/', '/koordination/mitglieder/', '/koordination/gruppen/', '/koordination/protokoll/']);
	await act('groups.publish', { checked: 'on' });
	await measure('Mitglied', member, ['/portal/', '/portal/interessen/', '/portal/gespraechspunkte/', '/portal/profil/', '/portal/daten/']);
	console.log(`Seitengewicht hinter der Anmeldung, ${count} Seiten (KB = 1000 Byte, gzip -9)\n`);
	console.log(table([['Rolle', 'Route', 'HTML', 'CSS', 'JS', 'Summe', 'Dateien', 'JS ≤ 80 KB'], ...rows]));
	const portal = worst.Mitglied ?? 0;
	console.log(`\nGrößtes JavaScript einer Seite des Mitgliederportals: ${kb(portal)} KB (Ziel ≤ 80 KB, React inklusive) → ${portal <= JS_GOAL_BYTES ? 'erreicht' : 'verfehlt'}`);
	console.log(`Koordinierungsstelle (kein Ziel, zur Information): größtes JavaScript ${kb(worst.Koordination ?? 0)} KB (Gruppenbrett mit Bewertung der Züge im Browser)`);
} finally {
	await server.stop();
}
