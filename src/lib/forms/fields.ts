/**
 * Building blocks for form schemas: every rule comes with the German sentence shown next to
 * the field. Form values arrive as strings ("" for an empty field).
 */
import { z } from 'astro/zod';
import { andList, formatCount } from '../site.ts';

// Control characters never belong in what people type (tabs and line breaks aside).
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u2028\u2029]/;
const LINE_BREAKS = /[\r\n\t]/;

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

/** A required single-line text. */
export function line(label: string, min: number, max: number) {
	return z
		.string({ error: `Bitte geben Sie ${label} an.` })
		.trim()
		.min(min, min <= 1 ? `Bitte geben Sie ${label} an.` : `Bitte geben Sie ${label} an (mindestens ${min} Zeichen).`)
		.max(max, `Höchstens ${formatCount(max)} Zeichen, bitte kürzen.`)
		.refine((v) => !CONTROL_CHARS.test(v) && !LINE_BREAKS.test(v), 'Bitte nur eine Zeile ohne Steuerzeichen.');
}

/** An optional single-line text; empty becomes null. */
export function optionalLine(max: number) {
	return z.preprocess(
		blankToNull,
		z
			.string()
			.trim()
			.max(max, `Höchstens ${formatCount(max)} Zeichen, bitte kürzen.`)
			.refine((v) => !CONTROL_CHARS.test(v) && !LINE_BREAKS.test(v), 'Bitte nur eine Zeile ohne Steuerzeichen.')
			.nullish(),
	);
}

/** An optional multi-line text; empty becomes null. */
export function optionalText(max: number) {
	return z.preprocess(
		blankToNull,
		z
			.string()
			.trim()
			// The field has no maxlength (TextareaField says why): the person learns by how much to shorten it.
			.max(max, { error: (issue) => `Höchstens ${formatCount(max)} Zeichen, Ihr Text hat ${formatCount(String(issue.input).length)}. Bitte kürzen Sie ihn; er ist noch da.` })
			.refine((v) => !CONTROL_CHARS.test(v), 'Der Text enthält unzulässige Steuerzeichen.')
			.nullish(),
	);
}

export const email = z
	.string({ error: 'Bitte geben Sie eine E-Mail-Adresse an.' })
	.trim()
	.min(1, 'Bitte geben Sie eine E-Mail-Adresse an.')
	.max(254, 'Diese E-Mail-Adresse ist zu lang.')
	.pipe(z.email({ error: 'Bitte geben Sie eine gültige E-Mail-Adresse an, z. B. name@firma.de.' }));

export const optionalPhone = z.preprocess(
	blankToNull,
	z
		.string()
		.trim()
		.regex(/^\+?[\d][\d\s/()-]{4,28}$/, 'Bitte geben Sie eine Telefonnummer aus Ziffern, Leerzeichen, + / ( ) und - an, z. B. 0361 1234567.')
		.nullish(),
);

export const postcode = z
	.string({ error: 'Bitte geben Sie die Postleitzahl an.' })
	.trim()
	.regex(/^\d{5}$/, 'Bitte geben Sie eine fünfstellige Postleitzahl an.');

/** An optional web address; "firma.de" becomes "https://firma.de". Only http and https. */
export const optionalWebsite = z.preprocess(
	blankToNull,
	z
		.string()
		.trim()
		.max(200, 'Diese Adresse ist zu lang.')
		.transform((v, ctx) => {
			const candidate = /^[a-z][a-z\d+.-]*:/i.test(v) ? v : `https://${v}`;
			try {
				const url = new URL(candidate);
				if (!['http:', 'https:'].includes(url.protocol) || !url.hostname.includes('.') || /\s/.test(v)) throw new Error();
				return url.href;
			} catch {
				ctx.addIssue({ code: 'custom', message: 'Bitte geben Sie eine Web-Adresse wie www.firma.de an.' });
				return z.NEVER;
			}
		})
		.nullish(),
);

export const checkbox = z.boolean().default(false);

/**
 * A number field as the form sends it: an emptied field is no number. Astro reads it as null,
 * and coercion would turn that into 0, which then passed as a weight of 0 or failed with a
 * "Mindestens …" nobody had typed; now it gets `number`'s own message, like any other non-number.
 * A field the form does not send at all still takes the schema's default.
 */
export const numberField = <T extends z.ZodType>(number: T) =>
	z.preprocess((value) => (value === null || (typeof value === 'string' && value.trim() === '') ? Number.NaN : value), number);

/** A whole number from a form field, with `message` for anything else (zod would say it in English). */
export const wholeNumber = (message: string) => z.coerce.number({ error: message }).int(message);

/** The position of the first choice that repeats an earlier one (-1 if none): where "nur einmal" belongs (1 = A, 2 = B, 3 = A: at the third). */
export const repeatedChoice = (choices: readonly (string | null | undefined)[]): number => choices.findIndex((choice, i) => !!choice && choices.slice(0, i).includes(choice));

/**
 * The id of a stored record as a form sends it back. Loose on purpose (demo ids use digits the
 * random ids avoid); whether the record exists, and is the caller's, the server decides.
 */
export const recordId = z.string({ error: 'Unbekannter Eintrag.' }).regex(/^[a-z0-9]{8,32}$/, 'Unbekannter Eintrag.');

/** A record the person picks from a list: when nothing was picked, the message says what to do. */
export const chosenRecordId = (what: string) => z.string({ error: `Bitte wählen Sie ${what}.` }).regex(/^[a-z0-9]{8,32}$/, `Bitte wählen Sie ${what} aus der Liste.`);

/** `24.12.2026` or `2026-12-24` as `2026-12-24`; null for anything else, a 31 February included. */
export function isoDate(typed: string): string | null {
	const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(typed);
	const iso = german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : typed;
	if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
	// A day the calendar has comes back unchanged from a UTC date.
	const day = new Date(`${iso}T00:00:00Z`);
	return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * Days as people list them, separated by spaces, line breaks, commas or semicolons, in German
 * (24.12.2026) or ISO form; ISO dates come out. The first one that is no date is named.
 */
export const dateList = z
	.string()
	.max(2000, 'Höchstens 2.000 Zeichen. Bitte kürzen Sie die Liste.')
	.nullish()
	.transform((value, ctx) => {
		const typed = (value ?? '').split(/[\s,;]+/).filter(Boolean);
		const dates = typed.map(isoDate);
		// Every bad entry at once, so one correction round is enough.
		const bad = typed.filter((_, i) => dates[i] === null);
		if (bad.length > 0) {
			const named = andList(bad.map((entry) => `„${entry}“`));
			ctx.addIssue({ code: 'custom', message: `${named} ${bad.length === 1 ? 'ist kein Datum' : 'sind keine Daten'} wie 24.12.2026.` });
			return z.NEVER;
		}
		return dates as string[];
	});

/**
 * How the office made sure a request came from the person themselves. Kept in the log, which is
 * never deleted: so a choice, not free text (a typed note invited "Rückruf bei Frau M. unter 0361 …").
 */
export const VERIFICATION_METHODS = {
	rueckruf: 'Rückruf unter der Telefonnummer aus unseren Unterlagen',
	persoenlich: 'Persönlich, im Gespräch erkannt',
	brief: 'Schriftlich, mit Unterschrift',
	anders: 'Auf anderem Weg (in den eigenen Unterlagen festgehalten)',
} as const;

export const verificationMethod = z.enum(Object.keys(VERIFICATION_METHODS) as [keyof typeof VERIFICATION_METHODS, ...(keyof typeof VERIFICATION_METHODS)[]], {
	error: 'Bitte wählen Sie, wie Sie geprüft haben, dass die Bitte von der Person selbst kommt.',
});
