/**
 * `/health`: for monitoring. 200 while the server renders and its database answers, 503 when the
 * database does not; the home page cannot say that, as it is a static file. Says nothing else:
 * no version, no figures, nothing personal. An English address on purpose, the one monitoring
 * tools look for first; it is no page for people.
 */
export const prerender = false;
import type { APIRoute } from 'astro';
import { databaseAnswers } from '../lib/server/db.ts';
import { allowEveryone } from '../lib/server/guards.ts';

export const GET: APIRoute = async (ctx) => {
	allowEveryone(ctx);
	const ok = await databaseAnswers();
	return Response.json({ status: ok ? 'ok' : 'Datenbank antwortet nicht' }, { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
};
