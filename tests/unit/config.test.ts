import { describe, expect, test } from 'vitest';
import { DEFAULT_LIMITS, readConfig } from '../../src/lib/server/config.ts';

const from = (env: Record<string, string>) => readConfig((name) => env[name]);

describe('readConfig', () => {
	test('defaults: embedded database, localhost, outbox mail, no demo', () => {
		const config = from({});
		expect(config.databaseUrl).toBe('file:db/netzwerkforum.db');
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
		[{ WEB_CONCURRENCY: '0' }, /WEB_CONCURRENCY: muss mindestens 1 sein/],
		[{ WEB_CONCURRENCY: 'zwei' }, /WEB_CONCURRENCY: muss eine ganze Zahl sein/],
		[{ OFFICE_EMAIL: 'koordination' }, /OFFICE_EMAIL: ist keine gültige E-Mail-Adresse/],
		[{ DEMO: 'ja' }, /DEMO: ist keiner der erlaubten Werte/],
		[{ MAIL_FROM: 'X' }, /MAIL_FROM: muss mindestens 3 Zeichen lang sein/],
	])('rejects bad values with a German message naming the variable (%#)', (env, message) => {
		expect(() => from(env)).toThrow(/Ungültige Konfiguration/);
		expect(() => from(env)).toThrow(message);
		expect(() => from(env)).not.toThrow(/expected|Invalid|Too small/);
	});
});
