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
