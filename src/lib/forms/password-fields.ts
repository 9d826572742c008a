/**
 * Password fields. A password someone already has is only required and bounded. A new one is
 * checked for its length (characters as people count them) and a repeat that matches; the
 * server's policy (passwordProblem in server/password.ts) checks the same length and then what
 * only it can (common passwords, the forum's and the person's names). The forms check the length
 * themselves so that a short password and a mismatched repeat are named together, not one per
 * attempt.
 */
import { z } from 'astro/zod';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
/**
 * The most UTF-16 units a form accepts. A character takes at most 2; the rest is room for
 * decomposed input (a letter and its accents) that NFC composes into one. Longer input is never hashed.
 */
export const PASSWORD_INPUT_MAX = PASSWORD_MAX_LENGTH * 4;

/** Counts characters as people see them (code points, one normal form), not UTF-16 units. */
const passwordLength = (password: string) => [...password.normalize('NFC')].length;

/** Null when the length is right, else the German sentence (with the count, which people cannot see behind the dots). */
export function passwordLengthProblem(password: string): string | null {
	const length = passwordLength(password);
	if (length < PASSWORD_MIN_LENGTH) return `Das Passwort muss mindestens ${PASSWORD_MIN_LENGTH} Zeichen lang sein (jetzt: ${length}).`;
	if (length > PASSWORD_MAX_LENGTH) return `Das Passwort darf höchstens ${PASSWORD_MAX_LENGTH} Zeichen lang sein.`;
	return null;
}

/** The field for a password someone has (to sign in or to confirm a step); `missing` is the sentence for an empty one. */
export const ownPasswordField = (missing: string) =>
	z.string({ error: missing }).min(1, missing).max(PASSWORD_INPUT_MAX, 'Das Passwort ist zu lang.');

/** The field for a new password; `missing` is the sentence for an empty one. */
export const newPasswordField = (missing: string) =>
	z
		.string({ error: missing })
		// An empty field gets only "please enter", not also "at least 12 (now: 0)".
		.min(1, { error: missing, abort: true })
		.max(PASSWORD_INPUT_MAX, { error: `Das Passwort darf höchstens ${PASSWORD_MAX_LENGTH} Zeichen lang sein.`, abort: true })
		.superRefine((password, ctx) => {
			const problem = passwordLengthProblem(password);
			if (problem) ctx.addIssue({ code: 'custom', message: problem });
		});

/** The repeat of a new password; its mismatch is checked on the whole form (withMatchingRepeat). */
export const passwordRepeatField = z
	.string()
	.max(PASSWORD_INPUT_MAX, { error: `Das Passwort darf höchstens ${PASSWORD_MAX_LENGTH} Zeichen lang sein.` })
	.nullish();

/**
 * A form's fields as far as they were read, for a check that runs although another field failed:
 * Astro sends an empty field as null, whose type error would stop every check on the whole form.
 */
export const fieldsRead = (payload: { value: unknown }) => (typeof payload.value === 'object' && payload.value !== null ? (payload.value as Record<string, unknown>) : null);

/**
 * A form with a new password and its repeat, refusing a mismatch whatever else is missing. The
 * message stands at the form's first password field (`at`): a refused form comes back with every
 * password field empty, and its focus then lands where typing starts again, not on the repeat.
 */
export const withMatchingRepeat = <Form extends z.ZodType<{ password: string; passwordRepeat?: string | null | undefined }>>(
	form: Form,
	{ at = 'password', retype = 'Bitte geben Sie das neue Passwort in beide Felder noch einmal ein.' }: { at?: string; retype?: string } = {},
): Form =>
	form.refine((values) => values.password === values.passwordRepeat, {
		path: [at],
		error: `Die beiden Eingaben des neuen Passworts stimmen nicht überein. ${retype}`,
		when: (payload) => typeof fieldsRead(payload)?.password === 'string',
	});

/**
 * Setting a password from an invitation or reset mail: the link's token, or, when a mail program
 * broke the link, the address and the code from the same mail.
 */
export const passwordFromMailSchema = withMatchingRepeat(
	z.strictObject({
		token: z.string().max(200).nullish(),
		email: z
			.string()
			.trim()
			.max(254, 'Diese E-Mail-Adresse ist zu lang.')
			.pipe(z.email({ error: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@firma.de.' }))
			.nullish(),
		code: z.string().max(40).nullish(),
		password: newPasswordField('Bitte geben Sie ein Passwort ein.'),
		passwordRepeat: passwordRepeatField,
	}),
).refine((v) => !!v.token || (!!v.email && !!v.code), {
	path: ['code'],
	error: 'Bitte geben Sie Ihre E-Mail-Adresse und den Code aus der E-Mail ein.',
	when: (payload) => fieldsRead(payload) !== null,
});
