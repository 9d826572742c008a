/**
 * The application form's contract: choices, opt-in texts and the validation schema. Pure, so
 * the action (server) and the page share it.
 */
import { z } from 'astro/zod';
import { parseIndustry, unknownIndustryMessage } from '../reference/industries.ts';
import { checkbox, email, line, optionalPhone, optionalText, optionalWebsite, postcode, repeatedChoice } from './fields.ts';

export const SIZE_BANDS = [
	{ value: '1-9', label: '1–9 Beschäftigte' },
	{ value: '10-49', label: '10–49 Beschäftigte' },
	{ value: '50-249', label: '50–249 Beschäftigte' },
	{ value: '250+', label: '250 und mehr Beschäftigte' },
] as const;

export const LEGAL_FORMS = [
	'GmbH',
	'GmbH & Co. KG',
	'UG (haftungsbeschränkt)',
	'AG',
	'KG',
	'OHG',
	'GbR',
	'e. K.',
	'Einzelunternehmen',
	'Partnerschaftsgesellschaft',
	'eG',
	'Sonstige',
] as const;

/**
 * Optional consents, each unticked by default and stored with the version of its wording.
 * Change the text only together with a new version, and keep the old wording in
 * OPT_IN_EARLIER_TEXTS: a consent proves what was agreed to only with the text it was given to.
 */
export const OPT_INS = [
	{
		key: 'events',
		version: '2026-11-25',
		text: 'Das ThZM darf mich per E-Mail zu weiteren Veranstaltungen des Thüringer Zentrums für Maschinenbau einladen.',
	},
	{
		key: 'listing',
		version: '2026-11-25',
		text: 'Nach der Aufnahme darf unser Unternehmen (Name und Ort) auf der Website des Netzwerkforums als Mitglied genannt werden.',
	},
] as const;

/** Earlier wordings of the consents, by key and version (none yet). */
const OPT_IN_EARLIER_TEXTS: Record<string, Record<string, string>> = {};

/** The wording a consent was given or withdrawn in; null for a version nobody kept. */
export function optInText(key: string, version: string): string | null {
	const current = OPT_INS.find((o) => o.key === key);
	if (current?.version === version) return current.text;
	return OPT_IN_EARLIER_TEXTS[key]?.[version] ?? null;
}

export const MAX_INTERESTS = 3;
export const MOTIVATION_MAX = 2000;
export const CONFLICTS_MAX = 1000;

const topicSlug = z.preprocess(
	(v) => (v === '' ? null : v),
	z.string().regex(/^[a-z0-9-]{2,60}$/, 'Bitte wählen Sie ein Thema aus der Liste.').nullish(),
);

export const applicationFormSchema = z
	.object({
		idempotencyKey: z.string({ error: 'Das Formular ist unvollständig. Bitte laden Sie die Seite neu.' }).regex(/^[a-z2-9]{16}$/, 'Das Formular ist unvollständig. Bitte laden Sie die Seite neu.'),
		startedAt: z.string().max(300).nullish(),
		/** Honeypot: invisible to people, filled in by bots. */
		zusatzangabe: z.string().max(500).nullish(),
		/** The trap's former name: no page sends it any more, so only a bot that learned the old form fills it. */
		fax: z.string().max(500).nullish(),
		companyName: line('den Namen Ihres Unternehmens', 2, 150),
		legalForm: z.preprocess((v) => (v === '' ? null : v), z.enum(LEGAL_FORMS, { error: 'Bitte wählen Sie eine Rechtsform aus der Liste.' }).nullish()),
		// The typed text, and after a refusal perhaps a suggestion picked below it (radio buttons of
		// the same name, ApplicationForm.astro). The first value that names a class counts: the
		// typed text when it does (a pick cannot be unticked, so a class typed later must win), else
		// the pick.
		industry: z
			.array(z.string({ error: 'Bitte wählen Sie Ihre Branche aus der Liste.' }).max(300, 'Bitte wählen Sie Ihre Branche aus der Liste.'), { error: 'Bitte wählen Sie Ihre Branche.' })
			.max(2, 'Bitte wählen Sie Ihre Branche aus der Liste.')
			.transform((values, ctx) => {
				const given = values.map((v) => v.trim()).filter(Boolean);
				if (given.length === 0) {
					ctx.addIssue({ code: 'custom', message: 'Bitte wählen Sie Ihre Branche.' });
					return z.NEVER;
				}
				const found = given.map(parseIndustry).find((c) => c !== null);
				if (!found) {
					ctx.addIssue({ code: 'custom', message: unknownIndustryMessage(given[0]!) });
					return z.NEVER;
				}
				return found;
			}),
		street: line('Straße und Hausnummer', 3, 120),
		postcode,
		town: line('den Ort', 2, 80),
		sizeBand: z.enum(
			SIZE_BANDS.map((b) => b.value) as [string, ...string[]],
			{ error: 'Bitte wählen Sie die Zahl der Beschäftigten.' },
		),
		website: optionalWebsite,
		contactName: line('Ihren Namen', 3, 100),
		contactPosition: line('Ihre Funktion im Unternehmen', 2, 100),
		contactEmail: email,
		contactPhone: optionalPhone,
		interest1: z.string({ error: 'Bitte wählen Sie mindestens ein Thema.' }).regex(/^[a-z0-9-]{2,60}$/, 'Bitte wählen Sie mindestens ein Thema.'),
		interest2: topicSlug,
		interest3: topicSlug,
		motivation: optionalText(MOTIVATION_MAX),
		conflictsNote: optionalText(CONFLICTS_MAX),
		optInEvents: checkbox,
		optInListing: checkbox,
	})
	.superRefine(
		(v, ctx) => {
			const repeated = repeatedChoice([v.interest1, v.interest2, v.interest3]);
			if (repeated >= 0) {
				ctx.addIssue({ code: 'custom', path: [`interest${repeated + 1}`], message: 'Bitte wählen Sie jedes Thema nur einmal.' });
			}
			if (v.interest3 && !v.interest2) {
				ctx.addIssue({ code: 'custom', path: ['interest2'], message: 'Bitte füllen Sie die Themen der Reihe nach aus.' });
			}
		},
		// Also when another field is refused: the order of the topics is then named in the same answer,
		// not in a second round after the first is fixed. Only the topic fields themselves must be sound.
		{ when: ({ value, issues }) => typeof value === 'object' && value !== null && !issues.some((issue) => /^interest\d$/.test(String(issue.path?.[0]))) },
	);

export type ApplicationForm = z.infer<typeof applicationFormSchema>;

/** The ranked topic slugs of a submitted form, first choice first. */
export const rankedInterests = (form: Pick<ApplicationForm, 'interest1' | 'interest2' | 'interest3'>) =>
	[form.interest1, form.interest2, form.interest3].filter((t): t is string => !!t);

export const sizeBandLabel = (value: string | null) => SIZE_BANDS.find((b) => b.value === value)?.label ?? value ?? '–';

/** Where an application stands, as the office reads it on pages and in exports. */
export type ApplicationStatus = 'submitted' | 'accepted' | 'declined' | 'withdrawn' | 'suspected';

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
	submitted: 'Eingegangen',
	accepted: 'Aufgenommen',
	declined: 'Abgelehnt',
	withdrawn: 'Zurückgezogen',
	suspected: 'Aussortiert (Verdacht auf Spam)',
};

/** Each state as the list's address names it (`?stand=aussortiert`): German like the rest of the office's addresses. */
export const APPLICATION_STATUS_PARAMS: Record<ApplicationStatus, string> = {
	submitted: 'eingegangen',
	accepted: 'aufgenommen',
	declined: 'abgelehnt',
	withdrawn: 'zurueckgezogen',
	suspected: 'aussortiert',
};

/** The list's address for one state, as links and redirects write it. */
export const applicationsWithStatus = (status: ApplicationStatus) => `/koordination/bewerbungen/?stand=${APPLICATION_STATUS_PARAMS[status]}`;

/** The state an address asks for; null for all (or for a value it does not know). */
export const statusFromParam = (param: string | null): ApplicationStatus | null =>
	(Object.entries(APPLICATION_STATUS_PARAMS).find(([, value]) => value === param)?.[0] as ApplicationStatus | undefined) ?? null;

/** Accepting refused because the contact address has an account: the office's page links that account beside it. */
export const EMAIL_TAKEN_REFUSAL =
	'Unter dieser E-Mail-Adresse gibt es schon ein Konto; mit ihr lässt sich niemand aufnehmen. Ist es nicht die eigene Adresse der Person (ein Tippfehler, die Adresse einer Kollegin), berichtigen Sie sie unter „Ansprechperson“ und nehmen Sie dann auf; ist die Person selbst schon Mitglied, braucht es keine Aufnahme: Markieren Sie die Bewerbung dann als zurückgezogen.';
