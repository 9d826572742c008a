/**
 * Sign-in, sign-out, password reset and invitation. Forms post here without JavaScript; every
 * failure is an ActionError with a German message the page shows next to the form.
 */
import { ActionError, type ActionAPIContext } from 'astro:actions';
import { defineAction } from './define.ts';
import { z } from 'astro/zod';
import { login, redeemToken, requestPasswordReset, type SignedIn, type TokenProof } from '../lib/server/accounts.ts';
import { invalidateSession } from '../lib/server/auth-session.ts';
import { publicAction } from '../lib/server/guards.ts';
import { ownPasswordField, passwordFromMailSchema } from '../lib/forms/password-fields.ts';
import { requestContext, safeNextPath } from '../lib/server/request.ts';
import { beginSecondFactor, completeSecondFactor, looksLikeRecoveryCode } from '../lib/server/second-factor.ts';
import {
	deletePendingSecondFactor,
	deleteSessionCookie,
	readPendingSecondFactor,
	setPendingSecondFactor,
	setSessionCookie,
} from '../lib/server/session-cookie.ts';
import { withOutcome } from '../lib/server/form.ts';
import { logEvent } from '../lib/server/security-log.ts';
import { OFFICE_EMAIL, PORTAL_PATHS } from '../lib/site.ts';
import { tooMany } from './refusals.ts';

const email = z
	.string({ error: 'Bitte geben Sie Ihre E-Mail-Adresse ein.' })
	.trim()
	.min(1, 'Bitte geben Sie Ihre E-Mail-Adresse ein.')
	.max(254, 'Diese E-Mail-Adresse ist zu lang.')
	.pipe(z.email({ error: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@firma.de.' }));

/** What the right password of a deactivated account hears instead of a wrong-password message. */
const DEACTIVATED_ACCOUNT = `Ihr Zugang ist derzeit deaktiviert, deshalb ist keine Anmeldung möglich. Bitte wenden Sie sich an die Koordinierungsstelle: ${OFFICE_EMAIL}.`;

const HOME = { member: PORTAL_PATHS.home, coordinator: PORTAL_PATHS.coordination } as const;

/** Where a sign-in goes: `next` if it lies in the person's own area, else their start page. */
const destination = (role: SignedIn['role'], next: string | null) => (next && next.startsWith(HOME[role]) ? next : HOME[role]);

/** The session cookie and the way home, or for someone with an app the way to the code step. */
async function finishSignIn(ctx: ActionAPIContext, result: SignedIn, next: string | null) {
	if ('secondFactorFor' in result) {
		await setPendingSecondFactor(ctx.cookies, await beginSecondFactor(result.secondFactorFor, next));
		return { redirectTo: PORTAL_PATHS.loginCode };
	}
	// A session the browser brought along never survives a sign-in (fixation).
	if (ctx.locals.authSession) await invalidateSession(ctx.locals.authSession.id);
	await setSessionCookie(ctx.cookies, result.token, result.session);
	return { redirectTo: destination(result.role, next) };
}

function tokenAction(kind: 'invitation' | 'password_reset') {
	return defineAction({
		accept: 'form',
		input: passwordFromMailSchema,
		handler: async (input, ctx) => {
			publicAction();
			const proof: TokenProof = input.token ? { linkToken: input.token } : { email: input.email!, code: input.code! };
			const result = await redeemToken(kind, proof, input.password, await requestContext(ctx));
			if (!result.ok) {
				if (result.reason === 'throttled') tooMany(result, 'Zu viele Versuche.');
				if (result.reason === 'weak-password') {
					throw new ActionError({ code: 'BAD_REQUEST', message: result.message });
				}
				if (result.reason === 'used-meanwhile') {
					throw new ActionError({
						code: 'CONFLICT',
						message: 'Ihr Passwort ist schon gespeichert: Das Formular kam zweimal an, und beim ersten Mal hat es geklappt. Bitte melden Sie sich mit diesem Passwort an.',
					});
				}
				throw new ActionError({
					code: 'BAD_REQUEST',
					message:
						kind === 'invitation'
							? 'Diese Einladung ist ungültig, abgelaufen oder wurde schon verwendet. Die Koordinierungsstelle schickt Ihnen gern eine neue.'
							: 'Dieser Link oder Code ist ungültig, abgelaufen oder wurde schon verwendet. Fordern Sie einfach einen neuen an.',
				});
			}
			// A new password from a reset link: the start page says it took, after the app's code too.
			// (An invitation's start page greets instead.)
			return finishSignIn(ctx, result, kind === 'password_reset' ? withOutcome(HOME[result.role], 'passwort-neu') : null);
		},
	});
}

export const auth = {
	login: defineAction({
		accept: 'form',
		input: z.strictObject({
			email: z.string({ error: 'Bitte geben Sie Ihre E-Mail-Adresse ein.' }).trim().min(1, 'Bitte geben Sie Ihre E-Mail-Adresse ein.').max(254, 'Diese E-Mail-Adresse ist zu lang.'),
			password: ownPasswordField('Bitte geben Sie Ihr Passwort ein.'),
			weiter: z.string().max(500).nullish(),
		}),
		handler: async (input, ctx) => {
			publicAction();
			const result = await login(input.email, input.password, await requestContext(ctx));
			if (!result.ok) {
				if (result.reason === 'throttled') tooMany(result, 'Zu viele Anmeldeversuche.');
				if (result.reason === 'deactivated') throw new ActionError({ code: 'FORBIDDEN', message: DEACTIVATED_ACCOUNT });
				throw new ActionError({ code: 'UNAUTHORIZED', message: 'E-Mail-Adresse oder Passwort ist falsch.' });
			}
			return finishSignIn(ctx, result, safeNextPath(input.weiter));
		},
	}),

	/** The code from the app, after the password (the cookie names the waiting sign-in). */
	confirmSecondFactor: defineAction({
		accept: 'form',
		input: z.strictObject({
			code: z.string({ error: 'Bitte geben Sie den Code aus Ihrer App ein.' }).trim().min(1, 'Bitte geben Sie den Code aus Ihrer App ein.').max(40, 'Der Code hat sechs Ziffern, ein Ersatzcode zehn Zeichen.'),
		}),
		handler: async (input, ctx) => {
			publicAction();
			const result = await completeSecondFactor(await readPendingSecondFactor(ctx.cookies), input.code, await requestContext(ctx));
			if (!result.ok) {
				if (result.reason === 'throttled') tooMany(result, 'Zu viele falsche Codes.');
				throw new ActionError({
					code: 'UNAUTHORIZED',
					message:
						result.reason === 'expired'
							? 'Die Anmeldung ist abgelaufen. Bitte melden Sie sich noch einmal mit E-Mail-Adresse und Passwort an.'
							: looksLikeRecoveryCode(input.code)
								? 'Dieser Ersatzcode stimmt nicht oder wurde schon verwendet. Bitte nehmen Sie einen anderen Ihrer Ersatzcodes.'
								: 'Dieser Code stimmt nicht oder wurde schon verwendet. Bitte geben Sie den Code ein, den Ihre App gerade zeigt; ohne Telefon nehmen Sie einen Ihrer Ersatzcodes.',
				});
			}
			await deletePendingSecondFactor(ctx.cookies);
			return finishSignIn(ctx, result, result.next);
		},
	}),

	logout: defineAction({
		accept: 'form',
		handler: async (_input, ctx) => {
			publicAction();
			if (ctx.locals.authSession) {
				await invalidateSession(ctx.locals.authSession.id);
				logEvent('logout', { user: ctx.locals.user?.id });
			}
			await deleteSessionCookie(ctx.cookies);
			// The rest of this request (the page that shows the result) is signed out too.
			ctx.locals.user = null;
			ctx.locals.authSession = null;
			return { redirectTo: `${PORTAL_PATHS.login}?abgemeldet=1` };
		},
	}),

	requestPasswordReset: defineAction({
		accept: 'form',
		input: z.strictObject({ email }),
		handler: async (input, ctx) => {
			publicAction();
			const result = await requestPasswordReset(input.email, await requestContext(ctx));
			if (!result.ok) tooMany(result, 'Zu viele Anfragen.');
			return { sent: true };
		},
	}),

	resetPassword: tokenAction('password_reset'),
	acceptInvitation: tokenAction('invitation'),
};
