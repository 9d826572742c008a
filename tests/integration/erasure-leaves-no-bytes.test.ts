/**
 * Erased means gone from the disk too: after an account or an application is deleted, or the
 * daily purge deleted what was due, the bytes of the database file and its write-ahead log no
 * longer hold the person's address or what they wrote. SQLite by default only marks deleted rows' space as free, and the versions of pages from
 * before the deletion stay in the -wal file (db/client.ts: secure_delete; db.ts: the checkpoint).
 */
import { existsSync, readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { localPath } from '../../db/client.ts';
import { focusGroup, mailDelivery, meeting, topicQueueItem, user } from '../../db/schema.ts';
import { createUser } from '../../src/lib/server/accounts.ts';
import { applicationFormSchema } from '../../src/lib/forms/application.ts';
import { decideApplication, eraseApplication, formTimer, submitApplication } from '../../src/lib/server/applications.ts';
import { setMemberDeactivated } from '../../src/lib/server/members.ts';
import { hashPassword } from '../../src/lib/server/password.ts';
import { ENDED_GROUP_RETENTION_DAYS } from '../../src/lib/server/groups.ts';
import { deleteOwnAccount, eraseMemberAccount } from '../../src/lib/server/personal-data.ts';
import { purgeExpired } from '../../src/lib/server/retention.ts';
import { randomId } from '../../src/lib/server/random.ts';
import { asReceived, VALID_FORM } from '../fixtures/application.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
let officeId: string;
const TOPICS = ['energieeffizienz', 'kundenbindung'];
const PASSWORD = 'Kupferdraht schwimmt am Dienstag';
const request = { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' };

interface Person {
	email: string;
	phone: string;
	motivation: string;
}

const person = (n: number): Person => ({
	email: `zahnflanke.${n}@flankenschliff-${n}.example`,
	phone: `0361 77${n}0${n}9${n}`,
	motivation: `Wir schleifen Zahnflanken im Mondlicht, Werk ${n}, und suchen Gleichgesinnte.`,
});

async function apply(p: Person): Promise<string> {
	const started = new Date(Date.now() - 60_000);
	const form = applicationFormSchema.parse(
		asReceived({ ...VALID_FORM, idempotencyKey: randomId(), startedAt: await formTimer(started), contactEmail: p.email, contactPhone: p.phone, motivation: p.motivation }),
	);
	const result = await submitApplication(form, { ip: request.ip }, TOPICS);
	if (!result.ok) throw new Error(`Bewerbung nicht gespeichert: ${result.reason}`);
	// The receipt goes out in the background; its record must be there before anything is erased.
	await vi.waitFor(async () => expect(await t.db.select().from(mailDelivery).where(eq(mailDelivery.recipient, p.email))).toHaveLength(1));
	return result.id;
}

/** An accepted applicant with a password, as a member who deletes their account has one. */
async function member(p: Person): Promise<string> {
	const decided = await decideApplication(await apply(p), 'accept', { actorId: officeId, note: `Notiz zu ${p.email}` });
	if (!decided.ok || !decided.userId) throw new Error('nicht aufgenommen');
	await t.db.update(user).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(user.id, decided.userId));
	return decided.userId;
}

/** The database's bytes on disk: the file and, while there is one, its write-ahead log. */
function bytesOnDisk(): Buffer {
	const file = localPath(t.url)!;
	return Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
}

function expectGoneFromDisk(p: Person): void {
	const bytes = bytesOnDisk();
	expect(bytes.includes(p.email), 'e-mail address').toBe(false);
	expect(bytes.includes(p.phone), 'phone').toBe(false);
	expect(bytes.includes(p.motivation), 'motivation').toBe(false);
}

beforeAll(async () => {
	t = await freshDatabase();
	officeId = await createUser({ name: 'Bea Büro', email: 'bea@example.org', role: 'coordinator' });
});
afterAll(() => t.close());

describe('after an erasure the bytes on disk hold nothing of the person', () => {
	test('a member deleting their own account', async () => {
		const wilma = person(1);
		const id = await member(wilma);
		expect(bytesOnDisk().includes(wilma.motivation), 'the test reads where the data is').toBe(true);
		expect(await deleteOwnAccount(id, PASSWORD, request)).toEqual({ ok: true });
		expectGoneFromDisk(wilma);
	});

	test('the office erasing a deactivated member’s account', async () => {
		const otto = person(2);
		const id = await member(otto);
		await setMemberDeactivated(id, true, officeId);
		expect(await eraseMemberAccount(id, officeId, request.ip)).toMatch(/^erased/);
		expectGoneFromDisk(otto);
	});

	test('the office erasing an application', async () => {
		const hanna = person(3);
		const id = await apply(hanna);
		expect(bytesOnDisk().includes(hanna.email), 'the test reads where the data is').toBe(true);
		expect(await eraseApplication(id, officeId)).toBe(true);
		expectGoneFromDisk(hanna);
	});

	test('the daily purge deleting a group three years after its end', async () => {
		const ended = new Date(Date.now() - (ENDED_GROUP_RETENTION_DAYS + 1) * 24 * 60 * 60 * 1000);
		const agenda = 'Rundgang durch die Zahnflankenschleiferei im Mondlicht';
		const topic = 'Wer übernimmt die Mondlichtschicht nach 2030?';
		await t.db.insert(focusGroup).values({ id: 'altgruppe0000001', name: 'Fokusgruppe Q', topicSlug: 'energieeffizienz', cohort: 2020, status: 'archived', endedAt: ended });
		await t.db.insert(meeting).values({ id: 'alttreffen000001', groupId: 'altgruppe0000001', startsAt: ended, endsAt: ended, agenda });
		// A topic left from before topics went with the end of their group.
		await t.db.insert(topicQueueItem).values({ id: 'altpunkt00000001', groupId: 'altgruppe0000001', title: topic, priority: 2, minutes: 30, createdAt: ended });
		expect(bytesOnDisk().includes(agenda), 'the test reads where the data is').toBe(true);
		expect((await purgeExpired()).endedGroups).toBe(1);
		const bytes = bytesOnDisk();
		expect(bytes.includes(agenda), 'agenda').toBe(false);
		expect(bytes.includes(topic), 'topic').toBe(false);
	});
});
