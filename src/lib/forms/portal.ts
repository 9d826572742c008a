/**
 * The member portal's form contracts: what a member may send about themselves, each rule with
 * the German sentence shown next to the field. Pure, so the actions, the island and the tests
 * share them.
 */
import { z } from 'astro/zod';
import { checkbox, line, numberField, optionalLine, optionalPhone, repeatedChoice } from './fields.ts';
import { MAX_INTERESTS } from './application.ts';
import { newPasswordField, ownPasswordField, passwordRepeatField, withMatchingRepeat } from './password-fields.ts';

const topicSlug = z.preprocess(
	(v) => (v === '' ? null : v),
	z.string().regex(/^[a-z0-9-]{2,60}$/, 'Bitte wählen Sie ein Thema aus der Liste.').nullish(),
);

/** Up to three distinct topics, first choice first, filled in from the top. */
export const interestsFormSchema = z
	.strictObject({ interest1: topicSlug, interest2: topicSlug, interest3: topicSlug })
	.superRefine((v, ctx) => {
		if (!v.interest1 && !v.interest2 && !v.interest3) {
			ctx.addIssue({ code: 'custom', path: ['interest1'], message: 'Bitte wählen Sie mindestens ein Thema.' });
			return;
		}
		if ((!v.interest1 && (v.interest2 || v.interest3)) || (!v.interest2 && v.interest3)) {
			ctx.addIssue({ code: 'custom', path: [v.interest1 ? 'interest2' : 'interest1'], message: 'Bitte füllen Sie die Themen der Reihe nach aus, die wichtigste zuerst.' });
		}
		const repeated = repeatedChoice([v.interest1, v.interest2, v.interest3]);
		if (repeated >= 0) {
			ctx.addIssue({ code: 'custom', path: [`interest${repeated + 1}`], message: 'Bitte wählen Sie jedes Thema nur einmal.' });
		}
	});

export type InterestsForm = z.infer<typeof interestsFormSchema>;

/** The ranked slugs of a valid form, first choice first (never more than MAX_INTERESTS). */
export const rankedFromForm = (form: InterestsForm): string[] =>
	[form.interest1, form.interest2, form.interest3].filter((t): t is string => !!t).slice(0, MAX_INTERESTS);

/** Own contact data and what the own focus group may see of it. */
export const profileFormSchema = z.strictObject({
	name: line('Ihren Namen', 3, 100),
	position: optionalLine(100),
	phone: optionalPhone,
	shareEmail: checkbox,
	sharePhone: checkbox,
});

export type ProfileForm = z.infer<typeof profileFormSchema>;

/** The reminder choice on the profile page: two checkboxes, each off when not sent. */
export const reminderChoiceSchema = z.strictObject({
	remindWeek: checkbox,
	remindDay: checkbox,
});

/**
 * The optional consents (OPT_INS), ticked or not; an unticked box withdraws a consent given. The
 * form also sends how each box stood when the page was loaded (`shown…`, 1 or 0): only a box
 * someone changed counts, so a page left open does not undo a change made elsewhere since.
 */
const shownState = z.enum(['0', '1'], { error: 'Bitte laden Sie die Seite neu.' }).optional();
export const consentChoiceSchema = z.strictObject({
	events: checkbox,
	listing: checkbox,
	shownEvents: shownState,
	shownListing: shownState,
});

export const passwordChangeSchema = withMatchingRepeat(
	z.strictObject({
		currentPassword: ownPasswordField('Bitte geben Sie Ihr bisheriges Passwort ein.'),
		password: newPasswordField('Bitte geben Sie ein neues Passwort ein.'),
		passwordRepeat: passwordRepeatField,
	}),
	// The current password comes back empty too, and is where typing starts again.
	{ at: 'currentPassword', retype: 'Bitte geben Sie Ihr bisheriges Passwort und das neue in beide Felder noch einmal ein.' },
);

export const deleteAccountSchema = z.strictObject({
	password: ownPasswordField('Bitte geben Sie zur Bestätigung Ihr Passwort ein.'),
});

/** Session ids are lookup keys (not secrets), shaped like every random id. */
export const sessionIdSchema = z.strictObject({
	sessionId: z.string({ error: 'Diese Anmeldung gibt es nicht (mehr).' }).regex(/^[a-z2-9]{16}$/, 'Diese Anmeldung gibt es nicht (mehr).'),
});

/** A topic for the group's next meeting: what, how important, and about how long. */
export const topicFormSchema = z.strictObject({
	title: line('den Gesprächspunkt', 3, 200),
	priority: z.enum(['1', '2', '3'], { error: 'Bitte wählen Sie, wie wichtig der Gesprächspunkt ist.' }).transform((v) => Number(v) as 1 | 2 | 3),
	minutes: numberField(
		z.coerce
			.number({ error: 'Bitte geben Sie die Minuten als Zahl an.' })
			.int('Bitte geben Sie ganze Minuten an.')
			.min(5, 'Mindestens 5 Minuten.')
			.max(180, 'Höchstens 180 Minuten; einen längeren Gesprächspunkt teilen Sie bitte auf.'),
	),
});
