/** A member's own sessions: listed for recognition, ended one by one, never someone else's. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createUser } from '../../src/lib/server/accounts.ts';
import { createSession, describeDevice, endOwnSession, invalidateUserSessions, listOwnSessions, SESSION_POLICY, validateSessionToken } from '../../src/lib/server/auth-session.ts';
import { eq } from 'drizzle-orm';
import { authSession } from '../../db/schema.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
let anna: string;
let bernd: string;
const T0 = new Date('2026-03-02T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36';

beforeAll(async () => {
	t = await freshDatabase();
	anna = await createUser({ name: 'Anna Eigen', email: 'anna@example.org', role: 'member' });
	bernd = await createUser({ name: 'Bernd Fremd', email: 'bernd@example.org', role: 'member' });
});
afterAll(() => t.close());

describe('own sessions', () => {
	test('devices are named briefly; the raw user agent is never shown', () => {
		expect(describeDevice(FIREFOX_WINDOWS)).toBe('Firefox unter Windows');
		expect(describeDevice(SAFARI_IPHONE)).toBe('Safari unter iOS');
		expect(describeDevice(CHROME_LINUX)).toBe('Chrome unter Linux');
		expect(describeDevice('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15')).toBe('Safari unter macOS');
		expect(describeDevice('Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/140.0 Safari/537.36 Edg/140.0')).toBe('Edge unter Windows');
		expect(describeDevice('curl/8.5.0')).toBe('Unbekanntes Gerät');
	});

	test('only the short label is stored, never the raw user agent; a session without one is an unknown device', async () => {
		const named = await createSession(anna, { now: at(0), userAgent: FIREFOX_WINDOWS });
		const unnamed = await createSession(anna, { now: at(0), userAgent: null });
		const rows = await t.db.select().from(authSession).where(eq(authSession.userId, anna));
		expect(rows.map((r) => r.device).sort()).toEqual(['Firefox unter Windows', null]);
		expect(JSON.stringify(rows)).not.toContain('Mozilla');
		expect((await listOwnSessions(anna, named.session.id, at(1))).find((s) => s.id === unnamed.session.id)?.device).toBe('Unbekanntes Gerät');
		await invalidateUserSessions(anna);
	});

	test('the list shows this device first, then the most recently used', async () => {
		const older = await createSession(anna, { now: at(0), userAgent: FIREFOX_WINDOWS });
		const current = await createSession(anna, { now: at(1), userAgent: CHROME_LINUX });
		const newer = await createSession(anna, { now: at(2), userAgent: SAFARI_IPHONE });
		const list = await listOwnSessions(anna, current.session.id, at(3));
		expect(list.map((s) => [s.id, s.device, s.current])).toEqual([
			[current.session.id, 'Chrome unter Linux', true],
			[newer.session.id, 'Safari unter iOS', false],
			[older.session.id, 'Firefox unter Windows', false],
		]);
		expect(JSON.stringify(list)).not.toContain('Mozilla');
		await invalidateUserSessions(anna);
	});

	test('a member cannot end another member’s session: the owner is part of the query', async () => {
		const annas = await createSession(anna, { now: at(0) });
		const bernds = await createSession(bernd, { now: at(0) });

		expect(await endOwnSession(anna, bernds.session.id)).toBe(false);
		expect(await validateSessionToken(bernds.token, at(1)), 'Bernd is still signed in').not.toBeNull();
		expect((await listOwnSessions(anna, annas.session.id, at(1))).map((s) => s.id), 'and never listed for Anna').toEqual([annas.session.id]);

		expect(await endOwnSession(bernd, bernds.session.id)).toBe(true);
		expect(await validateSessionToken(bernds.token, at(1))).toBeNull();
		expect(await endOwnSession(bernd, bernds.session.id), 'gone is gone').toBe(false);
	});

	test('ending all others keeps exactly the current one', async () => {
		const here = await createSession(anna, { now: at(0) });
		const there = await createSession(anna, { now: at(0) });
		const bernds = await createSession(bernd, { now: at(0) });
		const before = (await listOwnSessions(anna, here.session.id, at(1))).length;
		expect(await invalidateUserSessions(anna, here.session.id, at(1))).toBe(before - 1);
		expect(await validateSessionToken(here.token, at(1))).not.toBeNull();
		expect(await validateSessionToken(there.token, at(1))).toBeNull();
		expect(await validateSessionToken(bernds.token, at(1))).not.toBeNull();
	});

	test('a session past its inactivity limit is no longer listed, though its row waits for the purge', async () => {
		const stale = await createSession(anna, { now: at(0) });
		const policy = SESSION_POLICY.member;
		const later = new Date(T0.getTime() + policy.inactivityMs + 1000);
		const fresh = await createSession(anna, { now: later });
		const listed = (await listOwnSessions(anna, fresh.session.id, later)).map((s) => s.id);
		expect(listed).toContain(fresh.session.id);
		expect(listed).not.toContain(stale.session.id);
	});
});
