/**
 * Per-IP limits hold whatever forwarding headers a client sends. Without TRUST_PROXY the server
 * is reached directly, so X-Forwarded-* come from the client: Astro would otherwise take an
 * address from them (with an X-Forwarded-Host naming the site), and every attempt could claim a
 * fresh one. Behind a trusted proxy only the entry the proxy appended counts.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type RunningServer } from '../helpers/server.ts';

const LIMITS = JSON.stringify({ loginIp: { limit: 3, windowSeconds: 900 }, loginAccount: { limit: 1000, windowSeconds: 900 } });

/** Four wrong logins, each claiming another address; the statuses the server answers. */
async function attempts(server: RunningServer, forwarded: (i: number) => string) {
	const statuses: number[] = [];
	const body = new URLSearchParams({ email: 'niemand@example.org', password: 'falsch-falsch-falsch' }).toString();
	for (let i = 0; i < 4; i++) {
		statuses.push(
			await new Promise<number>((resolve, reject) => {
				const request = http.request(`${server.baseURL}/_actions/auth.login/`, {
					method: 'POST',
					headers: {
						// The host the build was made for (SITE_URL at build time), as a request reaching the
						// real site would name it: Astro trusts forwarded headers for it.
						Host: 'localhost:4321',
						'Content-Type': 'application/x-www-form-urlencoded',
						'Content-Length': Buffer.byteLength(body),
						Origin: 'http://localhost:4321',
						'X-Forwarded-For': forwarded(i),
					},
				});
				request.on('response', (response) => {
					response.resume();
					resolve(response.statusCode ?? 0);
				});
				request.on('error', reject);
				request.end(body);
			}),
		);
	}
	return statuses;
}

describe('forwarding headers and per-IP limits', () => {
	let direct: RunningServer;
	let proxied: RunningServer;
	beforeAll(async () => {
		[direct, proxied] = await Promise.all([startServer({ RATE_LIMITS: LIMITS }), startServer({ RATE_LIMITS: LIMITS, TRUST_PROXY: '1' })]);
	});
	afterAll(async () => {
		await Promise.all([direct.stop(), proxied.stop()]);
	});

	test('without a trusted proxy the headers are ignored: the fourth attempt is refused', async () => {
		expect(await attempts(direct, (i) => `198.51.100.${i + 1}`)).toEqual([401, 401, 401, 429]);
	});

	test('behind a trusted proxy, addresses the client put before the proxy\'s entry change nothing', async () => {
		expect(await attempts(proxied, (i) => `198.51.100.${i + 1}, 203.0.113.7`)).toEqual([401, 401, 401, 429]);
		// Another client behind the same proxy has limits of its own.
		expect((await attempts(proxied, () => '203.0.113.8'))[0]).toBe(401);
	});
});
