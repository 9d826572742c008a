/** The office log narrowed to an area of work or to one person and their company. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { application, organization, user } from '../../db/schema.ts';
import { AUDIT_AREAS, AUDITED_ACTIONS, COMMAND_LINE, describeAuditEvents, listAuditEvents, recordAudit } from '../../src/lib/server/audit.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase();
	// Erika's company and the application it came from (the application names the company, not the entry).
	await t.db.insert(organization).values({ id: 'erikasfirma', name: 'Beispiel GmbH', industryCode: '25.62', industryLabel: 'Mechanik', town: 'Erfurt', createdAt: new Date() });
	await t.db.insert(application).values({
		id: 'antrag1',
		companyName: 'Beispiel GmbH',
		industryCode: '25.62',
		industryLabel: 'Mechanik',
		street: 'Weg 1',
		postcode: '99084',
		town: 'Erfurt',
		sizeBand: '10-49',
		contactName: 'Erika Beispiel',
		contactPosition: 'Geschäftsführerin',
		contactEmail: 'erika@example.org',
		interests: ['energieeffizienz'],
		submittedAt: new Date(),
		idempotencyKey: 'schluessel1',
		organizationId: 'erikasfirma',
	});
	const entries = [
		{ actorId: 'office', action: 'application.accepted', subjectType: 'application', subjectId: 'antrag1' },
		{ actorId: 'office', action: 'member.deactivated', subjectType: 'user', subjectId: 'erika' },
		{ actorId: 'office', action: 'organization.updated', subjectType: 'organization', subjectId: 'erikasfirma' },
		{ actorId: 'erika', action: 'second_factor.enabled', subjectType: 'user', subjectId: 'erika' },
		{ actorId: 'office', action: 'group.published', subjectType: 'group', subjectId: 'gruppe1' },
		{ actorId: 'office', action: 'coordinator.invited', subjectType: 'user', subjectId: 'kollegin' },
		// About a coordinator's account: the team's, though the prefix is the members' area's.
		{ actorId: 'office', action: 'invitation.sent', subjectType: 'user', subjectId: 'kollegin' },
		{ actorId: 'office', action: 'second_factor.removed', subjectType: 'user', subjectId: 'kollegin' },
		{ actorId: 'office', action: 'export.members' },
		// The person or company only in the details: a seat given, a conflict with another company.
		{ actorId: 'office', action: 'group.member_added', subjectType: 'group', subjectId: 'gruppe1', details: { user: 'erika' } },
		{ actorId: 'office', action: 'conflict.added', subjectType: 'organization', subjectId: 'anderefirma', details: { other: 'erikasfirma', kind: 'competitor' } },
		{ actorId: 'office', action: 'group.member_added', subjectType: 'group', subjectId: 'gruppe1', details: { user: 'jemandanders' } },
	];
	await t.db.insert(user).values({ id: 'kollegin', name: 'Kollegin', email: 'kollegin@example.org', role: 'coordinator' });
	for (const entry of entries) await recordAudit(entry);
});
afterAll(() => t.close());

const actionsOf = async (filter: Parameters<typeof listAuditEvents>[2]) => (await listAuditEvents(100, undefined, filter)).map((e) => e.action).sort();

describe('narrowing the office log', () => {
	test('every kind of entry the code records has a name in the log (and so an area below)', () => {
		const dir = 'src/lib/server';
		const recorded = new Set(
			readdirSync(dir)
				.filter((f) => f.endsWith('.ts'))
				.flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/action: (?:\w+ \? )?'([a-z_]+\.[a-z_]+)'(?: : '([a-z_]+\.[a-z_]+)')?/g)])
				.flatMap((m) => [m[1]!, ...(m[2] ? [m[2]] : [])]),
		);
		// Most are literals; a few are built from a variable (exports, application decisions) and not seen here.
		expect(recorded.size).toBeGreaterThan(30);
		expect([...recorded].filter((action) => !AUDITED_ACTIONS.includes(action))).toEqual([]);
	});

	test('every kind of entry belongs to exactly one area, so none is lost to every filter', () => {
		const areasOf = (action: string) => Object.entries(AUDIT_AREAS).filter(([, area]) => area.prefixes.some((p) => action.startsWith(p))).map(([key]) => key);
		const misplaced = AUDITED_ACTIONS.filter((action) => areasOf(action).length !== 1);
		expect(misplaced).toEqual([]);
	});

	test('an area shows its own entries only; an underscore in a prefix is no wildcard', async () => {
		expect(await actionsOf({ area: 'mitglieder' })).toEqual(['conflict.added', 'member.deactivated', 'organization.updated', 'second_factor.enabled']);
		expect(await actionsOf({ area: 'team' })).toEqual(['coordinator.invited', 'invitation.sent', 'second_factor.removed']);
		expect(await actionsOf({ area: 'gruppen' })).toEqual(['group.member_added', 'group.member_added', 'group.published']);
		expect(await actionsOf({})).toHaveLength(12);
		await recordAudit({ actorId: 'office', action: 'secondXfactor.enabled' });
		expect(await actionsOf({ area: 'mitglieder' })).not.toContain('secondXfactor.enabled');
	});

	test('a narrowed log pages like the whole one: nothing repeated, nothing skipped', async () => {
		const all = (await listAuditEvents(100, undefined, { involving: ['erika', 'erikasfirma'] })).map((e) => e.id);
		const paged: number[] = [];
		let before: number | undefined;
		for (;;) {
			const page = await listAuditEvents(2, before, { involving: ['erika', 'erikasfirma'] });
			if (page.length === 0) break;
			paged.push(...page.map((e) => e.id));
			before = page.at(-1)!.id;
		}
		expect(paged).toEqual(all);
		expect(all).toHaveLength(6);
	});

	test('one person: what they did and what concerns them or their company, within an area too', async () => {
		expect(await actionsOf({ involving: ['erika', 'erikasfirma'] })).toEqual([
			'application.accepted',
			'conflict.added',
			'group.member_added',
			'member.deactivated',
			'organization.updated',
			'second_factor.enabled',
		]);
		expect(await actionsOf({ involving: ['erika'], area: 'mitglieder' })).toEqual(['member.deactivated', 'second_factor.enabled']);
		expect(await actionsOf({ involving: ['niemand'] })).toEqual([]);
		// The page's view of the same filter names the entries as the office reads them.
		expect((await describeAuditEvents(100, undefined, { area: 'team' })).map((e) => e.action)).toEqual([
			'Anmeldung mit Authenticator-App entfernt',
			'Einladung verschickt',
			'In die Koordinierungsstelle eingeladen',
		]);
	});
});

describe('the actor column', () => {
	// Last in the file: its entries would change the counts of the filters above.
	test('who acted without an account: the server\'s command line with its system account, else the public website', async () => {
		await recordAudit({ actorId: null, action: 'invitation.sent', subjectType: 'user', subjectId: 'erika', details: { [COMMAND_LINE]: 'betrieb' } });
		await recordAudit({ actorId: null, action: 'application.submitted', subjectType: 'application', subjectId: 'antrag1' });
		const [fromWebsite, fromCommandLine] = await describeAuditEvents(2);
		expect(fromCommandLine!.actor).toBe('Server (Kommandozeile, betrieb)');
		expect(fromWebsite!.actor).toBe('Website (öffentlich)');
	});
});
