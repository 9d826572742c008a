/**
 * Structured logs, one JSON object per line on stdout: security events (logins, resets,
 * denied access) and mail. Never a password, token, code or link: callers pass ids and
 * addresses only, and `logEvent` refuses fields whose names suggest a secret.
 */
import { randomId } from './random.ts';

const FORBIDDEN_FIELDS = /pass|token|secret|code|link|hash|cookie/i;

export type EventName =
	| 'login.success'
	| 'login.failure'
	| 'login.throttled'
	| 'login.second_factor_asked'
	| 'login.second_factor_failure'
	| 'second_factor.enabled'
	| 'second_factor.removed'
	| 'second_factor.recovery_codes_renewed'
	| 'logout'
	| 'password.reset_requested'
	| 'password.reset'
	| 'password.changed'
	| 'password.check_failed'
	| 'password.breach_check_unavailable'
	| 'sessions.ended'
	| 'account.deleted'
	| 'account.email_changed'
	| 'invitation.issued'
	| 'coordinator.invited'
	| 'coordinator.revoked'
	| 'coordinator.restored'
	| 'invitation.accepted'
	| 'token.rejected'
	| 'access.denied'
	| 'csrf.rejected'
	| 'application.set_aside_full'
	| 'mail.sent'
	| 'mail.failed'
	| 'error';

export function logEvent(event: EventName, details: Record<string, string | number | boolean | null | undefined> = {}): void {
	const safe: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(details)) {
		if (FORBIDDEN_FIELDS.test(key)) throw new Error(`logEvent: field "${key}" must never be logged`);
		if (value !== undefined) safe[key] = value;
	}
	console.log(JSON.stringify({ time: new Date().toISOString(), event, ...safe }));
}

/**
 * Logs an unexpected failure under a new reference and returns the reference, for the person
 * to quote: they see the reference, never the message (it may name tables or files).
 */
export function logFailure(error: unknown, details: Record<string, string | undefined> = {}): string {
	const reference = randomId().slice(0, 10).toUpperCase();
	logEvent('error', { ref: reference, ...details, message: failureMessage(error) });
	return reference;
}

/**
 * What went wrong, for the log. A failed database query (drizzle's DrizzleQueryError) carries its
 * values in its message, and those are e-mail addresses, names or hashes: it is logged as its
 * cause (SQLite's own message) and the statement without them.
 */
function failureMessage(error: unknown): string {
	if (!(error instanceof Error)) return String(error);
	const query = (error as { query?: unknown }).query;
	if (typeof query === 'string' && 'params' in error) {
		const cause = error.cause instanceof Error ? error.cause.message : 'Datenbankfehler';
		return `${cause} (Abfrage: ${query})`;
	}
	return error.message;
}

/**
 * Addresses with a secret in them, made safe for a log: the token of an invitation or reset
 * link, the private calendar address. The Node adapter logs the address of a page that failed
 * to render, as it was requested; scripts/serve.ts passes all output through this.
 */
export function withoutAddressSecrets(text: string): string {
	return text.replace(/([?&]token=)[^&\s"'<>]+/g, '$1[entfernt]').replace(/(\/kalender\/)[^/\s"'<>?]+(\.ics)/g, '$1[entfernt]$2');
}
