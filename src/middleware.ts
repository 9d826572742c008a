/**
 * Turns the session cookie into `locals.user` and `locals.authSession`, and answers a signed-in
 * page view from the page cache when nothing changed since it was rendered (page-cache.ts).
 * Authorization happens in each page and action (lib/server/guards.ts).
 */
import { defineMiddleware } from 'astro:middleware';
import { PORTAL_PATHS } from './lib/site.ts';

// Loaded on the first on-demand request, not with this file: prerendering runs this middleware
// for every public page at build time, and importing the database driver there cost about half
// a second of every build (bench/build-scale.ts, "davon Seiten").
// A failed load is not kept: the next request tries again instead of failing for good.
let sessionModules:
	| Promise<
			[
				typeof import('./lib/server/auth-session.ts'),
				typeof import('./lib/server/session-cookie.ts'),
				typeof import('./lib/server/page-cache.ts'),
				typeof import('./lib/server/config.ts'),
			]
	  >
	| undefined;
const loadSessionModules = () =>
	(sessionModules ??= Promise.all([
		import('./lib/server/auth-session.ts'),
		import('./lib/server/session-cookie.ts'),
		import('./lib/server/page-cache.ts'),
		import('./lib/server/config.ts'),
	]).catch(
		(error: unknown) => {
			sessionModules = undefined;
			throw error;
		},
	));

export const onRequest = defineMiddleware(async (ctx, next) => {
	ctx.locals.user = null;
	ctx.locals.authSession = null;
	if (ctx.isPrerendered) return next();

	const [{ validateSessionToken }, { deleteSessionCookie, sessionCookieName, setSessionCookie }, { cachedOrRendered, mayUseCache }, { getConfig }] =
		await loadSessionModules();
	const token = ctx.cookies.get(await sessionCookieName())?.value;
	if (token) {
		// The page asking how long the session has left is not someone using it (pages/portal/sitzung.json.ts).
		const onlyLooking = ctx.url.pathname === PORTAL_PATHS.sessionStatus && !ctx.url.searchParams.has('verlaengern');
		const valid = await validateSessionToken(token, new Date(), { refresh: !onlyLooking });
		if (valid) {
			ctx.locals.user = valid.user;
			ctx.locals.authSession = valid.session;
			// Re-set on every request so the browser's expiry slides with the session's.
			await setSessionCookie(ctx.cookies, token, valid.session);
			if (mayUseCache(ctx) && (await getConfig()).pageCache) return cachedOrRendered(ctx, next, valid.session.id, valid.dataVersion);
		} else {
			await deleteSessionCookie(ctx.cookies);
		}
	}
	return next();
});
