/** What a form shows when its action refused: the field messages of an input error, else the message. */
import { isInputError, type ActionError } from 'astro:actions';

export function refusalText(error: ActionError | undefined | null): string | null {
	if (!error) return null;
	return isInputError(error) ? Object.values(error.fields).flat().join(' ') : error.message;
}
