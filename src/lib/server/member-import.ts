/**
 * Taking over an existing network (lib/forms/member-import.ts reads the file): compares the
 * people with the accounts on file and creates companies and accounts in one transaction. The
 * accounts begin as invited ones, without a password; invitations go out only when the office
 * says so, since members should hear from the office first that the platform is coming.
 */
import { and, asc, eq, exists, inArray, isNull, not, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { auditEvent, organization, user } from '../../../db/schema.ts';
import { companyKey, type ImportPerson } from '../forms/member-import.ts';
import { findPlace } from '../reference/places.ts';
import { createUser, isTakenEmail, sendInvitation } from './accounts.ts';
import { recordAudit } from './audit.ts';
import { getDb } from './db.ts';
import { setInterests } from './interests.ts';
import { createOrganization } from './members.ts';
import { logFailure } from './security-log.ts';

/** A person as the import would take them over: into a new company of the file, or into one on file. */
export interface PlannedPerson extends ImportPerson {
	/** The active company on file under this name, which the person joins (its data stay as they are). */
	joins: { id: string; name: string } | null;
}

export interface ImportPlan {
	people: PlannedPerson[];
	/** People the database refuses: an address with an account already. */
	problems: string[];
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
	const keys = [...new Set(people.map((p) => companyKey(p.companyName)))];
	const onFile = new Map<string, { id: string; name: string }>();
	for (let i = 0; i < keys.length; i += 500) {
		const rows = await db
			.select({ id: organization.id, name: organization.name, key: sql<string>`lower(trim(${organization.name}))` })
			.from(organization)
			.where(and(eq(organization.status, 'active'), inArray(sql`lower(trim(${organization.name}))`, keys.slice(i, i + 500))))
			.orderBy(organization.createdAt);
		// Two active companies of one name: the older one, as the office's list shows it first.
		for (const row of rows) if (!onFile.has(row.key)) onFile.set(row.key, { id: row.id, name: row.name });
	}
	const problems: string[] = [];
	const planned: PlannedPerson[] = [];
	for (const person of people) {
		const holder = taken.get(person.email);
		if (holder !== undefined) {
			problems.push(`Zeile ${person.line} (${person.companyName}): Zu ${person.email} gibt es schon ein Konto (${holder}). Bitte nehmen Sie die Zeile heraus.`);
			continue;
		}
		planned.push({ ...person, joins: onFile.get(companyKey(person.companyName)) ?? null });
	}
	const newCompanies = new Set(planned.filter((p) => !p.joins).map((p) => companyKey(p.companyName))).size;
	return { people: planned, problems, newCompanies };
}

export type ImportResult = { ok: true; userIds: string[]; newCompanies: number } | { ok: false; problems: string[] };

/**
 * Creates the companies and accounts of a file that passed the check, all or nothing: planned
 * again inside the transaction, so an account made since the check stops the whole import.
 */
export async function importMembers(people: readonly ImportPerson[], actorId: string, now: Date = new Date()): Promise<ImportResult> {
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
				const userId = await createUser({ name: person.name, email: person.email, role: 'member', organizationId, position: person.position, phone: person.phone }, tx, now);
				await setInterests(userId, person.interests, tx, now);
				// Ids only, like every entry of the log: which company the account was made for.
				await recordAudit({ actorId, action: 'member.imported', subjectType: 'user', subjectId: userId, details: { organization: organizationId } }, tx, now);
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

/** Accounts whose invitation is on its way in this process: a second click must not send (and void) another. */
const beingInvited = new Set<string>();

/**
 * Invites accounts taken over, one mail each, after the response: a long list would keep the
 * office's page waiting. A mail that fails shows in the office's work queue, from where the
 * invitation is sent again on the member's page.
 */
export function inviteInBackground(userIds: readonly string[], actorId: string): void {
	const queued = userIds.filter((id) => !beingInvited.has(id));
	for (const id of queued) beingInvited.add(id);
	void (async () => {
		for (const userId of queued) {
			await sendInvitation(userId, actorId)
				.catch((error: unknown) => logFailure(error, { during: 'invitation after import' }))
				.finally(() => beingInvited.delete(userId));
		}
	})();
}

const loggedFor = (action: string) =>
	and(eq(auditEvent.action, action), eq(auditEvent.subjectType, 'user'), eq(auditEvent.subjectId, user.id));

/**
 * Accounts taken over from a file that never got an invitation and are still waiting for one
 * (no password, not deactivated), by company: the office invites them when the members know
 * the platform is coming. Read from the office's log, which keeps both events for three years.
 */
export async function importedWithoutInvitation(): Promise<{ userId: string; name: string }[]> {
	const db = await getDb();
	const logged = (action: string) => exists(db.select({ one: sql`1` }).from(auditEvent).where(loggedFor(action)));
	return db
		.select({ userId: user.id, name: user.name })
		.from(user)
		.innerJoin(organization, eq(user.organizationId, organization.id))
		.where(and(eq(user.role, 'member'), isNull(user.passwordHash), isNull(user.deactivatedAt), logged('member.imported'), not(logged('invitation.sent'))))
		.orderBy(asc(organization.name), asc(user.name))
		.then((rows) => rows.filter((row) => !beingInvited.has(row.userId)));
}
