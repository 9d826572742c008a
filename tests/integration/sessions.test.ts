/** Sessions against a real database with the real migrations, on a fake clock. */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { authSession, user } from '../../db/schema.ts';
import { createUser } from '../../src/lib/server/accounts.ts';
import {
	createSession,
	invalidateSession,
	invalidateUserSessions,
	listUserSessions,
	SESSION_POLICY,
	validateSessionToken,
	sessionTimeLeft,
} from '../../src/lib/server/auth-session.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
let memberId: string;
let coordinatorId: string;
const T0 = new Date('2026-03-02T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const SECOND = 1000;

beforeAll(async () => {
	t = await freshDatabase();
	memberId = await createUser({ name: 'Erika Beispiel', email: 'erika@example.org', role: 'member' });
	coordinatorId = await createUser({ name: 'Kai Koordination', email: 'kai@example.org', role: 'coordinator' });
});
afterAll(() => t.close());

describe('session tokens', () => {
	test('have the form <16-char id>.<32 random bytes, base64url> and only a hash is stored', async () => {
		const { token, session } = await createSession(memberId, { now: T0 });
		expect(token).toMatch(/^[a-z2-9]{16}\.[A-Za-z0-9_-]{43}$/);
		const row = await t.db.select().from(authSession).where(eq(authSession.id, session.id)).get();
		expect(row?.secretHash).toHaveLength(32);
		expect(Buffer.from(row!.secretHash).toString('base64url')).not.toBe(token.split('.')[1]);
	});

	test('each new session notes the sign-in on the account; using a session does not', async () => {
		const lastSignIn = async () => (await t.db.select().from(user).where(eq(user.id, coordinatorId)).get())?.lastSignInAt;
		expect(await lastSignIn()).toBeNull();
		const { token } = await createSession(coordinatorId, { now: at(5 * SECOND) });
		expect(await lastSignIn()).toEqual(new Date(T0.getTime() + 5 * SECOND));
		await validateSessionToken(token, at(60 * SECOND));
		expect(await lastSignIn()).toEqual(new Date(T0.getTime() + 5 * SECOND));
	});

	test('accounts from before the column get their newest session as last sign-in (migration 0008)', async () => {
		const { session } = await createSession(memberId, { now: at(90 * SECOND) });
		await createSession(memberId, { now: at(30 * SECOND) });
		await t.db.update(user).set({ lastSignInAt: null }).where(eq(user.id, memberId));
		await t.db.$client.executeMultiple(readFileSync('db/migrations/0008_backfill_last_sign_in.sql', 'utf8'));
		expect((await t.db.select().from(user).where(eq(user.id, memberId)).get())?.lastSignInAt).toEqual(session.createdAt);
	});

	test('10,000 tokens: no collision in ids or secrets', async () => {
		const { randomId, randomSecret } = await import('../../src/lib/server/random.ts');
		const ids = new Set(Array.from({ length: 10_000 }, () => randomId()));
		const secrets = new Set(Array.from({ length: 10_000 }, () => randomSecret().encoded));
		expect(ids.size).toBe(10_000);
		expect(secrets.size).toBe(10_000);
	});

	test('a tampered, truncated or foreign token is rejected', async () => {
		const { token } = await createSession(memberId, { now: T0 });
		const [id, secret] = token.split('.') as [string, string];
		const flipped = secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A');
		expect(await validateSessionToken(`${id}.${flipped}`, T0)).toBeNull();
		expect(await validateSessionToken(id, T0)).toBeNull();
		expect(await validateSessionToken(`${id}.${secret}.x`, T0)).toBeNull();
		expect(await validateSessionToken(`aaaaaaaaaaaaaaaa.${secret}`, T0)).toBeNull();
		expect(await validateSessionToken('', T0)).toBeNull();
		expect(await validateSessionToken(token, T0)).not.toBeNull();
	});
});

describe.each([
	['member', () => memberId],
	['coordinator', () => coordinatorId],
] as const)('%s session limits', (role, userId) => {
	const policy = SESSION_POLICY[role];

	test('inactivity: valid 1 s before the limit, gone 1 s after', async () => {
		const a = await createSession(userId(), { now: T0 });
		expect(await validateSessionToken(a.token, at(policy.inactivityMs - SECOND))).not.toBeNull();
		const b = await createSession(userId(), { now: T0 });
		expect(await validateSessionToken(b.token, at(policy.inactivityMs + SECOND))).toBeNull();
		// and the expired row is deleted on sight
		expect(await t.db.select().from(authSession).where(eq(authSession.id, b.session.id)).get()).toBeUndefined();
	});

	test('absolute lifetime: ends even when used all the time', async () => {
		const { token } = await createSession(userId(), { now: T0 });
		const step = Math.floor(policy.inactivityMs / 2);
		let now = 0;
		while (now + step < policy.absoluteMs - SECOND) {
			now += step;
			expect(await validateSessionToken(token, at(now)), `aktiv nach ${now} ms`).not.toBeNull();
		}
		expect(await validateSessionToken(token, at(policy.absoluteMs - SECOND))).not.toBeNull();
		expect(await validateSessionToken(token, at(policy.absoluteMs + SECOND))).toBeNull();
	});

	test('use slides the inactivity limit, written at most once per refresh interval', async () => {
		const { token, session } = await createSession(userId(), { now: T0 });
		await validateSessionToken(token, at(policy.refreshMs - SECOND));
		let row = await t.db.select().from(authSession).where(eq(authSession.id, session.id)).get();
		expect(row?.lastVerifiedAt).toEqual(T0);
		const later = at(policy.refreshMs + SECOND);
		await validateSessionToken(token, later);
		row = await t.db.select().from(authSession).where(eq(authSession.id, session.id)).get();
		expect(row?.lastVerifiedAt.getTime()).toBe(Math.floor(later.getTime() / 1000) * 1000);
	});
});

describe('role and account changes apply on the next request', () => {
	test('a deactivated account has no valid session', async () => {
		const id = await createUser({ name: 'Weg Gang', email: 'weg@example.org', role: 'member' });
		const { token } = await createSession(id, { now: T0 });
		expect(await validateSessionToken(token, T0)).not.toBeNull();
		await t.db.update(user).set({ deactivatedAt: T0 }).where(eq(user.id, id));
		expect(await validateSessionToken(token, T0)).toBeNull();
	});

	test('a member made coordinator gets the coordinator limits at once', async () => {
		const id = await createUser({ name: 'Neu Rolle', email: 'rolle@example.org', role: 'member' });
		const { token } = await createSession(id, { now: T0 });
		await t.db.update(user).set({ role: 'coordinator' }).where(eq(user.id, id));
		const valid = await validateSessionToken(token, T0);
		expect(valid?.user.role).toBe('coordinator');
		expect(await validateSessionToken(token, at(SESSION_POLICY.coordinator.inactivityMs + SECOND))).toBeNull();
	});
});

describe('ending sessions', () => {
	test('logout deletes the row; the token is dead', async () => {
		const { token, session } = await createSession(memberId, { now: T0 });
		await invalidateSession(session.id);
		expect(await validateSessionToken(token, T0)).toBeNull();
	});

	test('all sessions of a user end, or all but the current one', async () => {
		const id = await createUser({ name: 'Viel Geräte', email: 'geraete@example.org', role: 'member' });
		const sessions = await Promise.all([1, 2, 3].map(() => createSession(id, { now: T0 })));
		expect(await listUserSessions(id)).toHaveLength(3);
		expect(await invalidateUserSessions(id, sessions[0]!.session.id, T0)).toBe(2);
		expect(await validateSessionToken(sessions[0]!.token, T0)).not.toBeNull();
		expect(await validateSessionToken(sessions[1]!.token, T0)).toBeNull();
		expect(await invalidateUserSessions(id, undefined, T0)).toBe(1);
		expect(await listUserSessions(id)).toHaveLength(0);
	});

	test('the count names the sessions that still worked; expired rows go too, uncounted', async () => {
		const id = await createUser({ name: 'Alte Geräte', email: 'alt@example.org', role: 'member' });
		await createSession(id, { now: T0 });
		const later = at(SESSION_POLICY.member.inactivityMs + 60 * SECOND);
		await createSession(id, { now: later });
		expect(await invalidateUserSessions(id, undefined, later)).toBe(1);
		expect(await listUserSessions(id)).toHaveLength(0);
	});
});

describe('what a page is told about the session’s end', () => {
	const MINUTE = 60_000;
	const created = new Date('2026-11-28T08:00:00Z');
	const session = (lastVerifiedAt: Date) => ({ id: 'x', userId: 'u', createdAt: created, lastVerifiedAt, expiresAt: new Date(Math.min(lastVerifiedAt.getTime() + 30 * MINUTE, created.getTime() + 12 * 60 * MINUTE)) });

	test('the office’s session can be lengthened until its absolute end; then only its last minutes are told', () => {
		const now = new Date('2026-11-28T10:00:00Z');
		expect(sessionTimeLeft(session(new Date(now.getTime() - 28 * MINUTE)), 'coordinator', now)).toEqual({ seconds: 120, extendable: true });
		// Eleven hours and 50 minutes after signing in, the 12 hours end it, not the 30 minutes.
		const late = new Date(created.getTime() + (11 * 60 + 50) * MINUTE);
		expect(sessionTimeLeft(session(late), 'coordinator', late)).toEqual({ seconds: 600, extendable: false });
		expect(sessionTimeLeft(session(created), 'coordinator', new Date(created.getTime() + 31 * MINUTE)).seconds, 'never below 0').toBe(0);
	});
});
