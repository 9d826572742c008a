/** Helpers for pages that render a form posted to an action without JavaScript. */

/** Field names whose values are never echoed back into a page. */
const NEVER_REFILLED = /pass|token|zusatzangabe/i;

/**
 * What the visitor submitted, so a form shown again after an error keeps every entry.
 * Astro's action handler reads a clone of the request, so the body is still available here. This reads a
 * clone too: @astrojs/react clones the request again when it renders an island (React form state), and
 * a request whose body was consumed can no longer be cloned.
 */
export async function submittedValues(request: Request): Promise<Record<string, string>> {
	if (request.method !== 'POST') return {};
	try {
		const form = await request.clone().formData();
		const values: Record<string, string> = {};
		for (const [name, value] of form) {
			if (typeof value === 'string' && !NEVER_REFILLED.test(name)) values[name] = value;
		}
		return values;
	} catch {
		return {};
	}
}

/** Every value of a repeated field (checkboxes of one name) as the refused form sent them. */
export async function submittedList(request: Request, name: string): Promise<string[]> {
	if (request.method !== 'POST') return [];
	try {
		return (await request.clone().formData()).getAll(name).filter((value) => typeof value === 'string');
	} catch {
		return [];
	}
}

/** The query parameter that names what a form just did. */
const OUTCOME_PARAMETER = 'erledigt';
const MAX_OUTCOME_LENGTH = 64;

/**
 * Post/Redirect/Get for a page's forms. A form that went through is answered with a 303 to the
 * page itself and `?erledigt=<outcome>`, so reloading shows the page again instead of sending
 * the form a second time (a second reply, a second mail). Pass one entry per action of the
 * page, as `result?.data && 'outcome'`: the first outcome given wins, and without one this
 * returns null, because a refused form is rendered directly with everything that was entered.
 * Counts go at the end of an outcome, after hyphens ("geplant-3"), and reach the message.
 */
export function redirectAfterSuccess(url: URL, ...outcomes: (string | false | null | undefined)[]): Response | null {
	const outcome = outcomes.find((o): o is string => typeof o === 'string' && o !== '');
	if (!outcome) return null;
	// The page's own query (a list's search and view, say) stays; the action and an older outcome go.
	const query = new URLSearchParams(url.searchParams);
	query.delete('_action');
	query.delete(OUTCOME_PARAMETER);
	query.append(OUTCOME_PARAMETER, outcome);
	// One leading slash only: "//host/…" would send the browser to another site. A fragment the
	// page set (where its message stands) goes along; a browser's own never reaches the server.
	const location = `${url.pathname.replace(/^\/+/, '/')}?${query}${url.hash}`;
	return new Response(null, { status: 303, headers: { location } });
}

/** A page's success message for an outcome, or a function of the outcome's counts. */
export type OutcomeMessage = string | ((...counts: number[]) => string);

/** After a new password from a reset link, the start page says it took (the link signs the person in). */
export const PASSWORD_RENEWED = { 'passwort-neu': 'Ihr neues Passwort gilt. Wo Sie sonst noch angemeldet waren, sind Sie jetzt abgemeldet.' } as const;

/** A path of our own with an outcome for its page to announce (a redirect that is no form's own answer). */
export const withOutcome = (path: string, outcome: string) => `${path}?${new URLSearchParams({ [OUTCOME_PARAMETER]: outcome })}`;

/**
 * The success message for the outcome in the page's address, or null when there is none.
 * An outcome the page does not know, or with the wrong number of counts (a hand-edited
 * address), shows nothing rather than a garbled sentence.
 */
export function outcomeMessage(url: URL, messages: Record<string, OutcomeMessage>): string | null {
	const outcome = url.searchParams.get(OUTCOME_PARAMETER) ?? '';
	// Our outcomes are short; a long one was typed by hand (and would make the pattern below work hard).
	if (outcome.length > MAX_OUTCOME_LENGTH) return null;
	const [, name = '', suffix = ''] = /^(.*?)((?:-\d{1,9})*)$/.exec(outcome) ?? [];
	const message = Object.hasOwn(messages, name) ? messages[name] : undefined;
	const counts = suffix.split('-').slice(1).map(Number);
	if (typeof message === 'string') return counts.length === 0 ? message : null;
	return message && message.length === counts.length ? message(...counts) : null;
}
