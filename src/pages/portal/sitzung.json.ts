/**
 * `/portal/sitzung.json`: how long the signed-in session has left, for the warning before it ends
 * (components/ui/session-end.ts). Asking does not count as use (the middleware only looks);
 * `?verlaengern` does, like any page view. Without a session: 0 seconds.
 */
export const prerender = false;
import type { APIRoute } from 'astro';
import { sessionTimeLeft } from '../../lib/server/auth-session.ts';
import { allowEveryone } from '../../lib/server/guards.ts';

export const GET: APIRoute = (ctx) => {
	allowEveryone(ctx);
	const { user, authSession } = ctx.locals;
	const left = user && authSession ? sessionTimeLeft(authSession, user.role) : { seconds: 0, extendable: false };
	return Response.json(left);
};
