/**
 * When something breaks on the server (here: a table the session check needs is gone), the
 * visitor sees a German error page with a reference id and no internals, the log has the same
 * id, and the process keeps serving everyone else.
 */
import { createClient } from '@libsql/client';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { get, login, demoMember } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

test('a failing request gets a German error page with a reference id; the server lives on', async () => {
	const cookie = await login(server.baseURL, demoMember(1));
	const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
	await db.execute('ALTER TABLE auth_session RENAME TO auth_session_weg');
	db.close();

	const response = await get(server.baseURL, '/portal/', cookie);
	expect(response.status).toBe(500);
	const html = await response.text();
	expect(html).toContain('Ein Fehler ist aufgetreten');
	const reference = /Kennung: <strong>([A-Z0-9]{10})<\/strong>/.exec(html)?.[1];
	expect(reference).toBeDefined();
	expect(html).not.toMatch(/at \w+ \(|node:internal|\.ts:\d+|SQLITE|no such table/i);
	await expect.poll(() => server.output()).toContain(`"ref":"${reference}"`);

	expect((await get(server.baseURL, '/')).status).toBe(200);
	expect((await get(server.baseURL, '/portal/anmelden/')).status).toBe(200);
	expect(server.process.exitCode).toBeNull();
});
