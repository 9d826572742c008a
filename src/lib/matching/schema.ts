/**
 * The input contract of `npm run match` (and of the board's run), as zod schemas with German
 * messages. Options are strict so a typo never silently falls back to a default; participants may
 * carry extra fields (name, town, …) for display, which the engine ignores.
 */
import { z } from 'astro/zod';
import { inputProblems } from './problem.ts';
import type { MatchInput } from './types.ts';

const ID = z.string().min(1, 'darf nicht leer sein').max(200, 'höchstens 200 Zeichen');
const SLUG = z
	.string()
	.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Themen-Slug wie „energieeffizienz“ erwartet (Kleinbuchstaben, Ziffern, Bindestriche)');
const WEIGHT = z.number();

const unknownKeys = (what: string, allowed: string[]) => (issue: { code?: string | undefined; keys?: string[] | undefined }) =>
	issue.code === 'unrecognized_keys'
		? `${issue.keys!.length === 1 ? `unbekannte ${what}` : `unbekannte ${what}n`} ${issue.keys!.map((k) => `„${k}“`).join(', ')} (erlaubt: ${allowed.join(', ')})`
		: undefined;

export const locationSchema = z.object({
	lat: z
		.number({ error: (i) => (i.input === undefined ? 'fehlt' : 'Breitengrad als Zahl erwartet') })
		.min(-90, 'Breitengrad zwischen -90 und 90 erwartet')
		.max(90, 'Breitengrad zwischen -90 und 90 erwartet'),
	lon: z
		.number({ error: (i) => (i.input === undefined ? 'fehlt' : 'Längengrad als Zahl erwartet') })
		.min(-180, 'Längengrad zwischen -180 und 180 erwartet')
		.max(180, 'Längengrad zwischen -180 und 180 erwartet'),
});

export const participantSchema = z.object({
	id: ID,
	organization: ID,
	industry: z.string().regex(/^\d{2}\.\d{2}$/, 'WZ-Klasse im Format 28.41 erwartet (zwei Ziffern, Punkt, zwei Ziffern)'),
	interests: z
		.array(SLUG)
		.max(3, 'höchstens drei Themen')
		.refine((list) => new Set(list).size === list.length, 'ein Thema steht doppelt in der Liste'),
	location: locationSchema,
	sizeBand: z.string().nullable().optional(),
	conflicts: z.array(ID).optional(),
	label: z.string().max(300).optional(),
});

const WEIGHT_KEYS = ['fit', 'unlisted', 'sameDivisionPair', 'distancePer100Km', 'avoidedPair'];
export const weightsSchema = z.strictObject(
	{
		fit: z.tuple([WEIGHT, WEIGHT, WEIGHT], { error: 'drei Zahlen für 1., 2. und 3. Wahl erwartet' }).optional(),
		unlisted: WEIGHT.optional(),
		sameDivisionPair: WEIGHT.optional(),
		distancePer100Km: WEIGHT.optional(),
		avoidedPair: WEIGHT.optional(),
	},
	{ error: unknownKeys('Gewichtung', WEIGHT_KEYS) },
);

const OPTION_KEYS = ['groupSize', 'weights', 'seed', 'locked', 'lockedTopics', 'avoidPairs', 'iterations', 'restarts'];
export const optionsSchema = z.strictObject(
	{
		groupSize: z
			.strictObject(
				{
					min: z.number().int('ganze Zahl erwartet').min(1, 'mindestens 1').max(50, 'höchstens 50').optional(),
					max: z.number().int('ganze Zahl erwartet').min(1, 'mindestens 1').max(50, 'höchstens 50').optional(),
				},
				{ error: unknownKeys('Angabe', ['min', 'max']) },
			)
			.optional(),
		weights: weightsSchema.optional(),
		seed: z.number().int('ganze Zahl erwartet').min(0, 'mindestens 0').max(4294967295, 'höchstens 4294967295').optional(),
		locked: z.record(z.string(), ID).optional(),
		lockedTopics: z.record(z.string(), SLUG).optional(),
		avoidPairs: z.array(z.tuple([ID, ID], { error: 'Paar aus zwei Teilnehmer-IDs erwartet' })).optional(),
		iterations: z.number().int('ganze Zahl erwartet').min(0, 'mindestens 0').max(100_000_000, 'höchstens 100000000').optional(),
		restarts: z.number().int('ganze Zahl erwartet').min(1, 'mindestens 1').max(1000, 'höchstens 1000').optional(),
	},
	{ error: unknownKeys('Option', OPTION_KEYS) },
);

export const matchInputSchema = z
	.strictObject(
		{
			participants: z.array(participantSchema),
			topics: z.array(SLUG).optional(),
			options: optionsSchema.optional(),
		},
		{ error: unknownKeys('Angabe', ['participants', 'topics', 'options']) },
	)
	.superRefine((input, ctx) => {
		for (const problem of inputProblems(input)) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
	});

const TYPE_NAMES: Record<string, string> = {
	string: 'Text',
	number: 'Zahl',
	int: 'ganze Zahl',
	boolean: 'wahr/falsch',
	array: 'Liste',
	object: 'Objekt',
	record: 'Objekt',
	tuple: 'Liste',
};

const describe = (value: unknown) =>
	value === null ? 'null' : Array.isArray(value) ? 'Liste' : (TYPE_NAMES[typeof value] ?? typeof value);

/** German messages for the generic issues the schemas above leave to zod. */
const germanIssues: z.core.$ZodErrorMap = (issue) => {
	switch (issue.code) {
		case 'invalid_type':
			return issue.input === undefined
				? 'fehlt'
				: `${TYPE_NAMES[issue.expected] ?? issue.expected} erwartet, erhalten: ${describe(issue.input)}`;
		case 'too_small':
			return issue.origin === 'array' ? `mindestens ${String(issue.minimum)} Einträge erwartet` : `mindestens ${String(issue.minimum)}`;
		case 'too_big':
			return issue.origin === 'array' ? `höchstens ${String(issue.maximum)} Einträge erlaubt` : `höchstens ${String(issue.maximum)}`;
		case 'unrecognized_keys':
			return `unbekannte Felder: ${issue.keys.join(', ')}`;
		default:
			return 'ungültiger Wert';
	}
};

/** `participants[3].location.lat` */
export function issuePath(path: readonly PropertyKey[]): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else out += out === '' ? String(part) : `.${String(part)}`;
	}
	return out || 'Eingabe';
}

export type ParsedInput = { ok: true; input: MatchInput } | { ok: false; errors: string[] };

/** Validates raw JSON; on failure one German line per problem, each starting with its path. */
export function parseMatchInput(data: unknown): ParsedInput {
	const result = matchInputSchema.safeParse(data, { error: germanIssues });
	if (result.success) return { ok: true, input: result.data };
	// Zod still runs a field's length checks after its type check failed ("höchstens drei Themen"
	// for a string); once the type is wrong, that is the one thing worth saying about the field.
	const wrongType = new Set(result.error.issues.filter((i) => i.code === 'invalid_type').map((i) => issuePath(i.path)));
	const issues = result.error.issues.filter((i) => i.code === 'invalid_type' || !wrongType.has(issuePath(i.path)));
	return { ok: false, errors: issues.map((issue) => `${issuePath(issue.path)}: ${issue.message}`) };
}
