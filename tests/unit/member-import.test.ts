import { describe, expect, test } from 'vitest';
import { BOM, toCsv } from '../../src/lib/export/csv.ts';
import { MEMBER_COLUMNS } from '../../src/lib/export/columns.ts';
import { MAX_IMPORT_PEOPLE, decodeCsvBytes, readMemberImport } from '../../src/lib/forms/member-import.ts';

const TOPICS = [
	{ slug: 'energieeffizienz', title: 'Energieeffizienz' },
	{ slug: 'kundenbindung', title: 'Kundenbindung' },
	{ slug: 'mitarbeitergewinnung', title: 'Mitarbeitergewinnung' },
	{ slug: 'unternehmensfuehrung', title: 'Unternehmensführung' },
];
const HEADER = 'Unternehmen;Rechtsform;WZ-Klasse;Straße;PLZ;Ort;Beschäftigte;Website;Person;Funktion;E-Mail;Telefon;Themen (Rangfolge)';
const LINE = 'Muster Fräs GmbH;GmbH;25.62;Am Anger 3;99084;Erfurt;10–49 Beschäftigte;muster-fraes.de;Erika Muster;Geschäftsführerin;Erika@Muster-Fraes.de;0361 123456;Energieeffizienz | Kundenbindung';
const read = (...lines: string[]) => readMemberImport(lines.join('\r\n'), TOPICS);

describe('readMemberImport', () => {
	test('reads a line of a spreadsheet list into a person with their company', () => {
		const { people, problems, notes } = read(HEADER, LINE);
		expect(problems).toEqual([]);
		expect(notes).toEqual([]);
		expect(people).toEqual([
			{
				line: 2,
				companyName: 'Muster Fräs GmbH',
				legalForm: 'GmbH',
				industryCode: '25.62',
				industryLabel: expect.stringContaining('Mechanik'),
				street: 'Am Anger 3',
				postcode: '99084',
				town: 'Erfurt',
				sizeBand: '10-49',
				website: 'https://muster-fraes.de/',
				name: 'Erika Muster',
				position: 'Geschäftsführerin',
				email: 'erika@muster-fraes.de',
				phone: '0361 123456',
				interests: ['energieeffizienz', 'kundenbindung'],
			},
		]);
	});

	test('reads the members export of this platform back (its extra columns are named, not read)', () => {
		const row = {
			userId: 'demouser00000001', organizationId: 'demoorg000000001', organizationName: 'Beispiel & Söhne KG', legalForm: 'KG', industryCode: '28.41',
			industryLabel: 'Herstellung von Werkzeugmaschinen für die Metallbearbeitung', street: null, postcode: '07743', town: 'Jena', sizeBand: '50-249',
			website: null, name: 'Jan Beispiel', position: null, email: 'jan@beispiel.example', phone: '+49 3641 1234', interests: ['kundenbindung', 'energieeffizienz'], state: 'active', lastSignInAt: null, groupName: null, consents: [],
		};
		const { people, problems, ignoredColumns } = readMemberImport(toCsv([row], MEMBER_COLUMNS), TOPICS);
		expect(problems).toEqual([]);
		expect(people).toMatchObject([{ companyName: 'Beispiel & Söhne KG', industryCode: '28.41', postcode: '07743', sizeBand: '50-249', email: 'jan@beispiel.example', phone: '+49 3641 1234', interests: ['kundenbindung', 'energieeffizienz'] }]);
		expect(ignoredColumns).toEqual(['Konto-ID', 'Unternehmens-ID', 'Kontostatus', 'Zuletzt angemeldet', 'Fokusgruppe', 'Einwilligungen']);
	});

	test('names every faulty cell with its line, company and column, and takes over nobody of those lines', () => {
		const { people, problems } = read(
			HEADER,
			LINE,
			'Zweite AG;Aktiengesellschaft;99.99;;990;Gera;viele;;E;;keine-adresse;abc;Energieeffizienz | Raumfahrt',
		);
		expect(people).toHaveLength(1);
		expect(problems).toEqual([
			'Zeile 3 (Zweite AG): Spalte „Rechtsform“: „Aktiengesellschaft“ kennt die Plattform nicht; möglich sind GmbH, GmbH & Co. KG, UG (haftungsbeschränkt), AG, KG, OHG, GbR, e. K., Einzelunternehmen, Partnerschaftsgesellschaft, eG, Sonstige oder ein leeres Feld.',
			'Zeile 3 (Zweite AG): Spalte „WZ-Klasse“: „99.99“ ist keine WZ-Klasse der Liste. Bitte geben Sie die Klasse wie „28.41“ an (steht dort ein Datum, hat die Tabellenkalkulation die Zahl umgewandelt: die Spalte als Text formatieren) oder ihren genauen Titel in der Spalte „Branche“.',
			'Zeile 3 (Zweite AG): Spalte „PLZ“: Bitte geben Sie eine fünfstellige Postleitzahl an.',
			'Zeile 3 (Zweite AG): Spalte „Beschäftigte“: „viele“ ist keine der Größen 1-9, 10-49, 50-249, 250+.',
			'Zeile 3 (Zweite AG): Spalte „Person“: Bitte geben Sie den Namen der Person an (mindestens 3 Zeichen).',
			'Zeile 3 (Zweite AG): Spalte „E-Mail“: Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@firma.de.',
			expect.stringMatching(/^Zeile 3 \(Zweite AG\): Spalte „Telefon“: /),
			'Zeile 3 (Zweite AG): Spalte „Themen (Rangfolge)“: „Raumfahrt“ ist kein Thema des Forums. Bekannt sind: Energieeffizienz, Kundenbindung, Mitarbeitergewinnung, Unternehmensführung.',
		]);
	});

	test('one address twice is refused at the second line; topics twice or more than three too', () => {
		const { problems } = read(
			HEADER,
			LINE,
			LINE.replace('Erika Muster', 'Erik Muster'),
			LINE.replace('Erika@', 'e2@').replace('Energieeffizienz | Kundenbindung', 'Kundenbindung | kundenbindung'),
			LINE.replace('Erika@', 'e3@').replace('Energieeffizienz | Kundenbindung', 'Energieeffizienz | Kundenbindung | Mitarbeitergewinnung | Unternehmensführung'),
		);
		expect(problems).toEqual([
			'Zeile 3 (Muster Fräs GmbH): Die E-Mail-Adresse erika@muster-fraes.de steht schon in Zeile 2; jede Person braucht eine eigene.',
			'Zeile 4 (Muster Fräs GmbH): Spalte „Themen (Rangfolge)“: Ein Thema steht zweimal darin.',
			'Zeile 5 (Muster Fräs GmbH): Spalte „Themen (Rangfolge)“: Höchstens 3 Themen, das wichtigste zuerst.',
		]);
	});

	test('several people of one company: the first line\'s company details count, and a differing line is noted', () => {
		const { people, problems, notes } = read(HEADER, LINE, LINE.replace('Erika@', 'jo@').replace('Erika Muster', 'Jo Muster').replace('Erfurt', 'Weimar'), LINE.replace('Erika@', 'al@').replace('Erika Muster', 'Al Muster').replace('Muster Fräs GmbH', 'muster fräs gmbh'));
		expect(problems).toEqual([]);
		expect(people.map((p) => p.name)).toEqual(['Erika Muster', 'Jo Muster', 'Al Muster']);
		expect(notes).toEqual(['Zeile 3: Muster Fräs GmbH steht schon in Zeile 2, mit anderen Angaben zum Unternehmen; angelegt wird es mit denen aus Zeile 2 (ist es schon Mitglied, bleiben seine gespeicherten).']);
	});

	test('missing columns are named before any line is read', () => {
		expect(read('Firma;Ort;Name', 'A GmbH;Erfurt;Anna').problems).toEqual([
			'Es fehlen die Spalten „PLZ“, „Person“, „E-Mail“, „WZ-Klasse“ (oder „Branche“). Die erste Zeile muss die Spalten so nennen wie der Mitglieder-Export.',
		]);
		expect(read(HEADER).problems).toEqual(['Die Datei enthält keine Zeile mit einem Mitglied. Die erste Zeile nennt die Spalten, jede weitere eine Person.']);
		expect(read('').problems).toHaveLength(1);
	});

	test('headers as people write them, a comma or a tab between cells, a branch by its title, empty lines', () => {
		const comma = ['unternehmen,branche,plz,ort,person,email,themen', '"Komma, GmbH",Herstellung von Werkzeugmaschinen für die Metallbearbeitung,98527,Suhl,Kai Komma,kai@komma.example,unternehmensführung', ',,,,,,'].join('\n');
		expect(readMemberImport(comma, TOPICS)).toMatchObject({ problems: [], people: [{ companyName: 'Komma, GmbH', industryCode: '28.41', interests: ['unternehmensfuehrung'] }] });
		const tab = ['Unternehmen\tWZ-Klasse\tPLZ\tOrt\tPerson\tE-Mail', 'Tab KG\t28.41\t98527\tSuhl\tTea Tab\ttea@tab.example'].join('\n');
		expect(readMemberImport(tab, TOPICS)).toMatchObject({ problems: [], people: [{ companyName: 'Tab KG' }] });
	});

	test('what spreadsheets do to cells: a postcode without its zero, a class turned into a date beside its title', () => {
		const header = 'Unternehmen;WZ-Klasse;Branche;PLZ;Ort;Person;E-Mail';
		const { people, problems, notes } = read(header, 'Saale Glas GmbH;25. Nov;Herstellung von Werkzeugmaschinen für die Metallbearbeitung;7743;Jena;Sina Saale;sina@saale-glas.example');
		expect(problems).toEqual([]);
		expect(people).toMatchObject([{ postcode: '07743', industryCode: '28.41' }]);
		expect(notes).toEqual([
			'Zeile 2: „25. Nov“ ist keine WZ-Klasse; übernommen wird 28.41 nach dem Titel in „Branche“.',
			'Zeile 2: Die Postleitzahl 7743 hat vier Ziffern; übernommen wird 07743 (die Tabellenkalkulation hatte die führende Null weggelassen).',
		]);
	});

	test('lines keep their numbers in the file when empty lines stand between them; CR alone ends a line too', () => {
		const { problems } = readMemberImport([HEADER, LINE, ';;;;;;;;;;;;', '', LINE.replace('Erika@', 'x@').replace('99084', 'PLZ?')].join('\r'), TOPICS);
		expect(problems).toEqual(['Zeile 5 (Muster Fräs GmbH): Spalte „PLZ“: Bitte geben Sie eine fünfstellige Postleitzahl an.']);
	});

	test('legal forms as lists write them', () => {
		const forms = ['GmbH & Co KG', 'gmbh', 'e.K.', 'UG', 'PartG mbB', 'Partnerschaft'].map((form, i) => LINE.replace(';GmbH;', `;${form};`).replace('Erika@', `p${i}@`));
		expect(read(HEADER, ...forms).people.map((p) => p.legalForm)).toEqual(['GmbH & Co. KG', 'GmbH', 'e. K.', 'UG (haftungsbeschränkt)', 'Partnerschaftsgesellschaft', 'Partnerschaftsgesellschaft']);
	});

	test('ß written as SS in capitals is the same company', () => {
		const { notes } = read(HEADER, LINE.replace('Muster Fräs GmbH', 'Gießerei Groß GmbH'), LINE.replace('Erika@', 'b@').replace('Muster Fräs GmbH', 'GIESSEREI GROSS GMBH').replace('Erfurt', 'Weimar'));
		expect(notes).toEqual(['Zeile 3: GIESSEREI GROSS GMBH steht schon in Zeile 2, mit anderen Angaben zum Unternehmen; angelegt wird es mit denen aus Zeile 2 (ist es schon Mitglied, bleiben seine gespeicherten).']);
	});

	test('one company whatever the case of its letters, umlauts included', () => {
		const { people, notes } = read(HEADER, LINE, LINE.replace('Erika@', 'grossbuchstaben@').replace('Muster Fräs GmbH', 'MUSTER FRÄS  GMBH').replace('Erfurt', 'Weimar'));
		expect(people).toHaveLength(2);
		expect(notes).toEqual(['Zeile 3: MUSTER FRÄS  GMBH steht schon in Zeile 2, mit anderen Angaben zum Unternehmen; angelegt wird es mit denen aus Zeile 2 (ist es schon Mitglied, bleiben seine gespeicherten).']);
	});

	test('more people than one import takes is refused as a whole', () => {
		const lines = Array.from({ length: MAX_IMPORT_PEOPLE + 1 }, (_, i) => LINE.replace('Erika@', `p${i}@`));
		const { people, problems } = read(HEADER, ...lines);
		expect(people).toEqual([]);
		expect(problems).toEqual([`Die Datei hat ${MAX_IMPORT_PEOPLE + 1} Zeilen mit Personen; übernommen werden höchstens ${MAX_IMPORT_PEOPLE} auf einmal. Bitte teilen Sie die Liste auf.`]);
	});
});

describe('decodeCsvBytes', () => {
	test('UTF-8 (its byte-order mark dropped) and Excel\'s Windows-1252 give the same umlauts', () => {
		const text = 'Unternehmen;Ort\r\nMüller Söhne GmbH;Gößnitz\r\n';
		expect(decodeCsvBytes(new TextEncoder().encode(text))).toBe(text);
		expect(decodeCsvBytes(new TextEncoder().encode(BOM + text))).toBe(text);
		const windows1252 = Uint8Array.from([...text].map((ch) => ch.charCodeAt(0)));
		expect(decodeCsvBytes(windows1252)).toBe(text);
		expect(decodeCsvBytes(Uint8Array.from([0x84, 0x93]))).toBe('„“');
		// Excel's "Unicode-Text": UTF-16 with its byte-order mark.
		expect(decodeCsvBytes(Uint8Array.from(Buffer.from('\uFEFF' + text, 'utf16le')))).toBe(text);
	});
});
