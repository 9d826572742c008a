/** Migration 0019 gives the groups that ended before `ended_at` existed their day of ending. */
import { readFileSync } from 'node:fs';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditEvent, focusGroup } from '../../db/schema.ts';
import { freshDatabase, seedDemoWithTwoGroups, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase();
	await seedDemoWithTwoGroups(t.db);
});
afterAll(() => t.close());

describe('migration 0019', () => {
	test('a group ended before ended_at existed gets the first closing of a year after its publication; without one in the log, its publication', async () => {
		const ids = ['alt-mit-eintrag1', 'alt-ohne-eintrag', 'laeuft-noch-0001'];
		await t.db.insert(focusGroup).values([
			{ id: ids[0]!, name: 'Fokusgruppe X', topicSlug: 'energieeffizienz', cohort: 2025, status: 'archived', publishedAt: new Date('2025-01-20T09:00:00Z') },
			{ id: ids[1]!, name: 'Fokusgruppe Y', topicSlug: 'energieeffizienz', cohort: 2026, status: 'archived', publishedAt: new Date('2026-01-20T09:00:00Z') },
			{ id: ids[2]!, name: 'Fokusgruppe W', topicSlug: 'energieeffizienz', cohort: 2025, status: 'published', publishedAt: new Date('2025-01-20T09:00:00Z') },
		]);
		// Closings of the year in the log: one before X was published, and the one that ended it; Y's is gone from the log.
		await t.db.insert(auditEvent).values(
			['2024-12-15T10:00:00Z', '2025-12-17T10:00:00Z'].map((at) => ({ actorId: 'demokoordination', action: 'groups.archived', details: { groups: 1 }, createdAt: new Date(at) })),
		);
		await t.db.$client.executeMultiple(readFileSync('db/migrations/0019_backfill_group_ended_at.sql', 'utf8'));
		const rows = await t.db.select({ id: focusGroup.id, endedAt: focusGroup.endedAt }).from(focusGroup).where(inArray(focusGroup.id, ids)).orderBy(focusGroup.id);
		expect(rows).toEqual([
			{ id: 'alt-mit-eintrag1', endedAt: new Date('2025-12-17T10:00:00Z') },
			{ id: 'alt-ohne-eintrag', endedAt: new Date('2026-01-20T09:00:00Z') },
			{ id: 'laeuft-noch-0001', endedAt: null },
		]);
	});
});
