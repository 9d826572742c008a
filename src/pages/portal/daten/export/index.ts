/**
 * The member's own data as a JSON download (GDPR Art. 15 and 20). GET only; members only,
 * and only their own: the id comes from the session, never from the request. Every download
 * is in the audit log.
 */
export const prerender = false;
import type { APIRoute } from 'astro';
import { topicTitle } from '../../../../lib/content/topic-list.ts';
import { requireRole } from '../../../../lib/server/guards.ts';
import { exportPersonalData, recordExport } from '../../../../lib/server/personal-data.ts';
import { isoDateInGermany } from '../../../../lib/site.ts';

export const GET: APIRoute = async (ctx) => {
	const user = requireRole(ctx, 'member');
	if (user instanceof Response) return user;
	const now = new Date();
	const data = await exportPersonalData(user.id, topicTitle, now);
	if (!data) return ctx.redirect('/portal/anmelden/', 302);
	await recordExport(user.id, now);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="netzwerkforum-meine-daten-${isoDateInGermany(now)}.json"`,
			'Cache-Control': 'no-store',
		},
	});
};
