/**
 * `npm run admin:reset-2fa -- --email adresse@example.de`: removes a person's authenticator app,
 * for someone who lost their phone. They then sign in with the password alone (a coordinator is
 * asked to set up a new app at once). Run by whoever operates the server: nobody can do this
 * from a browser without the password, so a stolen password alone never suffices.
 */
import { z } from 'astro/zod';
import { findUserByEmail } from '../src/lib/server/accounts.ts';
import { commandLineDetails } from '../src/lib/server/audit.ts';
import { removeSecondFactor } from '../src/lib/server/second-factor.ts';
import { migrate, parseArgs, productionMailWarnings, refuseWithoutServerEnvironment, setupFromEnv } from './lib/setup.ts';

const args = parseArgs(process.argv.slice(2), ['email']);
const input = z.email({ error: 'Bitte die E-Mail-Adresse des Kontos mit --email angeben.' }).safeParse(args.email);
if (!input.success) {
	for (const issue of input.error.issues) console.error(`✗ ${issue.message}`);
	process.exit(2);
}

const { config, db } = setupFromEnv();
// The person gets a mail with a link to reset the password: the server's address, not localhost.
refuseWithoutServerEnvironment(config);
for (const warning of productionMailWarnings(config)) console.error(warning);
await migrate(config, db);
const account = await findUserByEmail(input.data);
const removed = account ? await removeSecondFactor(account.id, null, new Date(), commandLineDetails()) : false;
db.$client.close();
if (!account) {
	console.error(`✗ Zu ${input.data} gibt es kein Konto.`);
	process.exit(1);
}
console.log(
	removed
		? `✓ Die Anmeldung mit App für ${input.data} ist entfernt. Die nächste Anmeldung braucht nur das Passwort.`
		: `• ${input.data} hatte keine Anmeldung mit App; nichts geändert.`,
);
