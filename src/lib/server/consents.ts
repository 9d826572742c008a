/**
 * A member's optional consents (the application form's opt-ins, OPT_INS): given on the form,
 * then given or withdrawn in the portal, or recorded by the office when a member withdraws one
 * by mail. The one module that writes the `consent` table; every change is a new row, so the
 * history stays as proof of what was agreed to when, in which wording.
 */
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { consent, organization, user } from '../../../db/schema.ts';
import { OPT_INS } from '../forms/application.ts';
import { recordAudit } from './audit.ts';
import { getDb } from './db.ts';

export type ConsentKey = (typeof OPT_INS)[number]['key'];
export type ConsentChoice = Record<ConsentKey, boolean>;

export interface ConsentState {
	given: boolean;
	textVersion: string;
	at: Date;
}

/** The latest row per key of each user: their consents as they stand. */
async function latestOf(userIds: readonly string[], db: Db | Tx) {
	if (userIds.length === 0) return [];
	// Newest first; the first row met per user and key is the current one.
	return db.select().from(consent).where(inArray(consent.userId, [...userIds])).orderBy(desc(consent.id));
}

/** Each consent of one member as it stands; null for one never given nor withdrawn. */
export async function currentConsents(userId: string, tx?: Db | Tx): Promise<Record<ConsentKey, ConsentState | null>> {
	const rows = await latestOf([userId], tx ?? (await getDb()));
	const state = Object.fromEntries(OPT_INS.map((o) => [o.key, null])) as Record<ConsentKey, ConsentState | null>;
	for (const row of rows) {
		const key = row.key as ConsentKey;
		if (key in state && state[key] === null) state[key] = { given: row.given, textVersion: row.textVersion, at: row.at };
	}
	return state;
}

/** The consents given and not withdrawn, per member, for the office's export. */
export async function givenConsentsOf(userIds: readonly string[]): Promise<Map<string, { key: string; textVersion: string; at: Date }[]>> {
	const seen = new Set<string>();
	const given = new Map<string, { key: string; textVersion: string; at: Date }[]>();
	for (const row of await latestOf(userIds, await getDb())) {
		const id = `${row.userId} ${row.key}`;
		if (seen.has(id)) continue;
		seen.add(id);
		if (row.given) given.set(row.userId, [...(given.get(row.userId) ?? []), { key: row.key, textVersion: row.textVersion, at: row.at }]);
	}
	return given;
}

/**
 * The member companies the public website names (/mitglieder/): those with a standing consent to
 * be named from an active member, and a withdrawal from none (one person of a company saying no
 * outweighs another's yes: "unser Unternehmen" is both of theirs). Only active accounts of active
 * companies count. Name and town only, as the consent's wording says; never who acts for the
 * company, nor anything of groups.
 */
export async function listedMemberCompanies(): Promise<{ name: string; town: string }[]> {
	const db = await getDb();
	const rows = await db
		.select({ userId: consent.userId, given: consent.given, organizationId: organization.id, name: organization.name, town: organization.town })
		.from(consent)
		.innerJoin(user, eq(user.id, consent.userId))
		.innerJoin(organization, eq(organization.id, user.organizationId))
		.where(and(eq(consent.key, 'listing'), eq(user.role, 'member'), isNull(user.deactivatedAt), eq(organization.status, 'active')))
		.orderBy(desc(consent.id));
	// Newest first: the first row met per member is their consent as it stands.
	const seen = new Set<string>();
	const companies = new Map<string, { name: string; town: string; named: boolean }>();
	for (const row of rows) {
		if (seen.has(row.userId)) continue;
		seen.add(row.userId);
		const company = companies.get(row.organizationId);
		companies.set(row.organizationId, { name: row.name, town: row.town, named: row.given && (company?.named ?? true) });
	}
	return [...companies.values()]
		.filter((c) => c.named)
		.map(({ name, town }) => ({ name, town }))
		.sort((a, b) => a.name.localeCompare(b.name, 'de'));
}

/** The office records a member's withdrawal; a consent only the member gives, in the wording they see. */
export class OfficeCannotGive extends Error {}

/**
 * Records the choice for every consent whose state it changes, with the current wording, and
 * returns the keys changed. With `shown` (how the boxes stood on the page sent), a key whose box
 * was left as shown is not touched: a page left open must not undo a change made since, in
 * another tab or by the office. Inside one transaction, so two saves at once each see the
 * other's row. The member's own change is its own record; one the office enters for them
 * (`by`) goes into the office's log as well, and can only withdraw (OfficeCannotGive otherwise).
 */
export async function setConsents(
	userId: string,
	choice: ConsentChoice,
	by: { via: 'portal' } | { via: 'office'; actorId: string },
	now: Date = new Date(),
	shown?: ConsentChoice,
): Promise<ConsentKey[]> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const current = await currentConsents(userId, tx);
		const touched = OPT_INS.map((o) => o.key).filter((key) => !shown || shown[key] !== choice[key]);
		const changed = touched.filter((key) => (current[key]?.given ?? false) !== choice[key]);
		if (by.via === 'office' && changed.some((key) => choice[key])) throw new OfficeCannotGive();
		if (changed.length === 0) return changed;
		const wording = (key: ConsentKey) => OPT_INS.find((o) => o.key === key)!.version;
		await tx.insert(consent).values(changed.map((key) => ({ userId, key, given: choice[key], textVersion: wording(key), via: by.via, at: now })));
		if (by.via === 'office') {
			await recordAudit({ actorId: by.actorId, action: 'member.consents_recorded', subjectType: 'user', subjectId: userId, details: { fields: changed } }, tx, now);
		}
		return changed;
	});
}

/** At acceptance: the consents given on the application become the new member's. */
export async function adoptApplicationConsents(userId: string, optIns: readonly { key: string; textVersion: string; at: string }[], tx: Db | Tx, now: Date): Promise<void> {
	const known = optIns.filter((o) => OPT_INS.some((x) => x.key === o.key));
	if (known.length === 0) return;
	await tx.insert(consent).values(
		known.map((o) => {
			const at = new Date(o.at);
			return { userId, key: o.key, given: true, textVersion: o.textVersion, via: 'application' as const, at: Number.isNaN(at.getTime()) ? now : at };
		}),
	);
}

/** How the boxes stood on the page a consent form came from, when it says so. */
export function shownChoice(input: { shownEvents?: '0' | '1' | undefined; shownListing?: '0' | '1' | undefined }): ConsentChoice | undefined {
	if (input.shownEvents === undefined || input.shownListing === undefined) return undefined;
	return { events: input.shownEvents === '1', listing: input.shownListing === '1' };
}

/** The whole history of one member, oldest first, for their data export. */
export async function consentHistory(userId: string) {
	const db = await getDb();
	return db
		.select({ key: consent.key, given: consent.given, textVersion: consent.textVersion, via: consent.via, at: consent.at })
		.from(consent)
		.where(eq(consent.userId, userId))
		.orderBy(asc(consent.id));
}
