/**
 * `npm run admin:create -- --email adresse@example.de --name "Vorname Nachname"`: creates a
 * coordinator account without a password and prints a one-time invitation link (also mailed).
 * The way to the first coordinator in production; there is no default password anywhere.
 * Run again for a coordinator who never set a password, it sends a new invitation instead.
 */
import { z } from 'astro/zod';
import { createUser, findUserByEmail, sendInvitation } from '../src/lib/server/accounts.ts';
import { commandLineDetails } from '../src/lib/server/audit.ts';
import { migrate, parseArgs, productionMailWarnings, refuseWithoutServerEnvironment, setupFromEnv } from './lib/setup.ts';

const args = parseArgs(process.argv.slice(2), ['email', 'name']);
const input = z
	.object({
		email: z.email({ error: 'Bitte eine gültige E-Mail-Adresse mit --email angeben.' }),
		name: z
			.string({ error: 'Bitte den Namen mit --name "Vorname Nachname" angeben.' })
			.trim()
			.min(3, 'Der Name braucht mindestens 3 Zeichen: --name "Vorname Nachname".')
			.max(100, 'Der Name darf höchstens 100 Zeichen lang sein.'),
	})
	// No name made up from the address: it would greet the person in every mail and page, and the team page cannot change it.
	.safeParse({ email: args.email, name: args.name });
if (!input.success) {
	for (const issue of input.error.issues) console.error(`✗ ${issue.message}`);
	process.exit(2);
}

const { config, db } = setupFromEnv();
refuseWithoutServerEnvironment(config);
for (const warning of productionMailWarnings(config)) console.error(warning);
await migrate(config, db);
const existing = await findUserByEmail(input.data.email);
// A coordinator who never set a password (the invitation expired, the mail got lost) is invited
// again; the new invitation voids the old one. Everyone else keeps their account as it is.
const reinvite = existing?.role === 'coordinator' && existing.passwordHash === null && !existing.deactivatedAt;
if (existing && !reinvite) {
	const kind = existing.role === 'coordinator' ? (existing.deactivatedAt ? 'Koordination, deaktiviert' : 'Koordination') : 'Mitglied';
	console.error(`✗ Zu ${input.data.email} gibt es bereits ein Konto (${kind}).`);
	// Only someone of the team can give it back, with the password confirmed and everyone told.
	if (existing.role === 'coordinator' && existing.deactivatedAt) console.error('  Einen beendeten Zugang gibt jemand aus dem Team unter „Team“ (/koordination/team/) wieder frei.');
	db.$client.close();
	process.exit(1);
}
const userId = existing?.id ?? (await createUser({ name: input.data.name, email: input.data.email, role: 'coordinator' }));
const { link, mailed } = await sendInvitation(userId, null, new Date(), { auditDetails: commandLineDetails() });
if (existing) {
	console.log(`✓ Das Konto für ${input.data.email} (Koordinierungsstelle, „${existing.name}“) hat noch kein Passwort: neue Einladung verschickt.`);
	console.log('  Frühere Einladungslinks gelten nicht mehr.');
	if (args.name && args.name !== existing.name) console.log(`  Der Name bleibt „${existing.name}“; --name gilt nur für ein neues Konto.`);
} else console.log(`✓ Konto für ${input.data.email} angelegt (Koordinierungsstelle).`);
if (!mailed) console.log('  Die Einladungsmail konnte nicht verschickt werden (siehe SMTP_URL); der Link unten gilt trotzdem.');
console.log('  Einmaliger Einladungslink (7 Tage gültig), bitte nur an diese Person weitergeben:');
console.log(`  ${link}`);
db.$client.close();
