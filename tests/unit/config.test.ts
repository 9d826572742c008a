import { describe, expect, test } from 'vitest';
import { DEFAULT_LIMITS, readConfig, readListenAddress } from '../../src/lib/server/config.ts';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_DATABASE_URL, localPath } from '../../db/client.ts';

const from = (env: Record<string, string>) => readConfig((name) => env[name]);

describe('readConfig', () => {
	test('defaults: embedded database, localhost, outbox mail, no demo', () => {
		const config = from({});
		// In the project's db/ folder, not in whatever folder the process was started from.
		expect(config.databaseUrl).toBe(new URL('../../db/netzwerkforum.db', import.meta.url).href);
		expect([config.outboxDir, config.backups.dir]).toEqual([resolve('db/outbox'), resolve('db/backups')]);
		expect(config.siteUrl.href).toBe('http://localhost:4321/');
		expect(config.secureCookies).toBe(false);
		expect(config.smtpUrl).toBeUndefined();
		expect(config.demo).toBe(false);
		expect(config.limits).toEqual(DEFAULT_LIMITS);
		expect(config.breachedPasswordsUrl).toBe('https://api.pwnedpasswords.com/range/');
	});

	test('BREACHED_PASSWORDS_URL points the breach check elsewhere or switches it off', () => {
		expect(from({ BREACHED_PASSWORDS_URL: 'http://127.0.0.1:8080/range/' }).breachedPasswordsUrl).toBe('http://127.0.0.1:8080/range/');
		expect(from({ BREACHED_PASSWORDS_URL: 'off' }).breachedPasswordsUrl).toBeNull();
	});

	test('the page cache is on unless PAGE_CACHE=off', () => {
		expect(from({}).pageCache).toBe(true);
		expect(from({ PAGE_CACHE: 'on' }).pageCache).toBe(true);
		expect(from({ PAGE_CACHE: 'off' }).pageCache).toBe(false);
	});

	test('https sites get secure cookies; DEMO=1 turns demo mode on', () => {
		const config = from({ SITE_URL: 'https://forum.example.org', DEMO: '1' });
		expect(config.secureCookies).toBe(true);
		expect(config.demo).toBe(true);
	});

	test('RATE_LIMITS overrides single limits and keeps the rest', () => {
		const config = from({ RATE_LIMITS: '{"loginIp":{"limit":1000,"windowSeconds":60}}' });
		expect(config.limits.loginIp).toEqual({ limit: 1000, windowSeconds: 60 });
		expect(config.limits.loginAccount).toEqual(DEFAULT_LIMITS.loginAccount);
	});

	test.each([
		[{ RATE_LIMITS: 'kein json' }, /RATE_LIMITS/],
		[{ RATE_LIMITS: '{"unbekannt":{"limit":1,"windowSeconds":1}}' }, /RATE_LIMITS/],
		[{ SITE_URL: 'ftp://forum.example.org' }, /SITE_URL/],
		[{ SMTP_URL: 'http://mail' }, /SMTP_URL muss mit smtp/],
		[{ PASSWORD_HASH_CONCURRENCY: '0' }, /PASSWORD_HASH_CONCURRENCY/],
		[{ BREACHED_PASSWORDS_URL: 'https://api.pwnedpasswords.com/range' }, /BREACHED_PASSWORDS_URL/],
		[{ BREACHED_PASSWORDS_URL: 'aus' }, /BREACHED_PASSWORDS_URL/],
		[{ PAGE_CACHE: 'aus' }, /PAGE_CACHE: ist on oder off/],
		[{ WEB_CONCURRENCY: '0' }, /WEB_CONCURRENCY: muss mindestens 1 sein/],
		[{ WEB_CONCURRENCY: 'zwei' }, /WEB_CONCURRENCY: muss eine ganze Zahl sein/],
		[{ OFFICE_EMAIL: 'koordination' }, /OFFICE_EMAIL: ist keine gültige E-Mail-Adresse/],
		[{ DEMO: 'ja' }, /DEMO: ist keiner der erlaubten Werte/],
		[{ TRUST_PROXY: 'yes' }, /TRUST_PROXY: ist keiner der erlaubten Werte \(0, 1, true, false\)$/],
		[{ SMTP_URL: 'smtp://mail.example.de:abc' }, /SMTP_URL: ist keine gültige Adresse/],
		[{ SMTP_URL: 'smtp://' }, /SMTP_URL: ist keine gültige Adresse/],
		[{ DATABASE_URL: 'db/netzwerkforum.db' }, /DATABASE_URL: muss mit file: .* beginnen/],
		[{ DATABASE_URL: 'postgres://db.example.de/forum' }, /DATABASE_URL: muss mit file: .* beginnen/],
		[{ DATABASE_URL: 'libsql://' }, /DATABASE_URL: ist keine gültige Adresse eines libSQL-Servers/],
		[{ MAIL_FROM: 'X' }, /MAIL_FROM: muss mindestens 3 Zeichen lang sein/],
		[{ SITE_URL: 'https://netzwerkforum.example.de/forum' }, /SITE_URL: darf nur Schema, Rechnername und Port nennen, keinen Pfad/],
		[{ SITE_URL: 'netzwerkforum.example.de' }, /Ungültige Konfiguration: SITE_URL: /],
	])('rejects bad values with a German message naming the variable (%#)', (env, message) => {
		expect(() => from(env)).toThrow(/Ungültige Konfiguration/);
		expect(() => from(env)).toThrow(message);
		expect(() => from(env)).not.toThrow(/expected|Invalid|Too small/);
	});
});

describe('SMTP_URL with its password', () => {
	// An unencoded # ends the URL's authority early: the rest became a fragment, the port "Sehr".
	const unencoded = 'smtp://mailuser:Sehr#Geheim@127.0.0.1:4474';

	test.each([
		unencoded,
		'smtps://mailuser#Sehr:Geheim@mail.example.de:465',
		'smtp://mailuser:Sehr/Geheim@127.0.0.1:4474',
		// These parse, with the user name as host and a port from the password: nodemailer would dial "mailuser".
		'smtp://mailuser:1234?Geheim@mail.example.de:25',
		'smtp://mailuser:4711/Geheim@mail.example.de:25',
		// A % that starts no escape: the password would arrive other than typed.
		'smtp://mailuser:Sehr%Geheim@mail.example.de:25',
	])(
		'refuses a URL that does not parse as written, says how to encode, and never quotes it (%s)',
		(url) => {
			let message = '';
			try {
				from({ SMTP_URL: url });
			} catch (error) {
				message = (error as Error).message;
			}
			expect(message).toBe(
				'Ungültige Konfiguration: SMTP_URL: ist keine gültige Adresse. Sonderzeichen in Benutzername oder Passwort müssen prozentkodiert sein, z. B. # als %23, @ als %40, / als %2F, : als %3A',
			);
			expect(message).not.toMatch(/Geheim|mailuser|Sehr|127\.0\.0\.1|mail\.example/);
		},
	);

	test('accepts the password percent-encoded', () => {
		expect(from({ SMTP_URL: 'smtp://mailuser:Sehr%23Geheim@127.0.0.1:4474' }).smtpUrl).toBe('smtp://mailuser:Sehr%23Geheim@127.0.0.1:4474');
		expect(from({ SMTP_URL: 'smtps://mail.example.de:465?tls.rejectUnauthorized=false' }).smtpUrl).toContain('mail.example.de');
		expect(from({ SMTP_URL: 'smtp://mailuser:Sehr%25Geheim%3F@mail.example.de:25/?greetingTimeout=30000' }).smtpUrl).toContain('mail.example.de');
	});
});

describe('DATABASE_URL', () => {
	test.each(['file:/srv/netzwerkforum/db/netzwerkforum.db', 'file:db/test.db', 'libsql://forum.turso.io', 'https://db.example.de', 'http://127.0.0.1:8080', 'ws://127.0.0.1:8080', 'wss://db.example.de', 'LIBSQL://forum.turso.io'])(
		'accepts what @libsql/client opens: %s',
		(url) => expect(from({ DATABASE_URL: url }).databaseUrl).toBe(url),
	);

	test('a refusal does not quote the URL, which may hold a user and password', () => {
		expect(() => from({ DATABASE_URL: 'postgres://forum:Geheim@db.example.de/forum' })).toThrow(/^(?!.*Geheim).*DATABASE_URL/);
	});
});

describe('readListenAddress (HOST, PORT of scripts/serve.ts)', () => {
	const listen = (env: Record<string, string>) => readListenAddress((name) => env[name]);

	test('defaults to localhost:4321 and reads both', () => {
		expect(listen({})).toEqual({ host: 'localhost', port: 4321 });
		expect(listen({ HOST: '0.0.0.0', PORT: '8080' })).toEqual({ host: '0.0.0.0', port: 8080 });
		expect(listen({ HOST: '::1', PORT: '65535' })).toEqual({ host: '::1', port: 65535 });
	});

	test.each([
		[{ PORT: 'abc' }, 'PORT: muss eine ganze Zahl sein'],
		[{ PORT: '80.5' }, 'PORT: muss eine ganze Zahl sein'],
		[{ PORT: '0' }, 'PORT: muss mindestens 1 sein'],
		[{ PORT: '65536' }, 'PORT: darf höchstens 65535 sein'],
		[{ HOST: 'http://0.0.0.0' }, 'HOST: ist kein Rechnername und keine IP-Adresse (z. B. 127.0.0.1, 0.0.0.0 oder localhost)'],
	])('refuses %o in German', (env, problem) => {
		expect(() => listen(env)).toThrow(`Ungültige Konfiguration: ${problem}`);
	});
});

describe('where a file: database lies', () => {
	test('as libSQL opens it: %-escapes decoded, file:/// as a file URL, any case of the scheme', () => {
		expect(localPath(pathToFileURL('/srv/forum #2/db/netzwerkforum.db').href)).toBe('/srv/forum #2/db/netzwerkforum.db');
		expect(localPath('file:db/x%20y.db')).toBe(resolve('db/x y.db'));
		expect(localPath('FILE:/tmp/z.db')).toBe('/tmp/z.db');
		expect([localPath('file::memory:'), localPath('libsql://db.example.de')]).toEqual([null, null]);
		// The default is in the project's db/ and names that folder however it is spelt.
		expect(localPath(DEFAULT_DATABASE_URL)).toBe(resolve('db/netzwerkforum.db'));
	});
});
