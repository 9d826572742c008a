/** The daily purge on a fake clock: what is due goes, what is still valid stays. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createUser } from '../../src/lib/server/accounts.ts';
import { createSession, SESSION_POLICY, validateSessionToken } from '../../src/lib/server/auth-session.ts';
import { issueToken, TOKEN_LIFETIME_MS, verifyLinkToken } from '../../src/lib/server/one-time-token.ts';
import { purgeExpired } from '../../src/lib/server/retention.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase();
});
afterAll(() => t.close());

test('expired sessions and tokens go at the limit; live ones stay', async () => {
	const T0 = new Date('2026-05-01T12:00:00Z');
	const member = await createUser({ name: 'Erika Beispiel', email: 'erika@example.org', role: 'member' });
	const office = await createUser({ name: 'Kai Koordination', email: 'kai@example.org', role: 'coordinator' });
	const memberSession = await createSession(member, { now: T0 });
	const officeSession = await createSession(office, { now: T0 });
	const reset = await issueToken(member, 'password_reset', T0);

	// one second before the coordinator's inactivity limit: nothing is due
	const justBefore = new Date(T0.getTime() + SESSION_POLICY.coordinator.inactivityMs - 1000);
	expect(await purgeExpired(justBefore)).toMatchObject({ sessions: 0, tokens: 0 });

	// just after it: the coordinator's session and the one-hour reset token are gone, the member's session stays
	const after = new Date(T0.getTime() + TOKEN_LIFETIME_MS.password_reset + 1000);
	expect(await purgeExpired(after)).toMatchObject({ sessions: 1, tokens: 1 });
	expect(await validateSessionToken(officeSession.token, T0)).toBeNull();
	expect(await validateSessionToken(memberSession.token, after)).not.toBeNull();
	expect(await verifyLinkToken(reset.linkToken, 'password_reset', T0)).toBeNull();
});
