/**
 * The session cookie and the cookie of a sign-in waiting for its code: HttpOnly,
 * SameSite=Lax, Path=/, and over https `Secure` with the `__Host-` prefix (no Domain, so no
 * subdomain can set or read them). Plain-http localhost gets the same cookies without `Secure`,
 * which browsers would otherwise drop.
 */
import type { AstroCookies } from 'astro';
import type { AuthSession } from './auth-session.ts';
import { getConfig } from './config.ts';

/** Name and flags of one of our cookies, as the site is served. */
async function ownCookie(name: string) {
	const { secureCookies } = await getConfig();
	return {
		name: secureCookies ? `__Host-${name}` : name,
		options: { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path: '/' },
	};
}

export async function sessionCookieName(): Promise<string> {
	return (await ownCookie('session')).name;
}

export async function setSessionCookie(cookies: AstroCookies, token: string, session: AuthSession, now = new Date()) {
	const { name, options } = await ownCookie('session');
	cookies.set(name, token, { ...options, maxAge: Math.max(0, Math.floor((session.expiresAt.getTime() - now.getTime()) / 1000)) });
}

export async function deleteSessionCookie(cookies: AstroCookies) {
	const { name, options } = await ownCookie('session');
	cookies.delete(name, options);
}

// ── between password and code ────────────────────────────────────────────────────────────

/** Time to type the code from the app after the password was right. */
export const CHALLENGE_SECONDS = 5 * 60;

/** The challenge of a sign-in that waits for the code (second-factor.ts), for five minutes. */
export async function setPendingSecondFactor(cookies: AstroCookies, challengeToken: string) {
	const { name, options } = await ownCookie('anmeldung');
	cookies.set(name, challengeToken, { ...options, maxAge: CHALLENGE_SECONDS });
}

export async function readPendingSecondFactor(cookies: AstroCookies): Promise<string | undefined> {
	return cookies.get((await ownCookie('anmeldung')).name)?.value;
}

export async function deletePendingSecondFactor(cookies: AstroCookies) {
	const { name, options } = await ownCookie('anmeldung');
	cookies.delete(name, options);
}
