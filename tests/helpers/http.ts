/** Plain HTTP helpers for e2e tests that do not need a browser. */

export const DEMO_PASSWORD = 'Demo-Passwort-2026';
export const DEMO_COORDINATOR = 'koordination@example.org';
export const demoMember = (n: number) => `mitglied${n}@example.org`;

export interface FormResponse {
	status: number;
	location: string | null;
	setCookie: string[];
	body: string;
}

/** POSTs a form the way a browser does: same-origin `Origin`, urlencoded, no redirects followed. */
export async function postForm(
	baseURL: string,
	path: string,
	/** Name → value, or pairs where a name repeats (checkboxes). */
	fields: Record<string, string> | [string, string][],
	options: { cookie?: string; origin?: string | null; contentType?: string } = {},
): Promise<FormResponse> {
	const headers: Record<string, string> = { 'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded' };
	if (options.origin !== null) headers.Origin = options.origin ?? baseURL;
	if (options.cookie) headers.Cookie = options.cookie;
	const response = await fetch(baseURL + path, {
		method: 'POST',
		headers,
		body: new URLSearchParams(fields).toString(),
		redirect: 'manual',
	});
	return {
		status: response.status,
		location: response.headers.get('location'),
		setCookie: response.headers.getSetCookie(),
		body: await response.text(),
	};
}

/** The `name=value` pair of the session cookie from Set-Cookie headers, if one was set. */
export function sessionCookieFrom(setCookie: string[]): string | null {
	const cookie = setCookie.find((c) => /^(__Host-)?session=[^;]+/.test(c));
	return cookie ? cookie.split(';')[0]! : null;
}

export async function login(baseURL: string, email: string, password = DEMO_PASSWORD): Promise<string> {
	const response = await postForm(baseURL, '/portal/anmelden/?_action=auth.login', { email, password });
	const cookie = sessionCookieFrom(response.setCookie);
	if (response.status !== 303 || !cookie) throw new Error(`Anmeldung ${email} fehlgeschlagen: ${response.status}`);
	return cookie;
}

/**
 * Plans a group's meetings as the office does: a preview first (the page's form), then the plan
 * with that preview's fingerprint, since the action stores nothing nobody has looked at.
 */
export async function planMeetings(baseURL: string, cookie: string, groupId: string, fields: Record<string, string>): Promise<FormResponse> {
	const page = await postForm(baseURL, `/koordination/gruppen/${groupId}/?_action=meetings.plan`, { ...fields, groupId, preview: '1' }, { cookie });
	const previewed = /name="previewed" value="([^"]+)"/.exec(page.body)?.[1];
	if (!previewed) throw new Error(`Keine Vorschau für Gruppe ${groupId}: HTTP ${page.status}`);
	return postForm(baseURL, '/_actions/meetings.plan/', { ...fields, groupId, previewed }, { cookie });
}

export async function get(baseURL: string, path: string, cookie?: string) {
	return fetch(baseURL + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
}
