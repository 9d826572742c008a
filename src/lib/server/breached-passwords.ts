/**
 * Whether a new password appears in known data breaches (security checklist A5, ASVS 6.2.12).
 * Asked of a Pwned Passwords range API (Have I Been Pwned's by default) by k-anonymity: only
 * the first five hex digits of the password's SHA-1 leave the server. The service answers with
 * every hash suffix under that prefix, padded with dummy entries so the answer's size tells
 * nothing either, and the match is looked up here.
 *
 * Fails open: a password is never refused because the service could not be asked. When it does
 * not answer in time, the offline checks of password.ts alone decide and the failure is logged.
 */
import { createHash } from 'node:crypto';
import { getConfig } from './config.ts';
import { logEvent } from './security-log.ts';
import { formatCount } from '../site.ts';

/** Setting a password waits this long for the service at most. */
const TIMEOUT_MS = 2000;

export interface BreachCheckOptions {
	/** The range API, ending in `/`; the five-digit prefix is appended. */
	url: string;
	fetcher?: typeof fetch;
	timeoutMs?: number;
}

/** SHA-1 of the password as it is hashed for storing (NFC), upper-case hex as the API writes it. */
const sha1Hex = (password: string) => createHash('sha1').update(password.normalize('NFC'), 'utf8').digest('hex').toUpperCase();

/**
 * How often the password was seen in breaches (0: never), or an Error saying why the service
 * gave no usable answer.
 */
export async function timesBreached(password: string, { url, fetcher = fetch, timeoutMs = TIMEOUT_MS }: BreachCheckOptions): Promise<number | Error> {
	const hash = sha1Hex(password);
	const prefix = hash.slice(0, 5);
	const suffix = hash.slice(5);
	try {
		const response = await fetcher(`${url}${prefix}`, {
			headers: { 'Add-Padding': 'true', 'User-Agent': 'ThZM-Netzwerkforum' },
			signal: AbortSignal.timeout(timeoutMs),
		});
		if (!response.ok) return new Error(`HTTP ${response.status}`);
		// Every line is `<35 hex digits>:<count>`; an answer without one such line (a proxy's error
		// page, a wrong address) is no answer, not a "never seen".
		const entries = (await response.text()).split('\n').map((line) => /^([0-9A-F]{35}):(\d+)$/i.exec(line.trim()));
		if (!entries.some(Boolean)) return new Error('unreadable answer');
		const match = entries.find((entry) => entry?.[1]!.toUpperCase() === suffix);
		return match ? Number(match[2]) : 0;
	} catch (error) {
		return error instanceof Error ? error : new Error(String(error));
	}
}

/** Null when the password is not known from breaches (or the service could not tell), else the German reason. */
export async function breachedPasswordProblem(password: string): Promise<string | null> {
	const { breachedPasswordsUrl } = await getConfig();
	if (!breachedPasswordsUrl) return null;
	const times = await timesBreached(password, { url: breachedPasswordsUrl });
	if (times instanceof Error) {
		logEvent('password.breach_check_unavailable', { reason: times.name === 'TimeoutError' ? 'timeout' : times.message });
		return null;
	}
	if (times === 0) return null;
	return `Dieses Passwort ist aus Datenlecks bekannt (${formatCount(times)}-mal gefunden) und wird deshalb bei Angriffen als eines der ersten ausprobiert. Bitte wählen Sie ein anderes.`;
}
