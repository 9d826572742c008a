/** A member ranks their own interests; the office sees the change in its queue. */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditEvent, focusGroup, groupMembership } from '../../db/schema.ts';
import { interestsFormSchema, rankedFromForm } from '../../src/lib/forms/portal.ts';
import { createUser } from '../../src/lib/server/accounts.ts';
import { changeInterests, getInterests, listRecentInterestChanges, membersWishing, setInterests } from '../../src/lib/server/interests.ts';
import { createOrganization } from '../../src/lib/server/members.ts';
import { workQueue } from '../../src/lib/server/office.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const TOPICS = ['digitalisierung-automatisierung', 'energieeffizienz', 'mitarbeitergewinnung', 'unternehmensfuehrung', 'kundenbindung'];
const T0 = new Date('2026-03-02T08:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

async function member(name: string, email: string, company: string) {
	const organizationId = await createOrganization({
		name: company,
		legalForm: 'GmbH',
		industryCode: '25.62',
		industryLabel: 'Mechanik a. n. g.',
		street: null,
		postcode: '99084',
		town: 'Erfurt',
		latitude: null,
		longitude: null,
		sizeBand: '10-49',
		website: null,
	});
	return createUser({ name, email, role: 'member', organizationId });
}

beforeAll(async () => {
	t = await freshDatabase();
});
afterAll(() => t.close());

function problems(input: Record<string, string>) {
	const result = interestsFormSchema.safeParse(input);
	return result.success ? {} : Object.fromEntries(result.error.issues.map((i) => [String(i.path[0]), i.message]));
}

describe('the interests form', () => {
	test('accepts one to three distinct topics, filled in from the top', () => {
		const parsed = interestsFormSchema.parse({ interest1: 'kundenbindung', interest2: 'energieeffizienz', interest3: '' });
		expect(rankedFromForm(parsed)).toEqual(['kundenbindung', 'energieeffizienz']);
	});

	test('refuses bad input with a German sentence per field', () => {
		expect(problems({ interest1: '', interest2: '', interest3: '' })).toEqual({ interest1: 'Bitte wählen Sie mindestens ein Thema.' });
		expect(problems({ interest1: 'kundenbindung', interest2: 'kundenbindung', interest3: '' })).toEqual({
			interest2: 'Bitte wählen Sie jedes Thema nur einmal.',
		});
		// At the choice that repeats an earlier one, not at one that is fine.
		expect(problems({ interest1: 'kundenbindung', interest2: 'energieeffizienz', interest3: 'kundenbindung' })).toEqual({
			interest3: 'Bitte wählen Sie jedes Thema nur einmal.',
		});
		expect(problems({ interest1: 'kundenbindung', interest2: '', interest3: 'energieeffizienz' })).toEqual({
			interest2: 'Bitte füllen Sie die Themen der Reihe nach aus, die wichtigste zuerst.',
		});
		expect(problems({ interest1: '<script>', interest2: '', interest3: '' })).toEqual({ interest1: 'Bitte wählen Sie ein Thema aus der Liste.' });
		expect(interestsFormSchema.safeParse({ interest1: 'kundenbindung', userId: 'jemand-anderes' }).success, 'no other fields').toBe(false);
	});
});

describe('saving interests', () => {
	test('stores the ranking, records who changed it, and ignores an unchanged save', async () => {
		const id = await member('Greta Reihenfolge', 'greta@example.org', 'Reihenfolge Metall GmbH');
		await setInterests(id, ['energieeffizienz', 'kundenbindung'], undefined, T0);

		expect(await changeInterests(id, ['kundenbindung', 'energieeffizienz', 'unternehmensfuehrung'], TOPICS, T0)).toEqual({ ok: true, changed: true });
		expect(await getInterests(id)).toEqual(['kundenbindung', 'energieeffizienz', 'unternehmensfuehrung']);
		const events = await t.db.select().from(auditEvent).where(and(eq(auditEvent.action, 'interests.changed'), eq(auditEvent.subjectId, id)));
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			actorId: id,
			subjectType: 'user',
			details: { before: ['energieeffizienz', 'kundenbindung'], after: ['kundenbindung', 'energieeffizienz', 'unternehmensfuehrung'] },
		});

		expect(await changeInterests(id, ['kundenbindung', 'energieeffizienz', 'unternehmensfuehrung'], TOPICS, T0)).toEqual({ ok: true, changed: false });
		expect(await t.db.select().from(auditEvent).where(and(eq(auditEvent.action, 'interests.changed'), eq(auditEvent.subjectId, id)))).toHaveLength(1);
	});

	test('a topic that is not in the collection is refused and nothing changes', async () => {
		const id = await member('Udo Unbekannt', 'udo@example.org', 'Unbekannt Werkzeuge GmbH');
		await setInterests(id, ['energieeffizienz'], undefined, T0);
		expect(await changeInterests(id, ['gibt-es-nicht'], TOPICS, T0)).toEqual({ ok: false, reason: 'unknown-topic' });
		expect(await getInterests(id)).toEqual(['energieeffizienz']);
	});
});

describe('who wishes a topic', () => {
	test('everyone with the topic at any rank, nobody else', async () => {
		const first = await member('Wanda Wunsch', 'wanda@example.org', 'Wunsch Zerspanung GmbH');
		const third = await member('Dora Dritte', 'dora@example.org', 'Dritte Drehteile GmbH');
		const other = await member('Otto Anders', 'otto@example.org', 'Anders Antriebe GmbH');
		await setInterests(first, ['kundenbindung', 'energieeffizienz']);
		await setInterests(third, ['energieeffizienz', 'mitarbeitergewinnung', 'kundenbindung']);
		await setInterests(other, ['unternehmensfuehrung']);
		const wishing = await membersWishing('kundenbindung');
		expect([first, third].every((id) => wishing.has(id))).toBe(true);
		expect(wishing.has(other)).toBe(false);
	});
});

describe("the office's queue", () => {
	test('lists members who changed their interests in the last 30 days, newest first, with names and the new ranking', async () => {
		const early = await member('Anna Früh', 'anna@example.org', 'Früh Antriebe GmbH');
		const late = await member('Lars Spät', 'lars@example.org', 'Spät Logistik GmbH');
		const office = await member('Olaf Office', 'olaf@example.org', 'Nur Von Der Stelle GmbH');
		const now = new Date(T0.getTime() + 40 * DAY);
		await changeInterests(early, ['mitarbeitergewinnung'], TOPICS, new Date(now.getTime() - 5 * DAY));
		await changeInterests(late, ['energieeffizienz', 'kundenbindung'], TOPICS, new Date(now.getTime() - DAY));
		// Interests the office sets (accepting an application) are not a member's change.
		await setInterests(office, ['kundenbindung'], undefined, now);

		const changes = await listRecentInterestChanges(30, now);
		expect(changes.map((c) => c.name)).toEqual(['Lars Spät', 'Anna Früh']);
		expect(changes[0]).toMatchObject({ userId: late, organizationName: 'Spät Logistik GmbH', interests: ['energieeffizienz', 'kundenbindung'] });
		expect(changes[0]!.changedAt).toEqual(new Date(now.getTime() - DAY));
		// Greta and Udo changed (or tried to) 40 days ago: outside the window.
		expect(changes.some((c) => c.name === 'Greta Reihenfolge')).toBe(false);
		expect((await listRecentInterestChanges(60, now)).map((c) => c.name)).toContain('Greta Reihenfolge');

		const queue = await workQueue(now);
		expect(queue.interestChanges.map((c) => c.userId)).toEqual([late, early]);

		// Lars sits in a group on a topic he no longer chose: the queue names the group and says so; Anna has none.
		await t.db.insert(focusGroup).values({ id: 'gruppewunsch0001', name: 'Fokusgruppe W', topicSlug: 'unternehmensfuehrung', cohort: 2026, status: 'published' });
		await t.db.insert(groupMembership).values({ groupId: 'gruppewunsch0001', userId: late });
		const named = (await workQueue(now)).interestChanges;
		expect(named.find((c) => c.userId === late)).toMatchObject({ group: { id: 'gruppewunsch0001', name: 'Fokusgruppe W', topicSlug: 'unternehmensfuehrung' }, offTopic: true });
		expect(named.find((c) => c.userId === early)).toMatchObject({ group: null, offTopic: false });
	});
});
