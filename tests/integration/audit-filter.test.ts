/** The office log narrowed to an area of work or to one person and their company. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AUDIT_AREAS, AUDITED_ACTIONS, describeAuditEvents, listAuditEvents, recordAudit } from '../../src/lib/server/audit.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase();
	const entries = [
		{ actorId: 'office', action: 'application.accepted', subjectType: 'application', subjectId: 'antrag1' },
		{ actorId: 'office', action: 'member.deactivated', subjectType: 'user', subjectId: 'erika' },
		{ actorId: 'office', action: 'organization.updated', subjectType: 'organization', subjectId: 'erikasfirma' },
		{ actorId: 'erika', action: 'second_factor.enabled', subjectType: 'user', subjectId: 'erika' },
		{ actorId: 'office', action: 'group.published', subjectType: 'group', subjectId: 'gruppe1' },
		{ actorId: 'office', action: 'coordinator.invited', subjectType: 'user', subjectId: 'kollegin' },
		{ actorId: 'office', action: 'export.members' },
	];
	for (const entry of entries) await recordAudit(entry);
});
afterAll(() => t.close());

const actionsOf = async (filter: Parameters<typeof listAuditEvents>[2]) => (await listAuditEvents(100, undefined, filter)).map((e) => e.action).sort();

describe('narrowing the office log', () => {
	test('every kind of entry belongs to exactly one area, so none is lost to every filter', () => {
		const areasOf = (action: string) => Object.entries(AUDIT_AREAS).filter(([, area]) => area.prefixes.some((p) => action.startsWith(p))).map(([key]) => key);
		const misplaced = AUDITED_ACTIONS.filter((action) => areasOf(action).length !== 1);
		expect(misplaced).toEqual([]);
	});

	test('an area shows its own entries only; an underscore in a prefix is no wildcard', async () => {
		expect(await actionsOf({ area: 'mitglieder' })).toEqual(['member.deactivated', 'organization.updated', 'second_factor.enabled']);
		expect(await actionsOf({ area: 'team' })).toEqual(['coordinator.invited']);
		expect(await actionsOf({ area: 'gruppen' })).toEqual(['group.published']);
		expect(await actionsOf({})).toHaveLength(7);
		await recordAudit({ actorId: 'office', action: 'secondXfactor.enabled' });
		expect(await actionsOf({ area: 'mitglieder' })).not.toContain('secondXfactor.enabled');
	});

	test('one person: what they did and what concerns them or their company, within an area too', async () => {
		expect(await actionsOf({ involving: ['erika', 'erikasfirma'] })).toEqual(['member.deactivated', 'organization.updated', 'second_factor.enabled']);
		expect(await actionsOf({ involving: ['erika'], area: 'mitglieder' })).toEqual(['member.deactivated', 'second_factor.enabled']);
		expect(await actionsOf({ involving: ['niemand'] })).toEqual([]);
		// The page's view of the same filter names the entries as the office reads them.
		expect((await describeAuditEvents(100, undefined, { area: 'team' })).map((e) => e.action)).toEqual(['In die Koordinierungsstelle eingeladen']);
	});
});
