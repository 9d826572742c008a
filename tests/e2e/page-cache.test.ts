/**
 * The page cache (src/lib/server/page-cache.ts) against the built server: a signed-in page
 * viewed again while nothing changed is served from the cache, per session, answered like a
 * rendered one; every write shows at the next view, whoever made it.
 * To see whether a page came from the cache, a test writes once past the change count (its
 * trigger dropped for a moment): only a kept page still shows the old value.
 * Own server: accounts and triggers are changed.
 */
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countEveryChange, createDb } from '../../db/client.ts';
import { demoMember, get, login, postForm } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
});
afterAll(() => server.stop());

const databaseUrl = () => `file:${join(server.dir, 'e2e.db')}`;

/** Runs `sql` on the server's database as another writer would (a script, a second server). */
async function write(sql: string, args: (string | number)[] = []): Promise<void> {
	const client = createClient({ url: databaseUrl() });
	try {
		await client.execute({ sql, args });
	} finally {
		client.close();
	}
}

/** Runs `sql` with the given table's change trigger dropped, then gives the triggers back. */
async function writeUncounted(table: string, write: 'update' | 'delete', sql: string, args: (string | number)[]): Promise<void> {
	const db = createDb({ url: databaseUrl() });
	try {
		await db.$client.execute(`DROP TRIGGER "${table}_counts_${write}"`);
		await db.$client.execute({ sql, args });
		await countEveryChange(db);
	} finally {
		db.$client.close();
	}
}

const greeting = async (cookie: string) => /Guten Tag, ([^<]+)</.exec(await (await get(server.baseURL, '/portal/', cookie)).text())?.[1];
const sessionIdOf = (cookie: string) => /session=([^.;]+)\./.exec(cookie)![1]!;

describe('the page cache', () => {
	test('a page viewed again while nothing changed is the kept one; a counted write shows at the next view', async () => {
		const email = demoMember(11);
		const cookie = await login(server.baseURL, email);
		const name = await greeting(cookie);
		expect(name).toBeTruthy();

		await writeUncounted('user', 'update', 'UPDATE user SET name = ? WHERE email = ?', ['Uncounted Name', email]);
		expect(await greeting(cookie), 'served from the cache').toBe(name);

		// The same kind of write by another writer, counted: the next view renders it.
		await write('UPDATE user SET name = ? WHERE email = ?', ['Counted Name', email]);
		expect(await greeting(cookie)).toBe('Counted Name');
		await write('UPDATE user SET name = ? WHERE email = ?', [name!, email]);
		expect(await greeting(cookie)).toBe(name);
	});

	test('a failed sign-in elsewhere leaves the kept pages: no page shows its counter', async () => {
		const email = demoMember(18);
		const cookie = await login(server.baseURL, email);
		const name = await greeting(cookie);
		expect(name).toBeTruthy();
		await writeUncounted('user', 'update', 'UPDATE user SET name = ? WHERE email = ?', ['Still Kept', email]);

		const failed = await postForm(server.baseURL, '/portal/anmelden/?_action=auth.login', { email: demoMember(19), password: 'falsches-Passwort-123' });
		expect(failed.status, 'refused').toBe(401);
		expect(await greeting(cookie), 'served from the cache').toBe(name);

		await write('UPDATE user SET name = ? WHERE email = ?', [name!, email]);
		expect(await greeting(cookie)).toBe(name);
	});

	test('per session: another member and another session of the same member never get a kept page', async () => {
		const email = demoMember(12);
		const first = await login(server.baseURL, email);
		const second = await login(server.baseURL, email);
		const other = await login(server.baseURL, demoMember(13));
		const name = await greeting(first);

		await writeUncounted('user', 'update', 'UPDATE user SET name = ? WHERE email = ?', ['Second Look', email]);
		expect(await greeting(first), 'the first session keeps its page').toBe(name);
		expect(await greeting(second), 'the second renders its own').toBe('Second Look');
		expect(await greeting(other)).not.toBe(name);
		expect(await greeting(other)).not.toBe('Second Look');
		await write('UPDATE user SET name = ? WHERE email = ?', [name!, email]);
	});

	test('a kept page is answered like a rendered one: same headers, the session cookie renewed', async () => {
		const email = demoMember(14);
		const cookie = await login(server.baseURL, email);
		const rendered = await get(server.baseURL, '/portal/', cookie);
		const renderedText = await rendered.text();
		await writeUncounted('user', 'update', 'UPDATE user SET name = ? WHERE email = ?', ['Not Yet Shown', email]);
		const kept = await get(server.baseURL, '/portal/', cookie);
		expect(kept.status).toBe(200);
		expect(await kept.text(), 'served from the cache').toBe(renderedText);
		for (const header of ['content-type', 'content-length', 'cache-control', 'content-security-policy', 'x-content-type-options', 'referrer-policy']) {
			expect(kept.headers.get(header), header).toBe(rendered.headers.get(header));
		}
		expect(kept.headers.get('cache-control')).toContain('no-store');
		const sessionCookie = (response: Response) => response.headers.getSetCookie().find((c) => c.startsWith(cookie.split('=')[0]! + '='));
		expect(sessionCookie(kept)).toMatch(/Max-Age=\d{6,}/);
		expect(sessionCookie(kept)).toContain('HttpOnly');
		await write('UPDATE user SET name = name WHERE email = ?', [email]);
	});

	test('an ended session never reaches its kept page, even when its end was not counted', async () => {
		const cookie = await login(server.baseURL, demoMember(15));
		expect((await get(server.baseURL, '/portal/', cookie)).status).toBe(200);
		await writeUncounted('auth_session', 'delete', 'DELETE FROM auth_session WHERE id = ?', [sessionIdOf(cookie)]);
		const after = await get(server.baseURL, '/portal/', cookie);
		expect(after.status).toBe(302);
		expect(after.headers.get('location')).toContain('/portal/anmelden/');
	});

	test('a form sent to the address of a kept page is answered by the page, with its message and what was typed', async () => {
		const cookie = await login(server.baseURL, demoMember(16));
		const address = '/portal/profil/?_action=portal.updateProfile';
		// The page at the form's own address, viewed (GET) and so kept.
		expect((await get(server.baseURL, address, cookie)).status).toBe(200);
		const sent = await postForm(server.baseURL, address, { name: 'X', position: 'Eingetippt' }, { cookie });
		expect(sent.status).toBe(400);
		expect(sent.body).toContain('value="Eingetippt"');
	});

	test('downloads are not kept: the data export shows a change at once, counted or not', async () => {
		const email = demoMember(17);
		const cookie = await login(server.baseURL, email);
		expect((await get(server.baseURL, '/portal/daten/export/', cookie)).status).toBe(200);
		await writeUncounted('user', 'update', 'UPDATE user SET name = ? WHERE email = ?', ['Exported Name', email]);
		expect(await (await get(server.baseURL, '/portal/daten/export/', cookie)).text()).toContain('Exported Name');
	});

	test('PAGE_CACHE=off: every view is rendered', async () => {
		const uncached = await startServer({ PAGE_CACHE: 'off' }, { dir: server.dir });
		try {
			const email = demoMember(18);
			const cookie = await login(uncached.baseURL, email);
			expect((await get(uncached.baseURL, '/portal/', cookie)).status).toBe(200);
			await writeUncounted('user', 'update', 'UPDATE user SET name = ? WHERE email = ?', ['Rendered Anew', email]);
			expect(await (await get(uncached.baseURL, '/portal/', cookie)).text()).toContain('Guten Tag, Rendered Anew');
		} finally {
			await uncached.stop();
		}
	});
});
