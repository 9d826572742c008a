/**
 * Member companies for the coordination office: organizations and the private conflict
 * register. The one module that writes `organization` and `organization_conflict`; accounts
 * themselves belong to accounts.ts.
 */
import { and, asc, eq, inArray, isNotNull, isNull, ne, or, sql } from 'drizzle-orm';
import { companyKey, matchesSearch } from '../search-text.ts';
import type { Db, Tx } from '../../../db/client.ts';
import { organization, organizationConflict, user } from '../../../db/schema.ts';
import { findUserById, resendInvitation, setDeactivated } from './accounts.ts';
import { recordAudit } from './audit.ts';
import { invalidateUserSessions } from './auth-session.ts';
import { TOKEN_LIFETIME_MS, invitationIssuedSince } from './one-time-token.ts';
import { endChallengesOf } from './second-factor.ts';
import { getDb } from './db.ts';
import { seatable } from './seats.ts';
import { getInterests, membersWishing } from './interests.ts';
import { hostChanged, tellOfNewPlace } from './meetings.ts';
import { randomId } from './random.ts';
import { logEvent } from './security-log.ts';
import type { ConflictKind } from '../conflict-kinds.ts';

export interface OrganizationData {
	name: string;
	legalForm: string | null;
	industryCode: string;
	industryLabel: string;
	street: string | null;
	postcode: string | null;
	town: string;
	latitude: number | null;
	longitude: number | null;
	sizeBand: string | null;
	website: string | null;
}

export async function createOrganization(data: OrganizationData, tx?: Db | Tx, now: Date = new Date()): Promise<string> {
	const db = tx ?? (await getDb());
	const id = randomId();
	await db.insert(organization).values({ id, ...data, createdAt: now });
	return id;
}

/** Where an account stands: `invited` means no password yet (an invitation went out). */
export type AccountState = 'active' | 'invited' | 'deactivated';
/** A member's account, or `not-invited`: taken over from the office's list (member-import.ts) and never sent an invitation. */
export type MemberState = AccountState | 'not-invited';

/** SQL: the account was taken over from the office's list and has never been sent an invitation (member-import.ts). */
export const takenOverNotInvited = isNotNull(user.notInvitedSince);

const memberColumns = {
	userId: user.id,
	name: user.name,
	position: user.position,
	email: user.email,
	phone: user.phone,
	hasPassword: sql<number>`${user.passwordHash} IS NOT NULL`,
	neverInvited: sql<number>`${takenOverNotInvited}`,
	deactivatedAt: user.deactivatedAt,
	createdAt: user.createdAt,
	lastSignInAt: user.lastSignInAt,
	remindWeekBefore: user.remindWeekBefore,
	remindDayBefore: user.remindDayBefore,
	organizationId: organization.id,
	organizationName: organization.name,
	legalForm: organization.legalForm,
	industryCode: organization.industryCode,
	industryLabel: organization.industryLabel,
	street: organization.street,
	postcode: organization.postcode,
	town: organization.town,
	latitude: organization.latitude,
	longitude: organization.longitude,
	sizeBand: organization.sizeBand,
	website: organization.website,
};

export const accountState = (m: { deactivatedAt: Date | null; hasPassword: number | boolean }): AccountState =>
	m.deactivatedAt ? 'deactivated' : m.hasPassword ? 'active' : 'invited';

/** `neverInvited` is required: a query that leaves it out would call everyone without a password invited. */
export const memberState = (m: { deactivatedAt: Date | null; hasPassword: number | boolean; neverInvited: number | boolean }): MemberState => {
	const state = accountState(m);
	return state === 'invited' && m.neverInvited ? 'not-invited' : state;
};

/**
 * All members, or those whose name, company, town, e-mail address or industry contains the
 * search, however umlauts are typed (search-text.ts; the list is one office's members, a few
 * hundred rows, so it is searched here rather than by SQL's LIKE, which folds only ASCII).
 * The people of one company come one after another, each with the others' names (`colleagues`,
 * also those the search leaves out): two companies of one name stay apart by their id.
 */
export async function listMembers(filter: { query?: string | null } = {}) {
	const db = await getDb();
	const rows = await db
		.select(memberColumns)
		.from(user)
		.innerJoin(organization, eq(user.organizationId, organization.id))
		.where(eq(user.role, 'member'))
		.orderBy(asc(organization.name), asc(organization.id), asc(user.name));
	const people = Map.groupBy(rows, (r) => r.organizationId);
	return rows
		.filter((r) => matchesSearch([r.name, r.organizationName, r.town, r.email, r.industryCode, r.industryLabel], filter.query ?? ''))
		.map((r) => ({
			...r,
			state: memberState(r),
			colleagues: (people.get(r.organizationId) ?? []).filter((other) => other.userId !== r.userId).map((other) => ({ userId: other.userId, name: other.name })),
		}));
}

/** Active members who have no seat in a published group: the matching's natural input. */
export async function listMembersWithoutGroup() {
	const db = await getDb();
	const rows = await db
		.select(memberColumns)
		.from(user)
		.innerJoin(organization, eq(user.organizationId, organization.id))
		.where(seatable(db))
		.orderBy(asc(organization.name));
	return rows.map((r) => ({ ...r, state: memberState(r) }));
}

/** Who could fill a free seat in a group on `topicSlug`: members without a group, those who chose the topic first. */
export async function seatCandidates(topicSlug: string) {
	const wishing = await membersWishing(topicSlug);
	const members = await listMembersWithoutGroup();
	return members.map((member) => ({ ...member, wishesTopic: wishing.has(member.userId) })).sort((a, b) => Number(b.wishesTopic) - Number(a.wishesTopic));
}

export async function getMember(userId: string) {
	const db = await getDb();
	const row = await db
		.select(memberColumns)
		.from(user)
		.innerJoin(organization, eq(user.organizationId, organization.id))
		.where(and(eq(user.id, userId), eq(user.role, 'member')))
		.get();
	if (!row) return null;
	// Further people of the same company (the office may accept a second person for a member company).
	const colleagues = await db
		.select({ userId: user.id, name: user.name })
		.from(user)
		.where(and(eq(user.organizationId, row.organizationId), eq(user.role, 'member'), ne(user.id, userId)))
		.orderBy(asc(user.name));
	return { ...row, state: memberState(row), interests: await getInterests(userId), conflicts: await listConflicts(row.organizationId), colleagues };
}

/** Whether anything changed (the office is told either way); null for an unknown organization. */
export async function updateOrganization(organizationId: string, data: OrganizationData, actorId: string, now: Date = new Date()): Promise<boolean | null> {
	const db = await getDb();
	const before = await db.select().from(organization).where(eq(organization.id, organizationId)).get();
	if (!before) return null;
	const changed = (Object.keys(data) as (keyof OrganizationData)[]).filter((k) => before[k] !== data[k]);
	// Saved unchanged: nothing to write, nothing to log ("Unternehmensdaten geändert ()").
	if (changed.length === 0) return false;
	const newPlace = await db.transaction(async (tx) => {
		await tx.update(organization).set({ ...data, updatedAt: now }).where(eq(organization.id, organizationId));
		const place = (o: { name: string; street: string | null; postcode: string | null; town: string }) => ({ organizationName: o.name, street: o.street, postcode: o.postcode, town: o.town });
		const moved = changed.some((k) => k === 'name' || k === 'street' || k === 'postcode' || k === 'town') ? await hostChanged(organizationId, place(before), place(data), now, tx) : [];
		await recordAudit({ actorId, action: 'organization.updated', subjectType: 'organization', subjectId: organizationId, details: { fields: changed } }, tx, now);
		return moved;
	});
	await tellOfNewPlace(organizationId, newPlace, now);
	return true;
}

/** Signs the member out everywhere (a lost laptop, a shared computer); they can sign in again. */
export async function endMemberSessions(userId: string, actorId: string, now: Date = new Date()): Promise<number> {
	const ended = await invalidateUserSessions(userId, undefined, now);
	await endChallengesOf(userId); // a sign-in waiting for its code ends too
	await recordAudit({ actorId, action: 'member.sessions_ended', subjectType: 'user', subjectId: userId, details: { count: ended } }, undefined, now);
	logEvent('sessions.ended', { user: userId, count: ended, by: actorId });
	return ended;
}

export async function setMemberDeactivated(userId: string, deactivated: boolean, actorId: string, now: Date = new Date()) {
	const done = await setDeactivated(userId, deactivated, now);
	if (!done) return done;
	await recordAudit({ actorId, action: deactivated ? 'member.deactivated' : 'member.reactivated', subjectType: 'user', subjectId: userId, ...(done.leftDraft && { details: { leftDraft: true } }) }, undefined, now);
	return { ...done, invited: deactivated ? null : await inviteIfLockedOut(userId, actorId, now) };
}

/**
 * Back from deactivation without a password and without an invitation that still works (its
 * address was corrected meanwhile, or the link ran out): the person could not get in, so a new
 * invitation goes out. Null: none was needed (a password, a live link, or an account the office
 * took over and invites when it decides); otherwise whether the mail went out.
 */
async function inviteIfLockedOut(userId: string, actorId: string, now: Date): Promise<boolean | null> {
	const account = await findUserById(userId);
	// An invitation issued within its lifetime still works.
	const liveInvitation = () => invitationIssuedSince(userId, new Date(now.getTime() - TOKEN_LIFETIME_MS.invitation));
	if (!account || account.passwordHash || account.notInvitedSince || (await liveInvitation())) return null;
	// Null: one went out a moment ago (another click); its link works.
	return (await resendInvitation(userId, actorId, now))?.mailed ?? true;
}

// ── conflict register ────────────────────────────────────────────────────────────────────

/** Conflicts of an organization, in both directions: a pair is a pair whoever entered it. */
export async function listConflicts(organizationId: string) {
	const db = await getDb();
	const rows = await db
		.select({
			id: organizationConflict.id,
			organizationId: organizationConflict.organizationId,
			otherOrganizationId: organizationConflict.otherOrganizationId,
			kind: organizationConflict.kind,
			note: organizationConflict.note,
		})
		.from(organizationConflict)
		.where(or(eq(organizationConflict.organizationId, organizationId), eq(organizationConflict.otherOrganizationId, organizationId)));
	const names = new Map((await db.select({ id: organization.id, name: organization.name }).from(organization)).map((o) => [o.id, o.name]));
	return rows.map((r) => {
		const otherId = r.organizationId === organizationId ? r.otherOrganizationId : r.organizationId;
		return { id: r.id, otherOrganizationId: otherId, otherName: names.get(otherId) ?? '–', kind: r.kind, note: r.note };
	});
}

/**
 * Conflict pairs (a, b) the matching and the seat checks keep apart: all of them, those among
 * `among` (both companies in the list), or those of the company `of`; inside the caller's
 * transaction when given one.
 */
export async function conflictPairs(scope: { among?: readonly string[]; of?: string } = {}, tx?: Db | Tx): Promise<{ a: string; b: string }[]> {
	if (scope.among?.length === 0) return [];
	const db = tx ?? (await getDb());
	const { organizationId: a, otherOrganizationId: b } = organizationConflict;
	return db
		.select({ a, b })
		.from(organizationConflict)
		.where(
			scope.among ? and(inArray(a, [...scope.among]), inArray(b, [...scope.among])) : scope.of !== undefined ? or(eq(a, scope.of), eq(b, scope.of)) : undefined,
		);
}

export type AddConflictResult = { ok: true } | { ok: false; reason: 'same' | 'unknown' | 'exists' };

export async function addConflict(
	organizationId: string,
	otherOrganizationId: string,
	kind: ConflictKind,
	note: string | null,
	actorId: string,
	now: Date = new Date(),
): Promise<AddConflictResult> {
	if (organizationId === otherOrganizationId) return { ok: false, reason: 'same' };
	const db = await getDb();
	const known = await db.select({ id: organization.id }).from(organization).where(or(eq(organization.id, organizationId), eq(organization.id, otherOrganizationId)));
	if (known.length !== 2) return { ok: false, reason: 'unknown' };
	const [a, b] = [organizationId, otherOrganizationId].sort() as [string, string];
	const inserted = await db
		.insert(organizationConflict)
		.values({ id: randomId(), organizationId: a, otherOrganizationId: b, kind, note, createdAt: now })
		.onConflictDoNothing()
		.returning({ id: organizationConflict.id });
	if (inserted.length === 0) return { ok: false, reason: 'exists' };
	await recordAudit({ actorId, action: 'conflict.added', subjectType: 'organization', subjectId: a, details: { other: b, kind } }, undefined, now);
	return { ok: true };
}

export async function removeConflict(conflictId: string, actorId: string, now: Date = new Date()): Promise<boolean> {
	const db = await getDb();
	const gone = await db.delete(organizationConflict).where(eq(organizationConflict.id, conflictId)).returning({
		a: organizationConflict.organizationId,
		b: organizationConflict.otherOrganizationId,
	});
	if (gone.length === 0) return false;
	await recordAudit({ actorId, action: 'conflict.removed', subjectType: 'organization', subjectId: gone[0]!.a, details: { other: gone[0]!.b } }, undefined, now);
	return true;
}

export async function listOrganizations() {
	const db = await getDb();
	return db
		.select({ id: organization.id, name: organization.name, town: organization.town })
		.from(organization)
		.orderBy(asc(organization.name));
}

/**
 * Companies nobody can act for: their contact person deleted the account. The company data stays
 * (it is not personal) until the office deletes it or invites someone new through an application.
 */
export async function listCompaniesWithoutAccount() {
	const db = await getDb();
	return db
		.select({ id: organization.id, name: organization.name, town: organization.town, industryCode: organization.industryCode })
		.from(organization)
		.leftJoin(user, eq(user.organizationId, organization.id))
		.where(isNull(user.id))
		.orderBy(asc(organization.name));
}

/** Deletes a company without any account (conflict entries go with it); false when someone still has an account there. */
export async function deleteCompanyWithoutAccount(organizationId: string, actorId: string, now: Date = new Date()): Promise<boolean> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const holder = await tx.select({ id: user.id }).from(user).where(eq(user.organizationId, organizationId)).get();
		if (holder) return false;
		const deleted = await tx.delete(organization).where(eq(organization.id, organizationId)).returning({ id: organization.id });
		if (deleted.length === 0) return false;
		// Ids only: for a sole trader the company's name is the person's, and the log is kept for good.
		await recordAudit({ actorId, action: 'organization.deleted', subjectType: 'organization', subjectId: organizationId }, tx, now);
		return true;
	});
}

/**
 * Companies on file under this name (case, spacing and ß/SS aside, umlauts included: companyKey),
 * each with someone acting for it if there is anyone: a hint before the office accepts an
 * application, which would add the company a second time, and the companies an active one of
 * which the applicant can join instead. Compared here, not in SQL, whose lower() folds only A-Z;
 * an office has a few hundred companies.
 */
export async function companiesNamed(name: string) {
	const db = await getDb();
	const key = companyKey(name);
	const companies = await db
		.select({
			id: organization.id,
			name: organization.name,
			postcode: organization.postcode,
			town: organization.town,
			status: organization.status,
			userId: sql<string | null>`min(${user.id})`,
		})
		.from(organization)
		.leftJoin(user, eq(user.organizationId, organization.id))
		.groupBy(organization.id);
	return companies.filter((company) => companyKey(company.name) === key);
}

/**
 * Whether an active company is on file under the name `name` (as companiesNamed compares); with
 * `organizationId`, whether that one is: an application under that name may join it. Read inside
 * the caller's transaction, so a company deleted or renamed since the office's page was loaded
 * is not joined.
 */
export async function activeCompanyNamed(name: string, tx: Db | Tx, organizationId?: string): Promise<boolean> {
	const key = companyKey(name);
	const active = await tx
		.select({ name: organization.name })
		.from(organization)
		.where(and(organizationId === undefined ? undefined : eq(organization.id, organizationId), eq(organization.status, 'active')));
	return active.some((company) => companyKey(company.name) === key);
}

/** One organization with all its stored fields, or null. */
export async function getOrganization(organizationId: string | null) {
	if (!organizationId) return null;
	const db = await getDb();
	return (await db.select().from(organization).where(eq(organization.id, organizationId)).get()) ?? null;
}
