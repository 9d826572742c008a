/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/, and over https `Secure` with the
 * `__Host-` prefix (no Domain, so no subdomain can set or read it). Plain-http localhost gets
 * the same cookie without `Secure`, which browsers would otherwise drop.
 */
import type { AstroCookies } from 'astro';
import type { AuthSession } from './auth-session.ts';
import { getConfig } from './config.ts';


export async function sessionCookieName(): Promise<string> {
	return (await getConfig()).secureCookies ? '__Host-session' : 'session';
}

export async function setSessionCookie(cookies: AstroCookies, token: string, session: AuthSession, now = new Date()) {
	const { secureCookies } = await getConfig();
	cookies.set(await sessionCookieName(), token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: secureCookies,
		path: '/',
		maxAge: Math.max(0, Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000)),
	});
}

export async function deleteSessionCookie(cookies: AstroCookies) {
	const { secureCookies } = await getConfig();
	cookies.delete(await sessionCookieName(), { httpOnly: true, sameSite: 'lax', secure: secureCookies, path: '/' });
}

// ── between password and code ────────────────────────────────────────────────────────────

/** Time to type the code from the app after the password was right. */
export const CHALLENGE_SECONDS = 5 * 60;

async function pendingCookie() {
	const { secureCookies } = await getConfig();
	const name = secureCookies ? '__Host-anmeldung' : 'anmeldung';
	return { name, options: { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path: '/' } };
}

/** The challenge of a sign-in that waits for the code (second-factor.ts), for five minutes. */
export async function setPendingSecondFactor(cookies: AstroCookies, challengeToken: string) {
	const { name, options } = await pendingCookie();
	cookies.set(name, challengeToken, { ...options, maxAge: CHALLENGE_SECONDS });
}

export async function readPendingSecondFactor(cookies: AstroCookies): Promise<string | undefined> {
	return cookies.get((await pendingCookie()).name)?.value;
}

export async function deletePendingSecondFactor(cookies: AstroCookies) {
	const { name, options } = await pendingCookie();
	cookies.delete(name, options);
}
