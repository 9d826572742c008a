/**
 * How long taking over a network takes, for a list of the size the page allows and a tenth of
 * it: reading and checking the file (pure), comparing it with the database, and creating the
 * companies and invited accounts in one transaction, on a fresh database file with the demo data.
 * The page answers only after the import (no progress shown), so this says whether it may.
 * Run: `node bench/member-import.ts`. Prints figures, asserts nothing.
 */
import { readMemberImport, MAX_IMPORT_PEOPLE } from '../src/lib/forms/member-import.ts';
import { importMembers, planImport } from '../src/lib/server/member-import.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { freshDatabase } from '../tests/helpers/database.ts';

// The topic files' titles, read here: lib/content/topic-list.ts needs Vite's import.meta.glob.
const TOPICS = readdirSync('src/content/topics')
	.filter((name) => name.endsWith('.mdx'))
	.map((name) => ({ slug: name.slice(0, -4), title: /^title: "(.+)"$/m.exec(readFileSync(`src/content/topics/${name}`, 'utf8'))![1]! }));
const HEADER = 'Unternehmen;Rechtsform;WZ-Klasse;Straße;PLZ;Ort;Beschäftigte;Person;Funktion;E-Mail;Telefon;Themen (Rangfolge)';

/** A list of `people`, two per company, with a place from the list and two topics each. */
function list(people: number): string {
	const lines = [HEADER];
	for (let i = 0; i < people; i++) {
		const company = Math.floor(i / 2);
		const topics = [TOPICS[i % TOPICS.length]!.title, TOPICS[(i + 1) % TOPICS.length]!.title].join(' | ');
		lines.push(`Beispielbetrieb ${company} GmbH;GmbH;25.62;Hauptstraße ${company};99084;Erfurt;10-49;Person Nummer ${i};Geschäftsführung;person${i}@beispielbetrieb${company}.example;0361 ${100000 + i};${topics}`);
	}
	return lines.join('\r\n');
}

const ms = (from: number) => (performance.now() - from).toFixed(0).padStart(6);
console.log('Personen   Datei lesen  mit Datenbank vergleichen  anlegen (eine Transaktion)   ms');
for (const people of [MAX_IMPORT_PEOPLE / 10, MAX_IMPORT_PEOPLE]) {
	const t = await freshDatabase();
	try {
		await seedDemo(t.db, 'hash');
		const text = list(people);
		let from = performance.now();
		const reading = readMemberImport(text, TOPICS);
		const read = ms(from);
		if (reading.problems.length > 0) throw new Error(reading.problems[0]);
		from = performance.now();
		await planImport(reading.people);
		const planned = ms(from);
		from = performance.now();
		const result = await importMembers(reading.people, 'demokoordination');
		const created = ms(from);
		if (!result.ok) throw new Error(result.problems[0]);
		console.log(`${String(people).padStart(8)}   ${read}       ${planned}                     ${created}   (${result.userIds.length} Konten, ${result.newCompanies} Unternehmen, ${(text.length / 1024).toFixed(0)} KB)`);
	} finally {
		t.close();
	}
}
