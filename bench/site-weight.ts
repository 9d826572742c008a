/**
 * Site weight: bytes a first visit of each public prerendered page transfers.
 *
 * For every index.html under dist/client (plus 404.html, without pagefind/): the HTML and every file
 * it pulls in, as measured by page-weight.ts. Dynamic import() targets (e.g.
 * /pagefind/pagefind.js on /suche/) are listed but not counted. KB = 1000 bytes.
 *
 * Run: node bench/site-weight.ts [--build]      (Node 24: /work/main/node_modules/.bin/node)
 * Builds first (node scripts/build.ts) if dist/client is missing or --build is given; warns if
 * dist/ is older than the sources. Prints figures, never fails on them.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ensureBuild, kb, table, walk } from './lib.ts';
import { CLIENT, measurePage, totalBytes as total, type PageWeight } from './page-weight.ts';

await ensureBuild('dist/client');

const htmlFiles = walk(CLIENT).filter((file) => {
	const rel = relative(CLIENT, file);
	if (rel.startsWith('pagefind/')) return false;
	return rel === '404.html' || rel === 'index.html' || rel.endsWith('/index.html');
});
/** dist/client/a/b/index.html → /a/b/ */
function routeOf(htmlFile: string): string {
	const rel = relative(CLIENT, htmlFile);
	if (rel === 'index.html') return '/';
	return rel.endsWith('/index.html') ? `/${rel.slice(0, -'index.html'.length)}` : `/${rel}`;
}
const pages = htmlFiles.map((file) => measurePage(routeOf(file), readFileSync(file, 'utf8'))).sort((a, b) => a.route.localeCompare(b.route));
const jsNote = (p: PageWeight) =>
	p.externalJs && p.inlineJs
		? 'extern+inline'
		: p.externalJs
			? 'extern'
			: p.inlineJs
				? `inline ${kb(p.inlineJs)}`
				: '–';

console.log(
	`Seitengewicht beim ersten Besuch, ${pages.length} vorgerenderte Seiten aus dist/client`,
);
console.log(
	'Alle Werte in KB = 1000 Byte; Spalten HTML…Summe gzip sind gzip -9, "Summe roh" unkomprimiert.',
);
console.log(
	'JS-Art: "–" kein Skript, "extern" JS-Dateien, "inline X" Inline-Skript mit X KB roh (im HTML enthalten).\n',
);
console.log(
	table([
		['Route', 'HTML', 'CSS', 'JS', 'Fonts', 'Summe gzip', 'Summe roh', 'Dateien', 'JS-Art'],
		...pages.map((p) => [
			p.route,
			kb(p.gzip.html),
			kb(p.gzip.css),
			kb(p.gzip.js),
			kb(p.gzip.font),
			kb(total(p.gzip)),
			kb(total(p.raw)),
			p.files,
			jsNote(p),
		]),
	]),
);

const others = pages.filter((p) => p.gzip.other > 0);
if (others.length) {
	console.log('\nWeitere vorgeladene Dateien (in den Summen enthalten):');
	for (const p of others) console.log(`  ${p.route}: ${kb(p.gzip.other)} KB gzip`);
}
const dynamic = pages.filter((p) => p.dynamicImports.size > 0);
if (dynamic.length) {
	console.log('\nDynamische Importe (nicht mitgezählt, laden erst zur Laufzeit):');
	for (const p of dynamic) console.log(`  ${p.route}: ${[...p.dynamicImports].join(', ')}`);
}
const missing = pages.filter((p) => p.missing.size > 0);
if (missing.length) {
	console.log('\nReferenziert, aber nicht in dist/client gefunden (nicht mitgezählt):');
	for (const p of missing) console.log(`  ${p.route}: ${[...p.missing].join(', ')}`);
}

const home = pages.find((p) => p.route === '/');
const articles = pages.filter((p) => /^\/artikel\/[^/]+\/$/.test(p.route));
const largestArticle = articles.sort((a, b) => total(b.gzip) - total(a.gzip))[0];
const goal = (label: string, p: PageWeight | undefined) =>
	p
		? `${label}: ${kb(total(p.gzip))} KB (Ziel < 50 KB)${label === 'Artikelseite' ? `  [${p.route}, größte von ${articles.length}]` : ''}  → ${total(p.gzip) < 50_000 ? 'erreicht' : 'verfehlt'}`
		: `${label}: nicht gefunden`;
console.log('');
console.log(goal('Startseite', home));
console.log(goal('Artikelseite', largestArticle));

const noJs = pages.filter((p) => !p.externalJs && p.inlineJs === 0);
const noExternalJs = pages.filter((p) => !p.externalJs);
console.log(
	`\nSeiten mit 0 Byte JavaScript (weder Datei noch Inline-Skript): ${noJs.length} von ${pages.length}`,
);
console.log(
	`Seiten ohne JavaScript-Datei (Inline-Skripte zugelassen): ${noExternalJs.length} von ${pages.length}`,
);
const withJs = pages.filter((p) => !noJs.includes(p));
if (withJs.length) console.log(`Mit JavaScript: ${withJs.map((p) => p.route).join(', ')}`);
