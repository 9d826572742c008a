/**
 * Taking over an existing network: the office's list of member companies and their people as a
 * CSV file, in the columns of the members' export (lib/export/columns.ts), so a list kept in a
 * spreadsheet so far and an export of this platform read alike. Pure: this module reads and
 * checks the file line by line; lib/server/member-import.ts compares it with the database and
 * creates the accounts.
 */
import { companyKey } from '../search-text.ts';
import { z } from 'astro/zod';
import { LIST_SEPARATOR, parseCsv } from '../export/csv.ts';
import { parseIndustry } from '../reference/industries.ts';
import { email, line, optionalLine, optionalPhone, optionalWebsite, postcode } from './fields.ts';
import { LEGAL_FORMS, MAX_INTERESTS, SIZE_BANDS } from './application.ts';

/** More people than a network of this kind has; a longer file is a wrong file. */
export const MAX_IMPORT_PEOPLE = 1000;
/** The largest file the form takes (the request limit is 1 MB; the file travels twice, see the page). */
export const MAX_IMPORT_BYTES = 400 * 1024;

/** One person of the file, checked, with their company's details as that line gives them. */
export interface ImportPerson {
	/** Line in the file, the header being line 1: what the office looks up in its spreadsheet. */
	line: number;
	companyName: string;
	legalForm: string | null;
	industryCode: string;
	industryLabel: string;
	street: string | null;
	postcode: string;
	town: string;
	sizeBand: string | null;
	website: string | null;
	name: string;
	position: string | null;
	email: string;
	phone: string | null;
	/** Topic slugs, first choice first. */
	interests: string[];
}

export interface ImportReading {
	people: ImportPerson[];
	/** What keeps the file from being taken over, each a sentence naming its line. */
	problems: string[];
	/** What is taken over differently from how the file has it (a company named twice). */
	notes: string[];
	/** Columns of the file this import does not read (the export's account ids, groups, …). */
	ignoredColumns: string[];
}

type Field = Exclude<keyof ImportPerson, 'line'>;

/** The columns read, by the export's header; `required` ones must be in the file. */
const COLUMNS: readonly { header: string; field: Field; required?: true }[] = [
	{ header: 'Unternehmen', field: 'companyName', required: true },
	{ header: 'Rechtsform', field: 'legalForm' },
	{ header: 'WZ-Klasse', field: 'industryCode' },
	{ header: 'Branche', field: 'industryLabel' },
	{ header: 'Straße', field: 'street' },
	{ header: 'PLZ', field: 'postcode', required: true },
	{ header: 'Ort', field: 'town', required: true },
	{ header: 'Beschäftigte', field: 'sizeBand' },
	{ header: 'Website', field: 'website' },
	{ header: 'Person', field: 'name', required: true },
	{ header: 'Funktion', field: 'position' },
	{ header: 'E-Mail', field: 'email', required: true },
	{ header: 'Telefon', field: 'phone' },
	{ header: 'Themen (Rangfolge)', field: 'interests' },
];

/** The columns as the import page names them: the class by its code or, instead, its title. */
export const IMPORT_COLUMN_NAMES = {
	required: COLUMNS.filter((c) => c.required || c.field === 'industryCode').map((c) => (c.field === 'industryCode' ? `${c.header} (oder Branche)` : c.header)),
	optional: COLUMNS.filter((c) => !c.required && c.field !== 'industryCode' && c.field !== 'industryLabel').map((c) => c.header),
};

/** "E-Mail", "e-mail" and "Email" are one column: headers compared by their letters and digits. */
const headerKey = (header: string) => header.toLowerCase().replace(/[^a-z0-9äöüß]/g, '');
const COLUMN_BY_KEY = new Map(COLUMNS.map((c) => [headerKey(c.header), c]));
// Headers of lists kept by hand: "Themen" without the ranking's note, "Firma" for the company.
COLUMN_BY_KEY.set('themen', COLUMNS.find((c) => c.field === 'interests')!);
COLUMN_BY_KEY.set('firma', COLUMNS.find((c) => c.field === 'companyName')!);

const CELL_RULES = {
	companyName: line('den Namen des Unternehmens', 2, 150),
	street: optionalLine(120),
	postcode,
	town: line('den Ort', 2, 80),
	website: optionalWebsite,
	name: line('den Namen der Person', 3, 100),
	position: optionalLine(100),
	email,
	phone: optionalPhone,
} as const;

/**
 * The text of an uploaded file. Spreadsheets save CSV as UTF-8 or, Excel with German settings,
 * as Windows-1252; bytes that are no valid UTF-8 are read as the latter, so umlauts survive both.
 * UTF-16 (Excel's "Unicode-Text") is known by its byte-order mark.
 */
export function decodeCsvBytes(bytes: Uint8Array): string {
	if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
	if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		return new TextDecoder('windows-1252').decode(bytes);
	}
}

/** `;` as our export and German spreadsheets write it; `,` or a tab when the header line has those instead. */
function separatorOf(text: string): string {
	const header = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
	const count = (ch: string) => header.split(ch).length - 1;
	return count(';') > 0 ? ';' : count('\t') > count(',') ? '\t' : count(',') > 0 ? ',' : ';';
}

/** Legal forms compared without case, spaces, dots, brackets and "&": "GmbH & Co KG", "e.K.", "UG". */
const formKey = (text: string) => text.toLocaleLowerCase('de').replace(/[\s.()&]/g, '');
const LEGAL_FORM_BY_KEY = new Map<string, string>([
	...LEGAL_FORMS.map((form) => [formKey(form), form] as [string, string]),
	// What lists kept by hand write for forms the application form names otherwise.
	['ug', 'UG (haftungsbeschränkt)'],
	['partnerschaft', 'Partnerschaftsgesellschaft'],
	['partg', 'Partnerschaftsgesellschaft'],
	['partgmbb', 'Partnerschaftsgesellschaft'],
	['eingetragenerkaufmann', 'e. K.'],
	['eingetrageneskaufmann', 'e. K.'],
	['eingetragenekauffrau', 'e. K.'],
	['einzelunternehmer', 'Einzelunternehmen'],
]);
/** A legal form of the application form's list; null for an empty cell, undefined for one not in the list. */
const legalFormOf = (cell: string): string | null | undefined => (cell === '' ? null : LEGAL_FORM_BY_KEY.get(formKey(cell)));

/** Size bands compared without "Beschäftigte", spaces and the kind of dash: "10-49", "10–49 Beschäftigte". */
const sizeKey = (text: string) => text.replace(/\s*Beschäftigte$/i, '').replace(/[–—]/g, '-').replace(/\s+/g, '');
const SIZE_BAND_BY_KEY = new Map(SIZE_BANDS.flatMap((b) => [[sizeKey(b.value), b.value] as const, [sizeKey(b.label), b.value] as const]));
/** A size band by its value or its label; null for an empty cell, undefined for one not in the list. */
const sizeBandOf = (cell: string): string | null | undefined => (cell.trim() === '' ? null : SIZE_BAND_BY_KEY.get(sizeKey(cell.trim())));

const firstIssue = (result: { success: false; error: z.ZodError }) => result.error.issues[0]?.message ?? 'Ungültige Angabe.';

/**
 * Reads the file's text: every line a person, the companies' details repeated on each of their
 * people's lines. `topics` are the forum's topics, by slug and title; a cell names them by
 * either, separated by " | " as the export writes them.
 */
export function readMemberImport(text: string, topics: readonly { slug: string; title: string }[]): ImportReading {
	const problems: string[] = [];
	const notes: string[] = [];
	// Numbered before empty rows are dropped: the office looks the line up in its spreadsheet.
	const rows = parseCsv(text, separatorOf(text))
		.map((cells, index) => ({ cells, lineNumber: index + 1 }))
		.filter(({ cells }) => cells.some((cell) => cell.trim() !== ''));
	const [headerRow, ...lines] = rows;
	const header = headerRow?.cells;
	if (!header || lines.length === 0) {
		return { people: [], problems: ['Die Datei enthält keine Zeile mit einem Mitglied. Die erste Zeile nennt die Spalten, jede weitere eine Person.'], notes, ignoredColumns: [] };
	}
	const columnAt = new Map<Field, number>();
	const ignoredColumns: string[] = [];
	header.forEach((name, index) => {
		const column = COLUMN_BY_KEY.get(headerKey(name));
		if (column && !columnAt.has(column.field)) columnAt.set(column.field, index);
		else if (name.trim() !== '') ignoredColumns.push(name.trim());
	});
	const missing = COLUMNS.filter((c) => c.required && !columnAt.has(c.field)).map((c) => `„${c.header}“`);
	if (!columnAt.has('industryCode') && !columnAt.has('industryLabel')) missing.push('„WZ-Klasse“ (oder „Branche“)');
	if (missing.length > 0) {
		problems.push(`Es ${missing.length === 1 ? 'fehlt die Spalte' : 'fehlen die Spalten'} ${missing.join(', ')}. Die erste Zeile muss die Spalten so nennen wie der Mitglieder-Export.`);
		return { people: [], problems, notes, ignoredColumns };
	}
	if (lines.length > MAX_IMPORT_PEOPLE) {
		problems.push(`Die Datei hat ${lines.length} Zeilen mit Personen; übernommen werden höchstens ${MAX_IMPORT_PEOPLE} auf einmal. Bitte teilen Sie die Liste auf.`);
		return { people: [], problems, notes, ignoredColumns };
	}

	const topicBySpelling = new Map<string, string>();
	for (const t of topics) {
		topicBySpelling.set(t.slug, t.slug);
		topicBySpelling.set(t.title.trim().toLowerCase(), t.slug);
	}
	const people: ImportPerson[] = [];
	const lineOfEmail = new Map<string, number>();
	const firstOfCompany = new Map<string, ImportPerson>();
	for (const { cells, lineNumber } of lines) {
		const cell = (field: Field) => {
			const at = columnAt.get(field);
			return at === undefined ? '' : (cells[at] ?? '');
		};
		const rowProblems: string[] = [];
		const complain = (header: string, message: string) => rowProblems.push(`Spalte „${header}“: ${message}`);
		const checked = <K extends keyof typeof CELL_RULES>(field: K, header: string) => {
			const result = CELL_RULES[field].safeParse(cell(field));
			if (result.success) return result.data as z.output<(typeof CELL_RULES)[K]>;
			complain(header, firstIssue(result));
			return null;
		};
		const companyName = checked('companyName', 'Unternehmen');
		const legalFormCell = cell('legalForm').trim();
		const legalForm = legalFormOf(legalFormCell);
		if (legalForm === undefined) complain('Rechtsform', `„${legalFormCell}“ kennt die Plattform nicht; möglich sind ${LEGAL_FORMS.join(', ')} oder ein leeres Feld.`);
		// The class by its code, else by its title: a spreadsheet may have turned "25.11" into a date.
		const typedCode = cell('industryCode').trim();
		const typedLabel = cell('industryLabel').trim();
		const byCode = typedCode ? parseIndustry(typedCode) : null;
		const industry = byCode ?? (typedLabel ? parseIndustry(typedLabel) : null);
		const byTitleInstead = typedCode !== '' && !byCode && industry !== null;
		if (!industry) {
			const typed = typedCode || typedLabel;
			complain(
				typedCode ? 'WZ-Klasse' : 'Branche',
				typed === ''
					? 'Bitte geben Sie die Branche an, als WZ-Klasse wie „28.41“.'
					: `„${typed}“ ist keine WZ-Klasse der Liste. Bitte geben Sie die Klasse wie „28.41“ an (steht dort ein Datum, hat die Tabellenkalkulation die Zahl umgewandelt: die Spalte als Text formatieren) oder ihren genauen Titel in der Spalte „Branche“.`,
			);
		}
		const street = checked('street', 'Straße');
		// Spreadsheets read "07743" as a number and drop the zero: Thuringia's postcodes begin with 0 mostly.
		const postcodeCell = cell('postcode').trim();
		const lostZero = /^\d{4}$/.test(postcodeCell);
		const code = lostZero ? `0${postcodeCell}` : checked('postcode', 'PLZ');
		const town = checked('town', 'Ort');
		const sizeBand = sizeBandOf(cell('sizeBand'));
		if (sizeBand === undefined) complain('Beschäftigte', `„${cell('sizeBand').trim()}“ ist keine der Größen ${SIZE_BANDS.map((b) => b.value).join(', ')}.`);
		const website = checked('website', 'Website');
		const name = checked('name', 'Person');
		const position = checked('position', 'Funktion');
		const address = checked('email', 'E-Mail')?.toLowerCase() ?? null;
		const phone = checked('phone', 'Telefon');
		const named = cell('interests')
			.split(LIST_SEPARATOR.trim())
			.map((t) => t.trim())
			.filter(Boolean);
		const interests = named.map((t) => topicBySpelling.get(t.toLowerCase()) ?? null);
		const unknown = named.filter((_, i) => interests[i] === null);
		if (unknown.length > 0) complain('Themen (Rangfolge)', `${unknown.map((t) => `„${t}“`).join(', ')} ${unknown.length === 1 ? 'ist kein Thema' : 'sind keine Themen'} des Forums. Bekannt sind: ${topics.map((t) => t.title).join(', ')}.`);
		else if (new Set(interests).size < interests.length) complain('Themen (Rangfolge)', 'Ein Thema steht zweimal darin.');
		else if (interests.length > MAX_INTERESTS) complain('Themen (Rangfolge)', `Höchstens ${MAX_INTERESTS} Themen, das wichtigste zuerst.`);
		if (address) {
			const earlier = lineOfEmail.get(address);
			if (earlier !== undefined) rowProblems.push(`Die E-Mail-Adresse ${address} steht schon in Zeile ${earlier}; jede Person braucht eine eigene.`);
			else lineOfEmail.set(address, lineNumber);
		}
		if (rowProblems.length > 0 || !companyName || !industry || !code || !town || !name || !address || legalForm === undefined || sizeBand === undefined) {
			const who = companyName ? ` (${companyName})` : '';
			problems.push(...rowProblems.map((p) => `Zeile ${lineNumber}${who}: ${p}`));
			continue;
		}
		const person: ImportPerson = {
			line: lineNumber,
			companyName,
			legalForm,
			industryCode: industry.code,
			industryLabel: industry.label,
			street: street ?? null,
			postcode: code,
			town,
			sizeBand,
			website: website ?? null,
			name,
			position: position ?? null,
			email: address,
			phone: phone ?? null,
			interests: interests as string[],
		};
		const first = firstOfCompany.get(companyKey(companyName));
		if (!first) firstOfCompany.set(companyKey(companyName), person);
		else if (COMPANY_FIELDS.some((field) => first[field] !== person[field])) {
			notes.push(`Zeile ${lineNumber}: ${companyName} steht schon in Zeile ${first.line}, mit anderen Angaben zum Unternehmen; angelegt wird es mit denen aus Zeile ${first.line} (ist es schon Mitglied, bleiben seine gespeicherten).`);
		}
		if (byTitleInstead) notes.push(`Zeile ${lineNumber}: „${typedCode}“ ist keine WZ-Klasse; übernommen wird ${industry.code} nach dem Titel in „Branche“.`);
		if (lostZero) notes.push(`Zeile ${lineNumber}: Die Postleitzahl ${postcodeCell} hat vier Ziffern; übernommen wird ${code} (die Tabellenkalkulation hatte die führende Null weggelassen).`);
		people.push(person);
	}
	return { people, problems, notes, ignoredColumns };
}

/** What a line says about the company rather than the person: taken from the company's first line. */
export const COMPANY_FIELDS = ['legalForm', 'industryCode', 'street', 'postcode', 'town', 'sizeBand', 'website'] as const satisfies readonly (keyof ImportPerson)[];
