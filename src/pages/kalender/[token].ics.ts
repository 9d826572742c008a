/**
 * `/kalender/<id>.<secret>.ics`: the private subscription address of a member's calendar, for
 * calendar apps that cannot sign in. The token is the credential (revocable in the portal);
 * an unknown or revoked token answers 404 like any other missing page.
 */
export const prerender = false;
import type { APIRoute } from 'astro';
import { ICS_CONTENT_TYPE } from '../../lib/meetings/index.ts';
import { allowEveryone, notFound } from '../../lib/server/guards.ts';
import { ownCalendar } from '../../lib/server/meetings.ts';
import { feedOwner } from '../../lib/server/calendar-feeds.ts';

export const GET: APIRoute = async (ctx) => {
	allowEveryone(ctx);
	const owner = await feedOwner(ctx.params.token ?? '');
	if (!owner) return notFound();
	return new Response(await ownCalendar(owner), {
		headers: { 'Content-Type': ICS_CONTENT_TYPE, 'Cache-Control': 'private, max-age=300', 'Referrer-Policy': 'no-referrer' },
	});
};
