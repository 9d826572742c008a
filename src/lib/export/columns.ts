/**
 * Which fields go into the office's CSV exports, and how a German spreadsheet should show them:
 * German headers and states, "ja"/"nein", times in Berlin as "26.11.2026 18:00". The JSON
 * export keeps the stored values; these functions take either (a date as Date or ISO string).
 */
import { topicTitle } from '../content/topic-list.ts';
import { APPLICATION_STATUS_LABELS } from '../forms/application.ts';
import { consentTextVersion } from '../site.ts';
import type { Cell } from './csv.ts';

type Row = Record<string, unknown>;
const text = (key: string) => (row: Row): Cell => {
	const value = row[key];
	if (value instanceof Date) return berlinTime(value);
	if (typeof value === 'boolean') return value ? 'ja' : 'nein';
	if (typeof value === 'number') return germanNumber(value);
	if (Array.isArray(value)) return value.map(String);
	if (value !== null && typeof value === 'object') return JSON.stringify(value);
	return value as Cell;
};

const DECIMAL = new Intl.NumberFormat('de-DE', { useGrouping: false, maximumFractionDigits: 6 });
/** "11,6", not "11.6": German spreadsheets read a decimal point as a date (11. Juni) or drop it. */
const germanNumber = (value: number): string => DECIMAL.format(value);

/** Ranked interests by their titles, as the office reads them ("Energieeffizienz | Kundenbindung"). */
const topics = (header: string, key: string) => ({
	header,
	value: (row: Row): Cell => {
		const value = row[key];
		return Array.isArray(value) ? value.map((slug) => topicTitle(String(slug))) : null;
	},
});

const OPT_IN_NAMES: Record<string, string> = { events: 'Einladungen zu Veranstaltungen', listing: 'Nennung auf der Website' };

/** The consents given, each with the version of its text and when: "Nennung auf der Website (Fassung vom 25. November 2026, 26.11.2026 18:05)". */
const consents = (header: string, key: string) => ({
	header,
	value: (row: Row): Cell => {
		const value = row[key];
		if (!Array.isArray(value)) return null;
		return value.map((given: { key?: unknown; textVersion?: unknown; at?: unknown }) => {
			const at = typeof given.at === 'string' || typeof given.at === 'number' ? new Date(given.at) : null;
			const when = at && !Number.isNaN(at.getTime()) ? `, ${berlinTime(at)}` : '';
			return `${OPT_IN_NAMES[String(given.key)] ?? String(given.key)} (${consentTextVersion(String(given.textVersion))}${when})`;
		});
	},
});

const BERLIN = new Intl.DateTimeFormat('de-DE', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' });
/** "26.11.2026 18:00": spreadsheets with German settings read it as a date and time. */
const berlinTime = (date: Date) => BERLIN.format(date).replace(', ', ' ');

const column = (header: string, key: string) => ({ header, value: text(key) });

const time = (header: string, key: string) => ({
	header,
	value: (row: Row): Cell => {
		const value = row[key];
		const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
		return date && !Number.isNaN(date.getTime()) ? berlinTime(date) : null;
	},
});

const labelled = (header: string, key: string, labels: Record<string, string>) => ({
	header,
	value: (row: Row): Cell => {
		const value = row[key];
		return typeof value === 'string' ? (labels[value] ?? value) : (value as Cell);
	},
});

const MEMBER_STATE_LABELS: Record<string, string> = { active: 'aktiv', invited: 'eingeladen', 'not-invited': 'übernommen, nicht eingeladen', deactivated: 'deaktiviert' };

export const APPLICATION_COLUMNS = [
	column('ID', 'id'),
	labelled('Status', 'status', APPLICATION_STATUS_LABELS),
	time('Eingang', 'submittedAt'),
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
	topics('Themen (Rangfolge)', 'interests'),
	column('Anliegen', 'motivation'),
	column('Wettbewerber/Partner', 'conflictsNote'),
	consents('Einwilligungen', 'optIns'),
	time('Entschieden am', 'decidedAt'),
	column('Notiz', 'decisionNote'),
];

export const MEMBER_COLUMNS = [
	column('Konto-ID', 'userId'),
	// Two people of one company share it; two companies of one name do not.
	column('Unternehmens-ID', 'organizationId'),
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
	// Also what the import of a network reads (lib/forms/member-import.ts): an export goes back in whole.
	topics('Themen (Rangfolge)', 'interests'),
	labelled('Kontostatus', 'state', MEMBER_STATE_LABELS),
	time('Zuletzt angemeldet', 'lastSignInAt'),
	column('Fokusgruppe', 'groupName'),
	consents('Einwilligungen', 'consents'),
];
