/**
 * Promises of the public texts that the code can check: the privacy notice names every cookie
 * the server sets, what group mates see, what the app's own log holds and no deletion period the
 * code does not apply; legal pages leave their date to the page template, and the public texts call
 * an application what the form, the mails and the office call it: "Bewerbung".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const read = (path: string) => readFileSync(path, 'utf8');
const mdxIn = (dir: string) => readdirSync(dir).filter((name) => /\.mdx?$/.test(name)).map((name) => join(dir, name));
const CONTENT = [...mdxIn('src/content/pages'), ...mdxIn('src/content/articles'), ...mdxIn('src/content/topics')];

describe('Datenschutzerklärung', () => {
	const notice = read('src/content/pages/datenschutz.mdx');

	test('names every cookie the server sets, with and without the __Host- prefix', () => {
		const names = [...read('src/lib/server/session-cookie.ts').matchAll(/ownCookie\('([^']+)'\)/g)].map((m) => m[1]!);
		expect(new Set(names)).toEqual(new Set(['session', 'anmeldung']));
		for (const name of new Set(names)) {
			expect(notice, name).toContain(`\`${name}\``);
			expect(notice, `__Host-${name}`).toContain(`\`__Host-${name}\``);
		}
		expect(notice).not.toMatch(/genau ein(es)? Cookie|ein einziges Cookie/);
	});

	test('says what group mates see: every field of the roster, e-mail and phone only when shared', () => {
		const roster = /const groupMemberFields = \{([\s\S]*?)\n\};/.exec(read('src/lib/server/groups.ts'))![1]!;
		expect([...roster.matchAll(/^\t(\w+):/gm)].map((m) => m[1])).toEqual(['userId', 'name', 'position', 'email', 'phone', 'organizationId', 'organizationName', 'industryLabel', 'town']);
		expect(roster).toContain('CASE WHEN ${user.shareEmail} THEN ${user.email} END');
		expect(roster).toContain('CASE WHEN ${user.sharePhone} THEN ${user.phone} END');
		expect(notice).toContain('sehen im Portal stets Ihren Namen und Ihre Funktion sowie Name, Branche und Ort Ihres Unternehmens');
		expect(notice).toContain('Ihre E-Mail-Adresse und Ihre Telefonnummer sehen sie nur, wenn Sie die jeweilige Angabe in Ihrem Profil freigeben');
		// The mail to the group when the office gives someone a free seat (newcomerMail).
		expect(read('src/lib/server/mail-templates.ts')).toMatch(/Neu dabei ist \$\{options\.company\} aus \$\{options\.town\}, vertreten durch \$\{options\.person\}/);
		expect(notice).toContain('die Ihr Unternehmen, dessen Ort und Sie als dessen Vertreterin oder Vertreter nennt');
	});

	test('says the app logs no page views and no browser identifier: those are the proxy’s access log', () => {
		const sources = [...readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join('src', f)), 'scripts/serve.ts'];
		for (const file of sources) for (const call of read(file).match(/logEvent\([^)]*\)/g) ?? []) expect(call, file).not.toMatch(/agent/i);
		expect(notice).toContain('schreibt die einzelnen Seitenaufrufe nicht in ihre Logdatei');
		expect(notice).toMatch(/Zugriffsprotokoll zu jedem Abruf fest: .*Kennung Ihres Browsers \(User-Agent\)/);
	});

	test('names no deletion period the code does not apply: undecided applications wait for the office', () => {
		const due = /DECISION_DUE_DAYS = (\d+);/.exec(read('src/lib/server/office.ts'))![1];
		expect(notice).toContain(`die länger als ${due} Tage auf eine Entscheidung wartet, als überfällig auf`);
		expect(notice).toContain('Eine Bewerbung, über die noch nicht entschieden ist, bewahren wir auf, bis die Koordinierungsstelle entscheidet');
		const purged = /export interface PurgeReport \{([\s\S]*?)\}/.exec(read('src/lib/server/retention.ts'))![1]!;
		expect(purged).toContain('closedApplications');
		expect(purged).not.toMatch(/submitted/i);
	});

	test('says what the code does with a group\'s topics and meetings: topics go with its end, the group three years after it, as long as the log', () => {
		expect(read('src/lib/server/groups.ts')).toContain('export const ENDED_GROUP_RETENTION_DAYS = AUDIT_RETENTION_DAYS;');
		const purged = /export interface PurgeReport \{([\s\S]*?)\}/.exec(read('src/lib/server/retention.ts'))![1]!;
		expect(purged).toMatch(/endedGroups: number;\s*endedGroupTopics: number;/);
		expect(notice).toContain('Die Liste der Gesprächspunkte einer Gruppe löschen wir, sobald die Koordinierungsstelle die Gruppe beendet');
		expect(notice).toContain('Eine beendete Gruppe löschen wir drei Jahre nach ihrem Ende, so lange wie die Einträge des Protokolls (siehe 3.6)');
		expect(notice).toContain('Jeder Eintrag bleibt drei Jahre im Protokoll');
		expect(notice).not.toContain('gibt es bisher keine Frist, nach der das Portal sie von selbst löscht');
	});
});

describe('public texts', () => {
	test.each(CONTENT.filter((file) => /^updatedDate:/m.test(read(file))))('%s leaves "Stand" to the page template (updatedDate)', (file) => {
		expect(read(file)).not.toMatch(/^Stand:/m);
	});

	test.each(CONTENT)('%s says "Bewerbung", not "Antrag"', (file) => {
		expect(read(file).match(/\b\w*[Aa]ntr(a|ä)g\w*/g) ?? []).toEqual([]);
	});
});
