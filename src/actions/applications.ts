/** Applying to join (public) and the office's decisions on applications (coordinators). */
import { ActionError, type ActionAPIContext } from 'astro:actions';
import { defineAction } from './define.ts';
import { z } from 'astro/zod';
import { topicSlugs } from '../lib/content/topic-list.ts';
import { applicationFormSchema, EMAIL_TAKEN_REFUSAL } from '../lib/forms/application.ts';
import { email, line, optionalPhone, optionalText } from '../lib/forms/fields.ts';
import {
	APPLICATION_LIST_LIMIT,
	correctApplicationContact,
	decideApplication,
	discardSuspectedApplications,
	eraseApplication,
	getApplication,
	releaseSuspectedApplication,
	submitApplication,
	type DecideResult,
	type Decision,
} from '../lib/server/applications.ts';
import { publicAction, requireActionRole } from '../lib/server/guards.ts';
import { germanWait } from '../lib/server/rate-limit.ts';
import { clientIp } from '../lib/server/request.ts';

const DECISION_ERRORS: Record<Exclude<DecideResult, { ok: true }>['reason'], string> = {
	'not-found': 'Diese Bewerbung gibt es nicht (mehr).',
	'illegal-transition': 'Über diese Bewerbung ist bereits entschieden; ihr Stand kann so nicht mehr geändert werden.',
	'email-taken': EMAIL_TAKEN_REFUSAL,
	'contact-changed': 'Die Angaben zur Ansprechperson wurden inzwischen berichtigt (vermutlich von einer Kollegin). Bitte laden Sie die Seite neu, prüfen Sie die Angaben und nehmen Sie dann auf.',
	'already-decided': 'Diese Entscheidung ist schon gespeichert, vermutlich durch einen zweiten Klick; es hat sich nichts geändert.',
	'company-gone': 'Das gewählte Unternehmen ist nicht mehr unter diesem Namen erfasst. Bitte laden Sie die Seite neu und wählen Sie noch einmal.',
	'choose-company':
		'Unter diesem Namen ist inzwischen ein Unternehmen erfasst. Bitte laden Sie die Seite neu und wählen Sie, ob die Person für dieses Unternehmen oder mit einem neuen aufgenommen wird.',
};

const decisionInput = z.strictObject({
	id: z.string({ error: 'Unbekannte Bewerbung.' }).regex(/^[a-z2-9]{16}$/, 'Unbekannte Bewerbung.'),
	note: optionalText(2000),
	notifyApplicant: z.boolean().default(false),
});

const CHOOSE_COMPANY = 'Bitte wählen Sie, ob die Person mit einem neuen Unternehmen oder für das schon erfasste aufgenommen wird.';

/**
 * Where the applicant's company is on file already, the office chooses: a new company ('neu'), or
 * the one on file (its id), whose further person the applicant becomes. Without the field (no
 * company on file), a new company.
 */
const acceptInput = decisionInput.extend({
	company: z.string({ error: CHOOSE_COMPANY }).regex(/^(neu|[a-z0-9]{8,32})$/, CHOOSE_COMPANY).optional(),
});

/** A decline cannot be taken back and may mail the applicant: the office ticks that it means it. */
const declineInput = decisionInput.extend({
	confirmed: z.literal('on', { error: 'Bitte bestätigen Sie die Absage; sie lässt sich nicht zurücknehmen.' }),
});

/** Nor can marking an application withdrawn: one mis-click would otherwise end a good application. */
const withdrawInput = decisionInput.extend({
	confirmed: z.literal('on', { error: 'Bitte bestätigen Sie, dass das Unternehmen seine Bewerbung zurückzieht; das lässt sich nicht zurücknehmen.' }),
});

/** A decision as the office's forms send it; `company`, when accepting: the choice sent, if any. */
async function decide(decision: Decision, input: z.infer<typeof decisionInput>, ctx: ActionAPIContext, company?: { join: string | null } | 'unchosen') {
	const user = requireActionRole(ctx, 'coordinator');
	const notifyApplicant = decision === 'decline' && input.notifyApplicant;
	const joinOrganizationId = company === undefined || company === 'unchosen' ? null : company.join;
	const result = await decideApplication(input.id, decision, { actorId: user.id, note: input.note ?? null, notifyApplicant, joinOrganizationId, unchosen: company === 'unchosen' });
	if (!result.ok) {
		throw new ActionError({ code: result.reason === 'not-found' ? 'NOT_FOUND' : 'CONFLICT', message: DECISION_ERRORS[result.reason] });
	}
	return { ...result, applicantNotified: notifyApplicant };
}

export const applications = {
	submit: defineAction({
		accept: 'form',
		input: applicationFormSchema,
		handler: async (input, ctx) => {
			publicAction();
			const result = await submitApplication(input, { ip: await clientIp(ctx) }, topicSlugs());
			if (result.ok) return { received: true };
			if (result.reason === 'throttled') {
				throw new ActionError({
					code: 'TOO_MANY_REQUESTS',
					message: `Von Ihrem Anschluss kamen gerade sehr viele Bewerbungen. Bitte versuchen Sie es ${germanWait(result.retryAfterSeconds)} erneut; Ihre Eingaben bleiben erhalten.`,
				});
			}
			throw new ActionError({
				code: 'BAD_REQUEST',
				message:
					result.reason === 'too-fast'
						? 'Das ging sehr schnell: Bitte prüfen Sie Ihre Angaben und senden Sie das Formular noch einmal ab.'
						: 'Bitte wählen Sie Ihre Themen aus der Liste.',
			});
		},
	}),
	accept: defineAction({
		accept: 'form',
		input: acceptInput,
		// Without the field the page offered no choice: decideApplication refuses if it should have.
		handler: (input, ctx) => decide('accept', input, ctx, input.company === undefined ? 'unchosen' : { join: input.company === 'neu' ? null : input.company }),
	}),
	decline: defineAction({ accept: 'form', input: declineInput, handler: (input, ctx) => decide('decline', input, ctx) }),
	withdraw: defineAction({ accept: 'form', input: withdrawInput, handler: (input, ctx) => decide('withdraw', input, ctx) }),

	/** Before deciding, the office corrects the contact details (a typo, a colleague's address typed in). */
	correctContact: defineAction({
		accept: 'form',
		input: z.strictObject({
			id: decisionInput.shape.id,
			contactName: line('den Namen der Person', 3, 100),
			contactPosition: line('die Funktion im Unternehmen', 2, 100),
			contactEmail: email,
			contactPhone: optionalPhone,
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const { id, ...details } = input;
			const result = await correctApplicationContact(id, { ...details, contactPhone: details.contactPhone ?? null }, user.id);
			if (result.ok) return { changed: result.changed };
			if (result.reason === 'not-found') throw new ActionError({ code: 'NOT_FOUND', message: DECISION_ERRORS['not-found'] });
			throw new ActionError({ code: 'CONFLICT', message: 'Über diese Bewerbung ist inzwischen entschieden; die Angaben zur Ansprechperson lassen sich nicht mehr berichtigen.' });
		},
	}),

	/** The office judged a set-aside application a person's: it waits for a decision like any other. */
	release: defineAction({
		accept: 'form',
		input: z.strictObject({ id: decisionInput.shape.id }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const outcome = await releaseSuspectedApplication(input.id, user.id);
			if (outcome === 'released') return { released: true };
			if (outcome === 'not-found') throw new ActionError({ code: 'NOT_FOUND', message: DECISION_ERRORS['not-found'] });
			throw new ActionError({ code: 'CONFLICT', message: 'Diese Bewerbung ist nicht mehr aussortiert; vermutlich hat sie schon jemand übernommen.' });
		},
	}),

	/** A set-aside application the office judged a bot's: gone at once, without waiting the 30 days. */
	discard: defineAction({
		accept: 'form',
		input: z.strictObject({ id: decisionInput.shape.id }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			if ((await discardSuspectedApplications([input.id], user.id)) === 1) return { discarded: 1 };
			if (!(await getApplication(input.id))) throw new ActionError({ code: 'NOT_FOUND', message: DECISION_ERRORS['not-found'] });
			throw new ActionError({ code: 'CONFLICT', message: 'Diese Bewerbung ist nicht mehr aussortiert; vermutlich hat sie schon jemand übernommen.' });
		},
	}),

	/** Every set-aside application the office had in front of it (a wave of bots), not one that came in since or that a search left out. */
	discardAll: defineAction({
		accept: 'form',
		input: z.strictObject({
			// The list shows at most APPLICATION_LIST_LIMIT; each one shown is sent by id.
			ids: z.array(decisionInput.shape.id, { error: 'Bitte laden Sie die Liste neu.' }).min(1, 'Bitte laden Sie die Liste neu.').max(APPLICATION_LIST_LIMIT),
			confirmed: z.literal('on', { error: 'Bitte bestätigen Sie, dass alle angezeigten aussortierten Bewerbungen verworfen werden sollen.' }),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			return { discarded: await discardSuspectedApplications(input.ids, user.id) };
		},
	}),

	/** At the request of the person it names: gone at once, not six months after a decision. */
	erase: defineAction({
		accept: 'form',
		input: z.strictObject({
			id: decisionInput.shape.id,
			confirmed: z.literal('on', { error: 'Bitte bestätigen Sie das Löschen; es lässt sich nicht zurücknehmen.' }),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			if (!(await eraseApplication(input.id, user.id))) throw new ActionError({ code: 'NOT_FOUND', message: DECISION_ERRORS['not-found'] });
			return { erased: true };
		},
	}),
};
