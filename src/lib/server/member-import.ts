/**
 * Taking over an existing network (lib/forms/member-import.ts reads the file): compares the
 * people with the accounts on file and creates companies and accounts in one transaction. The
 * accounts begin as invited ones, without a password; invitations go out only when the office
 * says so, since members should hear from the office first that the platform is coming.
 */
import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { auditEvent, organization, user } from '../../../db/schema.ts';
import { type ImportPerson } from '../forms/member-import.ts';
import { companyKey } from '../search-text.ts';
import { findPlace } from '../reference/places.ts';
import { createUser, isTakenEmail, issueInvitation, mailInvitation } from './accounts.ts';
import { recordAudit } from './audit.ts';
import { getDb } from './db.ts';
import { setInterests } from './interests.ts';
import { createOrganization, takenOverNotInvited } from './members.ts';
import { logFailure } from './security-log.ts';

/** A person as the import would take them over: into a new company of the file, or into one on file. */
export interface PlannedPerson extends ImportPerson {
	/** The active company on file under this name, which the person joins (its data stay as they are). */
	joins: { id: string; name: string; town: string } | null;
}

export interface ImportPlan {
	people: PlannedPerson[];
	/** People the database refuses: an address with an account already. */
	problems: string[];
	/** What the office should look at before taking the file over: a company joined elsewhere, a place not found. */
	notes: string[];
	/** New companies the import creates. */
	newCompanies: number;
}

/** Compares the file's people with the database: who has an account already, which companies exist. */
export async function planImport(people: readonly ImportPerson[], tx?: Db | Tx): Promise<ImportPlan> {
	const db = tx ?? (await getDb());
	const addresses = people.map((p) => p.email);
	const taken = new Map<string, string>();
	// In slices: SQLite takes only so many values in one statement.
	for (let i = 0; i < addresses.length; i += 500) {
		const rows = await db.select({ email: user.email, name: user.name }).from(user).where(inArray(user.email, addresses.slice(i, i + 500)));
		for (const row of rows) taken.set(row.email, row.name);
	}
	// All active companies, compared in JavaScript: SQLite's lower() folds A to Z only, not Ä or Ö.
	const active = await db
		.select({ id: organization.id, name: organization.name, town: organization.town, postcode: organization.postcode })
		.from(organization)
		.where(eq(organization.status, 'active'))
		.orderBy(asc(organization.createdAt), asc(organization.id));
	const onFile = Map.groupBy(active, (company) => companyKey(company.name));

	const problems: string[] = [];
	const notes: string[] = [];
	const planned: PlannedPerson[] = [];
	const seen = new Set<string>();
	for (const person of people) {
		const holder = taken.get(person.email);
		if (holder !== undefined) {
			problems.push(`Zeile ${person.line} (${person.companyName}): Zu ${person.email} gibt es schon ein Konto (${holder}). Bitte nehmen Sie die Zeile heraus.`);
			continue;
		}
		const key = companyKey(person.companyName);
		// Two active companies of one name: the older one, which the office's list shows first.
		const [company, ...others] = onFile.get(key) ?? [];
		planned.push({ ...person, joins: company ? { id: company.id, name: company.name, town: company.town } : null });
		if (seen.has(key)) continue;
		seen.add(key);
		if (company && (others.length > 0 || company.postcode !== person.postcode || company.town.toLocaleLowerCase('de') !== person.town.toLocaleLowerCase('de'))) {
			const where = others.length > 0 ? `${others.length + 1}-mal, die Person kommt zum ältesten, in ${company.town}` : `in ${[company.postcode, company.town].filter(Boolean).join(' ')}`;
			notes.push(`Zeile ${person.line}: ${company.name} ist schon Mitglied (${where}), die Datei nennt ${person.postcode} ${person.town}. Ist es ein anderes Unternehmen, geben Sie ihm in der Datei einen eigenen Namen.`);
		}
		// Without a place from the list the matching cannot seat the company, as after an application.
		if (!company && !findPlace(person.postcode, person.town)) {
			notes.push(`Zeile ${person.line}: ${person.postcode} ${person.town} steht nicht in der Liste der Thüringer Postleitzahlen; bis der Ort auf der Seite des Mitglieds berichtigt ist, kann die Gruppenbildung ${person.companyName} nicht einteilen.`);
		}
	}
	const newCompanies = new Set(planned.filter((p) => !p.joins).map((p) => companyKey(p.companyName))).size;
	return { people: planned, problems, notes, newCompanies };
}

/** A short mark of a file's text for the log: a second click on "anlegen" finds the import the first one made. */
export const fileMark = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** How many accounts were taken over from the file with this mark (0: not taken over yet). */
export async function accountsFromFile(file: string): Promise<number> {
	const db = await getDb();
	const row = await db
		.select({ n: sql<number>`count(*)` })
		.from(auditEvent)
		// Accounts erased since (a mistaken import undone) do not count: the file may then be taken over again.
		.innerJoin(user, eq(user.id, auditEvent.subjectId))
		.where(and(eq(auditEvent.action, 'member.imported'), sql`json_extract(${auditEvent.details}, '$.file') = ${file}`))
		.get();
	return row?.n ?? 0;
}

export type ImportResult = { ok: true; userIds: string[]; newCompanies: number } | { ok: false; problems: string[] };

/**
 * Creates the companies and accounts of a file that passed the check, all or nothing: planned
 * again inside the transaction, so an account made since the check stops the whole import.
 */
export async function importMembers(people: readonly ImportPerson[], actorId: string, now: Date = new Date(), file?: string): Promise<ImportResult> {
	const db = await getDb();
	return db
		.transaction(async (tx): Promise<ImportResult> => {
			const plan = await planImport(people, tx);
			if (plan.problems.length > 0) return { ok: false, problems: plan.problems };
			const companyOf = new Map<string, string>();
			const userIds: string[] = [];
			for (const person of plan.people) {
				const key = companyKey(person.companyName);
				let organizationId = person.joins?.id ?? companyOf.get(key);
				if (!organizationId) {
					const place = findPlace(person.postcode, person.town);
					organizationId = await createOrganization(
						{
							name: person.companyName,
							legalForm: person.legalForm,
							industryCode: person.industryCode,
							industryLabel: person.industryLabel,
							street: person.street,
							postcode: person.postcode,
							town: person.town,
							latitude: place?.lat ?? null,
							longitude: place?.lon ?? null,
							sizeBand: person.sizeBand,
							website: person.website,
						},
						tx,
						now,
					);
					companyOf.set(key, organizationId);
				}
				const userId = await createUser({ name: person.name, email: person.email, role: 'member', organizationId, position: person.position, phone: person.phone, takenOver: true }, tx, now);
				await setInterests(userId, person.interests, tx, now);
				// Ids only, like every entry of the log: which company the account was made for, and from which file (fileMark).
				await recordAudit({ actorId, action: 'member.imported', subjectType: 'user', subjectId: userId, details: { organization: organizationId, ...(file && { file }) } }, tx, now);
				userIds.push(userId);
			}
			return { ok: true, userIds, newCompanies: plan.newCompanies };
		})
		.catch((error: unknown) => {
			// Another instance gave one of the addresses an account at the same moment: nothing was kept.
			if (isTakenEmail(error)) return { ok: false, problems: ['Eine der E-Mail-Adressen hat eben ein Konto bekommen. Bitte prüfen Sie die Datei noch einmal.'] };
			throw error;
		});
}

/**
 * Invites accounts taken over, one after the other after the response: a long list would keep
 * the office's page waiting. Each account's first invitation is claimed in a write transaction
 * that checks it has none yet, so two clicks, two colleagues or two instances never both send
 * one (a second would void the first link); and an account the batch has not reached when the
 * server stops stays on the list, to be invited again. A mail that fails shows in the office's
 * work queue, from where the invitation is sent again on the member's page.
 */
export function inviteInBackground(userIds: readonly string[], actorId: string): Promise<void> {
	const sending = (async () => {
		for (const userId of userIds) {
			const mail = await claimFirstInvitation(userId, actorId).catch((error: unknown) => {
				logFailure(error, { during: 'invitation after import' });
				return null;
			});
			if (mail) await mailInvitation(mail, userId);
		}
	})();
	// The caller answers at once; tests and scripts may wait for the last mail.
	return sending;
}

/**
 * One account's first invitation, from the member's page: claimed as inviteInBackground claims
 * it, so a double click or a colleague inviting the whole list at the same moment sends one.
 * Whether its mail went out; null when the account had an invitation already.
 */
export async function sendFirstInvitation(userId: string, actorId: string, now: Date = new Date()): Promise<{ mailed: boolean } | null> {
	const mail = await claimFirstInvitation(userId, actorId, now);
	return mail && { mailed: await mailInvitation(mail, userId) };
}

/** The first invitation of an account taken over, issued and logged; null when it has one already. */
async function claimFirstInvitation(userId: string, actorId: string, now: Date = new Date()) {
	const db = await getDb();
	return db.transaction(async (tx) => {
		if (!(await awaitsFirstInvitation(userId, tx))) return null;
		return (await issueInvitation(userId, actorId, now, { takenOver: true }, tx)).mail;
	});
}

/**
 * Accounts taken over from a file that never got an invitation and are still waiting for one
 * (no password, not deactivated), by company: the office invites them when the members know
 * the platform is coming. With `onlyUserId`, that account alone (or nobody).
 */
export async function importedWithoutInvitation(onlyUserId?: string, tx?: Tx): Promise<{ userId: string; name: string }[]> {
	const db = tx ?? (await getDb());
	return db
		.select({ userId: user.id, name: user.name })
		.from(user)
		.innerJoin(organization, eq(user.organizationId, organization.id))
		.where(
			and(
				onlyUserId === undefined ? undefined : eq(user.id, onlyUserId),
				eq(user.role, 'member'),
				isNull(user.passwordHash),
				isNull(user.deactivatedAt),
				takenOverNotInvited,
			),
		)
		.orderBy(asc(organization.name), asc(user.name));
}

/**
 * Whether the account was taken over from a list and never invited, deactivated or not: the
 * address correction that tells nobody (correctPerson's neverInvited) holds for it either way.
 */
export async function neverInvited(userId: string): Promise<boolean> {
	const db = await getDb();
	return (await db.select({ id: user.id }).from(user).where(and(eq(user.id, userId), takenOverNotInvited)).get()) !== undefined;
}

/** Whether the account was taken over from a list and still waits for its first invitation. */
export const awaitsFirstInvitation = async (userId: string, tx?: Tx) => (await importedWithoutInvitation(userId, tx)).length > 0;

