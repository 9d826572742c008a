/**
 * The field types of the content schemas, with the messages an editor reads when the build
 * refuses a file: German, saying what to write instead. Astro prints each as "**field**: message"
 * under the file's name. Without astro:content, because topic-schema.ts uses them too.
 */
import { z } from 'astro/zod';
import { isoDateInGermany } from '../site.ts';

/** What a zod error function receives; only the parts read here. */
interface Issue {
	code?: string;
	input?: unknown;
}

const missing = (what: string) => `fehlt: bitte ${what} angeben`;

/** A text of `min` to `max` characters; too long or too short says by how much. */
export function text(min: number, max: number) {
	const what = `einen Text von ${min} bis ${max} Zeichen`;
	const error = (issue: Issue) => {
		if (issue.input === undefined) return missing(what);
		if (typeof issue.input !== 'string') return `bitte ${what} angeben (in Anführungszeichen)`;
		const length = issue.input.length;
		return issue.code === 'too_big'
			? `zu lang: ${length} Zeichen, erlaubt sind höchstens ${max}. Bitte um ${length - max} Zeichen kürzen.`
			: `zu kurz: ${length} Zeichen, nötig sind mindestens ${min}.`;
	};
	return z.string({ error }).min(min, { error }).max(max, { error });
}

/** A whole number from 1 (an order in lists). */
export function position() {
	const what = 'eine ganze Zahl ab 1 (ohne Anführungszeichen)';
	const error = (issue: Issue) =>
		issue.input === undefined ? missing(what) : `bitte ${what} angeben`;
	return z.number({ error }).int({ error }).min(1, { error });
}

/** A yes/no switch with a default. */
export const yesNo = (byDefault: boolean) =>
	z
		.boolean({
			error: `bitte true oder false angeben (oder das Feld weglassen: dann ${byDefault})`,
		})
		.default(byDefault);

/** A list of `min` to `max` entries of `item`, `named` in the plural ("Fragen"). */
export function list<T extends z.ZodType>(item: T, min: number, max: number, named: string) {
	const allowed = `${min === 0 ? 'höchstens' : `${min} bis`} ${max} ${named}`;
	const error = (issue: Issue) => {
		if (issue.input === undefined) return missing(`eine Liste von ${allowed}`);
		if (!Array.isArray(issue.input)) return `bitte als Liste angeben, jede Zeile mit „- “ beginnend`;
		return `${issue.input.length} angegeben, erlaubt sind ${allowed}`;
	};
	return z.array(item, { error }).min(min, { error }).max(max, { error });
}

export const DATE_FORMATS = 'Datum bitte als JJJJ-MM-TT (z. B. 2026-11-28) oder TT.MM.JJJJ angeben';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const GERMAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/**
 * A calendar day, midnight UTC (as an unquoted YAML date becomes). The YAML reader leaves
 * 28.11.2026 and quoted dates as text; JavaScript's own Date parsing would read 03.04.2026 as
 * 4 March (American order) and 31.02.2026 as 3 March, so the text is taken apart here.
 */
export function calendarDay(value: unknown): Date | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
	if (typeof value !== 'string') return undefined;
	const iso = ISO_DATE.exec(value.trim());
	const german = GERMAN_DATE.exec(value.trim());
	const [year, month, day] = iso
		? [iso[1], iso[2], iso[3]]
		: german
			? [german[3], german[2], german[1]]
			: [];
	if (!year) return undefined;
	const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
	// A day the month does not have (31.02.) rolls over into the next month.
	return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day)
		? date
		: undefined;
}

/** A date field: YYYY-MM-DD or TT.MM.JJJJ, a day that exists. */
export function contentDate() {
	const error = (issue: Issue) => (issue.input === undefined ? `fehlt: ${DATE_FORMATS}` : `${DATE_FORMATS}.`);
	return z.union([z.date(), z.string()], { error }).transform((value, ctx) => {
		const date = calendarDay(value);
		if (date) return date;
		const written = String(value).trim();
		const message =
			ISO_DATE.test(written) || GERMAN_DATE.test(written)
				? `Den Tag „${written}“ gibt es nicht: bitte Tag und Monat prüfen.`
				: `„${written}“ ist kein Datum. ${DATE_FORMATS}.`;
		ctx.addIssue({ code: 'custom', message });
		return z.NEVER;
	});
}

/** The day a date field names, as written: calendarDay() keeps it at midnight UTC. */
const dayWritten = (date: Date) => date.toISOString().slice(0, 10);
const germanDay = (date: Date) => dayWritten(date).split('-').reverse().join('.');

/** A date that has already come (in Germany): a consent cannot be on file before it is given. */
export const pastDate = () =>
	contentDate().refine((date) => dayWritten(date) <= isoDateInGermany(new Date()), {
		error: (issue) =>
			`Der ${germanDay(issue.input as Date)} liegt in der Zukunft: bitte den Tag eintragen, an dem die Einwilligung einging.`,
	});

/**
 * An object of exactly the fields in `shape`. A field it does not know (a typo such as
 * `pubdate`, or a field from another kind of file) is named, with the ones there are.
 */
export function fields<T extends z.core.$ZodLooseShape>(shape: T, note = '') {
	const allowed = Object.keys(shape).join(', ');
	const error = (issue: Issue & { keys?: string[] }) => {
		if (issue.code === 'unrecognized_keys') {
			const keys = issue.keys ?? [];
			return `${keys.length === 1 ? 'unbekanntes Feld' : 'unbekannte Felder'} ${keys.map((key) => `„${key}“`).join(', ')}. Möglich sind: ${allowed}${note}`;
		}
		return issue.input === undefined
			? missing(`die Felder ${allowed}`)
			: `bitte als Felder angeben (${allowed})`;
	};
	return z.strictObject(shape, { error });
}
