/**
 * The operator's scripts outside demo mode, run as cron or a shell would run them: with a
 * forgotten environment they refuse instead of mailing links to the wrong address or filing
 * reminders in an outbox nobody reads, and bad arguments get a German reason.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { createClient } from '@libsql/client';
import { COMMAND_LINE } from '../../src/lib/server/audit.ts';
import { runScript } from '../helpers/scripts.ts';
import { freePort } from '../helpers/server.ts';

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

		// No name made up from the address ("koordination"), which would greet the person everywhere.
		const unnamed = await runScript('scripts/admin-create.ts', ['--email', 'koordination@example.de'], production());
		expect(unnamed.code).toBe(2);
		expect(unnamed.output.trim()).toBe('✗ Bitte den Namen mit --name "Vorname Nachname" angeben.');

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

/** The token ids of the account's open invitations: the part before the dot in `?token=<id>.<secret>`. */
async function invitationIds(databaseUrl: string, email: string): Promise<string[]> {
	const db = createClient({ url: databaseUrl });
	try {
		const rows = await db.execute({ sql: "SELECT t.id FROM one_time_token t JOIN user u ON u.id = t.user_id WHERE u.email = ? AND t.kind = 'invitation'", args: [email] });
		return rows.rows.map((row) => String(row.id));
	} finally {
		db.close();
	}
}

const linkTokenId = (output: string) => /\?token=([^.\s]+)\./.exec(output)?.[1];

describe.concurrent('admin:create for an address that has an account', () => {
	const env = () => ({ ...production(), SITE_URL: 'http://localhost:4321' });
	const args = ['--email', 'zweite@example.de', '--name', 'Zweite Koordinatorin'];
	/** The account admin:create made, then `statements` on its database: what happened to it meanwhile. */
	async function createdThen(...statements: string[]) {
		const settings = env();
		expect((await runScript('scripts/admin-create.ts', args, settings)).code).toBe(0);
		const db = createClient({ url: settings.DATABASE_URL });
		try {
			for (const statement of statements) await db.execute(statement);
		} finally {
			db.close();
		}
		return settings;
	}

	test('a coordinator who never set a password gets a new invitation, and the old link no longer works', async () => {
		const settings = env();
		const first = await runScript('scripts/admin-create.ts', args, settings);
		expect(first.code, first.output).toBe(0);
		const firstId = linkTokenId(first.output);
		expect(await invitationIds(settings.DATABASE_URL, 'zweite@example.de')).toEqual([firstId]);

		const again = await runScript('scripts/admin-create.ts', args, settings);
		expect(again.code, again.output).toBe(0);
		expect(again.output).toContain('✓ Das Konto für zweite@example.de (Koordinierungsstelle, „Zweite Koordinatorin“) hat noch kein Passwort: neue Einladung verschickt.');
		expect(again.output).toContain('Frühere Einladungslinks gelten nicht mehr.');
		expect(again.output).not.toContain('gibt es bereits ein Konto');
		const secondId = linkTokenId(again.output);
		expect(secondId).toBeDefined();
		expect(secondId).not.toBe(firstId);
		expect(await invitationIds(settings.DATABASE_URL, 'zweite@example.de')).toEqual([secondId]);

		// Another name given the second time is not taken silently.
		const renamed = await runScript('scripts/admin-create.ts', ['--email', 'zweite@example.de', '--name', 'Anderer Name'], settings);
		expect(renamed.output).toContain('Der Name bleibt „Zweite Koordinatorin“; --name gilt nur für ein neues Konto.');
	});

	test('a deactivated coordinator without a password is not invited again, and the refusal says who can give the access back', async () => {
		const settings = await createdThen("UPDATE user SET deactivated_at = 1 WHERE email = 'zweite@example.de'");
		const refused = await runScript('scripts/admin-create.ts', args, settings);
		expect(refused.code).toBe(1);
		expect(refused.output).toContain('✗ Zu zweite@example.de gibt es bereits ein Konto (Koordination, deaktiviert).');
		expect(refused.output).toContain('Einen beendeten Zugang gibt jemand aus dem Team unter „Team“ (/koordination/team/) wieder frei.');
	});

	test('an account with a password, or a member, is left alone', async () => {
		const settings = await createdThen(
			"UPDATE user SET password_hash = 'ein-hash' WHERE email = 'zweite@example.de'",
			"INSERT INTO user (id, name, email, role, created_at) VALUES ('mitglied-ohne-passwort', 'Ein Mitglied', 'mitglied@example.de', 'member', 0)",
		);
		const withPassword = await runScript('scripts/admin-create.ts', args, settings);
		expect(withPassword.code).toBe(1);
		expect(withPassword.output).toContain('✗ Zu zweite@example.de gibt es bereits ein Konto (Koordination).');
		const member = await runScript('scripts/admin-create.ts', ['--email', 'mitglied@example.de', '--name', 'Ein Mitglied'], settings);
		expect(member.code).toBe(1);
		expect(member.output).toContain('✗ Zu mitglied@example.de gibt es bereits ein Konto (Mitglied).');
		expect(await invitationIds(settings.DATABASE_URL, 'mitglied@example.de')).toEqual([]);
	});

	test('a name with a space but without quotes is refused, not cut to its first word', async () => {
		const settings = env();
		const run = await runScript('scripts/admin-create.ts', ['--email', 'dritte@example.de', '--name', 'Vorname', 'Nachname'], settings);
		expect(run.code).toBe(2);
		expect(run.output.trim()).toBe('✗ Unerwartete Angabe: Nachname. Erlaubt sind --email, --name; ein Wert mit Leerzeichen gehört in Anführungszeichen, z. B. --name "Vorname Nachname".');
		expect(existsSync(settings.DATABASE_URL.slice('file:'.length)), 'nothing was created').toBe(false);

		const typo = await runScript('scripts/admin-create.ts', ['--email', 'dritte@example.de', '--nmae', 'Vorname Nachname'], settings);
		expect(typo.code).toBe(2);
		expect(typo.output).toContain('✗ Unerwartete Angabe: --nmae Vorname Nachname.');
	});
});

describe('started from another folder', () => {
	test('a script keeps its mail folder and backups in the project, not in the working directory', () => {
		const elsewhere = mkdtempSync(join(tmpdir(), 'netzwerkforum-cwd-'));
		const setup = pathToFileURL(resolve('scripts/lib/setup.ts')).href;
		const code = `const { setupFromEnv } = await import(${JSON.stringify(setup)}); const { config } = setupFromEnv(); console.log(JSON.stringify([config.outboxDir, config.backups.dir]));`;
		const env: NodeJS.ProcessEnv = { ...process.env, DEMO: '1', DATABASE_URL: `file:${join(elsewhere, 'x.db')}` };
		delete env.OUTBOX_DIR;
		delete env.BACKUP_DIR;
		const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: elsewhere, env, encoding: 'utf8' });
		expect(run.status, run.stderr).toBe(0);
		expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual([resolve('db/outbox'), resolve('db/backups')]);
	});
});

describe.concurrent('settings that used to fail late or not at all', () => {
	test('an SMTP_URL with an unencoded # in the password is refused before anything runs, without quoting it', async () => {
		const env = { ...production(), SMTP_URL: 'smtp://mailuser:Sehr#Geheim@127.0.0.1:4474' };
		const runs = [await runScript('scripts/admin-create.ts', ['--email', 'erste@example.de', '--name', 'Erste Koordinatorin'], env), await runScript('scripts/serve.ts', [], env)];
		for (const run of runs) {
			expect(run.code, run.output).toBe(1);
			expect(run.output.trim()).toBe(
				'✗ Ungültige Konfiguration: SMTP_URL: ist keine gültige Adresse. Sonderzeichen in Benutzername oder Passwort müssen prozentkodiert sein, z. B. # als %23, @ als %40, / als %2F, : als %3A',
			);
			expect(run.output).not.toMatch(/Geheim|DEP0170|Invalid URL|läuft/);
		}
	});

	test('PORT=abc stops the server at once with a German line, instead of a server that never listens', async () => {
		const run = await runScript('scripts/serve.ts', [], { ...production(), PORT: 'abc' });
		expect(run.code).toBe(1);
		expect(run.output.trim()).toBe('✗ Ungültige Konfiguration: PORT: muss eine ganze Zahl sein');
	});

	test('a database that cannot be opened ends the start with one German line naming it and the cause, never its password', async () => {
		const port = await freePort();
		const unreachable = await runScript('scripts/serve.ts', [], { ...production(), DEMO: '1', PORT: String(await freePort()), DATABASE_URL: `http://127.0.0.1:${port}` });
		expect(unreachable.code).toBe(1);
		expect(unreachable.output.trim()).toBe(`✗ Die Datenbank lässt sich nicht öffnen (DATABASE_URL: libSQL-Server 127.0.0.1:${port}): fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`);

		const withPassword = await runScript('scripts/db-migrate.ts', [], { ...production(), DATABASE_URL: `http://forum:Geheim@127.0.0.1:${port}` });
		expect(withPassword.code).toBe(1);
		expect(withPassword.output).toContain(`✗ Die Datenbank lässt sich nicht öffnen (DATABASE_URL: libSQL-Server 127.0.0.1:${port}): `);
		expect(withPassword.output).not.toMatch(/Geheim|forum:/);

		// A server that takes the connection and never answers: the start gives up after 10 s and says so.
		const silent = createServer(() => {});
		await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
		const silentPort = (silent.address() as AddressInfo).port;
		try {
			const hanging = await runScript('scripts/db-migrate.ts', [], { ...production(), DATABASE_URL: `http://127.0.0.1:${silentPort}` });
			expect(hanging.code).toBe(1);
			expect(hanging.output.trim()).toBe(
				`✗ Die Datenbank lässt sich nicht öffnen (DATABASE_URL: libSQL-Server 127.0.0.1:${silentPort}): keine Antwort nach 10 Sekunden. Läuft der Datenbankserver, und ist er von diesem Rechner aus erreichbar?`,
			);
		} finally {
			silent.close();
		}

		// A folder that is a file: the path is named, and why.
		const dir = mkdtempSync(join(tmpdir(), 'netzwerkforum-ops-'));
		writeFileSync(join(dir, 'kein-ordner'), '');
		const notAFolder = await runScript('scripts/db-migrate.ts', [], { ...production(), DATABASE_URL: `file:${join(dir, 'kein-ordner', 'forum.db')}` });
		expect(notAFolder.code).toBe(1);
		expect(notAFolder.output.trim()).toMatch(new RegExp(`^✗ Die Datenbank lässt sich nicht öffnen \\(DATABASE_URL: ${join(dir, 'kein-ordner', 'forum.db')}\\): EEXIST`));
		expect(notAFolder.output).not.toMatch(/\n\s+at /);
	});

	test('a new, empty database is pointed out outside demo mode, with its absolute path', async () => {
		const settings = production();
		const path = settings.DATABASE_URL.slice('file:'.length);
		const notice = `Achtung: Neue, leere Datenbank angelegt unter ${path}. Falls es schon eine gab: Stimmt DATABASE_URL?`;
		const first = await runScript('scripts/db-migrate.ts', [], settings);
		expect(first.code, first.output).toBe(0);
		expect(first.output).toContain(notice);
		const second = await runScript('scripts/db-migrate.ts', [], settings);
		expect(second.output).not.toContain('Neue, leere Datenbank');
		const demo = await runScript('scripts/db-migrate.ts', [], { ...production(), DEMO: '1' });
		expect(demo.output, 'the demo fills a new database anyway').not.toContain('Neue, leere Datenbank');
	});

	test('db:backup refuses a database without the forum\'s tables instead of reporting a backup', async () => {
		const settings = { ...production(), BACKUP_DIR: join(mkdtempSync(join(tmpdir(), 'netzwerkforum-ops-')), 'backups') };
		const other = createClient({ url: settings.DATABASE_URL });
		await other.execute('CREATE TABLE fremd (x)');
		other.close();
		const run = await runScript('scripts/db-backup.ts', [], settings);
		expect(run.code).toBe(1);
		expect(run.output).toContain('✗ Diese Datenbank ist leer (keine Tabellen des Netzwerkforums); nichts gesichert. Stimmt DATABASE_URL?');
		expect(run.output).not.toContain('✓ Sicherung');
		expect(existsSync(settings.BACKUP_DIR)).toBe(false);
	});

	test('db:backup and db:purge refuse a database file that does not exist (a mistyped DATABASE_URL), and create none', async () => {
		const settings = { ...production(), BACKUP_DIR: join(mkdtempSync(join(tmpdir(), 'netzwerkforum-ops-')), 'backups') };
		const path = settings.DATABASE_URL.slice('file:'.length);
		for (const script of ['scripts/db-backup.ts', 'scripts/db-purge.ts']) {
			const run = await runScript(script, [], settings);
			expect(run.code, `${script}: ${run.output}`).toBe(1);
			expect(run.output).toContain(`✗ Es gibt keine Datenbank unter ${path}. Stimmt DATABASE_URL`);
			expect(existsSync(path), script).toBe(false);
		}
	});

	test('reminders whose mails fail end the run with exit code 1 and say so, for cron and monitoring', async () => {
		const closed = await freePort();
		const settings = { ...production(), SITE_URL: 'http://localhost:4321', SMTP_URL: `smtp://127.0.0.1:${closed}`, OFFICE_EMAIL: 'koordination@example.de', MAIL_FROM: 'Netzwerkforum <netzwerkforum@example.de>' };
		expect((await runScript('scripts/db-migrate.ts', [], settings)).code).toBe(0);
		// A group with one member and a meeting tomorrow: the day reminder is due.
		const db = createClient({ url: settings.DATABASE_URL });
		const tomorrow = Math.floor(Date.now() / 1000) + 20 * 3600;
		await db.batch([
			"INSERT INTO organization (id, name, industry_code, industry_label, town) VALUES ('firmaerinnerung1', 'Erinnerung GmbH', '28.41', 'Maschinenbau', 'Jena')",
			"INSERT INTO user (id, organization_id, name, email, role) VALUES ('mitgliederinner1', 'firmaerinnerung1', 'Erika Erinnerung', 'erika@example.de', 'member')",
			"INSERT INTO focus_group (id, name, topic_slug, cohort, status) VALUES ('grupperinnerung1', 'Fokusgruppe E', 'kundenbindung', 2026, 'published')",
			"INSERT INTO group_membership (group_id, user_id, created_at) VALUES ('grupperinnerung1', 'mitgliederinner1', 0)",
			{ sql: "INSERT INTO meeting (id, group_id, starts_at, ends_at, address, status) VALUES ('treffenerinner01', 'grupperinnerung1', ?, ?, 'Online', 'planned')", args: [tomorrow, tomorrow + 3 * 3600] },
		]);
		db.close();
		const run = await runScript('scripts/reminders.ts', [], settings);
		expect(run.code, run.output).toBe(1);
		expect(run.output).toContain('✗ Erinnerungen: 0 verschickt, 1 fehlgeschlagen');
	});

	test('reminders print nothing when nothing was due, so cron mails nobody every ten minutes', async () => {
		const settings = { ...production(), SITE_URL: 'http://localhost:4321', SMTP_URL: 'smtp://127.0.0.1:2525', OFFICE_EMAIL: 'koordination@example.de', MAIL_FROM: 'Netzwerkforum <netzwerkforum@example.de>' };
		expect((await runScript('scripts/db-migrate.ts', [], settings)).code).toBe(0);
		const run = await runScript('scripts/reminders.ts', [], settings);
		expect(run.code, run.output).toBe(0);
		expect(run.output).toBe('');
	});
});
