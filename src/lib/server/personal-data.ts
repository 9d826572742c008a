/**
 * A member's own data across every table: the download (GDPR Art. 15 and 20) and the erasure
 * of the account (Art. 17). Each table is read and deleted through the module that owns it;
 * this module only gathers and orders. Nothing about other people leaves here: group
 * memberships name the group, never its other members.
 */
import { accountExists, confirmOwnPassword, eraseUserRow, findUserById, type RequestContext, type Throttled } from './accounts.ts';
import { eraseApplicationsOfAccount, listApplicationsOfAccount } from './applications.ts';
import { auditActionLabel, auditEventExists, describeOwnDetails, listEventsInvolving, recordAudit } from './audit.ts';
import { UNKNOWN_DEVICE, eraseSessionsOf, listUserSessions } from './auth-session.ts';
import { consentHistory } from './consents.ts';
import { APPLICATION_STATUS_LABELS, optInText } from '../forms/application.ts';
import { checkpointAfterErasure, getDb } from './db.ts';
import { listOwnMemberships, ownGroupIds, ownGroups } from './groups.ts';
import { getInterests, setInterests } from './interests.ts';
import { eraseDeliveriesTo, listDeliveriesTo, sendMail } from './mail.ts';
import { getOrganization } from './members.ts';
import { accountDeletedMail } from './mail-templates.ts';
import { describeMailKind } from './mail-kinds.ts';
import { listOwnReplies, releaseHosting, tellOfficeHostLeft } from './meetings.ts';
import { listOwnReminders } from './reminders.ts';
import { TOPIC_PRIORITY_LABELS, type TopicPriority } from '../meetings/topic-queue.ts';
import { currentFeed } from './calendar-feeds.ts';
import { eraseTokensOf } from './one-time-token.ts';
import { reset } from './rate-limit.ts';
import { logEvent } from './security-log.ts';
import { recoveryCodesLeft, secondFactorSince } from './second-factor.ts';
import { listOwnTopics } from './topic-queue.ts';

const GROUP_STATUS = { draft: 'Entwurf der Koordinierungsstelle', published: 'aktiv', archived: 'beendet' } as const;

/** Where a consent was given or withdrawn, in the export's words. */
const CONSENT_VIA = { application: 'mit der Bewerbung', portal: 'im Portal', office: 'von der Koordinierungsstelle eingetragen' } as const;
/** What an entry someone else made was about, in the export's words ('Sie betreffend' otherwise: a seat in a group). */
const EVENT_CONCERNS: Record<string, string> = { user: 'Ihr Konto betreffend', application: 'Ihre Bewerbung betreffend' };

/**
 * Everything stored about the person, as plain JSON-ready data with German keys (the file is
 * for them to read and to take elsewhere). Never a password hash, session secret or token;
 * never another member's data. `topicTitle` turns slugs into the titles they know.
 */
export async function exportPersonalData(userId: string, topicTitle: (slug: string) => string, now: Date = new Date()) {
	const account = await findUserById(userId);
	if (!account) return null;
	const company = await getOrganization(account.organizationId);
	const interests = await getInterests(userId);
	const memberships = await listOwnMemberships(userId);
	const applications = await listApplicationsOfAccount(userId);
	const mails = await listDeliveriesTo(userId, account.email);
	const events = await listEventsInvolving(userId, applications.map((a) => a.id));
	const sessions = await listUserSessions(userId);
	const replies = await listOwnReplies(userId);
	const reminders = await listOwnReminders(userId);
	const topics = await listOwnTopics(userId);
	const stillIn = new Set(await ownGroupIds(userId));
	const feedSince = (await currentFeed(userId))?.createdAt ?? null;
	const appSince = await secondFactorSince(userId);
	const consents = await consentHistory(userId);
	const iso = (date: Date | null) => date?.toISOString() ?? null;

	return {
		erstellt: now.toISOString(),
		hinweis:
			'Alle Daten, die das ThZM-Netzwerkforum zu Ihrem Konto speichert (Auskunft und Datenübertragbarkeit nach Art. 15 und 20 DSGVO). Zeiten in UTC.',
		konto: {
			id: account.id,
			name: account.name,
			funktion: account.position,
			eMail: account.email,
			telefon: account.phone,
			rolle: account.role === 'member' ? 'Mitglied' : 'Koordinierungsstelle',
			eMailFuerGruppeSichtbar: account.shareEmail,
			telefonFuerGruppeSichtbar: account.sharePhone,
			angelegt: iso(account.createdAt),
			zuletztGeaendert: iso(account.updatedAt),
			passwortZuletztGeaendert: iso(account.passwordChangedAt),
			zuletztAngemeldet: iso(account.lastSignInAt),
			erinnerungEineWocheVorher: account.remindWeekBefore,
			erinnerungAmTagDavor: account.remindDayBefore,
			deaktiviert: iso(account.deactivatedAt),
		},
		unternehmen: company && {
			name: company.name,
			rechtsform: company.legalForm,
			branche: { code: company.industryCode, bezeichnung: company.industryLabel },
			strasse: company.street,
			postleitzahl: company.postcode,
			ort: company.town,
			beschaeftigte: company.sizeBand,
			website: company.website,
			// Derived from postcode and town, for the distances between a group's companies.
			ungefaehreLage: company.latitude !== null && company.longitude !== null ? { breitengrad: company.latitude, laengengrad: company.longitude } : null,
		},
		interessen: interests.map((slug, i) => ({ rang: i + 1, thema: slug, titel: topicTitle(slug) })),
		fokusgruppen: memberships.map((m) => ({
			name: m.name,
			thema: m.topicSlug,
			titel: topicTitle(m.topicSlug),
			jahrgang: m.cohort,
			status: GROUP_STATUS[m.status],
			seit: iso(m.since),
		})),
		antwortenAufTreffen: replies.map((r) => ({ treffen: iso(r.startsAt), gruppe: r.groupName, antwort: r.attending ? 'Ich komme' : 'Ich komme nicht', geaendert: iso(r.updatedAt) })),
		erinnerungen: reminders.map((r) => ({ treffen: iso(r.startsAt), erinnerung: r.kind === 'week' ? 'eine Woche vorher' : 'am Tag davor', verschickt: iso(r.sentAt) })),
		anmeldungMitApp: appSince && {
			eingerichtet: iso(appSince),
			unbenutzteErsatzcodes: await recoveryCodesLeft(userId),
			hinweis: 'Der Schlüssel Ihrer App bleibt auf dem Server; er steht nicht in dieser Datei. Von den Ersatzcodes speichert der Server nur Prüfwerte.',
		},
		kalenderAbo: feedSince && { eingerichtet: iso(feedSince), hinweis: 'Die Adresse selbst wird nicht gespeichert, nur ein Prüfwert.' },
		// A topic stays with its group when its author leaves; when the group discusses it is then
		// the group's business, not the former member's (what is said there stays there).
		vorgeschlageneGespraechspunkte: topics.map((t) => ({
			titel: t.title,
			wichtigkeit: TOPIC_PRIORITY_LABELS[t.priority as TopicPriority],
			minuten: t.minutes,
			vorgeschlagen: iso(t.createdAt),
			// Whether it is still open, the portal shows a former member too (to withdraw it); not when it was discussed.
			...(stillIn.has(t.groupId)
				? { besprochen: iso(t.discussedAt) }
				: { offen: t.discussedAt === null, hinweis: 'Sie gehören dieser Gruppe nicht mehr an. Der Punkt bleibt bei ihr; wann sie ihn bespricht, steht hier nicht.' }),
		})),
		bewerbungen: applications.map((a) => ({
			eingegangen: iso(a.submittedAt),
			status: APPLICATION_STATUS_LABELS[a.status],
			unternehmen: a.companyName,
			rechtsform: a.legalForm,
			branche: { code: a.industryCode, bezeichnung: a.industryLabel },
			strasse: a.street,
			postleitzahl: a.postcode,
			ort: a.town,
			beschaeftigte: a.sizeBand,
			website: a.website,
			ansprechperson: { name: a.contactName, funktion: a.contactPosition, eMail: a.contactEmail, telefon: a.contactPhone },
			themen: a.interests.map((slug) => ({ thema: slug, titel: topicTitle(slug) })),
			motivation: a.motivation,
			hinweisZuKonflikten: a.conflictsNote,
			einwilligungen: a.optIns,
			entschieden: iso(a.decidedAt),
			notizZurEntscheidung: a.decisionNote,
		})),
		einwilligungen: consents.map((c) => ({
			einwilligung: optInText(c.key, c.textVersion) ?? c.key,
			fassung: c.textVersion,
			stand: c.given ? 'erteilt' : 'widerrufen',
			wo: CONSENT_VIA[c.via],
			zeit: iso(c.at),
		})),
		eMails: mails.map((m) => ({ gesendet: iso(m.createdAt), an: m.recipient, art: describeMailKind(m.kind), betreff: m.subject, status: m.status === 'sent' ? 'versandt' : 'fehlgeschlagen' })),
		protokoll: events.map((e) => ({
			zeit: iso(e.createdAt),
			aktion: auditActionLabel(e.action),
			rolle: e.actorId === userId ? 'von Ihnen' : (EVENT_CONCERNS[e.subjectType ?? ''] ?? 'Sie betreffend'),
			angaben: describeOwnDetails(e.details, topicTitle),
		})),
		anmeldungen: sessions.map((s) => ({ angemeldet: iso(s.createdAt), zuletztGenutzt: iso(s.lastVerifiedAt), geraet: s.device ?? UNKNOWN_DEVICE })),
	};
}

export type PersonalData = NonNullable<Awaited<ReturnType<typeof exportPersonalData>>>;

/** Records that the person downloaded their data (who takes data out is the office's to know). */
export async function recordExport(userId: string, now: Date = new Date()): Promise<void> {
	await recordAudit({ actorId: userId, action: 'personal_data.exported', subjectType: 'user', subjectId: userId }, undefined, now);
}

export type DeleteAccountResult = { ok: true } | { ok: false; reason: 'wrong-password' } | Throttled;

/** Erases a member's account after they confirmed it with their password (eraseAccount says what goes). */
export async function deleteOwnAccount(userId: string, password: string, request: RequestContext): Promise<DeleteAccountResult> {
	const now = request.now ?? new Date();
	const checked = await confirmOwnPassword(userId, password, request, 'account_deletion');
	if (!checked.ok) return checked;
	// 'gone': the same form sent twice, the other request erased it: deleted all the same.
	await eraseAccount(checked.account, userId, request.ip, now);
	return { ok: true };
}

/**
 * 'erased-unmailed': erased, but the mail telling the person did not go out (the office says so itself).
 * 'erased-before': another request erased it (the button pressed twice), which told the person.
 */
export type EraseMemberResult = 'erased' | 'erased-unmailed' | 'erased-before' | 'not-found' | 'still-active';

/**
 * The office erases a member's account, at the person's request (Art. 17 GDPR) or when the
 * membership has ended: what deleteOwnAccount does, for a person who can no longer sign in to do
 * it. Only a deactivated account, so that erasing is a second, deliberate step after the one that
 * can be undone. The person is told by mail, as after deleting it themselves.
 */
export async function eraseMemberAccount(userId: string, actorId: string, ip: string, now: Date = new Date()): Promise<EraseMemberResult> {
	const account = await findUserById(userId);
	if (!account) return (await auditEventExists('account.deleted', { type: 'user', id: userId })) ? 'erased-before' : 'not-found';
	if (account.role !== 'member') return 'not-found';
	if (!account.deactivatedAt) return 'still-active';
	const erased = await eraseAccount(account, actorId, ip, now);
	return erased === 'gone' ? 'erased-before' : erased === 'mailed' ? 'erased' : 'erased-unmailed';
}

/**
 * Erases an account. In one transaction every row naming the person goes: sessions, tokens,
 * interests, mail records (to the account or the address), the application the account was made
 * from (not others under its address: listApplicationsOfAccount) with the office's notices of it,
 * and the user row, whose cascade takes group
 * memberships, replies, the calendar address and the history of consents with it. Coming
 * meetings their company was to host lose host and place (the group hears of it, the office's
 * work queue names them). The organization stays: it is the company, not the person; the office
 * deletes it under "Unternehmen ohne Konto". The audit log holds ids only, so a pseudonymous
 * trace remains, ending with `account.deleted` by `actorId`, until its events are three years old.
 * The person is told by mail, without a delivery record, which would bring the address straight back
 * ('unmailed' when that mail failed). 'gone': another request erased the account meanwhile (the
 * same button pressed twice); nothing more is logged or sent.
 */
async function eraseAccount(
	account: { id: string; name: string; email: string; organizationId: string | null },
	actorId: string,
	ip: string,
	now: Date,
): Promise<'mailed' | 'unmailed' | 'gone'> {
	const userId = account.id;
	const db = await getDb();
	const groups = await ownGroups(userId);
	const company = (await getOrganization(account.organizationId))?.name ?? 'Ein Unternehmen';
	const released: { group: { id: string; name: string }; notify: () => Promise<void>; meetings: { startsAt: Date; placeKept: boolean }[] }[] = [];
	const erasedHere = await db.transaction(async (tx) => {
		if (!(await accountExists(userId, tx))) return false;
		// Their company no longer hosts the group's coming meetings: host and place go, the group is told below.
		if (account.organizationId) for (const group of groups) released.push({ group, ...(await releaseHosting(group.id, account.organizationId, now, tx)) });
		await eraseSessionsOf(userId, tx);
		await eraseTokensOf(userId, tx);
		await setInterests(userId, [], tx, now);
		await eraseDeliveriesTo(userId, account.email, tx);
		await eraseApplicationsOfAccount(userId, tx);
		await eraseUserRow(userId, tx);
		await recordAudit({ actorId, action: 'account.deleted', subjectType: 'user', subjectId: userId }, tx, now);
		return true;
	});
	if (!erasedHere) return 'gone';
	// Throttling windows are keyed by the address (stored in lower case) or the id: they go too.
	for (const name of ['loginAccount', 'resetAccount', 'applicationRecipient'] as const) await reset(name, account.email);
	for (const name of ['secondFactorAccount', 'hostAnswerMail', 'officeMail'] as const) await reset(name, userId);
	await checkpointAfterErasure();
	logEvent('account.deleted', { ip, user: userId, ...(actorId !== userId && { by: actorId }) });
	for (const release of released) {
		await release.notify();
		// The group was told the office sees to it: the office hears of it too, unless it erased the account itself.
		if (actorId === userId) await tellOfficeHostLeft(release.group, company, release.meetings);
	}
	return sendMail(accountDeletedMail({ name: account.name, address: account.email }, { at: now, byOffice: actorId !== userId }), { kind: 'account_deleted', record: false }).then(
		() => 'mailed' as const,
		() => 'unmailed' as const, // logged by sendMail
	);
}
