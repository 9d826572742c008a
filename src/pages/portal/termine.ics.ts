/** `/portal/termine.ics`: the signed-in member's meetings as a calendar file. */
export const prerender = false;
import type { APIRoute } from 'astro';
import { ICS_CONTENT_TYPE } from '../../lib/meetings/index.ts';
import { requireRole } from '../../lib/server/guards.ts';
import { ownCalendar } from '../../lib/server/meetings.ts';

export const GET: APIRoute = async (ctx) => {
	const user = requireRole(ctx, 'member');
	if (user instanceof Response) return user;
	return new Response(await ownCalendar(user.id), {
		headers: { 'Content-Type': ICS_CONTENT_TYPE, 'Content-Disposition': 'attachment; filename="netzwerkforum-termine.ics"' },
	});
};
