/**
 * A member dashboard with real content, for the load and profile benchmarks: the demo members
 * matched and published, a year of meetings planned for mitglied1's group. Not a benchmark itself.
 */
import { createClient } from '@libsql/client';
import { DEMO_COORDINATOR, login, planMeetings, postForm } from '../tests/helpers/http.ts';
import type { RunningServer } from '../tests/helpers/server.ts';

/** The member whose dashboard the benchmarks load. */
export const DASHBOARD_MEMBER = 'mitglied1@example.org';

export async function prepareDashboard(server: RunningServer): Promise<void> {
	const office = await login(server.baseURL, DEMO_COORDINATOR);
	const act = async (action: string, fields: Record<string, string> = {}) => {
		const response = await postForm(server.baseURL, `/_actions/${action}/`, fields, { cookie: office });
		if (response.status !== 200) throw new Error(`${action}: HTTP ${response.status}`);
	};
	await act('groups.run');
	await act('groups.publish', { checked: 'on' });
	const db = createClient({ url: `file:${server.dir}/e2e.db` });
	const own = await db.execute({
		sql: 'SELECT m.group_id AS id FROM group_membership m JOIN user u ON u.id = m.user_id WHERE u.email = ?',
		args: [DASHBOARD_MEMBER],
	});
	db.close();
	const groupId = own.rows[0]?.id;
	if (!groupId) throw new Error(`${DASHBOARD_MEMBER} hat nach dem Veröffentlichen keine Gruppe.`);
	const start = new Date(Date.now() + 7 * 24 * 3600_000).toISOString().slice(0, 10);
	const planned = await planMeetings(server.baseURL, office, String(groupId), { start, intervalWeeks: '8', weekday: '3', time: '14:00', durationMinutes: '180' });
	if (planned.status !== 200) throw new Error(`meetings.plan: HTTP ${planned.status}`);
}
