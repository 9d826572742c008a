/**
 * Server modules refuse what their rules forbid by throwing their own error class with a German
 * message meant for people. Actions pass that message on as an ActionError with a fitting code,
 * so the form shows it next to the input instead of an error page.
 */
import { ActionError, type ActionErrorCode } from 'astro:actions';

type Refusal = abstract new (...args: never[]) => Error;

export async function answerRefusals<T>(code: ActionErrorCode, refusals: readonly Refusal[], work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (refusals.some((kind) => error instanceof kind)) throw new ActionError({ code, message: (error as Error).message });
		throw error;
	}
}
