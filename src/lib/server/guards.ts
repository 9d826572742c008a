/**
 * Authorization. Default deny: every on-demand page and every action calls one of these
 * itself (the authorization matrix test checks that each route does). Roles and deactivation
 * come from the database on every request (middleware), never from the cookie.
 */
import type { APIContext } from 'astro';
import { ActionError } from 'astro:actions';
import type { Role, SessionUser } from './auth-session.ts';
import { logEvent } from './security-log.ts';
import { PORTAL_PATHS } from '../site.ts';

type Context = Pick<APIContext, 'locals' | 'url' | 'redirect'>;

const HOME_OF: Record<Role, string> = { member: PORTAL_PATHS.home, coordinator: PORTAL_PATHS.coordination };

/** A 404 with an empty body makes Astro render the site's 404 page. */
export const notFound = () => new Response(null, { status: 404 });

/**
 * For the office's pages of one record that is not there: the office's own "not found" (404, in
 * the office layout, src/pages/koordination/[...unbekannt].astro), after the page's own guard.
 */
export const officeNotFound = (ctx: { rewrite: (path: string) => Promise<Response> }) => ctx.rewrite('/koordination/nicht-gefunden/');

function loginRedirect(ctx: Context): Response {
	const login = new URL(PORTAL_PATHS.login, ctx.url);
	login.searchParams.set('weiter', ctx.url.pathname + ctx.url.search);
	return ctx.redirect(login.pathname + login.search, 302);
}

/** Only the setup page and its action serve a coordinator who must set up an app first. */
export type SecondFactorSetup = { duringSecondFactorSetup?: boolean };

/**
 * For pages: the signed-in user with `role`, or the Response to return instead: the login
 * page for visitors, the own start page for the other role's pages. A member never learns
 * that a coordinator page exists (404). A coordinator who must set up an authenticator app
 * (configuration) is sent to do so before any other office page.
 */
export function requireRole(ctx: Context, role: Role, options: SecondFactorSetup = {}): SessionUser | Response {
	const user = ctx.locals.user;
	if (!user) return loginRedirect(ctx);
	if (user.role === role && user.mustSetUpSecondFactor && !options.duringSecondFactorSetup) {
		return ctx.redirect(PORTAL_PATHS.officeAccount, 302);
	}
	if (user.role === role) return user;
	logEvent('access.denied', { user: user.id, path: ctx.url.pathname });
	return user.role === 'coordinator' ? ctx.redirect(HOME_OF.coordinator, 302) : notFound();
}

/** For pages open to everyone (login, password reset). Signed-in users go to their start page. */
export function allowAnonymous(ctx: Context): Response | null {
	const user = ctx.locals.user;
	return user ? ctx.redirect(HOME_OF[user.role], 302) : null;
}

/** For pages open to everyone, signed in or not (the application form). States the decision. */
export function allowEveryone(_ctx: Context): null {
	return null;
}

/** For actions: the signed-in user with `role`, or an ActionError (401 or 404). */
export function requireActionRole(ctx: Pick<APIContext, 'locals' | 'url'>, role: Role, options: SecondFactorSetup = {}): SessionUser {
	const user = requireSignedInAction(ctx);
	if (user.role !== role) {
		logEvent('access.denied', { user: user.id, path: ctx.url.pathname });
		throw new ActionError({ code: 'NOT_FOUND', message: 'Nicht gefunden.' });
	}
	if (user.mustSetUpSecondFactor && !options.duringSecondFactorSetup) {
		throw new ActionError({ code: 'FORBIDDEN', message: 'Bitte richten Sie zuerst die Anmeldung mit einer Authenticator-App ein.' });
	}
	return user;
}

/**
 * For actions on the caller's own account (password, sessions, authenticator app), whatever
 * the role: the signed-in user, or a 401. Open during a coordinator's mandatory app setup too.
 */
export function requireSignedInAction(ctx: Pick<APIContext, 'locals'>): SessionUser {
	const user = ctx.locals.user;
	if (!user) throw new ActionError({ code: 'UNAUTHORIZED', message: 'Bitte melden Sie sich an.' });
	return user;
}

/** For actions anyone may call (login, reset requests): states the decision explicitly. */
export function publicAction(): void {}
