/**
 * When something breaks on the server (here: a table the session check needs is gone), the
 * visitor sees a German error page with a reference id and no internals, the log has the same
 * id, and the process keeps serving everyone else. The same for a form whose action fails:
 * the page says so in German with a reference, never with the database's message.
 */
import { createClient } from '@libsql/client';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { get, login, demoMember, postForm } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

test('a failing action answers with a German sentence and a reference, in the page and in JSON', async () => {
	const cookie = await login(server.baseURL, demoMember(2));
	const db = createClient({ url: `file:${join(server.dir, 'e2e.db')}` });
	// Saving interests writes to the log as well; the page itself never reads the log.
	await db.execute('ALTER TABLE audit_event RENAME TO audit_event_weg');
	try {
		const fields = { interest1: 'unternehmensfuehrung', interest2: 'kundenbindung', interest3: 'energieeffizienz' };
		const page = await postForm(server.baseURL, '/portal/interessen/?_action=portal.saveInterests', fields, { cookie });
		expect(page.status).toBe(500);
		expect(page.body).toContain('Das hat nicht geklappt, der Fehler liegt bei uns.');
		const reference = /diese Kennung: ([A-Z0-9]{10})/.exec(page.body)?.[1];
		expect(reference).toBeDefined();
		expect(page.body).not.toMatch(/SQLITE|no such table|audit_event|node:internal|\.ts:\d+/i);
		// The log has the reference and the cause, not the values of the failed statement.
		await expect.poll(() => server.output()).toContain(`"ref":"${reference}"`);
		const logLine = server.output().split('\n').find((line) => line.includes(`"ref":"${reference}"`))!;
		expect(logLine).toContain('no such table: audit_event');
		expect(logLine).not.toContain('demouser00000002');

		const json = await postForm(server.baseURL, '/_actions/portal.saveInterests/', fields, { cookie });
		expect(json.status).toBe(500);
		expect(json.body).toContain('diese Kennung');
		expect(json.body).not.toMatch(/SQLITE|no such table/i);
	} finally {
		await db.execute('ALTER TABLE audit_event_weg RENAME TO audit_event');
		db.close();
	}
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
