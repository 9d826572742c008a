/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/, and over https `Secure` with the
 * `__Host-` prefix (no Domain, so no subdomain can set or read it). Plain-http localhost gets
 * the same cookie without `Secure`, which browsers would otherwise drop.
 */
import type { AstroCookies } from 'astro';
import { sign, verifySigned } from './app-secret.ts';
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
const PENDING_SECONDS = 5 * 60;

async function pendingCookie() {
	const { secureCookies } = await getConfig();
	const name = secureCookies ? '__Host-anmeldung' : 'anmeldung';
	return { name, options: { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies, path: '/' } };
}

/**
 * Remembers for five minutes that `userId` gave the right password, signed with the server's
 * secret: no session exists yet, and the browser cannot change whom the code will sign in.
 */
export async function setPendingSecondFactor(cookies: AstroCookies, userId: string, next: string | null, now = new Date()) {
	const { name, options } = await pendingCookie();
	const payload = JSON.stringify({ userId, next, expires: now.getTime() + PENDING_SECONDS * 1000 });
	cookies.set(name, await sign('second-factor-pending', payload), { ...options, maxAge: PENDING_SECONDS });
}

/** Whom the code step is for, or null when there is no such cookie, it was forged, or it is too old. */
export async function readPendingSecondFactor(cookies: AstroCookies, now = new Date()): Promise<{ userId: string; next: string | null } | null> {
	const { name } = await pendingCookie();
	const signed = cookies.get(name)?.value;
	const payload = signed ? await verifySigned('second-factor-pending', signed) : null;
	if (!payload) return null;
	const { userId, next, expires } = JSON.parse(payload) as { userId: string; next: string | null; expires: number };
	return expires > now.getTime() ? { userId, next } : null;
}

export async function deletePendingSecondFactor(cookies: AstroCookies) {
	const { name, options } = await pendingCookie();
	cookies.delete(name, options);
}
