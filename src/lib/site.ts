/** Names and route helpers shared by every page. Routes are a contract (mail links, checks). */

export const SITE_NAME = 'ThZM-Netzwerkforum';
export const SITE_DESCRIPTION =
	'Vertrauliche Fokusgruppen für Inhaberinnen, Inhaber und Geschäftsführungen Thüringer Unternehmen aus verschiedenen Branchen.';
export const OFFICE_EMAIL = 'andreas.patschger@maschinenbau-thueringen.de';

export const articlePath = (id: string) => `/artikel/${id}/`;
export const topicPath = (id: string) => `/themen/${id}/`;

/** Portal routes that mails and redirects point to. */
export const PORTAL_PATHS = {
	home: '/portal/',
	interests: '/portal/interessen/',
	topicQueue: '/portal/gespraechspunkte/',
	profile: '/portal/profil/',
	myData: '/portal/daten/',
	myDataExport: '/portal/daten/export/',
	login: '/portal/anmelden/',
	loginCode: '/portal/anmelden/code/',
	forgotPassword: '/portal/passwort-vergessen/',
	resetPassword: '/portal/passwort-zuruecksetzen/',
	invitation: '/portal/einladung/',
	/** How long the session has left (JSON for the page's warning); `?verlaengern` uses it like any page view. */
	sessionStatus: '/portal/sitzung.json',
	coordination: '/koordination/',
	officeAccount: '/koordination/konto/',
	officeTeam: '/koordination/team/',
} as const;

export const OFFICE_NAV = [
	{ href: '/koordination/', label: 'Übersicht' },
	{ href: '/koordination/bewerbungen/', label: 'Bewerbungen' },
	{ href: '/koordination/mitglieder/', label: 'Mitglieder' },
	{ href: '/koordination/gruppen/', label: 'Gruppen' },
	{ href: '/koordination/protokoll/', label: 'Protokoll' },
	{ href: '/koordination/team/', label: 'Team' },
] as const;

export const applicationPath = (id: string) => `/koordination/bewerbungen/${id}/`;
export const memberPath = (userId: string) => `/koordination/mitglieder/${userId}/`;
/** Where the office takes over its existing network from a CSV file. */
export const MEMBER_IMPORT_PATH = '/koordination/mitglieder/uebernehmen/';
export const groupPath = (id: string) => `/koordination/gruppen/${id}/`;

export const MAIN_NAV = [
	{ href: '/fokusgruppen/', label: 'Fokusgruppen' },
	{ href: '/themen/', label: 'Themen' },
	{ href: '/artikel/', label: 'Artikel' },
	{ href: '/stimmen/', label: 'Stimmen' },
	{ href: '/kontakt/', label: 'Kontakt' },
] as const;

/** The main navigation of this build: "Stimmen" only when the build shows at least one voice. */
export const mainNav = (withVoices: boolean) => MAIN_NAV.filter((item) => withVoices || item.href !== '/stimmen/');

export const FOOTER_NAV = [
	{ href: '/suche/', label: 'Suche' },
	{ href: '/impressum/', label: 'Impressum' },
	{ href: '/datenschutz/', label: 'Datenschutz' },
	{ href: '/barrierefreiheit/', label: 'Barrierefreiheit' },
	{ href: '/rss.xml', label: 'RSS-Feed' },
	{ href: '/portal/anmelden/', label: 'Mitgliederportal' },
] as const;

const DATE_FORMAT = new Intl.DateTimeFormat('de-DE', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'Europe/Berlin',
});

/** "3. März 2026" */
export const formatDate = (date: Date) => DATE_FORMAT.format(date);

/** The version of a consent's text, stored as its date ("2026-11-25"): "Fassung vom 25. November 2026". */
export const consentTextVersion = (version: string) =>
	/^\d{4}-\d{2}-\d{2}$/.test(version) ? `Fassung vom ${formatDate(new Date(`${version}T12:00:00Z`))}` : `Fassung ${version}`;

const AND_LIST = new Intl.ListFormat('de', { type: 'conjunction' });

/** "a, b und c" */
export const andList = (parts: readonly string[]) => AND_LIST.format(parts);

/** A count opening a sentence, for feminine nouns: "Eine Anmeldung ist", "3 Anmeldungen sind". */
export const countedPhrase = (n: number, one: string, many: string) => (n === 1 ? `Eine ${one}` : `${n} ${many}`);

const ISO_DATE_IN_GERMANY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' });

/** "2026-03-02", the date in Germany, for file names; toISOString() gives UTC's, a day early between midnight and 1 or 2 a.m. */
export const isoDateInGermany = (date: Date) => ISO_DATE_IN_GERMANY.format(date);

const DATE_TIME_FORMAT = new Intl.DateTimeFormat('de-DE', {
	dateStyle: 'long',
	timeStyle: 'short',
	timeZone: 'Europe/Berlin',
});

/**
 * Meeting times are formatted on every dashboard view, and the same few over and over; Intl
 * formatting is slow enough to show in a profile, so the strings are kept (bounded).
 */
const formattedDateTimes = new Map<number, string>();
const FORMATTED_DATE_TIMES_MAX = 1000;

/** "3. März 2026 um 09:00 Uhr" */
export function formatDateTime(date: Date): string {
	const time = date.getTime();
	let text = formattedDateTimes.get(time);
	if (text === undefined) {
		text = `${DATE_TIME_FORMAT.format(date)} Uhr`;
		if (formattedDateTimes.size >= FORMATTED_DATE_TIMES_MAX) formattedDateTimes.clear();
		formattedDateTimes.set(time, text);
	}
	return text;
}

const WEEKDAY_DATE_TIME = new Intl.DateTimeFormat('de-DE', { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' });

/** "Do., 6. Mai 2027 um 14:00 Uhr": formatDateTime with the weekday, for the office's list of a group's meetings, where a date off the group's usual weekday (a holiday's shift) should show. */
export const formatWeekdayDateTime = (date: Date) => `${WEEKDAY_DATE_TIME.format(date)} Uhr`;

const FULL_DATE = new Intl.DateTimeFormat('de-DE', { dateStyle: 'full', timeZone: 'Europe/Berlin' });
const CLOCK_TIME = new Intl.DateTimeFormat('de-DE', { timeStyle: 'short', timeZone: 'Europe/Berlin' });

/** "14:25" in Berlin time. */
export const formatClockTime = (date: Date) => CLOCK_TIME.format(date);
const formattedMeetingTimes = new Map<string, string>();

/**
 * "Mittwoch, 7. April 2027, 14:00 bis 17:00 Uhr": a meeting's time as members plan their day,
 * with the weekday and when it ends, where the meeting itself is shown (the overview's list, the
 * reminder). Sentences that only refer to a meeting, and subjects, keep formatDateTime's short
 * form. Kept like formatDateTime's strings.
 */
export function formatMeetingTime(startsAt: Date, endsAt: Date): string {
	const key = `${startsAt.getTime()}-${endsAt.getTime()}`;
	let text = formattedMeetingTimes.get(key);
	if (text === undefined) {
		const [startDay, endDay] = [FULL_DATE.format(startsAt), FULL_DATE.format(endsAt)];
		const [from, to] = [CLOCK_TIME.format(startsAt), CLOCK_TIME.format(endsAt)];
		text = startDay === endDay ? `${startDay}, ${from} bis ${to} Uhr` : `${startDay}, ${from} Uhr bis ${endDay}, ${to} Uhr`;
		if (formattedMeetingTimes.size >= FORMATTED_DATE_TIMES_MAX) formattedMeetingTimes.clear();
		formattedMeetingTimes.set(key, text);
	}
	return text;
}

const ONE_DECIMAL = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "37,0", "−2,5": one decimal with the German comma, and the typographic minus rather than a hyphen. */
export const formatDecimal = (value: number) => ONE_DECIMAL.format(value).replace('-', '−');

const WHOLE_NUMBER = new Intl.NumberFormat('de-DE');

/** "2.000": a count with the German thousands separator, as the hints write it. */
export const formatCount = (value: number) => WHOLE_NUMBER.format(value);

const SHORT_DATE_TIME = new Intl.DateTimeFormat('de-DE', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Berlin' });

/** "03.03.26, 09:00" for tables. */
export const formatShortDateTime = (date: Date) => SHORT_DATE_TIME.format(date);

/**
 * An account's last sign-in for the office's pages. Accepting an invitation signs the person in,
 * so a password without a date means a sign-in from before the date was recorded.
 */
export const lastSignInText = (account: { lastSignInAt: Date | null; hasPassword: number | boolean }) =>
	account.lastSignInAt ? formatShortDateTime(account.lastSignInAt) : account.hasPassword ? 'nicht erfasst' : 'noch nie';

/** After this long without a sign-in an account counts as unused: a member worth a call, an office access worth a review. */
export const QUIET_DAYS = 90;

/** No sign-in within QUIET_DAYS before `now`, or none recorded at all. */
export const quietSince = (lastSignInAt: Date | null, now: Date) => !lastSignInAt || lastSignInAt.getTime() < now.getTime() - QUIET_DAYS * 24 * 3600_000;
