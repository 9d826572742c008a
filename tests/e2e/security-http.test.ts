/** HTTP-level security: CSRF, headers on every route, cookie flags, fixation, logout, token links. */
import { describe, expect, inject, test } from 'vitest';
import { DEMO_PASSWORD, demoMember, get, login, postForm, sessionCookieFrom } from '../helpers/http.ts';
import { waitForMail } from '../helpers/mail-sink.ts';
import { publicRoutes } from '../helpers/public-routes.ts';

const baseURL = inject('baseURL');
const mailDir = inject('mailDir');

describe('CSRF', () => {
	const targets = ['/_actions/auth.requestPasswordReset/', '/portal/passwort-vergessen/?_action=auth.requestPasswordReset'];
	const bodies = {
		form: { type: 'application/x-www-form-urlencoded', body: 'email=csrf%40example.org' },
		multipart: { type: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\ncsrf@example.org\r\n--x--\r\n' },
		text: { type: 'text/plain', body: 'email=csrf@example.org' },
		json: { type: 'application/json', body: '{"email":"csrf@example.org"}' },
	};
	const origins: [string, Record<string, string>, boolean][] = [
		['foreign Origin', { Origin: 'https://evil.example' }, true],
		['missing Origin', {}, true],
		['matching Origin, cross-site fetch', { Origin: baseURL, 'Sec-Fetch-Site': 'cross-site' }, true],
		['matching Origin', { Origin: baseURL }, false],
	];
	let checks = 0;

	for (const target of targets) {
		for (const [kind, { type, body }] of Object.entries(bodies)) {
			test.each(origins)(`${kind} POST to ${target} with %s`, async (_label, headers, blocked) => {
				const response = await fetch(baseURL + target, { method: 'POST', headers: { 'Content-Type': type, ...headers }, body, redirect: 'manual' });
				checks++;
				if (blocked) expect(response.status).toBe(403);
				else expect(response.status).not.toBe(403);
			});
		}
	}

	test('matrix size', () => {
		expect(checks).toBe(targets.length * Object.keys(bodies).length * origins.length);
		console.log(`CSRF-Matrix: ${checks} Anfragen (Formular, Multipart, Text, JSON × fremder, fehlender, passender Origin)`);
	});
});

describe('security headers', () => {
	const REQUIRED = ['x-content-type-options', 'x-frame-options', 'referrer-policy', 'content-security-policy'];

	test('on every public page, every on-demand page and on static assets', async () => {
		const paths = [
			...publicRoutes().map((r) => r.path),
			'/portal/anmelden/',
			'/portal/passwort-vergessen/',
			'/portal/einladung/',
			'/portal/passwort-zuruecksetzen/',
			'/gibt-es-nicht/',
		];
		const missing: string[] = [];
		for (const path of paths) {
			const response = await get(baseURL, path);
			for (const header of REQUIRED) if (!response.headers.get(header)) missing.push(`${path}: ${header}`);
			const csp = response.headers.get('content-security-policy') ?? '';
			if (!csp.includes("frame-ancestors 'none'")) missing.push(`${path}: frame-ancestors`);
			if (/script-src[^;]*'unsafe-inline'/.test(csp)) missing.push(`${path}: unsafe-inline`);
		}
		for (const asset of ['/favicon.svg', '/rss.xml', '/pagefind/pagefind.js']) {
			const response = await get(baseURL, asset);
			for (const header of ['x-content-type-options', 'x-frame-options']) if (!response.headers.get(header)) missing.push(`${asset}: ${header}`);
		}
		expect(missing).toEqual([]);
		console.log(`Header-Prüfung: ${paths.length + 3} Adressen × Pflicht-Header, ${missing.length} fehlend`);
	});

	test('pages behind login are never cached; token pages send no referrer', async () => {
		const cookie = await login(baseURL, demoMember(3));
		expect((await get(baseURL, '/portal/', cookie)).headers.get('cache-control')).toBe('no-store');
		expect((await get(baseURL, '/portal/einladung/?token=x')).headers.get('referrer-policy')).toBe('no-referrer');
		expect((await get(baseURL, '/portal/passwort-zuruecksetzen/')).headers.get('referrer-policy')).toBe('no-referrer');
	});
});

describe('session cookie', () => {
	test('HttpOnly, SameSite=Lax, Path=/, with an expiry; not Secure on plain-http loopback', async () => {
		const response = await postForm(baseURL, '/portal/anmelden/?_action=auth.login', { email: demoMember(4), password: DEMO_PASSWORD });
		const cookie = response.setCookie.find((c) => c.startsWith('session='))!;
		expect(cookie).toMatch(/; HttpOnly/);
		expect(cookie).toMatch(/; SameSite=Lax/);
		expect(cookie).toMatch(/; Path=\//);
		expect(cookie).toMatch(/; Max-Age=\d+/);
		expect(cookie).not.toMatch(/Domain=/);
		expect(cookie).not.toMatch(/; Secure/);
	});

	test('a session brought to the login is dead afterwards (no fixation)', async () => {
		const before = await login(baseURL, demoMember(5));
		const response = await postForm(baseURL, '/portal/anmelden/?_action=auth.login', { email: demoMember(5), password: DEMO_PASSWORD }, { cookie: before });
		const after = sessionCookieFrom(response.setCookie)!;
		expect(after).not.toBe(before);
		expect((await get(baseURL, '/portal/', after)).status).toBe(200);
		expect((await get(baseURL, '/portal/', before)).status).toBe(302);
	});

	test('logout deletes the session; replaying the old cookie gets nowhere', async () => {
		const cookie = await login(baseURL, demoMember(6));
		const response = await postForm(baseURL, '/portal/anmelden/?_action=auth.logout', {}, { cookie });
		expect(response.status).toBe(303);
		expect(response.location).toBe('/portal/anmelden/?abgemeldet=1');
		expect(response.setCookie.some((c) => /^session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/.test(c))).toBe(true);
		const replay = await get(baseURL, '/portal/', cookie);
		expect(replay.status).toBe(302);
		expect(replay.headers.get('location')).toMatch(/^\/portal\/anmelden\//);
	});

	test('logout is POST only: a GET changes nothing', async () => {
		const cookie = await login(baseURL, demoMember(7));
		await get(baseURL, '/portal/?_action=auth.logout', cookie);
		await get(baseURL, '/_actions/auth.logout/', cookie);
		expect((await get(baseURL, '/portal/', cookie)).status).toBe(200);
	});
});

describe('login answers', () => {
	test('the same German message for a wrong password and an unknown address', async () => {
		const wrong = await postForm(baseURL, '/portal/anmelden/?_action=auth.login', { email: demoMember(8), password: 'falsch-falsch-falsch' });
		const unknown = await postForm(baseURL, '/portal/anmelden/?_action=auth.login', { email: 'niemand@example.org', password: 'falsch-falsch-falsch' });
		expect(wrong.status).toBe(401);
		expect(unknown.status).toBe(401);
		const message = (body: string) => /role="alert"[^>]*> <p>([^<]+)<\/p>/.exec(body)?.[1];
		expect(message(wrong.body)).toBe('E-Mail-Adresse oder Passwort ist falsch.');
		expect(message(unknown.body)).toBe(message(wrong.body));
		expect(wrong.body).toContain(`value="${demoMember(8)}"`);
	});

	test('after login, only same-site portal paths are followed', async () => {
		const response = await postForm(baseURL, '/portal/anmelden/?_action=auth.login', {
			email: demoMember(9),
			password: DEMO_PASSWORD,
			weiter: '//evil.example/portal/',
		});
		expect(response.location).toBe('/portal/');
	});
});

describe('token links', () => {
	test('opening a reset link (as a mail scanner would) does not use it up', async () => {
		const email = demoMember(10);
		await postForm(baseURL, '/portal/passwort-vergessen/?_action=auth.requestPasswordReset', { email });
		const mail = await waitForMail(mailDir, email, /Neues Passwort/);
		const link = /(http\S+passwort-zuruecksetzen\/\?token=\S+)/.exec(mail.text ?? '')![1]!;
		const path = new URL(link).pathname + new URL(link).search;
		for (let i = 0; i < 3; i++) {
			const page = await (await get(baseURL, path)).text();
			expect(page).toContain('name="token"');
			expect(page).not.toContain('role="alert"');
		}
		const newPassword = 'Sieben Schwäne über der Saale';
		const used = await postForm(baseURL, `${path}&_action=auth.resetPassword`, { token: new URL(link).searchParams.get('token')!, password: newPassword, passwordRepeat: newPassword });
		expect(used.status).toBe(303);
		const again = await (await get(baseURL, path)).text();
		expect(again).toContain('Dieser Link ist abgelaufen, wurde schon verwendet oder durch einen neueren ersetzt.');
		await login(baseURL, email, newPassword);
	});
});
