/**
 * Scripts configure the server modules from process.env (astro:env exists only inside the
 * Astro build) and open the database themselves.
 */
import { createDb, migrateDb, type Db } from '../../db/client.ts';
import { installConfig, readConfig, type ServerConfig } from '../../src/lib/server/config.ts';
import { installDb } from '../../src/lib/server/db.ts';
import { builtForMismatch, readBuiltFor } from './build-notices.ts';

export function setupFromEnv(overrides: Record<string, string> = {}): { config: ServerConfig; db: Db } {
	let config: ServerConfig;
	try {
		config = readConfig((name) => overrides[name] ?? process.env[name]);
	} catch (error) {
		// An operator's typo, not a bug: one German line naming the variable, no stack trace.
		console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
		process.exit(1);
	}
	installConfig(config);
	const db = createDb({ url: config.databaseUrl, authToken: config.databaseAuthToken });
	installDb(db);
	return { config, db };
}

export async function migrate(config: ServerConfig, db: Db): Promise<void> {
	await migrateDb(db, config.databaseUrl);
}

/** Reads `--name value` pairs from argv. */
export function parseArgs(argv: string[]): Record<string, string> {
	const args: Record<string, string> = {};
	for (let i = 0; i < argv.length; i++) {
		const key = argv[i]!;
		if (!key.startsWith('--')) continue;
		const value = argv[i + 1];
		if (value === undefined || value.startsWith('--')) args[key.slice(2)] = 'true';
		else {
			args[key.slice(2)] = value;
			i++;
		}
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
export function refuseWithoutServerEnvironment(config: ServerConfig, root = '.'): void {
	const builtFor = readBuiltFor(root);
	if (!builtForMismatch(builtFor, config.siteUrl, config.demo)) return;
	console.error(
		`✗ SITE_URL ist ${process.env.SITE_URL ? `${config.siteUrl.origin}` : 'nicht gesetzt'}, der Build wurde aber für ${builtFor} gemacht. Links in den Mails zeigten auf die falsche Adresse. ` +
			'Dieses Skript braucht dieselbe Umgebung wie der Server (README, „Betrieb“: eine Umgebungsdatei für Dienst und cron).',
	);
	process.exit(1);
}
