/**
 * The member's own portal: interests, contact data, password, sessions and the own account
 * (members only). Every action acts on the signed-in member alone: ids of other people are
 * never taken from the input.
 */
import { ActionError } from 'astro:actions';
import { defineAction } from './define.ts';
import { topicSlugs } from '../lib/content/topic-list.ts';
import { consentChoiceSchema, deleteAccountSchema, interestsFormSchema, passwordChangeSchema, profileFormSchema, rankedFromForm, reminderChoiceSchema, sessionIdSchema } from '../lib/forms/portal.ts';
import { changePassword, setReminderChoice, updateProfile } from '../lib/server/accounts.ts';
import { endOwnSession, invalidateUserSessions } from '../lib/server/auth-session.ts';
import { requireActionRole, requireSignedInAction } from '../lib/server/guards.ts';
import { setConsents, shownChoice } from '../lib/server/consents.ts';
import { changeInterests } from '../lib/server/interests.ts';
import { deleteOwnAccount } from '../lib/server/personal-data.ts';
import { requestContext } from '../lib/server/request.ts';
import { logEvent } from '../lib/server/security-log.ts';
import { deleteSessionCookie } from '../lib/server/session-cookie.ts';
import { PORTAL_PATHS } from '../lib/site.ts';
import { refuseWrongPassword, TOO_MANY_PASSWORD_TRIES, tooMany } from './refusals.ts';

/** The session making the request; a signed-in user always has one. */
function currentSessionId(ctx: { locals: App.Locals }): string {
	const session = ctx.locals.authSession;
	if (!session) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Bitte melden Sie sich an.' });
	return session.id;
}

export const portal = {
	saveInterests: defineAction({
		accept: 'form',
		input: interestsFormSchema,
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'member');
			const result = await changeInterests(user.id, rankedFromForm(input), topicSlugs());
			if (!result.ok) throw new ActionError({ code: 'BAD_REQUEST', message: 'Bitte wählen Sie Ihre Themen aus der Liste.' });
			return { saved: true };
		},
	}),

	updateProfile: defineAction({
		accept: 'form',
		input: profileFormSchema,
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'member');
			await updateProfile(user.id, {
				name: input.name,
				position: input.position ?? null,
				phone: input.phone ?? null,
				shareEmail: input.shareEmail,
				sharePhone: input.sharePhone,
			});
			return { saved: true };
		},
	}),

	saveReminders: defineAction({
		accept: 'form',
		input: reminderChoiceSchema,
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'member');
			await setReminderChoice(user.id, { weekBefore: input.remindWeek, dayBefore: input.remindDay });
			return { saved: true };
		},
	}),

	/** Given or withdrawn as easily as on the application form (GDPR Art. 7(3)). */
	saveConsents: defineAction({
		accept: 'form',
		input: consentChoiceSchema,
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'member');
			const choice = { events: input.events, listing: input.listing };
			return { changed: (await setConsents(user.id, choice, { via: 'portal' }, new Date(), shownChoice(input))).length };
		},
	}),

	changePassword: defineAction({
		accept: 'form',
		input: passwordChangeSchema,
		handler: async (input, ctx) => {
			const user = requireSignedInAction(ctx);
			const result = await changePassword(user.id, currentSessionId(ctx), input.currentPassword, input.password, await requestContext(ctx));
			if (result.ok) return { changed: true, endedSessions: result.endedSessions };
			if (result.reason === 'throttled') tooMany(result, TOO_MANY_PASSWORD_TRIES);
			const message = {
				// Password fields never come back filled in: say that all three are to be typed again.
				'wrong-password': 'Ihr bisheriges Passwort stimmt nicht. Bitte geben Sie es noch einmal ein und das neue Passwort wieder zweimal.',
				'same-password': 'Das neue Passwort ist Ihr bisheriges. Bitte wählen Sie ein anderes.',
				'weak-password': result.reason === 'weak-password' ? result.message : '',
			}[result.reason];
			throw new ActionError({ code: 'BAD_REQUEST', message });
		},
	}),

	endSession: defineAction({
		accept: 'form',
		input: sessionIdSchema,
		handler: async (input, ctx) => {
			const user = requireSignedInAction(ctx);
			if (input.sessionId === currentSessionId(ctx)) {
				throw new ActionError({ code: 'BAD_REQUEST', message: 'Das ist die Anmeldung, mit der Sie gerade hier sind. Um sie zu beenden, melden Sie sich ab.' });
			}
			if (!(await endOwnSession(user.id, input.sessionId))) {
				throw new ActionError({ code: 'NOT_FOUND', message: 'Diese Anmeldung gibt es nicht (mehr).' });
			}
			logEvent('sessions.ended', { user: user.id, count: 1 });
			return { ended: 1 };
		},
	}),

	endOtherSessions: defineAction({
		accept: 'form',
		handler: async (_input, ctx) => {
			const user = requireSignedInAction(ctx);
			const ended = await invalidateUserSessions(user.id, currentSessionId(ctx));
			logEvent('sessions.ended', { user: user.id, count: ended });
			return { ended };
		},
	}),

	deleteAccount: defineAction({
		accept: 'form',
		input: deleteAccountSchema,
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'member');
			const result = await deleteOwnAccount(user.id, input.password, await requestContext(ctx));
			if (!result.ok) refuseWrongPassword(result);
			await deleteSessionCookie(ctx.cookies);
			// The rest of this request (the page that shows the result) is signed out too.
			ctx.locals.user = null;
			ctx.locals.authSession = null;
			return { redirectTo: `${PORTAL_PATHS.login}?geloescht=1` };
		},
	}),
};
