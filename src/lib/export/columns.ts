/** Which fields go into the office's CSV exports, with German headers. */
import type { Cell } from './csv.ts';

type Row = Record<string, unknown>;
const text = (key: string) => (row: Row): Cell => {
	const value = row[key];
	if (value instanceof Date) return value.toISOString();
	if (Array.isArray(value)) return value.map(String);
	if (value !== null && typeof value === 'object') return JSON.stringify(value);
	return value as Cell;
};

const column = (header: string, key: string) => ({ header, value: text(key) });

export const APPLICATION_COLUMNS = [
	column('ID', 'id'),
	column('Status', 'status'),
	column('Eingang', 'submittedAt'),
	column('Unternehmen', 'companyName'),
	column('Rechtsform', 'legalForm'),
	column('WZ-Klasse', 'industryCode'),
	column('Branche', 'industryLabel'),
	column('Straße', 'street'),
	column('PLZ', 'postcode'),
	column('Ort', 'town'),
	column('Breite', 'latitude'),
	column('Länge', 'longitude'),
	column('Außerhalb Thüringens', 'outsideThuringia'),
	column('Beschäftigte', 'sizeBand'),
	column('Website', 'website'),
	column('Ansprechperson', 'contactName'),
	column('Funktion', 'contactPosition'),
	column('E-Mail', 'contactEmail'),
	column('Telefon', 'contactPhone'),
	column('Themen (Rangfolge)', 'interests'),
	column('Anliegen', 'motivation'),
	column('Wettbewerber/Partner', 'conflictsNote'),
	column('Einwilligungen', 'optIns'),
	column('Entschieden am', 'decidedAt'),
	column('Notiz', 'decisionNote'),
];

export const MEMBER_COLUMNS = [
	column('Konto-ID', 'userId'),
	column('Unternehmen', 'organizationName'),
	column('Rechtsform', 'legalForm'),
	column('WZ-Klasse', 'industryCode'),
	column('Branche', 'industryLabel'),
	column('Straße', 'street'),
	column('PLZ', 'postcode'),
	column('Ort', 'town'),
	column('Beschäftigte', 'sizeBand'),
	column('Website', 'website'),
	column('Person', 'name'),
	column('Funktion', 'position'),
	column('E-Mail', 'email'),
	column('Telefon', 'phone'),
	column('Kontostatus', 'state'),
];
