/**
 * New passwords known from data breaches are refused (security checklist A5), asked of a fake
 * Pwned Passwords range API on loopback: only five hex digits of the SHA-1 leave the server,
 * and when the service fails the offline checks alone decide (fail open) and the failure is logged.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { user } from '../../db/schema.ts';
import { changePassword, createUser, redeemToken } from '../../src/lib/server/accounts.ts';
import { createSession } from '../../src/lib/server/auth-session.ts';
import { breachedPasswordProblem, timesBreached } from '../../src/lib/server/breached-passwords.ts';
import { installConfig, readConfig } from '../../src/lib/server/config.ts';
import { issueToken } from '../../src/lib/server/one-time-token.ts';
import { hashPassword, verifyPassword } from '../../src/lib/server/password.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { startFakeRangeApi, type FakeRangeApi } from '../helpers/pwned-passwords.ts';

/** Long and unusual enough for the offline checks, but "leaked". */
const LEAKED = 'Kupferkessel Wintergarten 1987';
const ALSO_LEAKED = 'Märzveilchen am Bahndamm 2011';
const FRESH = 'Sieben Kraniche über dem Kyffhäuser';
const OLD = 'Kupferdraht schwimmt am Dienstag';
const request = { ip: '203.0.113.9' };

let api: FakeRangeApi;
let t: TestDatabase;

beforeAll(async () => {
	api = await startFakeRangeApi({ [LEAKED]: 52_314, [ALSO_LEAKED]: 3 });
	t = await freshDatabase({ BREACHED_PASSWORDS_URL: api.url });
});
afterEach(() => {
	api.mode = 'answer';
	api.requests.length = 0;
});
afterAll(async () => {
	t.close();
	await api.close();
});

/** Log lines written while `work` runs, parsed. */
async function loggedDuring(work: () => Promise<unknown>) {
	const log = vi.spyOn(console, 'log').mockImplementation(() => {});
	try {
		await work();
		return log.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
	} finally {
		log.mockRestore();
	}
}

describe('the range API', () => {
	test('counts a leaked password, 0 for one never seen', async () => {
		expect(await timesBreached(LEAKED, { url: api.url })).toBe(52_314);
		expect(await timesBreached(FRESH, { url: api.url })).toBe(0);
	});

	test('only the first five hex digits of the SHA-1 leave the server, with padding asked for', async () => {
		await timesBreached(LEAKED, { url: api.url });
		const hash = createHash('sha1').update(LEAKED).digest('hex').toUpperCase();
		expect(api.requests).toHaveLength(1);
		expect(api.requests[0]!.path).toBe(`/range/${hash.slice(0, 5)}`);
		expect(api.requests[0]!.headers['add-padding']).toBe('true');
		const sent = JSON.stringify(api.requests);
		expect(sent).not.toContain(hash.slice(5));
		expect(sent).not.toContain('Kupferkessel');
	});

	test('the same keys in another Unicode form are the same password (NFC, as for storing)', async () => {
		expect(await timesBreached(ALSO_LEAKED.normalize('NFD'), { url: api.url })).toBe(3);
	});

	test('an error status, an unreadable answer, no answer in time or nobody listening is an error, not a verdict', async () => {
		api.mode = 'error';
		expect(await timesBreached(LEAKED, { url: api.url })).toBeInstanceOf(Error);
		// A proxy's page instead of the list: not "never seen".
		const page = async () => new Response('<html>Bitte melden Sie sich am Proxy an</html>', { status: 200 });
		expect(await timesBreached(LEAKED, { url: api.url, fetcher: page })).toEqual(new Error('unreadable answer'));
		expect(await timesBreached(LEAKED, { url: api.url })).toBeInstanceOf(Error);
		api.mode = 'silent';
		const started = Date.now();
		const silent = await timesBreached(LEAKED, { url: api.url, timeoutMs: 200 });
		expect(silent).toBeInstanceOf(Error);
		expect((silent as Error).name).toBe('TimeoutError');
		expect(Date.now() - started).toBeLessThan(5000);
		expect(await timesBreached(LEAKED, { url: 'http://127.0.0.1:9/range/' })).toBeInstanceOf(Error);
	});
});

describe('setting a password', () => {
	test('a leaked password gets a German reason with the count; a fresh one none', async () => {
		expect(await breachedPasswordProblem(LEAKED)).toBe(
			'Dieses Passwort ist aus Datenlecks bekannt (52.314-mal gefunden) und wird deshalb bei Angriffen als eines der ersten ausprobiert. Bitte wählen Sie ein anderes.',
		);
		expect(await breachedPasswordProblem(FRESH)).toBeNull();
	});

	test('changing the password refuses a leaked one and keeps the old password', async () => {
		const id = await createUser({ name: 'Lena Leck', email: 'lena@example.org', role: 'member' });
		await t.db.update(user).set({ passwordHash: await hashPassword(OLD) }).where(eq(user.id, id));
		const { session } = await createSession(id);
		const refused = await changePassword(id, session.id, OLD, ALSO_LEAKED, request);
		expect(refused).toMatchObject({ ok: false, reason: 'weak-password', message: expect.stringContaining('3-mal gefunden') });
		const row = await t.db.select({ passwordHash: user.passwordHash }).from(user).where(eq(user.id, id)).get();
		expect(await verifyPassword(row!.passwordHash!, OLD)).toBe(true);
		expect(await changePassword(id, session.id, OLD, FRESH, request)).toMatchObject({ ok: true });
	});

	test('a reset link refuses a leaked password without using up the link', async () => {
		const id = await createUser({ name: 'Rolf Reset', email: 'rolf@example.org', role: 'member' });
		const { linkToken } = await issueToken(id, 'password_reset');
		expect(await redeemToken('password_reset', { linkToken }, LEAKED, request)).toMatchObject({ ok: false, reason: 'weak-password' });
		expect(await redeemToken('password_reset', { linkToken }, FRESH, request)).toMatchObject({ ok: true });
	});

	test('the offline checks come first: a short password never reaches the service', async () => {
		const id = await createUser({ name: 'Kurt Kurz', email: 'kurt@example.org', role: 'member' });
		const { linkToken } = await issueToken(id, 'invitation');
		expect(await redeemToken('invitation', { linkToken }, 'zu kurz', request)).toMatchObject({ ok: false, reason: 'weak-password' });
		expect(api.requests).toHaveLength(0);
	});

	test('fails open: when the service does not answer, the password is taken and the failure logged', async () => {
		api.mode = 'error';
		const id = await createUser({ name: 'Olga Offen', email: 'olga@example.org', role: 'member' });
		const { linkToken } = await issueToken(id, 'invitation');
		let result: unknown;
		const log = await loggedDuring(async () => (result = await redeemToken('invitation', { linkToken }, LEAKED, request)));
		expect(result).toMatchObject({ ok: true });
		expect(log).toContainEqual(expect.objectContaining({ event: 'password.breach_check_unavailable', reason: 'HTTP 503' }));
	});

	test('switched off (BREACHED_PASSWORDS_URL=off): nothing is asked', async () => {
		installConfig(readConfig((name) => ({ DATABASE_URL: t.url, BREACHED_PASSWORDS_URL: 'off' })[name]));
		try {
			expect(await breachedPasswordProblem(LEAKED)).toBeNull();
			expect(api.requests).toHaveLength(0);
		} finally {
			installConfig(t.config);
		}
	});
});
