/**
 * The office's audit log: who did what to which subject, when. Append-only by database
 * trigger, for three years (AUDIT_RETENTION_DAYS). Store ids, never names or e-mail addresses,
 * so erasing a person leaves a pseudonymous trace and nothing more. (The one name stored is the
 * system account that ran a command on the server, see COMMAND_LINE: the operator's, no member's.)
 */
import { userInfo } from 'node:os';
import { and, asc, desc, eq, inArray, lt, not, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { application, auditEvent, focusGroup, meeting, organization, user } from '../../../db/schema.ts';
import { CONFLICT_KINDS } from '../conflict-kinds.ts';
import { VERIFICATION_METHODS } from '../forms/fields.ts';
import { applicationPath, formatClockTime, formatDate, formatDateTime, groupPath, memberPath } from '../site.ts';
import { getDb } from './db.ts';

export interface AuditEntry {
	actorId: string | null;
	action: string;
	subjectType?: string | undefined;
	subjectId?: string | undefined;
	details?: Record<string, unknown> | undefined;
}

export async function recordAudit(entry: AuditEntry, tx?: Db | Tx, now: Date = new Date()): Promise<void> {
	const db = tx ?? (await getDb());
	await db.insert(auditEvent).values({
		actorId: entry.actorId,
		action: entry.action,
		subjectType: entry.subjectType ?? null,
		subjectId: entry.subjectId ?? null,
		details: entry.details ?? null,
		createdAt: now,
	});
}

/**
 * How long an event stays: three years, after the regular limitation period (§ 195 BGB; the privacy
 * notice words it so). 1,096 days, so a leap year never shortens it. Migration 0015 holds the same
 * figure: the database refuses to delete a younger event.
 */
export const AUDIT_RETENTION_DAYS = 1096;

/**
 * Deletes the events older than AUDIT_RETENTION_DAYS before `now`. The trigger judges age by the
 * database's clock, so the condition holds both: a `now` ahead of that clock (a test's, or an app
 * server whose clock runs ahead of a remote database's) deletes less rather than trip the trigger
 * and stop the whole purge. A clock that both share and that runs ahead deletes early; nothing here
 * can tell it from the right time.
 */
export async function purgeOldAuditEvents(now: Date = new Date()): Promise<number> {
	const db = await getDb();
	const cutoff = new Date(now.getTime() - AUDIT_RETENTION_DAYS * 24 * 60 * 60 * 1000);
	const gone = await db
		.delete(auditEvent)
		.where(and(lt(auditEvent.createdAt, cutoff), sql`${auditEvent.createdAt} <= unixepoch() - ${AUDIT_RETENTION_DAYS * 86400}`))
		.returning({ id: auditEvent.id });
	return gone.length;
}

/**
 * Whether the log holds `action` on `subject`, with `detail` whose details have `key` = `value`
 * (a form's one-time token, for instance). By type and id, as the log's subject index reads them.
 */
export async function auditEventExists(
	action: string,
	subject: { type: string; id: string },
	detail?: { key: string; value: string },
	tx?: Db | Tx,
): Promise<boolean> {
	if (detail && !/^[a-z]+$/i.test(detail.key)) throw new Error(`auditEventExists: ungeeigneter Schlüssel ${detail.key}`);
	const db = tx ?? (await getDb());
	const row = await db
		.select({ id: auditEvent.id })
		.from(auditEvent)
		.where(
			and(
				eq(auditEvent.subjectType, subject.type),
				eq(auditEvent.subjectId, subject.id),
				eq(auditEvent.action, action),
				detail ? sql`json_extract(${auditEvent.details}, ${`$.${detail.key}`}) = ${detail.value}` : undefined,
			),
		)
		.get();
	return row !== undefined;
}

/** Whether the account was taken over from the office's list (member-import.ts): every invitation it gets says so. */
export const wasTakenOver = (userId: string) => auditEventExists('member.imported', { type: 'user', id: userId });

/**
 * The seats the office took back (`group.member_removed`), with when each was held: from the
 * office giving it (`group.member_added` before the removal; null when the seat came with the
 * group's publication) until the removal. Taking someone out deletes the membership row, so the
 * log, kept three years, is where the matching learns that they sat in that group; two people sat
 * together only if their times there overlap.
 */
export async function removedSeats(): Promise<{ groupId: string; userId: string; from: Date | null; until: Date }[]> {
	const db = await getDb();
	const rows = await db
		.select({ action: auditEvent.action, groupId: auditEvent.subjectId, userId: sql<unknown>`json_extract(${auditEvent.details}, '$.user')`, at: auditEvent.createdAt })
		.from(auditEvent)
		.where(inArray(auditEvent.action, ['group.member_added', 'group.member_removed']))
		.orderBy(asc(auditEvent.createdAt), asc(auditEvent.id));
	const given = new Map<string, Date>();
	const removed: { groupId: string; userId: string; from: Date | null; until: Date }[] = [];
	for (const r of rows) {
		if (r.groupId === null || typeof r.userId !== 'string') continue;
		const seat = `${r.groupId} ${r.userId}`;
		if (r.action === 'group.member_added') {
			given.set(seat, r.at);
			continue;
		}
		removed.push({ groupId: r.groupId, userId: r.userId, from: given.get(seat) ?? null, until: r.at });
		given.delete(seat);
	}
	return removed;
}

/** The details key of a rejection that says whether the applicant was to be told by mail ('requested' or 'none'). */
export const DECLINE_MAIL = 'declineMail';

/** The details key of an acceptance as a further person of a company on file: that company's id. */
export const JOINED_COMPANY = 'joinedCompany';

/** In a `group.ended` entry: how many coming meetings were cancelled with the group (it ended early). */
export const CANCELLED_MEETINGS = 'cancelledMeetings';

/** One detail of the latest `action` on `subjectId` (whether a rejection was mailed, say); undefined without one. */
export async function latestAuditDetail(action: string, subjectId: string, key: string): Promise<unknown> {
	const db = await getDb();
	const row = await db
		.select({ details: auditEvent.details })
		.from(auditEvent)
		.where(and(eq(auditEvent.action, action), eq(auditEvent.subjectId, subjectId)))
		.orderBy(desc(auditEvent.id))
		.get();
	return row?.details?.[key];
}

/** How the log and the application's page put a rejection's mail. */
export const declineMailText = (value: unknown) =>
	value === 'requested' ? 'Absage per E-Mail veranlasst' : value === 'none' ? 'ohne E-Mail an das Unternehmen' : null;

/**
 * The parts of the office's work the log can be narrowed to, each by the prefixes of its entries.
 * Entries about an account (an invitation, a password, the authenticator app) belong to the team
 * when the account is a coordinator's and to the members otherwise: `coordinatorAccounts` says
 * which of the two areas takes them in and which leaves them out.
 */
export const AUDIT_AREAS = {
	bewerbungen: { label: 'Bewerbungen', prefixes: ['application.'] },
	mitglieder: {
		label: 'Mitglieder und Konten',
		prefixes: ['member.', 'invitation.', 'person.', 'organization.', 'conflict.', 'password.', 'second_factor.', 'account.', 'profile.', 'interests.', 'personal_data.'],
		coordinatorAccounts: 'exclude',
	},
	gruppen: { label: 'Gruppen und Treffen', prefixes: ['matching.', 'groups.', 'group.', 'meetings.', 'meeting.'] },
	team: { label: 'Team der Koordinierungsstelle', prefixes: ['coordinator.'], coordinatorAccounts: 'include' },
	exporte: { label: 'Exporte', prefixes: ['export.'] },
} as const satisfies Record<string, { label: string; prefixes: readonly string[]; coordinatorAccounts?: 'include' | 'exclude' }>;
export type AuditArea = keyof typeof AUDIT_AREAS;
export const isAuditArea = (value: string | null): value is AuditArea => value !== null && Object.hasOwn(AUDIT_AREAS, value);

/** Narrows the log: one area of work, and/or the entries these ids (a person and their company) did or concern. */
export interface AuditFilter {
	area?: AuditArea | undefined;
	involving?: readonly string[] | undefined;
}

/**
 * Entries that concern one of `ids` (a person and their company): done by them, about them, about
 * their application, or naming them in their details (the person given or taken a seat in a group,
 * the other company of a conflict).
 */
function involves(ids: readonly string[]) {
	const list = [...ids];
	const applications = sql`(SELECT ${application.id} FROM ${application} WHERE ${inArray(application.organizationId, list)} OR ${inArray(application.userId, list)})`;
	return or(
		inArray(auditEvent.actorId, list),
		inArray(auditEvent.subjectId, list),
		and(eq(auditEvent.subjectType, 'application'), sql`${auditEvent.subjectId} IN ${applications}`),
		inArray(sql`json_extract(${auditEvent.details}, '$.user')`, list),
		inArray(sql`json_extract(${auditEvent.details}, '$.other')`, list),
	);
}

/** Entries whose subject is an account with the coordinator's role (1), all others 0, never null. */
const aboutCoordinator = sql`(${auditEvent.subjectType} = 'user' AND ${auditEvent.subjectId} IN (SELECT ${user.id} FROM ${user} WHERE ${user.role} = 'coordinator')) IS 1`;

function inArea(area: (typeof AUDIT_AREAS)[AuditArea]) {
	// An exact prefix: LIKE would read the underscore in 'second_factor.' as a wildcard.
	const byPrefix = or(...area.prefixes.map((prefix) => sql`substr(${auditEvent.action}, 1, ${prefix.length}) = ${prefix}`));
	if (!('coordinatorAccounts' in area)) return byPrefix;
	return area.coordinatorAccounts === 'include' ? or(byPrefix, aboutCoordinator) : and(byPrefix, not(aboutCoordinator));
}

/** The newest `limit` entries, or the newest older than entry `beforeId` (the log's next page). */
export async function listAuditEvents(limit = 200, beforeId?: number, filter: AuditFilter = {}) {
	const db = await getDb();
	return db
		.select()
		.from(auditEvent)
		.where(
			and(
				beforeId === undefined ? undefined : lt(auditEvent.id, beforeId),
				filter.area ? inArea(AUDIT_AREAS[filter.area]) : undefined,
				filter.involving?.length ? involves(filter.involving) : undefined,
			),
		)
		.orderBy(desc(auditEvent.id))
		.limit(limit);
}

/** The changed fields an entry names (never their values), as the forms call them. */
const FIELD_LABELS: Record<string, string> = {
	name: 'Name',
	position: 'Funktion',
	phone: 'Telefon',
	email: 'E-Mail-Adresse',
	shareEmail: 'E-Mail für die Gruppe sichtbar',
	events: 'Einwilligung: Einladungen zu Veranstaltungen',
	listing: 'Einwilligung: Nennung auf der Website',
	sharePhone: 'Telefon für die Gruppe sichtbar',
	legalForm: 'Rechtsform',
	industryCode: 'Branche',
	industryLabel: 'Branchenbezeichnung',
	street: 'Straße',
	postcode: 'Postleitzahl',
	town: 'Ort',
	latitude: 'Lage',
	longitude: 'Lage',
	sizeBand: 'Beschäftigte',
	website: 'Website',
};

const ACTION_LABELS: Record<string, string> = {
	'application.submitted': 'Bewerbung eingegangen',
	'application.suspected': 'Bewerbung aussortiert (Feld gegen Spam ausgefüllt)',
	'application.released': 'Aussortierte Bewerbung übernommen',
	'application.discarded': 'Aussortierte Bewerbung verworfen',
	'application.accepted': 'Bewerbung angenommen',
	'application.declined': 'Bewerbung abgelehnt',
	'application.withdrawn': 'Bewerbung zurückgezogen',
	'application.erased': 'Bewerbung auf Wunsch gelöscht',
	'application.contact_corrected': 'Angaben zur Ansprechperson der Bewerbung berichtigt',
	'invitation.sent': 'Einladung verschickt',
	'invitation.accepted': 'Einladung angenommen, Passwort festgelegt',
	'password.reset': 'Passwort über Link neu festgelegt',
	'organization.updated': 'Unternehmensdaten geändert',
	'member.imported': 'Aus der bisherigen Mitgliederliste übernommen',
	'member.deactivated': 'Konto deaktiviert',
	'member.reactivated': 'Konto wieder aktiviert',
	'member.sessions_ended': 'Alle Anmeldungen beendet',
	'member.consents_recorded': 'Einwilligung erteilt oder widerrufen, eingetragen von der Koordinierungsstelle',
	'coordinator.invited': 'In die Koordinierungsstelle eingeladen',
	'coordinator.revoked': 'Zugang zur Koordinierungsstelle beendet',
	'coordinator.restored': 'Zugang zur Koordinierungsstelle wieder freigegeben',
	'conflict.added': 'Eintrag ins Konfliktregister',
	'conflict.removed': 'Eintrag aus dem Konfliktregister entfernt',
	'export.applications': 'Bewerbungen exportiert',
	'export.members': 'Mitglieder exportiert',
	'profile.updated': 'Eigene Kontaktdaten geändert',
	'personal_data.exported': 'Eigene Daten heruntergeladen',
	'matching.run': 'Gruppenbildung berechnet',
	'groups.draft_saved': 'Gruppenentwurf gespeichert',
	'groups.draft_discarded': 'Gruppenentwurf verworfen',
	'group.published': 'Fokusgruppe veröffentlicht',
	'group.member_added': 'Freien Platz besetzt',
	'person.corrected': 'Angaben zur Person berichtigt',
	'organization.deleted': 'Unternehmen ohne Konto gelöscht',
	'groups.archived': 'Jahrgang abgeschlossen (veröffentlichte Gruppen beendet)',
	'group.ended': 'Gruppe beendet',
	'group.member_removed': 'Mitglied aus der Gruppe genommen',
	'groups.member_moved': 'Mitglied im Entwurf verschoben',
	'groups.member_locked': 'Platz im Entwurf festgehalten',
	'groups.member_unlocked': 'Platz im Entwurf freigegeben',
	'groups.group_locked': 'Gruppe im Entwurf festgehalten',
	'groups.group_unlocked': 'Gruppe im Entwurf freigegeben',
	'meetings.planned': 'Treffen für ein Jahr geplant',
	'group.message_sent': 'Nachricht an die Gruppe verschickt',
	'meeting.created': 'Treffen angelegt',
	'meeting.updated': 'Treffen geändert',
	'meeting.cancelled': 'Treffen abgesagt',
	'interests.changed': 'Interessen geändert',
	'account.deleted': 'Konto gelöscht',
	'password.changed': 'Passwort geändert',
	'second_factor.enabled': 'Anmeldung mit Authenticator-App eingerichtet',
	'second_factor.removed': 'Anmeldung mit Authenticator-App entfernt',
	'second_factor.recovery_codes_renewed': 'Neue Ersatzcodes für die Anmeldung erzeugt',
	'second_factor.recovery_code_used': 'Mit Ersatzcode statt App angemeldet',
};

/**
 * The details key of an event done on the server's command line (admin:create, admin:reset-2fa):
 * no account acted, and the log must not credit the public website with a new coordinator.
 * Its value is the system user who ran the command.
 */
export const COMMAND_LINE = 'commandLine';

/** Details for an event done on the command line, naming the system user as far as the system knows. */
export function commandLineDetails(): Record<string, string> {
	let name = process.env.SUDO_USER || process.env.USER || process.env.LOGNAME;
	try {
		name ||= userInfo().username;
	} catch {
		// A container without an entry for its user id.
	}
	return { [COMMAND_LINE]: name || 'unbekannter Benutzer' };
}

/**
 * What an entry about one meeting keeps of it as it was then, so the log never reads the meeting's
 * present date into an old entry: its start (before the change, for a change), and for a change
 * the new start and the host companies before and after (ids; null: none) where they changed.
 */
export function meetingDetails(id: string, startsAt: Date, change: { movedTo?: Date | undefined; host?: { before: string | null; after: string | null } | undefined } = {}) {
	return {
		meeting: id,
		startsAt: startsAt.toISOString(),
		...(change.movedTo ? { movedTo: change.movedTo.toISOString() } : {}),
		...(change.host ? { hostBefore: change.host.before, hostAfter: change.host.after } : {}),
	};
}

/** A move in the log: the dates alone when the time of day stayed, else dates and times. */
function moveText(from: Date, to: Date): string {
	const sameTime = formatClockTime(from) === formatClockTime(to);
	return sameTime ? `${formatDate(from)} → ${formatDate(to)}` : `${formatDateTime(from)} → ${formatDateTime(to)}`;
}

/**
 * The meeting an entry is about, as meetingDetails recorded it: ": 10. Februar 2027 → 17. Februar 2027;
 * Gastgeber A → B". Entries from before those details name only the meeting, and show it by its date
 * as it stands now (`presentStart`).
 */
function meetingText(details: Record<string, unknown>, presentStart: (id: string) => Date | undefined, companyName: (id: string) => string): string {
	if (typeof details.meeting !== 'string') return '';
	if (typeof details.startsAt !== 'string') {
		const present = presentStart(details.meeting);
		return present ? ` (Treffen am ${formatDateTime(present)})` : '';
	}
	const startsAt = new Date(details.startsAt);
	const parts = [typeof details.movedTo === 'string' ? moveText(startsAt, new Date(details.movedTo)) : formatDateTime(startsAt)];
	const host = (id: unknown) => (typeof id === 'string' ? companyName(id) : 'offen');
	if ('hostBefore' in details) parts.push(`Gastgeber ${host(details.hostBefore)} → ${host(details.hostAfter)}`);
	return `: ${parts.join('; ')}`;
}

/** Audit events with names for the office's log page; gone people show as a pseudonym. */
export async function describeAuditEvents(limit = 300, beforeId?: number, filter: AuditFilter = {}) {
	const db = await getDb();
	const events = await listAuditEvents(limit, beforeId, filter);
	const users = new Map((await db.select({ id: user.id, name: user.name, role: user.role }).from(user)).map((u) => [u.id, u]));
	const organizations = new Map((await db.select({ id: organization.id, name: organization.name }).from(organization)).map((o) => [o.id, o.name]));
	const applications = new Map((await db.select({ id: application.id, name: application.companyName }).from(application)).map((a) => [a.id, a.name]));
	const groups = new Map((await db.select({ id: focusGroup.id, name: focusGroup.name, status: focusGroup.status }).from(focusGroup)).map((g) => [g.id, g]));
	// Only entries written before meetingDetails need the meeting's present date.
	const meetingIds = [...new Set(events.flatMap((e) => (typeof e.details?.meeting === 'string' && typeof e.details.startsAt !== 'string' ? [e.details.meeting] : [])))];
	const meetings = new Map(
		meetingIds.length === 0 ? [] : (await db.select({ id: meeting.id, startsAt: meeting.startsAt }).from(meeting).where(inArray(meeting.id, meetingIds))).map((m) => [m.id, m.startsAt]),
	);
	const pseudonym = (id: string) => `gelöschte Person ${id.slice(0, 6)}`;
	return events.map((e) => {
		const actor = e.actorId ? (users.get(e.actorId)?.name ?? pseudonym(e.actorId)) : e.details?.[COMMAND_LINE] ? `Server (Kommandozeile, ${String(e.details[COMMAND_LINE])})` : 'Website (öffentlich)';
		let subject = '–';
		let subjectHref: string | null = null;
		if (e.subjectType === 'application' && e.subjectId) {
			subject = applications.get(e.subjectId) ?? 'gelöschte Bewerbung';
			if (applications.has(e.subjectId)) subjectHref = applicationPath(e.subjectId);
		} else if (e.subjectType === 'user' && e.subjectId) {
			const subjectUser = users.get(e.subjectId);
			subject = subjectUser?.name ?? pseudonym(e.subjectId);
			if (subjectUser?.role === 'member') subjectHref = memberPath(e.subjectId);
		} else if (e.subjectType === 'organization' && e.subjectId) {
			subject = organizations.get(e.subjectId) ?? 'gelöschtes Unternehmen';
		} else if (e.subjectType === 'group' && e.subjectId) {
			const group = groups.get(e.subjectId);
			subject = group?.name ?? 'verworfener Entwurf';
			// An ended group keeps its page, as a record.
			if (group && group.status !== 'draft') subjectHref = groupPath(e.subjectId);
		}
		const fields = Array.isArray(e.details?.fields) ? ` (${[...new Set((e.details.fields as string[]).map((f) => FIELD_LABELS[f] ?? f))].join(', ')})` : '';
		// How the office made sure a request came from the person (removing their app).
		const method = e.details?.verification;
		const verification = typeof method === 'string' ? ` (geprüft: ${VERIFICATION_METHODS[method as keyof typeof VERIFICATION_METHODS] ?? method})` : '';
		// Which meeting, and what changed, for the entries of a single meeting.
		const which = e.details ? meetingText(e.details, (id) => meetings.get(id), (id) => organizations.get(id) ?? 'gelöschtes Unternehmen') : '';
		// Who got or lost a seat in a group: the subject is the group, the person is in the details.
		const person = typeof e.details?.user === 'string' ? `: ${users.get(e.details.user)?.name ?? pseudonym(e.details.user)}` : '';
		// A conflict entry is between two companies: the subject is one, the other is in the details.
		const kind = typeof e.details?.kind === 'string' && e.details.kind in CONFLICT_KINDS ? `, ${CONFLICT_KINDS[e.details.kind as keyof typeof CONFLICT_KINDS]}` : '';
		const other = typeof e.details?.other === 'string' ? ` (mit ${organizations.get(e.details.other) ?? 'gelöschtem Unternehmen'}${kind})` : '';
		const leftDraft = e.details?.leftDraft === true ? ' (auch aus dem Entwurf der Gruppenbildung genommen)' : '';
		const declineMail = declineMailText(e.details?.[DECLINE_MAIL]);
		const mailed = declineMail ? ` (${declineMail})` : '';
		const yearClosing = e.details?.yearClosing === true ? ' (mit „Jahrgang abschließen“)' : '';
		const cancelledCount = e.details?.[CANCELLED_MEETINGS];
		const endedEarly = typeof cancelledCount === 'number' ? ` (vorzeitig, ${cancelledCount === 1 ? 'ein geplantes Treffen' : `${cancelledCount} geplante Treffen`} abgesagt)` : '';
		const company = e.details?.[JOINED_COMPANY];
		const joined = typeof company === 'string' ? ` (als weitere Person von ${organizations.get(company) ?? 'gelöschtem Unternehmen'})` : '';
		return { id: e.id, createdAt: e.createdAt, actor, action: (ACTION_LABELS[e.action] ?? e.action) + person + other + which + fields + verification + leftDraft + mailed + yearClosing + endedEarly + joined, subject, subjectHref };
	});
}

/** Who recorded `action` about each subject (the first time), e.g. who invited a colleague into the office. */
export async function firstActorsOf(action: string): Promise<Map<string, string | null>> {
	const db = await getDb();
	const rows = await db
		.select({ subjectId: auditEvent.subjectId, actorId: auditEvent.actorId })
		.from(auditEvent)
		.where(eq(auditEvent.action, action))
		.orderBy(asc(auditEvent.id));
	const actors = new Map<string, string | null>();
	for (const { subjectId, actorId } of rows) if (subjectId && !actors.has(subjectId)) actors.set(subjectId, actorId);
	return actors;
}

/**
 * Entries the person did or that concern them, for their data export (action, time, what it
 * concerned): their account, their applications (`applicationIds`: also those found by their
 * address, from before the account existed), and a seat in a group given to or taken from them.
 * The office's filter (`involves`) also counts the company's entries; those are the company's.
 */
export async function listEventsInvolving(userId: string, applicationIds: readonly string[] = []) {
	const db = await getDb();
	return db
		.select({ actorId: auditEvent.actorId, action: auditEvent.action, subjectType: auditEvent.subjectType, details: auditEvent.details, createdAt: auditEvent.createdAt })
		.from(auditEvent)
		.where(
			or(
				eq(auditEvent.actorId, userId),
				and(eq(auditEvent.subjectType, 'user'), eq(auditEvent.subjectId, userId)),
				applicationIds.length > 0 ? and(eq(auditEvent.subjectType, 'application'), inArray(auditEvent.subjectId, [...applicationIds])) : undefined,
				sql`json_extract(${auditEvent.details}, '$.user') = ${userId}`,
			),
		)
		.orderBy(asc(auditEvent.id));
}

export const auditActionLabel = (action: string) => ACTION_LABELS[action] ?? action;

/**
 * What an entry's details say, in German, for the person's own data export: the fields changed
 * (never their values), the interests before and after, how the office checked a request. Other
 * keys (ids of other people, groups, meetings) stay out; null when there is nothing to say.
 */
export function describeOwnDetails(details: Record<string, unknown> | null, topicTitle: (slug: string) => string): Record<string, unknown> | null {
	if (!details) return null;
	const described: Record<string, unknown> = {};
	const topics = (value: unknown) => (Array.isArray(value) ? value.map((slug) => topicTitle(String(slug))) : null);
	if (Array.isArray(details.fields)) described.geaenderteAngaben = [...new Set(details.fields.map((f) => FIELD_LABELS[String(f)] ?? String(f)))];
	if (Array.isArray(details.before)) described.interessenVorher = topics(details.before);
	if (Array.isArray(details.after)) described.interessenNachher = topics(details.after);
	if (typeof details.verification === 'string') described.geprueftDurch = VERIFICATION_METHODS[details.verification as keyof typeof VERIFICATION_METHODS] ?? details.verification;
	return Object.keys(described).length > 0 ? described : null;
}

/** Every kind of entry the log names (for the check that each belongs to an area). */
export const AUDITED_ACTIONS = Object.keys(ACTION_LABELS);
