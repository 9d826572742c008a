/**
 * The own authenticator app, for members and the office alike: set it up (the app's first code
 * proves it has the key), renew its recovery codes and remove it (each with the password). The
 * code step of the login is auth.confirmSecondFactor.
 */
import { ActionError } from 'astro:actions';
import { defineAction } from './define.ts';
import { z } from 'astro/zod';
import { requireSignedInAction } from '../lib/server/guards.ts';
import { enableSecondFactor, offeredKey, removeSecondFactor, renewRecoveryCodes } from '../lib/server/second-factor.ts';
import { confirmPasswordOrRefuse, ownPassword as password } from './refusals.ts';

const STALE_OFFER = 'Der angezeigte Schlüssel fehlt oder ist veraltet. Bitte laden Sie die Seite neu.';

export const secondFactor = {
	enable: defineAction({
		accept: 'form',
		input: z.strictObject({
			// Hidden; missing or too long only when the page was tampered with or is very old.
			offer: z.string({ error: STALE_OFFER }).max(300, STALE_OFFER),
			code: z.string({ error: 'Bitte geben Sie den Code ein, den Ihre App jetzt zeigt.' }).trim().min(1, 'Bitte geben Sie den Code ein, den Ihre App jetzt zeigt.').max(40, 'Der Code hat sechs Ziffern.'),
			password,
		}),
		handler: async (input, ctx) => {
			const user = requireSignedInAction(ctx);
			const key = await offeredKey(user.id, input.offer);
			if (!key) {
				throw new ActionError({ code: 'BAD_REQUEST', message: 'Der angezeigte Schlüssel ist abgelaufen. Bitte fügen Sie den neuen Schlüssel unten in Ihre App ein.' });
			}
			await confirmPasswordOrRefuse(user.id, input.password, ctx, 'second_factor_setup');
			const result = await enableSecondFactor(user.id, key, input.code, ctx.locals.authSession!.id);
			if (result.ok) return { enabled: true, recoveryCodes: result.recoveryCodes };
			if (result.reason === 'already-set-up') {
				throw new ActionError({ code: 'CONFLICT', message: 'Für Ihr Konto ist schon eine App eingerichtet. Um eine andere zu nehmen, entfernen Sie erst die bisherige.' });
			}
			throw new ActionError({
				code: 'BAD_REQUEST',
				message: 'Dieser Code passt nicht zum Schlüssel. Bitte prüfen Sie, ob die App den Eintrag „ThZM-Netzwerkforum“ zeigt, und geben Sie den aktuellen Code ein.',
			});
		},
	}),

	renewRecoveryCodes: defineAction({
		accept: 'form',
		input: z.strictObject({ password }),
		handler: async (input, ctx) => {
			const user = requireSignedInAction(ctx);
			await confirmPasswordOrRefuse(user.id, input.password, ctx, 'recovery_codes');
			const recoveryCodes = await renewRecoveryCodes(user.id);
			if (!recoveryCodes) throw new ActionError({ code: 'CONFLICT', message: 'Ersatzcodes gibt es nur zusammen mit einer eingerichteten App.' });
			return { recoveryCodes };
		},
	}),

	remove: defineAction({
		accept: 'form',
		input: z.strictObject({ password }),
		handler: async (input, ctx) => {
			const user = requireSignedInAction(ctx);
			await confirmPasswordOrRefuse(user.id, input.password, ctx, 'second_factor_removal');
			await removeSecondFactor(user.id, user.id);
			return { removed: true };
		},
	}),
};
