/**
 * Applications to join: the one module that writes the `application` table. An application is
 * never lost (one insert per idempotency key, acknowledged only after the commit) and never
 * leaks (only coordinators list or read them). Status changes follow `nextStatus`.
 */
import { and, asc, desc, eq, getTableColumns, inArray, isNotNull, lte, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { application, user } from '../../../db/schema.ts';
import { rankedInterests, type ApplicationForm, OPT_INS } from '../forms/application.ts';
import { findPlace } from '../reference/places.ts';
import { matchesSearch } from '../search-text.ts';
import { createUser, findUserByEmail, isTakenEmail, normalizeEmail, sendInvitation, type Throttled } from './accounts.ts';
import { sign, verifySigned } from './app-secret.ts';
import { DECLINE_MAIL, JOINED_COMPANY, recordAudit } from './audit.ts';
import { getConfig } from './config.ts';
import { checkpointAfterErasure, getDb } from './db.ts';
import { adoptApplicationConsents } from './consents.ts';
import { setInterests } from './interests.ts';
import { eraseAccountlessDeliveriesTo, eraseDeliveriesWithSubject, officeAddress, sendMailInBackground } from './mail.ts';
import { applicationDeclinedMail, applicationNoticeSubject, applicationReceivedMail, newApplicationNoticeMail } from './mail-templates.ts';
import { activeCompanyNamed, companiesNamed, createOrganization, getOrganization } from './members.ts';
import { companyKey } from '../search-text.ts';
import { hit, reset } from './rate-limit.ts';
import { randomId } from './random.ts';
import { perIpKey } from './request.ts';
import { logEvent, logFailure } from './security-log.ts';

import type { ApplicationStatus } from '../forms/application.ts';
export { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '../forms/application.ts';
export type Decision = 'accept' | 'decline' | 'withdraw';

const TRANSITIONS: Record<ApplicationStatus, Partial<Record<Decision, ApplicationStatus>>> = {
	submitted: { accept: 'accepted', decline: 'declined', withdraw: 'withdrawn' },
	accepted: {},
	declined: {},
	withdrawn: {},
	// Taken out of the set-aside by releaseSuspectedApplication, not by a decision.
	suspected: {},
};

/** The status after `decision`, or null when that change is not allowed from `current`. */
export const nextStatus = (current: ApplicationStatus, decision: Decision): ApplicationStatus | null =>
	TRANSITIONS[current][decision] ?? null;

/** Forms filled in faster than this are bots; people need longer to read the first field. */
export const MIN_FILL_SECONDS = 3;
const FORM_TIMER = 'application-form-timer';

/** A signed timestamp for the form, so the server can tell how long filling it in took. */
export const formTimer = async (now: Date = new Date()) => sign(FORM_TIMER, String(now.getTime()));

/** How long the form took, from its signed timer; null for a timer missing, forged or from the future. */
async function fillTime(signed: string | null | undefined, now: Date): Promise<number | null> {
	const payload = signed ? await verifySigned(FORM_TIMER, signed) : null;
	const started = payload && /^\d+$/.test(payload) ? Number(payload) : NaN;
	const took = now.getTime() - started;
	return Number.isFinite(took) && took >= 0 ? took : null;
}

/**
 * A form with the trap filled in is kept only if its timer is younger than this. A person fills
 * it in within a day; a bot that keeps one timer and sends with it for weeks is not set aside.
 * (Without the trap a form has no upper limit: someone may leave it open over the weekend.)
 */
const SET_ASIDE_MAX_FILL_MS = 24 * 60 * 60 * 1000;

/** How long an application that filled in the trap for bots waits for the office before it is deleted. */
export const SUSPECTED_RETENTION_DAYS = 30;
const SUSPECTED_RETENTION_MS = SUSPECTED_RETENTION_DAYS * 24 * 60 * 60 * 1000;
/** Set-aside applications kept at most: beyond that a flood of bots is dropped instead of stored. */
export const MAX_SUSPECTED_APPLICATIONS = 200;

export type SubmitResult =
	| { ok: true; id: string; duplicate: boolean }
	| { ok: false; reason: 'too-fast' }
	| { ok: false; reason: 'unknown-topic' }
	| Throttled;

/**
 * Stores an application. The same idempotency key (double click, reload, retry) yields the
 * same application. A form with the trap for bots filled in gets the normal-looking answer
 * either way; it is set aside for the office (setAside) rather than thrown away, since a
 * browser's autofill can fill the trap for a real applicant too.
 */
export async function submitApplication(
	form: ApplicationForm,
	request: { ip: string; now?: Date },
	knownTopics: readonly string[],
): Promise<SubmitResult> {
	const now = request.now ?? new Date();
	const db = await getDb();
	const existing = await db
		.select({ id: application.id })
		.from(application)
		.where(eq(application.idempotencyKey, form.idempotencyKey))
		.get();
	if (existing) return { ok: true, id: existing.id, duplicate: true };

	// The trap's former name: no page has sent it for a long time, so only a bot fills it in.
	if (form.fax) return BOT_ANSWER;
	const took = await fillTime(form.startedAt, now);
	const tooFast = took === null || took < MIN_FILL_SECONDS * 1000;
	const unknownTopic = rankedInterests(form).some((t) => !knownTopics.includes(t));
	if (form.zusatzangabe) {
		// Filled in within seconds, on a day-old timer or with topics no page offers, a trapped form is a bot's for certain.
		const botForCertain = tooFast || took > SET_ASIDE_MAX_FILL_MS || unknownTopic;
		return botForCertain ? BOT_ANSWER : setAside(form, request.ip, now);
	}
	if (tooFast) return { ok: false, reason: 'too-fast' };
	if (unknownTopic) return { ok: false, reason: 'unknown-topic' };
	const limit = await hit('applicationIp', perIpKey(request.ip), now);
	if (limit.limited) return { ok: false, reason: 'throttled', retryAfterSeconds: limit.retryAfterSeconds };

	const row = applicationRow('submitted', form, now);
	const { id } = row;
	const inserted = await db
		.insert(application)
		.values(row)
		.onConflictDoNothing({ target: application.idempotencyKey })
		.returning({ id: application.id });
	if (inserted.length === 0) {
		// A parallel request with the same key won the race: same application.
		const winner = await db.select({ id: application.id }).from(application).where(eq(application.idempotencyKey, form.idempotencyKey)).get();
		return { ok: true, id: winner!.id, duplicate: true };
	}
	await recordAudit({ actorId: null, action: 'application.submitted', subjectType: 'application', subjectId: id }, undefined, now);

	const config = await getConfig();
	const { siteUrl } = config;
	if (!(await hit('applicationRecipient', form.contactEmail.toLowerCase(), now)).limited) {
		// Only the owner of the address reads that another application is open: the form itself says nothing.
		const earlier = await db
			.select({ submittedAt: application.submittedAt })
			.from(application)
			.where(and(sql`lower(${application.contactEmail}) = ${form.contactEmail.toLowerCase()}`, eq(application.status, 'submitted'), ne(application.id, id)))
			.orderBy(asc(application.submittedAt))
			.get();
		const mail = applicationReceivedMail({ name: form.contactName, address: form.contactEmail }, { company: form.companyName, earlierOn: earlier?.submittedAt ?? null });
		sendMailInBackground(mail, {
			kind: 'application_received',
		});
	}
	sendMailInBackground(
		{
			...newApplicationNoticeMail(
				officeAddress(config),
				{ company: form.companyName, town: form.town, outsideThuringia: row.outsideThuringia, link: new URL(`/koordination/bewerbungen/${id}/`, siteUrl).href },
			),
			// "Antworten" in the office's mail program reaches the applicant.
			replyTo: { name: form.contactName, address: form.contactEmail },
		},
		{ kind: 'application_notice' },
	);
	return { ok: true, id, duplicate: false };
}

/** What a bot is told: the same as a person whose application arrived. */
const BOT_ANSWER: SubmitResult = { ok: true, id: 'eingegangen', duplicate: false };

/**
 * Keeps an application that filled in the trap, but took a person's time to fill in, apart for
 * the office. Nobody is mailed: a bot must not make the form send mail to an address it typed
 * in, nor fill the office's inbox. Counted against the limit per IP address like any application,
 * and beyond MAX_SUSPECTED_APPLICATIONS dropped, so a flood of bots cannot fill the database.
 */
async function setAside(form: ApplicationForm, ip: string, now: Date): Promise<SubmitResult> {
	if ((await hit('applicationIp', perIpKey(ip), now)).limited) return BOT_ANSWER;
	const db = await getDb();
	const row = applicationRow('suspected', form, now);
	const stored = await db.transaction(async (tx) => {
		const kept = await tx.select({ n: sql<number>`count(*)` }).from(application).where(eq(application.status, 'suspected')).get();
		if ((kept?.n ?? 0) >= MAX_SUSPECTED_APPLICATIONS) {
			// The office sees the full set-aside in its queue; the operator sees the wave in the log.
			logEvent('application.set_aside_full', { kept: MAX_SUSPECTED_APPLICATIONS });
			return false;
		}
		const inserted = await tx
			.insert(application)
			.values(row)
			.onConflictDoNothing({ target: application.idempotencyKey })
			.returning({ id: application.id });
		if (inserted.length === 0) return false;
		await recordAudit({ actorId: null, action: 'application.suspected', subjectType: 'application', subjectId: row.id }, tx, now);
		return true;
	});
	return stored ? { ok: true, id: row.id, duplicate: false } : BOT_ANSWER;
}

/** The row of a new application as the form sent it. */
function applicationRow(status: 'submitted' | 'suspected', form: ApplicationForm, now: Date) {
	const place = findPlace(form.postcode, form.town);
	return {
		id: randomId(),
		status,
		companyName: form.companyName,
		legalForm: form.legalForm ?? null,
		industryCode: form.industry.code,
		industryLabel: form.industry.label,
		street: form.street,
		postcode: form.postcode,
		town: form.town,
		latitude: place?.lat ?? null,
		longitude: place?.lon ?? null,
		outsideThuringia: !place,
		sizeBand: form.sizeBand,
		website: form.website ?? null,
		contactName: form.contactName,
		contactPosition: form.contactPosition,
		contactEmail: form.contactEmail.toLowerCase(),
		contactPhone: form.contactPhone ?? null,
		interests: rankedInterests(form),
		motivation: form.motivation ?? null,
		conflictsNote: form.conflictsNote ?? null,
		optIns: OPT_INS.filter((o) => (o.key === 'events' ? form.optInEvents : form.optInListing)).map((o) => ({
			key: o.key,
			textVersion: o.version,
			at: now.toISOString(),
		})),
		submittedAt: now,
		idempotencyKey: form.idempotencyKey,
	};
}

// ── for the coordination office ─────────────────────────────────────────────────────────

/** How many applications the office's list shows at most, newest first; the export has them all. */
export const APPLICATION_LIST_LIMIT = 500;

/**
 * The office's list, newest first. A search looks at company, contact, town and e-mail address
 * however umlauts are typed (search-text.ts), over all applications (a few thousand at most: the
 * set-aside are capped), and the list then shows the newest APPLICATION_LIST_LIMIT of the hits.
 */
export async function listApplications(filter: { status?: ApplicationStatus | null; query?: string | null } = {}) {
	const db = await getDb();
	const q = filter.query?.trim() ?? '';
	// The set-aside shows only when asked for, by its status or by a search (a person asking what is
	// stored about them may be in it): it is mostly bots' work.
	const statusCondition = filter.status ? eq(application.status, filter.status) : q ? undefined : ne(application.status, 'suspected');
	const newestFirst = db
		.select({
			id: application.id,
			status: application.status,
			companyName: application.companyName,
			town: application.town,
			industryCode: application.industryCode,
			industryLabel: application.industryLabel,
			contactName: application.contactName,
			contactEmail: application.contactEmail,
			outsideThuringia: application.outsideThuringia,
			submittedAt: application.submittedAt,
			decidedAt: application.decidedAt,
		})
		.from(application)
		.where(statusCondition)
		.orderBy(desc(application.submittedAt));
	const found = q ? (await newestFirst).filter((r) => matchesSearch([r.companyName, r.contactName, r.town, r.contactEmail], q)) : await newestFirst.limit(APPLICATION_LIST_LIMIT);
	return found.slice(0, APPLICATION_LIST_LIMIT).map(({ contactEmail: _, ...row }) => row);
}

export async function getApplication(id: string) {
	const db = await getDb();
	return (await db.select().from(application).where(eq(application.id, id)).get()) ?? null;
}

/**
 * What a company's accepted applications said about competitors and close partners, newest
 * first: the group forming knows only the conflict register, so the member page shows these
 * notes beside it, for as long as the application is kept.
 */
export async function conflictNotesOf(organizationId: string) {
	const db = await getDb();
	const rows = await db
		.select({ applicationId: application.id, submittedAt: application.submittedAt, note: application.conflictsNote })
		.from(application)
		.where(and(eq(application.organizationId, organizationId), eq(application.status, 'accepted'), isNotNull(application.conflictsNote)))
		.orderBy(desc(application.submittedAt));
	return rows.flatMap(({ note, ...row }) => (note?.trim() ? [{ ...row, note: note.trim() }] : []));
}

/** Every application the office works with (not the set-aside), every field but the form's internal key, oldest first. */
export async function exportApplications() {
	const db = await getDb();
	const { idempotencyKey: _internal, ...columns } = getTableColumns(application);
	return db.select(columns).from(application).where(ne(application.status, 'suspected')).orderBy(application.submittedAt);
}

export async function countApplications(status: ApplicationStatus, submittedBefore?: Date) {
	const db = await getDb();
	const rows = await db
		.select({ n: sql<number>`count(*)` })
		.from(application)
		.where(and(eq(application.status, status), submittedBefore ? lte(application.submittedAt, submittedBefore) : undefined));
	return rows[0]?.n ?? 0;
}

/**
 * What is on file already under an application's contact address or company name, for the office
 * before it decides: an account with the address (accepting would be refused until the office
 * corrects the address), the company itself (accepting as a new company would add it a second
 * time, beside its conflict entries; an active one the applicant can join instead), and other
 * applications. The application's own account and company are left out.
 */
export async function duplicateHints(current: { id: string; contactEmail: string; companyName: string; userId: string | null; organizationId: string | null }) {
	const db = await getDb();
	const account = await findUserByEmail(current.contactEmail);
	const companies = (await companiesNamed(current.companyName)).filter((c) => c.id !== current.organizationId);
	// Names compared as companies are (companyKey), not by SQL's lower(), which folds only A-Z; the
	// applications on file are a few hundred at most (declined ones go after six months).
	const email = current.contactEmail.toLowerCase();
	const company = companyKey(current.companyName);
	const others = (
		await db
			.select({ id: application.id, companyName: application.companyName, contactEmail: application.contactEmail, status: application.status, submittedAt: application.submittedAt })
			.from(application)
			.where(ne(application.id, current.id))
			.orderBy(desc(application.submittedAt))
	)
		.filter((other) => other.contactEmail.toLowerCase() === email || companyKey(other.companyName) === company)
		.slice(0, 10)
		.map(({ contactEmail: _matched, ...other }) => other);
	return { account: account && account.id !== current.userId ? account : null, companies, others };
}

/** The contact details the office can correct before it decides, as the application form names them. */
export interface ContactDetails {
	contactName: string;
	contactPosition: string;
	contactEmail: string;
	contactPhone: string | null;
}

/** Each contact field as the log names it: the names the member's own fields have there. */
const CONTACT_FIELDS_LOGGED: Record<keyof ContactDetails, string> = { contactName: 'name', contactPosition: 'position', contactEmail: 'email', contactPhone: 'phone' };

export type CorrectContactResult = { ok: true; changed: number } | { ok: false; reason: 'not-found' | 'decided' };

/**
 * The office corrects the contact details of an application that waits for its decision: a typo, a
 * colleague's address typed in, a former member's old address. Accepting makes the account at the
 * corrected address, and the hints on file (duplicateHints) read it. The log names the fields that
 * changed, never their values. Nobody is mailed: the office corrects what the person told it.
 */
export async function correctApplicationContact(id: string, details: ContactDetails, actorId: string, now: Date = new Date()): Promise<CorrectContactResult> {
	const db = await getDb();
	const next = { ...details, contactEmail: normalizeEmail(details.contactEmail) };
	return db.transaction(async (tx): Promise<CorrectContactResult> => {
		const before = await tx.select().from(application).where(eq(application.id, id)).get();
		if (!before) return { ok: false, reason: 'not-found' };
		if (before.status !== 'submitted') return { ok: false, reason: 'decided' };
		const changed = (Object.keys(CONTACT_FIELDS_LOGGED) as (keyof ContactDetails)[]).filter((k) => before[k] !== next[k]);
		if (changed.length === 0) return { ok: true, changed: 0 };
		// Decided by a colleague since the read: the decision stands on the details it saw.
		const updated = await tx.update(application).set(next).where(and(eq(application.id, id), eq(application.status, 'submitted'))).returning({ id: application.id });
		if (updated.length === 0) return { ok: false, reason: 'decided' };
		const fields = changed.map((k) => CONTACT_FIELDS_LOGGED[k]);
		await recordAudit({ actorId, action: 'application.contact_corrected', subjectType: 'application', subjectId: id, details: { fields } }, tx, now);
		return { ok: true, changed: changed.length };
	});
}

/** An address that got an account between the check and the insert (several instances). */
class AddressTaken extends Error {}

export type DecideResult =
	| { ok: true; status: ApplicationStatus; userId?: string; invitationMailed?: boolean }
	| { ok: false; reason: 'not-found' | 'illegal-transition' | 'email-taken' | 'already-decided' | 'company-gone' | 'choose-company' | 'contact-changed' };

/**
 * Accepting creates the organization, the member account with the ranked interests and the
 * status change in one transaction (nothing half-done on failure), then sends the invitation.
 * With `joinOrganizationId` (a company on file under the application's company name, see
 * duplicateHints) the account is made for that company instead: a further person of a member
 * company, or someone new for a company whose last account was deleted. Its data stay as they
 * are; the application's address and industry do not overwrite them. `unchosen`: the office's form
 * sent no choice between a company on file and a new one; while an active company of that name is
 * on file, the acceptance is then refused ('choose-company'): a page loaded before that company
 * existed offered no choice, and accepting would have made the company a second time.
 */
export async function decideApplication(
	id: string,
	decision: Decision,
	options: { actorId: string; note?: string | null; notifyApplicant?: boolean; joinOrganizationId?: string | null; unchosen?: boolean; now?: Date },
): Promise<DecideResult> {
	const now = options.now ?? new Date();
	const current = await getApplication(id);
	if (!current) return { ok: false, reason: 'not-found' };
	const status = nextStatus(current.status, decision);
	// The same decision again (a second click while the first was still sending its mail) is no conflict.
	if (!status) return { ok: false, reason: current.status === TRANSITIONS.submitted[decision] ? 'already-decided' : 'illegal-transition' };
	const db = await getDb();
	const joining = decision === 'accept' ? (options.joinOrganizationId ?? null) : null;
	const userId = await db.transaction(async (tx): Promise<string | undefined | 'conflict' | 'email-taken' | 'company-gone' | 'choose-company' | 'contact-changed'> => {
		const contact = await tx.select({ status: application.status, email: application.contactEmail, name: application.contactName, position: application.contactPosition, phone: application.contactPhone }).from(application).where(eq(application.id, id)).get();
		// Decided since it was read (the same button pressed twice): that answer first, not a refusal the first decision caused.
		if (contact && contact.status !== current.status) return 'conflict' as const;
		// A colleague corrected the contact details since they were read: the account would be made for the old ones.
		if (decision === 'accept' && contact && (contact.email !== current.contactEmail || contact.name !== current.contactName || contact.position !== current.contactPosition || contact.phone !== current.contactPhone)) return 'contact-changed' as const;
		// Inside the transaction: two applications with one address accepted at once must not both pass.
		if (decision === 'accept' && (await tx.select({ id: user.id }).from(user).where(eq(user.email, current.contactEmail)).get())) return 'email-taken' as const;
		if (joining && !(await activeCompanyNamed(current.companyName, tx, joining))) return 'company-gone' as const;
		if (decision === 'accept' && options.unchosen && (await activeCompanyNamed(current.companyName, tx))) return 'choose-company' as const;
		const changed = await tx
			.update(application)
			.set({ status, decidedAt: now, decidedBy: options.actorId, decisionNote: options.note ?? null })
			.where(and(eq(application.id, id), eq(application.status, current.status)))
			.returning({ id: application.id });
		if (changed.length !== 1) return 'conflict' as const;
		let newUserId: string | undefined;
		if (decision === 'accept') {
			const organizationId =
				joining ??
				(await createOrganization(
					{
						name: current.companyName,
						legalForm: current.legalForm,
						industryCode: current.industryCode,
						industryLabel: current.industryLabel,
						street: current.street,
						postcode: current.postcode,
						town: current.town,
						latitude: current.latitude,
						longitude: current.longitude,
						sizeBand: current.sizeBand,
						website: current.website,
					},
					tx,
					now,
				));
			newUserId = await createUser(
				{
					name: current.contactName,
					email: current.contactEmail,
					role: 'member',
					organizationId,
					position: current.contactPosition,
					phone: current.contactPhone,
				},
				tx,
				now,
			).catch((error: unknown) => {
				// Another instance gave the address an account at the same moment: nothing of this one is kept.
				throw isTakenEmail(error) ? new AddressTaken() : error;
			});
			await setInterests(newUserId, current.interests, tx, now);
			await adoptApplicationConsents(newUserId, current.optIns, tx, now);
			await tx.update(application).set({ organizationId, userId: newUserId }).where(eq(application.id, id));
		}
		// The note stays on the application (and goes with it); the log keeps ids, never free text.
		// Whether a rejection was to go out by mail: a colleague taking the applicant's call later must
		// know. Recorded with the decision, before the mail is tried; a failed one shows in the work queue.
		// Which company a further person joined: an id, like every subject in the log.
		const details = decision === 'decline' ? { [DECLINE_MAIL]: options.notifyApplicant ? 'requested' : 'none' } : joining ? { [JOINED_COMPANY]: joining } : undefined;
		await recordAudit({ actorId: options.actorId, action: `application.${status}`, subjectType: 'application', subjectId: id, details }, tx, now);
		return newUserId;
	}).catch((error: unknown) => {
		if (error instanceof AddressTaken) return 'email-taken' as const;
		throw error;
	});
	if (userId === 'conflict') return { ok: false, reason: (await getApplication(id))?.status === status ? 'already-decided' : 'illegal-transition' };
	if (userId === 'email-taken' || userId === 'company-gone' || userId === 'choose-company' || userId === 'contact-changed') return { ok: false, reason: userId };

	if (decision === 'accept' && userId) {
		// The acceptance stands; an invitation that failed is resent from the member's page.
		// A further person reads the company's name as the office keeps it, not as they typed it.
		const company = joining ? ((await getOrganization(joining))?.name ?? current.companyName) : current.companyName;
		const mailed = await sendInvitation(userId, options.actorId, now, { acceptedCompany: company, joinedCompany: joining !== null }).then(
			(sent) => sent.mailed,
			(error: unknown) => {
				logFailure(error, { during: 'invitation after acceptance' });
				return false;
			},
		);
		return { ok: true, status, userId, invitationMailed: mailed };
	}
	if (decision === 'decline' && options.notifyApplicant) {
		sendMailInBackground(applicationDeclinedMail({ name: current.contactName, address: current.contactEmail }, { company: current.companyName }), {
			kind: 'application_declined',
		});
	}
	return { ok: true, status };
}

/**
 * Takes an application out of the set-aside: the office judged it a person's. It then waits for a
 * decision like any other, dated when it was sent. Nobody is mailed: the office writes to the
 * applicant with its decision.
 */
export async function releaseSuspectedApplication(id: string, actorId: string, now: Date = new Date()): Promise<'released' | 'not-found' | 'not-set-aside'> {
	const db = await getDb();
	return db.transaction(async (tx) => {
		const released = await tx
			.update(application)
			.set({ status: 'submitted' })
			.where(and(eq(application.id, id), eq(application.status, 'suspected')))
			.returning({ id: application.id });
		if (released.length === 0) {
			return (await tx.select({ id: application.id }).from(application).where(eq(application.id, id)).get()) ? 'not-set-aside' : 'not-found';
		}
		await recordAudit({ actorId, action: 'application.released', subjectType: 'application', subjectId: id }, tx, now);
		return 'released';
	});
}

/**
 * Deletes set-aside applications the office judged bots' work: those named, which the office had in
 * front of it (never one that came in since, or one a colleague released meanwhile). Only the rows:
 * a set-aside application caused no mail, so no delivery record is its. Returns how many went.
 */
export async function discardSuspectedApplications(ids: readonly string[], actorId: string, now: Date = new Date()): Promise<number> {
	if (ids.length === 0) return 0;
	const db = await getDb();
	return db.transaction(async (tx) => {
		const gone = await tx
			.delete(application)
			.where(and(eq(application.status, 'suspected'), inArray(application.id, [...ids])))
			.returning({ id: application.id });
		for (const { id } of gone) await recordAudit({ actorId, action: 'application.discarded', subjectType: 'application', subjectId: id }, tx, now);
		return gone.length;
	});
}

/** When a set-aside application is deleted unless the office takes it out first. */
export const suspectedDeletionDate = (submittedAt: Date) => new Date(submittedAt.getTime() + SUSPECTED_RETENTION_MS);

export async function purgeSuspectedApplications(now: Date = new Date()): Promise<number> {
	const db = await getDb();
	const cutoff = new Date(now.getTime() - SUSPECTED_RETENTION_MS);
	const gone = await db
		.delete(application)
		.where(and(eq(application.status, 'suspected'), lte(application.submittedAt, cutoff)))
		.returning({ id: application.id });
	return gone.length;
}

/** Declined and withdrawn applications are deleted six months after the decision (privacy notice). */
export function closedRetentionCutoff(now: Date): Date {
	const cutoff = new Date(now);
	cutoff.setUTCMonth(cutoff.getUTCMonth() - 6);
	return cutoff;
}

export async function purgeClosedApplications(now: Date = new Date()): Promise<number> {
	const db = await getDb();
	const gone = await db
		.delete(application)
		.where(and(inArray(application.status, ['declined', 'withdrawn']), lte(application.decidedAt, closedRetentionCutoff(now))))
		.returning({ id: application.id });
	return gone.length;
}

// ── the applicant's own data (GDPR access and erasure) ──────────────────────────────────

/**
 * Deletes one application at once, at the request of the person it names (GDPR Art. 17), with
 * the records of mails about it (the receipt to its address, the office's notice). A company and
 * member account made from it stay: they are the member's, and go with the member's own deletion.
 * The log keeps that an application with this id was deleted, nothing about whom. False: no such application.
 */
export async function eraseApplication(id: string, actorId: string, now: Date = new Date()): Promise<boolean> {
	const db = await getDb();
	const erased = await db.transaction(async (tx) => {
		const gone = await tx
			.delete(application)
			.where(eq(application.id, id))
			.returning({ email: application.contactEmail, company: application.companyName, status: application.status });
		if (gone.length === 0) return null;
		// A set-aside application caused no mail: the records under its address or company name are another application's.
		if (gone[0]!.status !== 'suspected') {
			await eraseAccountlessDeliveriesTo(gone[0]!.email, tx);
			await eraseNoticesOf(gone, tx);
		}
		await recordAudit({ actorId, action: 'application.erased', subjectType: 'application', subjectId: id }, tx, now);
		return gone[0]!.email;
	});
	if (erased === null) return false;
	// The daily mail limit per address holds the address in its key; it goes now, not at the next purge.
	await reset('applicationRecipient', erased.toLowerCase());
	await checkpointAfterErasure();
	return true;
}

/**
 * The applications that are an account's: the one it was made from (accepting links the two). Not
 * those that merely carry its address: the form does not verify the address, so an application
 * sent with a typo or from a shared mailbox is a stranger's, and the account's download must not
 * hand it out nor its deletion destroy it. The price: an earlier application of the same person
 * (withdrawn, declined, or sent again) is not in the download either and is not deleted with the
 * account. It keeps its own period (six months after a decision; until the office decides), and
 * the office, which can tell who is who, answers for it and erases it on request.
 */
const ofAccount = (userId: string) => eq(application.userId, userId);

/** The account's applications, every field, oldest first (for the person's data export). */
export async function listApplicationsOfAccount(userId: string) {
	const db = await getDb();
	return db.select().from(application).where(ofAccount(userId)).orderBy(application.submittedAt);
}

/** Deletes the account's applications inside the caller's transaction. */
export async function eraseApplicationsOfAccount(userId: string, tx: Db | Tx): Promise<number> {
	const gone = await tx.delete(application).where(ofAccount(userId)).returning({ company: application.companyName, status: application.status });
	await eraseNoticesOf(gone, tx);
	return gone.length;
}

/**
 * The records of the office's notices of deleted applications: the notice names the company, for
 * a sole trader the person. Its subject is all that ties a record to an application, so while
 * another application under the same company name remains, the records stay (they may be its).
 * A set-aside application caused no notice.
 */
async function eraseNoticesOf(gone: readonly { company: string; status: ApplicationStatus }[], tx: Db | Tx): Promise<void> {
	for (const company of new Set(gone.filter((g) => g.status !== 'suspected').map((g) => g.company))) {
		const namesake = await tx.select({ id: application.id }).from(application).where(eq(application.companyName, company)).limit(1).get();
		if (!namesake) await eraseDeliveriesWithSubject('application_notice', applicationNoticeSubject(company), tx);
	}
}
