/**
 * Never lose an application: the server is killed with SIGKILL while applications arrive in
 * parallel; after a restart every application that was confirmed to its sender (303) is there
 * and the database passes its integrity check.
 */
import { createClient } from '@libsql/client';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { VALID_FORM } from '../fixtures/application.ts';
import { get, postForm } from '../helpers/http.ts';
import { freePort, startServer, type RunningServer } from '../helpers/server.ts';

const ROUNDS = 5;
const PARALLEL = 8;
const dir = mkdtempSync(join(tmpdir(), 'netzwerkforum-crash-'));
let server: RunningServer | undefined;
afterAll(async () => {
	await server?.stop();
});

const KEY_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const randomKey = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => KEY_ALPHABET[b >> 3]).join('');

async function formTimer(baseURL: string): Promise<string> {
	const page = await (await get(baseURL, '/mitmachen/')).text();
	return /name="startedAt" value="([^"]+)"/.exec(page)![1]!.replaceAll('&#x3D;', '=');
}

test(`${ROUNDS} SIGKILL rounds during parallel submissions: no confirmed application lost`, async () => {
	const port = await freePort();
	const confirmed = new Set<string>();
	let attempted = 0;
	for (let round = 1; round <= ROUNDS; round++) {
		server = await startServer({ SMTP_URL: '' }, { dir, port });
		const startedAt = await formTimer(server.baseURL);
		await new Promise((r) => setTimeout(r, 3100));
		let running = true;
		const senders = Array.from({ length: PARALLEL }, async () => {
			while (running) {
				const key = randomKey();
				attempted++;
				const fields: Record<string, string> = { ...(VALID_FORM as unknown as Record<string, string>), optInEvents: '', optInListing: 'on', idempotencyKey: key, startedAt, companyName: `Crash ${key}` };
				delete fields.optInEvents;
				try {
					const response = await postForm(server!.baseURL, '/mitmachen/?_action=applications.submit', fields);
					if (response.status === 303) confirmed.add(key);
				} catch {
					// the connection died with the server: not confirmed
				}
			}
		});
		await new Promise((r) => setTimeout(r, 300 + Math.floor(Math.random() * 700)));
		server.process.kill('SIGKILL');
		await new Promise((r) => server!.process.once('exit', r));
		running = false;
		await Promise.all(senders);
	}

	server = await startServer({ SMTP_URL: '' }, { dir, port });
	const db = createClient({ url: `file:${join(dir, 'e2e.db')}` });
	const stored = new Set((await db.execute('SELECT idempotency_key FROM application')).rows.map((r) => String(r.idempotency_key)));
	const integrity = String((await db.execute('PRAGMA integrity_check')).rows[0]![0]);
	db.close();
	const lost = [...confirmed].filter((key) => !stored.has(key));
	expect(confirmed.size).toBeGreaterThan(0);
	expect(lost).toEqual([]);
	expect(integrity).toBe('ok');
	console.log(`Absturztest: ${ROUNDS} Runden SIGKILL, ${attempted} Bewerbungen gesendet, ${confirmed.size} bestätigt, ${lost.length} verloren, integrity_check ${integrity}`);
});
