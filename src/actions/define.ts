/**
 * Astro's defineAction with one change: an unexpected failure (a bug, a database error) reaches
 * the person as a German sentence with a reference to quote, and the log gets the reference
 * with the error's message. Left to Astro, the raw message would go into the page and into the
 * JSON answer, and it may name tables, constraints or files. Refusals (ActionError) pass
 * unchanged. Every action file defines its actions with this one.
 */
import { ActionError, defineAction as astroDefineAction, type ActionAPIContext } from 'astro:actions';
import '../lib/forms/german-defaults.ts';
import { logFailure } from '../lib/server/security-log.ts';

type Handler = (input: never, context: ActionAPIContext) => unknown;

function withFailuresHidden<H extends Handler>(handler: H): H {
	return (async (input: never, context: ActionAPIContext) => {
		try {
			return await handler(input, context);
		} catch (error) {
			if (error instanceof ActionError) throw error;
			const reference = logFailure(error, { path: context.url.pathname });
			throw new ActionError({
				code: 'INTERNAL_SERVER_ERROR',
				message: `Das hat nicht geklappt, der Fehler liegt bei uns. Bitte versuchen Sie es noch einmal; bleibt der Fehler, nennen Sie der Koordinierungsstelle diese Kennung: ${reference}`,
			});
		}
	}) as H;
}

export const defineAction: typeof astroDefineAction = (config) => astroDefineAction({ ...config, handler: withFailuresHidden(config.handler) });
