/**
 * Taking over an existing network from a CSV file (coordinators only): `check` reads the file
 * and shows what would happen, `take` does it with the very text that was checked.
 */
import { ActionError } from 'astro:actions';
import { z } from 'astro/zod';
import { defineAction } from './define.ts';
import { withinOfficeMailLimit } from './refusals.ts';
import { checkbox } from '../lib/forms/fields.ts';
import { MAX_IMPORT_BYTES, decodeCsvBytes, readMemberImport } from '../lib/forms/member-import.ts';
import { topicsInOrder } from '../lib/content/topic-list.ts';
import { requireActionRole } from '../lib/server/guards.ts';
import { accountsFromFile, fileMark, importMembers, importedWithoutInvitation, inviteInBackground, planImport } from '../lib/server/member-import.ts';

const TOO_LARGE = `Diese Datei ist größer als ${MAX_IMPORT_BYTES / 1024} KB; so viele Mitglieder hat kein Netzwerk dieser Art. Ist es die richtige Datei? Sonst teilen Sie die Liste bitte auf.`;

/** The file's reading and the database's view of it, as the page shows it before anything is created. */
async function checkText(text: string) {
	const reading = readMemberImport(text, topicsInOrder().map((t) => ({ slug: t.id, title: t.data.title })));
	const plan = await planImport(reading.people);
	const byLine = (note: string) => Number(/^Zeile (\d+)/.exec(note)?.[1] ?? 0);
	const notes = [...reading.notes, ...plan.notes].sort((a, b) => byLine(a) - byLine(b));
	return { ...reading, people: plan.people, problems: [...reading.problems, ...plan.problems], notes, newCompanies: plan.newCompanies };
}

export const memberImport = {
	check: defineAction({
		accept: 'form',
		input: z.strictObject({
			datei: z.instanceof(File, { error: 'Bitte wählen Sie eine CSV-Datei.' }).refine((file) => file.size > 0, 'Bitte wählen Sie eine CSV-Datei; diese ist leer.'),
		}),
		handler: async (input, ctx) => {
			requireActionRole(ctx, 'coordinator');
			if (input.datei.size > MAX_IMPORT_BYTES) throw new ActionError({ code: 'CONTENT_TOO_LARGE', message: TOO_LARGE });
			const text = decodeCsvBytes(new Uint8Array(await input.datei.arrayBuffer()));
			return { text, fileName: input.datei.name, ...(await checkText(text)) };
		},
	}),

	take: defineAction({
		accept: 'form',
		input: z.strictObject({
			// Twice the file's limit: the browser sends the text back with every line break as CR LF.
			daten: z.string({ error: 'Bitte prüfen Sie zuerst eine Datei.' }).min(1, 'Bitte prüfen Sie zuerst eine Datei.').max(2 * MAX_IMPORT_BYTES, TOO_LARGE),
			einladen: checkbox,
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			// A second click while the first was working, or the page sent again: the first did it.
			// Asked first, and again whenever the file no longer goes in: the first may have committed meanwhile.
			const file = fileMark(input.daten);
			const doneByFirst = async () => {
				const accounts = await accountsFromFile(file);
				return accounts > 0 ? { accounts, newCompanies: null, invited: false, again: true } : null;
			};
			const refuse = (message: string): never => {
				throw new ActionError({ code: 'CONFLICT', message });
			};
			const earlier = await doneByFirst();
			if (earlier) return earlier;
			// Checked again: the text came back through the browser, and the database may have changed since.
			const checked = await checkText(input.daten);
			if (checked.problems.length > 0 || checked.people.length === 0) {
				return (await doneByFirst()) ?? refuse('Die Datei lässt sich so nicht mehr übernehmen, es hat sich seit der Prüfung etwas geändert. Bitte prüfen Sie sie noch einmal.');
			}
			const take = async () => {
				const result = await importMembers(checked.people, user.id, new Date(), file);
				if (!result.ok) {
					return (await doneByFirst()) ?? refuse(`Die Datei lässt sich nicht mehr übernehmen: ${result.problems.slice(0, 3).join(' ')}${result.problems.length > 3 ? ' …' : ''} Bitte prüfen Sie sie noch einmal.`);
				}
				if (input.einladen) void inviteInBackground(result.userIds, user.id);
				return { accounts: result.userIds.length, newCompanies: result.newCompanies, invited: input.einladen, again: false };
			};
			// One action of the office, however many mails it makes, like a mail to a group; checked
			// before anything is created, so a refusal leaves nothing half done.
			return input.einladen ? withinOfficeMailLimit(user.id, take) : take();
		},
	}),

	/** Invites every account taken over that has not had an invitation yet. */
	invite: defineAction({
		accept: 'form',
		input: z.strictObject({}),
		handler: async (_input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const waiting = await importedWithoutInvitation();
			if (waiting.length === 0) throw new ActionError({ code: 'CONFLICT', message: 'Kein übernommenes Konto wartet auf seine erste Einladung; vielleicht hat sie eben jemand anderes verschickt.' });
			await withinOfficeMailLimit(user.id, async () => void inviteInBackground(waiting.map((w) => w.userId), user.id));
			return { invited: waiting.length };
		},
	}),
};
