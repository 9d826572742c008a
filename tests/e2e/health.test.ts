/**
 * `/health` for monitoring: 200 while the server and its database answer, 503 when the database
 * is not the forum's any more; either way nothing but the status, and never from a cache.
 */
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server.stop());

test('answers 200 while the database answers, 503 when it does not, and says nothing else', async () => {
	const ok = await fetch(`${server.baseURL}/health`);
	expect(ok.status).toBe(200);
	expect(await ok.json()).toEqual({ status: 'ok' });
	expect(ok.headers.get('cache-control')).toBe('no-store');
	expect(ok.headers.get('set-cookie')).toBeNull();
	expect(ok.headers.get('x-content-type-options')).toBe('nosniff');

	// The file the server opened no longer holds the forum's schema (as after a wrong restore).
	const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
	await db.execute('ALTER TABLE __drizzle_migrations RENAME TO __drizzle_migrations_weg');
	try {
		const down = await fetch(`${server.baseURL}/health/`);
		expect(down.status).toBe(503);
		expect(await down.json()).toEqual({ status: 'Datenbank antwortet nicht' });
	} finally {
		await db.execute('ALTER TABLE __drizzle_migrations_weg RENAME TO __drizzle_migrations');
		db.close();
	}
	expect((await fetch(`${server.baseURL}/health`)).status).toBe(200);
});
