/**
 * Scripts configure the server modules from process.env (astro:env exists only inside the
 * Astro build) and open the database themselves.
 */
import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { fileURLToPath } from 'node:url';
import { createDb, databaseLocation, localPath, migrateDb, type Db } from '../../db/client.ts';
import { installConfig, readConfig, readListenAddress, type ServerConfig } from '../../src/lib/server/config.ts';
import { installDb } from '../../src/lib/server/db.ts';
import { builtForMismatch, readBuiltFor } from './build-notices.ts';

/** The project's folder (package.json, dist/, db/), wherever a script was started from. */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** An operator's typo, not a bug: one German line naming the variable, no stack trace. */
function orRefuse<T>(read: () => T): T {
	try {
		return read();
	} catch (error) {
		console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	}
}

/**
 * The configuration from the environment, then the database. `refuse` may turn the start down
 * for the configuration (a reason to print), before a database file is opened or created;
 * `existingDatabase` refuses a local database file that does not exist (a script, not a start).
 */
export function setupFromEnv(options: { refuse?: (config: ServerConfig) => string | null; existingDatabase?: boolean } = {}): { config: ServerConfig; db: Db } {
	const config = orRefuse(() => readConfig((name) => process.env[name]));
	const reason = options.refuse?.(config);
	if (reason) {
		console.error(reason);
		process.exit(1);
	}
	// The app in dist/ reads its configuration again (astro:env, from process.env), and its own
	// copy of the defaults (db/client.ts) would resolve against dist/: it gets the paths resolved here.
	process.env.DATABASE_URL ||= config.databaseUrl;
	process.env.OUTBOX_DIR ||= config.outboxDir;
	process.env.BACKUP_DIR ||= config.backups.dir;
	installConfig(config);
	const path = localPath(config.databaseUrl);
	const isNew = path !== null && !existsSync(path);
	if (isNew && options.existingDatabase) {
		console.error(`✗ Es gibt keine Datenbank unter ${path}. Stimmt DATABASE_URL (oder läuft der Befehl im Ordner der Plattform)?`);
		process.exit(1);
	}
	let db: Db;
	try {
		db = createDb({ url: config.databaseUrl, authToken: config.databaseAuthToken });
	} catch (error) {
		refuseUnusableDatabase(config, error);
	}
	// A mistyped path, or a service started in another folder, would otherwise carry on with no
	// members, no accounts and no error. The demo fills a new database, so there it is expected.
	if (isNew && !config.demo) console.error(`Achtung: Neue, leere Datenbank angelegt unter ${path}. Falls es schon eine gab: Stimmt DATABASE_URL?`);
	installDb(db);
	return { config, db };
}

/** Where the server listens (HOST, PORT), checked like the rest of the configuration. */
export function listenAddressFromEnv(): { host: string; port: number } {
	return orRefuse(() => readListenAddress((name) => process.env[name]));
}

/**
 * How long a database server may take to answer the first question of a start. One that never
 * answers (a firewall that drops packets, a stopped VM behind a live address) held every start
 * and script forever, with nothing printed; the libSQL client's own timeout covers only SQLite's
 * locks. The migrations that follow are not raced: over a slow link they may take longer.
 */
const FIRST_ANSWER_MS = 10_000;

export async function migrate(config: ServerConfig, db: Db): Promise<void> {
	try {
		await answersWithin(db, FIRST_ANSWER_MS);
		await migrateDb(db, config.databaseUrl);
	} catch (error) {
		refuseUnusableDatabase(config, error);
	}
}

async function answersWithin(db: Db, ms: number): Promise<void> {
	let timer: NodeJS.Timeout | undefined;
	const silence = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`keine Antwort nach ${ms / 1000} Sekunden. Läuft der Datenbankserver, und ist er von diesem Rechner aus erreichbar?`)), ms);
	});
	try {
		await Promise.race([db.run(sql`select 1`), silence]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * A database that cannot be opened or migrated (a server that does not answer, a folder the
 * server may not write): one German line with where and why, instead of a stack trace.
 */
function refuseUnusableDatabase(config: ServerConfig, error: unknown): never {
	console.error(`✗ Die Datenbank lässt sich nicht öffnen (DATABASE_URL: ${databaseLocation(config.databaseUrl)}): ${causeOf(error)}`);
	process.exit(1);
}

/**
 * The messages of an error and its causes, without drizzle's wrapper (it quotes the statement,
 * not the reason) and without anything in an address before an @ (user and password): fetch
 * quotes the whole URL when it refuses one with credentials.
 */
function causeOf(error: unknown): string {
	const messages: string[] = [];
	for (let current = error; current instanceof Error; current = current.cause) {
		if ('query' in current) continue;
		if (!messages.some((message) => message.includes(current.message))) messages.push(current.message);
	}
	const text = messages.length > 0 ? messages.join(': ') : String(error);
	return text.replace(/\/\/[^/@\s]*@/g, '//…@').replace(/(authToken=)[^&\s]+/g, '$1…');
}

/**
 * Reads `--name value` pairs from argv, for the options `known`. Anything else ends the script
 * with a German reason: `--name Vorname Nachname` without quotes made the name "Vorname" and
 * dropped the rest unseen.
 */
export function parseArgs<Option extends string>(argv: string[], known: readonly Option[]): Partial<Record<Option, string>> {
	const args: Partial<Record<Option, string>> = {};
	const unexpected: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const word = argv[i]!;
		const option = word.slice(2) as Option;
		if (!word.startsWith('--') || !known.includes(option)) {
			unexpected.push(word);
			continue;
		}
		const value = argv[i + 1];
		// No option here is a switch: one without its value counts as missing.
		if (value === undefined || value.startsWith('--')) continue;
		args[option] = value;
		i++;
	}
	if (unexpected.length > 0) {
		console.error(
			`✗ Unerwartete Angabe: ${unexpected.join(' ')}. Erlaubt sind ${known.map((name) => `--${name}`).join(', ')}; ` +
				'ein Wert mit Leerzeichen gehört in Anführungszeichen, z. B. --name "Vorname Nachname".',
		);
		process.exit(2);
	}
	return args;
}

/**
 * Outside demo mode: what in the configuration would send mail nobody can answer or receive.
 * The defaults exist so the demo and the tests need no settings; in production they are a
 * forgotten line in the environment file, which nothing else would reveal before a member asks.
 */
export function productionMailWarnings(config: ServerConfig): string[] {
	if (config.demo) return [];
	const warnings: string[] = [];
	if (config.officeEmail.endsWith('@example.org'))
		warnings.push(`Achtung: OFFICE_EMAIL ist nicht gesetzt. Neue Bewerbungen und Hinweise gehen an ${config.officeEmail}, Antworten der Mitglieder (Reply-To) ebenso.`);
	if (/@example\.org>?$/.test(config.mailFrom)) warnings.push(`Achtung: MAIL_FROM ist nicht gesetzt. Mails gehen als „${config.mailFrom}“ hinaus.`);
	if (!config.smtpUrl) warnings.push(`Achtung: SMTP_URL ist nicht gesetzt. Keine Mail verlässt den Server; jede landet als .eml-Datei in ${config.outboxDir}/.`);
	return warnings;
}

/**
 * Scripts that mail links (invitations, reminders) run from cron or a shell, not from the
 * server's service, and so easily without its environment: then SITE_URL falls back to
 * localhost and every link in their mails points there. Outside demo mode they refuse to run
 * when the address differs from the one the build was made for, as the server does.
 */
export function refuseWithoutServerEnvironment(config: ServerConfig, root = PROJECT_ROOT): void {
	const builtFor = readBuiltFor(root);
	if (!builtForMismatch(builtFor, config.siteUrl, config.demo)) return;
	console.error(
		`✗ SITE_URL ist ${process.env.SITE_URL ? `${config.siteUrl.origin}` : 'nicht gesetzt'}, der Build wurde aber für ${builtFor} gemacht. Links in den Mails zeigten auf die falsche Adresse. ` +
			'Dieses Skript braucht dieselbe Umgebung wie der Server (README, „Betrieb“: eine Umgebungsdatei für Dienst und cron).',
	);
	process.exit(1);
}
