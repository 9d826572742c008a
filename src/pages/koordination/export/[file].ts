/**
 * Exports for the office: applications and members as CSV (German spreadsheets) or JSON.
 * GET only; coordinators only; every download is in the audit log.
 */
export const prerender = false;
import type { APIRoute } from 'astro';
import { exportApplications } from '../../../lib/server/applications.ts';
import { recordAudit } from '../../../lib/server/audit.ts';
import { notFound, requireRole } from '../../../lib/server/guards.ts';
import { listMembers } from '../../../lib/server/members.ts';
import { APPLICATION_COLUMNS, MEMBER_COLUMNS } from '../../../lib/export/columns.ts';
import { toCsv } from '../../../lib/export/csv.ts';

const EXPORTS = {
	bewerbungen: { load: exportApplications, columns: APPLICATION_COLUMNS, audit: 'export.applications' },
	mitglieder: { load: listMembers, columns: MEMBER_COLUMNS, audit: 'export.members' },
} as const;

export const GET: APIRoute = async (ctx) => {
	const user = requireRole(ctx, 'coordinator');
	if (user instanceof Response) return user;
	const match = /^(bewerbungen|mitglieder)\.(csv|json)$/.exec(ctx.params.file ?? '');
	if (!match) return notFound();
	const [, name, format] = match as unknown as [string, keyof typeof EXPORTS, 'csv' | 'json'];
	const spec = EXPORTS[name];
	const rows = await spec.load();
	await recordAudit({ actorId: user.id, action: spec.audit, details: { format, rows: rows.length } });
	const date = new Date().toISOString().slice(0, 10);
	const body = format === 'csv' ? toCsv(rows as never[], spec.columns as never) : JSON.stringify(rows, null, 2);
	return new Response(body, {
		headers: {
			'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
			'Content-Disposition': `attachment; filename="netzwerkforum-${name}-${date}.${format}"`,
		},
	});
};
