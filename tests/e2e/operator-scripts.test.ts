/**
 * The operator's scripts outside demo mode, run as cron or a shell would run them: with a
 * forgotten environment they refuse instead of mailing links to the wrong address or filing
 * reminders in an outbox nobody reads, and bad arguments get a German reason.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createClient } from '@libsql/client';
import { COMMAND_LINE } from '../../src/lib/server/audit.ts';
import { runScript } from '../helpers/scripts.ts';

/** A production environment: no DEMO, no SMTP, a database of its own. */
function production() {
	const dir = mkdtempSync(join(tmpdir(), 'netzwerkforum-ops-'));
	return { DEMO: '', SMTP_URL: '', DATABASE_URL: `file:${join(dir, 'ops.db')}`, OUTBOX_DIR: join(dir, 'outbox') };
}

describe('operator scripts outside demo mode', () => {
	test('reminders refuse to run under an address the build was not made for (this build is for localhost)', async () => {
		const run = await runScript('scripts/reminders.ts', [], { ...production(), SITE_URL: 'https://netzwerkforum.example.de', SMTP_URL: 'smtp://127.0.0.1:2525' });
		expect(run.code, run.output).toBe(1);
		expect(run.output).toContain('der Build wurde aber für http://localhost:4321 gemacht');
		expect(run.output).toContain('dieselbe Umgebung wie der Server');
	});

	test('admin:reset-2fa (its mail links to the password reset) refuses as well', async () => {
		const run = await runScript('scripts/admin-reset-second-factor.ts', ['--email', 'erste@example.de'], { ...production(), SITE_URL: 'https://netzwerkforum.example.de' });
		expect(run.code, run.output).toBe(1);
		expect(run.output).toContain('der Build wurde aber für http://localhost:4321 gemacht');
	});

	test('reminders refuse to run without a mail server: written to the outbox they would count as sent', async () => {
		const run = await runScript('scripts/reminders.ts', [], { ...production(), SITE_URL: 'http://localhost:4321' });
		expect(run.code, run.output).toBe(1);
		expect(run.output).toContain('SMTP_URL ist nicht gesetzt');
		expect(run.output).not.toContain('Erinnerungen:');
	});

	test('a bad setting ends a script with one German line naming the variable, not a stack trace', async () => {
		const run = await runScript('scripts/db-migrate.ts', [], { ...production(), WEB_CONCURRENCY: '0' });
		expect(run.code).toBe(1);
		expect(run.output.trim()).toBe('✗ Ungültige Konfiguration: WEB_CONCURRENCY: muss mindestens 1 sein');
	});

	test('admin:create says in German what is missing or too short', async () => {
		const bare = await runScript('scripts/admin-create.ts', [], production());
		expect(bare.code).toBe(2);
		expect(bare.output).toContain('Bitte eine gültige E-Mail-Adresse mit --email angeben.');
		expect(bare.output).toContain('Bitte den Namen mit --name "Vorname Nachname" angeben.');
		expect(bare.output).not.toMatch(/Invalid input|expected string/);

		const short = await runScript('scripts/admin-create.ts', ['--email', 'eine@example.de', '--name', 'X'], production());
		expect(short.code).toBe(2);
		expect(short.output).toContain('Der Name braucht mindestens 3 Zeichen');
	});

	test('admin:create warns when the mail settings are still the defaults, still prints the link, and logs the command line as the actor', async () => {
		const env = { ...production(), SITE_URL: 'http://localhost:4321', OFFICE_EMAIL: '', MAIL_FROM: '', USER: 'betrieb' };
		const run = await runScript('scripts/admin-create.ts', ['--email', 'erste@example.de', '--name', 'Erste Koordinatorin'], env);
		expect(run.code, run.output).toBe(0);
		expect(run.output).toContain('Achtung: OFFICE_EMAIL ist nicht gesetzt.');
		expect(run.output).toContain('Achtung: SMTP_URL ist nicht gesetzt.');
		expect(run.output).toMatch(/http:\/\/localhost:4321\/portal\/einladung\/\?token=/);

		// The office's log says who created the account: the server's command line, not the public website.
		const db = createClient({ url: env.DATABASE_URL });
		try {
			const events = await db.execute("SELECT actor_id, details FROM audit_event WHERE action = 'invitation.sent'");
			expect(events.rows).toHaveLength(1);
			expect(events.rows[0]!.actor_id).toBeNull();
			expect(JSON.parse(String(events.rows[0]!.details))).toEqual({ [COMMAND_LINE]: 'betrieb' });
		} finally {
			db.close();
		}
	});
});
