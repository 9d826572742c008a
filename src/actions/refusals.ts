/**
 * Server modules refuse what their rules forbid by throwing their own error class with a German
 * message meant for people. Actions pass that message on as an ActionError with a fitting code,
 * so the form shows it next to the input instead of an error page.
 */
import { ActionError, type ActionAPIContext, type ActionErrorCode } from 'astro:actions';
import { confirmOwnPassword, type Throttled } from '../lib/server/accounts.ts';
import { ownPasswordField } from '../lib/forms/password-fields.ts';
import { germanWait, hit, peek } from '../lib/server/rate-limit.ts';
import { requestContext } from '../lib/server/request.ts';

type Refusal = abstract new (...args: never[]) => Error;

export async function answerRefusals<T>(code: ActionErrorCode, refusals: readonly Refusal[], work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (refusals.some((kind) => error instanceof kind)) throw new ActionError({ code, message: (error as Error).message });
		throw error;
	}
}

/** A group that is gone or was never published: the office's forms answer 404 with these words. */
export function groupGone(): never {
	throw new ActionError({ code: 'NOT_FOUND', message: 'Diese Gruppe gibt es nicht (mehr).' });
}

/** A 429 that says what was too much and when to try again. */
export function tooMany(result: Throttled, what: string): never {
	throw new ActionError({
		code: 'TOO_MANY_REQUESTS',
		message: `${what} Bitte versuchen Sie es ${germanWait(result.retryAfterSeconds)} erneut.`,
	});
}

export const TOO_MANY_PASSWORD_TRIES = 'Zu viele falsche Passworteingaben für dieses Konto.';
const WRONG_PASSWORD = 'Das eingegebene Passwort stimmt nicht. Bitte versuchen Sie es noch einmal.';

/**
 * The answer to a failed check of the own password before a grave step (deleting the account,
 * changing how one signs in): too many tries, or simply the wrong password.
 */
export function refuseWrongPassword(check: Throttled | { ok: false; reason: 'wrong-password' }): never {
	if (check.reason === 'throttled') tooMany(check, TOO_MANY_PASSWORD_TRIES);
	throw new ActionError({ code: 'BAD_REQUEST', message: WRONG_PASSWORD });
}

/**
 * A field for the own password, typed to confirm a step (not a new password: no rules beyond length).
 * Astro reads an empty form field as null, so a missing value needs the same German message as an empty one.
 */
export const ownPassword = ownPasswordField('Bitte geben Sie Ihr Passwort ein.');

/** Grave steps take the password too: a session left open is not enough. Refuses a wrong one. */
export async function confirmPasswordOrRefuse(userId: string, given: string, ctx: ActionAPIContext, purpose: Parameters<typeof confirmOwnPassword>[3]): Promise<void> {
	const check = await confirmOwnPassword(userId, given, await requestContext(ctx), purpose);
	if (!check.ok) refuseWrongPassword(check);
}

/**
 * Mail the office sends on purpose, within the coordinator's limit (`officeMail`): refused with
 * a 429 once it is used up; counted only when `sent` says the work really sent something, so a
 * refusal (unknown person, a message sent already) costs nothing.
 */
export async function withinOfficeMailLimit<T>(userId: string, work: () => Promise<T>, sent: (result: T) => boolean = () => true): Promise<T> {
	const state = await peek('officeMail', userId);
	if (state.limited) tooMany({ ok: false, reason: 'throttled', retryAfterSeconds: state.retryAfterSeconds }, 'Von Ihrem Konto sind in kurzer Zeit sehr viele E-Mails verschickt worden.');
	const result = await work();
	if (sent(result)) await hit('officeMail', userId);
	return result;
}
