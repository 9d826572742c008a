/**
 * Exports for the office: `?datei=bewerbungen|mitglieder&format=csv|json`. CSV for German
 * spreadsheets, JSON with every field. GET only; coordinators only; every download is in the
 * audit log.
 */
export const prerender = false;
import type { APIRoute } from 'astro';
import { exportApplications } from '../../../lib/server/applications.ts';
import { recordAudit } from '../../../lib/server/audit.ts';
import { notFound, requireRole } from '../../../lib/server/guards.ts';
import { exportMembers } from '../../../lib/server/office.ts';
import { APPLICATION_COLUMNS, MEMBER_COLUMNS } from '../../../lib/export/columns.ts';
import { toCsv } from '../../../lib/export/csv.ts';
import { isoDateInGermany } from '../../../lib/site.ts';

const EXPORTS = {
	bewerbungen: { load: exportApplications, columns: APPLICATION_COLUMNS, audit: 'export.applications' },
	mitglieder: { load: exportMembers, columns: MEMBER_COLUMNS, audit: 'export.members' },
} as const;

export const GET: APIRoute = async (ctx) => {
	const user = requireRole(ctx, 'coordinator');
	if (user instanceof Response) return user;
	const name = ctx.url.searchParams.get('datei');
	const format = ctx.url.searchParams.get('format');
	if ((name !== 'bewerbungen' && name !== 'mitglieder') || (format !== 'csv' && format !== 'json')) return notFound();
	const spec = EXPORTS[name];
	const rows = await spec.load();
	await recordAudit({ actorId: user.id, action: spec.audit, details: { format, rows: rows.length } });
	const date = isoDateInGermany(new Date());
	const body = format === 'csv' ? toCsv(rows as never[], spec.columns as never) : JSON.stringify(rows, null, 2);
	return new Response(body, {
		headers: {
			'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="netzwerkforum-${name}-${date}.${format}"`,
		},
	});
};
