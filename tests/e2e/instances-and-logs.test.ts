/**
 * The scale-out promise: two server processes on one database share sessions and throttling.
 * And the logs: after sign-ins, resets and invitations, no secret appears in any log line.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, demoMember, get, login, postForm, sessionCookieFrom } from '../helpers/http.ts';
import { startMailSink, waitForMail, type MailSink } from '../helpers/mail-sink.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

let a: RunningServer;
let b: RunningServer;
let sink: MailSink;
const dir = mkdtempSync(join(tmpdir(), 'netzwerkforum-instances-'));
/** Every secret this file creates; none may appear in a log. (The demo password is public.) */
const secrets = new Set<string>();

beforeAll(async () => {
	sink = await startMailSink(join(dir, 'mail'));
	const env = {
		SMTP_URL: sink.url,
		RATE_LIMITS: JSON.stringify({ loginAccount: { limit: 3, windowSeconds: 900 } }),
		TRUST_PROXY: '1',
	};
	// B starts after A has migrated and seeded, so they never race on an empty database.
	a = await startServer(env, { dir });
	b = await startServer(env, { dir });
});
afterAll(async () => {
	await a?.stop();
	await b?.stop();
	await sink?.stop();
});

const cookieValue = (cookie: string) => cookie.split('=').slice(1).join('=');

describe('two instances, one database', () => {
	test('a session created on A is valid on B; a logout on B ends it on A', async () => {
		const cookie = await login(a.baseURL, demoMember(1));
		secrets.add(cookieValue(cookie));
		expect((await get(b.baseURL, '/portal/', cookie)).status).toBe(200);
		await postForm(b.baseURL, '/portal/anmelden/?_action=auth.logout', {}, { cookie });
		expect((await get(a.baseURL, '/portal/', cookie)).status).toBe(302);
	});

	test('failed logins count across both instances', async () => {
		const email = demoMember(2);
		const fail = (server: RunningServer) => postForm(server.baseURL, '/portal/anmelden/?_action=auth.login', { email, password: 'falsch-falsch-falsch' });
		expect((await fail(a)).status).toBe(401);
		expect((await fail(b)).status).toBe(401);
		expect((await fail(a)).status).toBe(401);
		const locked = await postForm(b.baseURL, '/portal/anmelden/?_action=auth.login', { email, password: DEMO_PASSWORD });
		expect(locked.status).toBe(429);
		expect(locked.body).toMatch(/Zu viele Anmeldeversuche\. Bitte versuchen Sie es in \d+ Minuten erneut\./);
	});

	test('behind a TLS proxy (TRUST_PROXY=1) responses carry HSTS', async () => {
		const response = await fetch(`${a.baseURL}/`, { headers: { 'X-Forwarded-Proto': 'https' } });
		expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
		expect((await fetch(`${a.baseURL}/`)).headers.get('strict-transport-security')).toBeNull();
	});
});

describe('logs', () => {
	test('security events are logged as JSON lines, and no password, token, code or link ever appears', async () => {
		// a reset by link, a reset by code, an invitation: all the secrets there are
		const email = demoMember(3);
		await postForm(a.baseURL, '/portal/passwort-vergessen/?_action=auth.requestPasswordReset', { email });
		const resetMail = await waitForMail(sink.dir, email, /Neues Passwort/);
		const link = /(http\S+\?token=\S+)/.exec(resetMail.text ?? '')![1]!;
		const token = new URL(link).searchParams.get('token')!;
		const code = /Ihr Code: ([A-Z2-9-]+)/.exec(resetMail.text ?? '')![1]!;
		const newPassword = 'Vier Füchse schlafen im Hainich';
		for (const secret of [link, token, token.split('.')[1]!, code, code.replaceAll('-', ''), newPassword]) secrets.add(secret);
		const reset = await postForm(b.baseURL, '/portal/passwort-zuruecksetzen/?_action=auth.resetPassword', { token, password: newPassword, passwordRepeat: newPassword });
		expect(reset.status).toBe(303);
		secrets.add(cookieValue(sessionCookieFrom(reset.setCookie)!));

		const invited = await new Promise<string>((resolve) => {
			const child = spawn(process.execPath, ['scripts/admin-create.ts', '--email', 'log@example.org', '--name', 'Log Prüfung'], {
				env: { ...process.env, DATABASE_URL: `file:${join(dir, 'e2e.db')}`, SITE_URL: a.baseURL, SMTP_URL: sink.url },
			});
			let out = '';
			child.stdout.on('data', (c) => (out += c));
			child.on('exit', () => resolve(out));
		});
		const invitationLink = /(http\S+einladung\/\?token=\S+)/.exec(invited)![1]!;
		secrets.add(invitationLink);
		secrets.add(new URL(invitationLink).searchParams.get('token')!);

		const logs = a.output() + b.output();
		const events = logs.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { event: string });
		const kinds = new Set(events.map((e) => e.event));
		for (const kind of ['login.success', 'login.failure', 'login.throttled', 'logout', 'password.reset_requested', 'password.reset', 'mail.sent']) {
			expect(kinds, `Ereignis ${kind} protokolliert`).toContain(kind);
		}
		const leaked = [...secrets].filter((secret) => logs.includes(secret));
		expect(leaked).toEqual([]);
		console.log(`Geheimnisse in Logs: ${secrets.size} geprüft, ${leaked.length} gefunden (${events.length} Log-Zeilen)`);
	});
});
