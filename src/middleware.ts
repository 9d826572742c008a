/**
 * Turns the session cookie into `locals.user` and `locals.authSession`; nothing else.
 * Authorization happens in each page and action (lib/server/guards.ts).
 */
import { defineMiddleware } from 'astro:middleware';
import { validateSessionToken } from './lib/server/auth-session.ts';
import { deleteSessionCookie, sessionCookieName, setSessionCookie } from './lib/server/session-cookie.ts';

export const onRequest = defineMiddleware(async (ctx, next) => {
	ctx.locals.user = null;
	ctx.locals.authSession = null;
	if (ctx.isPrerendered) return next();

	const token = ctx.cookies.get(await sessionCookieName())?.value;
	if (token) {
		const valid = await validateSessionToken(token);
		if (valid) {
			ctx.locals.user = valid.user;
			ctx.locals.authSession = valid.session;
			// Re-set on every request so the browser's expiry slides with the session's.
			await setSessionCookie(ctx.cookies, token, valid.session);
		} else {
			await deleteSessionCookie(ctx.cookies);
		}
	}
	return next();
});
