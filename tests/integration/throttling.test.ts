/** Database-backed throttling on a fake clock (security checklist A9). */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createUser, login, requestPasswordReset } from '../../src/lib/server/accounts.ts';
import { DEFAULT_LIMITS } from '../../src/lib/server/config.ts';
import { hashPassword } from '../../src/lib/server/password.ts';
import { hit, peek, purgeExpiredLimits } from '../../src/lib/server/rate-limit.ts';
import { user } from '../../db/schema.ts';
import { eq } from 'drizzle-orm';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
const PASSWORD = 'Kupferdraht schwimmt am Dienstag';
const T0 = new Date('2026-03-02T08:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

beforeAll(async () => {
	t = await freshDatabase();
	const id = await createUser({ name: 'Erika Beispiel', email: 'erika@example.org', role: 'member' });
	await t.db.update(user).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(user.id, id));
});
afterAll(() => t.close());

describe('fixed windows', () => {
	test('the N+1-th hit in a window is limited, with the seconds until it ends', async () => {
		const { limit, windowSeconds } = DEFAULT_LIMITS.mailIp;
		for (let i = 1; i <= limit; i++) expect((await hit('mailIp', '10.0.0.1', at(i))).limited, `Versuch ${i}`).toBe(false);
		const over = await hit('mailIp', '10.0.0.1', at(limit + 1));
		expect(over.limited).toBe(true);
		expect(over.retryAfterSeconds).toBe(windowSeconds - limit);
		expect((await peek('mailIp', '10.0.0.1', at(limit + 2))).limited).toBe(true);
		// other keys are unaffected
		expect((await hit('mailIp', '10.0.0.2', at(limit + 1))).limited).toBe(false);
	});

	test('a new window starts when the old one has passed, not a second earlier', async () => {
		const { limit, windowSeconds } = DEFAULT_LIMITS.mailIp;
		for (let i = 0; i < limit; i++) await hit('mailIp', 'window', at(0));
		expect((await hit('mailIp', 'window', at(windowSeconds - 1))).limited).toBe(true);
		expect((await hit('mailIp', 'window', at(windowSeconds))).limited).toBe(false);
	});

	test('old windows are purged', async () => {
		await hit('tokenIp', 'old', at(0));
		// Beyond the longest window of all limits (a day, applicationRecipient).
		expect(await purgeExpiredLimits(at(2 * 24 * 3600))).toBeGreaterThan(0);
		expect((await peek('tokenIp', 'old', at(0))).limited).toBe(false);
	});
});

describe('login throttling', () => {
	const ip = (n: number) => `192.0.2.${n}`;

	test('after 10 failed logins the account is locked for the window, even with the right password', async () => {
		const { limit, windowSeconds } = DEFAULT_LIMITS.loginAccount;
		for (let i = 0; i < limit; i++) {
			expect(await login('erika@example.org', 'falsch-falsch-falsch', { ip: ip(i), now: at(i) })).toEqual({ ok: false, reason: 'invalid' });
		}
		const locked = await login('erika@example.org', PASSWORD, { ip: ip(50), now: at(limit) });
		expect(locked).toMatchObject({ ok: false, reason: 'throttled' });
		const after = await login('Erika@Example.org ', PASSWORD, { ip: ip(51), now: at(windowSeconds + 1) });
		expect(after.ok).toBe(true);
	});

	test('guesses sent all at once from many addresses are counted before any is checked', async () => {
		const { limit } = DEFAULT_LIMITS.loginAccount;
		const now = at(30_000);
		const results = await Promise.all(Array.from({ length: 3 * limit }, (_, i) => login('erika@example.org', `falsch-${i}`, { ip: ip(200 + i), now })));
		expect(results.filter((r) => !r.ok && r.reason === 'invalid').length).toBe(limit);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBe(2 * limit);
	});

	test('per IP, the 31st attempt within 15 minutes is refused, whatever the account', async () => {
		const { limit } = DEFAULT_LIMITS.loginIp;
		const start = 10_000;
		for (let i = 0; i < limit; i++) {
			const result = await login(`niemand${i}@example.org`, 'egal-egal-egal', { ip: '198.51.100.7', now: at(start + i) });
			expect(result).toEqual({ ok: false, reason: 'invalid' });
		}
		expect(await login('erika@example.org', PASSWORD, { ip: '198.51.100.7', now: at(start + limit) })).toMatchObject({
			reason: 'throttled',
		});
	});

	test('per IP, successful sign-ins are given back: a room of members on one network does not lock itself out, guesses still do', async () => {
		const { limit } = DEFAULT_LIMITS.loginIp;
		const start = 40_000; // after the lock of the test above has passed
		const room = { ip: '198.51.100.8' };
		// Everyone at a meeting signs in on laptop and phone: more than the limit, all right.
		for (let i = 0; i < limit + 10; i++) {
			expect(await login('erika@example.org', PASSWORD, { ...room, now: at(start + i) }), `Anmeldung ${i + 1}`).toMatchObject({ ok: true });
		}
		// Wrong passwords from the same network still add up to the limit.
		for (let i = 0; i < limit; i++) {
			expect(await login(`niemand${i}@example.org`, 'egal-egal-egal', { ...room, now: at(start + 100 + i) })).toEqual({ ok: false, reason: 'invalid' });
		}
		expect(await login('erika@example.org', PASSWORD, { ...room, now: at(start + 200) })).toMatchObject({ reason: 'throttled' });
	});

	test('at most 100 failed attempts per hour on one account (ASVS 4.0.3 2.2.1): 101 attempts, some blocked', async () => {
		const start = 50_000;
		let blocked = 0;
		for (let i = 0; i < 101; i++) {
			const result = await login('erika@example.org', `falsch-${i}`, { ip: ip(100 + (i % 50)), now: at(start + i * 35) });
			if (!result.ok && result.reason === 'throttled') blocked++;
		}
		expect(blocked).toBeGreaterThan(0);
		console.log(`101 Fehlversuche in 59 Minuten auf ein Konto: ${blocked} abgewiesen, ${101 - blocked} geprüft`);
	});

	test('password reset requests are limited per address and per IP', async () => {
		const { limit } = DEFAULT_LIMITS.resetAccount;
		const start = 100_000;
		for (let i = 0; i < limit; i++) {
			expect(await requestPasswordReset('erika@example.org', { ip: ip(200 + i), now: at(start + i) })).toEqual({ ok: true });
		}
		expect(await requestPasswordReset('erika@example.org', { ip: ip(210), now: at(start + limit) })).toMatchObject({
			reason: 'throttled',
		});
		// an unknown address gets the same answer as a known one
		expect(await requestPasswordReset('unbekannt@example.org', { ip: ip(211), now: at(start) })).toEqual({ ok: true });
	});
});
