/**
 * The coordination office's own team: who has a coordinator account, inviting a colleague, and
 * taking access away or giving it back. The first coordinator comes from `npm run admin:create`;
 * everyone after is invited here. A coordinator sees every member's data, so each change is
 * recorded in the log and mailed to the whole team (and to the person concerned), and the
 * actions ask for the coordinator's own password.
 */
import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { secondFactor, user } from '../../../db/schema.ts';
import { createUser, findUserByEmail, findUserById, isTakenEmail, sendInvitation, setCoordinatorAccess } from './accounts.ts';
import { firstActorsOf, recordAudit } from './audit.ts';
import { getConfig } from './config.ts';
import { getDb } from './db.ts';
import { sendMailInBackground, type MailAddress } from './mail.ts';
import { teamChangeMail, type TeamChange } from './mail-templates.ts';
import { accountState, type AccountState } from './members.ts';
import { removeSecondFactor } from './second-factor.ts';
import { logEvent } from './security-log.ts';
import { PORTAL_PATHS, quietSince } from '../site.ts';

/** Someone else changed the same access a moment ago, or the one acting has just lost theirs. */
const NOT_CHANGED = 'Der Zugang hat sich inzwischen geändert, oder Ihr eigener gilt nicht mehr. Bitte laden Sie die Seite neu.';

/** A change the team's rules forbid; the message is meant for the coordinator. */
export class TeamRefusal extends Error {}
/** The account named is not a coordinator (or does not exist): nothing to change here. */
export class UnknownCoordinator extends Error {
	constructor() {
		super('Diesen Zugang gibt es nicht (mehr).');
	}
}

/** Every coordinator account, active ones first, then by name. */
export async function listTeam() {
	const db = await getDb();
	const rows = await db
		.select({
			userId: user.id,
			name: user.name,
			email: user.email,
			hasPassword: sql<number>`${user.passwordHash} IS NOT NULL`,
			deactivatedAt: user.deactivatedAt,
			createdAt: user.createdAt,
			lastSignInAt: user.lastSignInAt,
			hasApp: sql<number>`${secondFactor.userId} IS NOT NULL`,
		})
		.from(user)
		.leftJoin(secondFactor, eq(secondFactor.userId, user.id))
		.where(eq(user.role, 'coordinator'))
		.orderBy(sql`${user.deactivatedAt} IS NOT NULL`, asc(user.name), asc(user.id));
	// Who invited whom, from the log; the first coordinator came from the command line.
	const inviters = await firstActorsOf('coordinator.invited');
	const names = new Map(rows.map((row) => [row.userId, row.name]));
	const invitedBy = (userId: string) => {
		if (!inviters.has(userId)) return null;
		const actor = inviters.get(userId);
		return (actor && names.get(actor)) ?? 'eine gelöschte Person';
	};
	return rows.map((row) => ({ ...row, state: accountState(row), hasApp: !!row.hasApp, invitedBy: invitedBy(row.userId) }));
}

/**
 * Active office accounts nobody has signed in with for QUIET_DAYS: each one sees every member's
 * data, so an access its holder no longer uses should end (least privilege). Shown in the work
 * queue and on the team page; nothing ends by itself.
 */
export const isUnusedAccess = (p: { state: AccountState; lastSignInAt: Date | null }, now: Date) => p.state === 'active' && quietSince(p.lastSignInAt, now);

export async function listUnusedOfficeAccess(now: Date = new Date()) {
	return (await listTeam()).filter((p) => isUnusedAccess(p, now));
}

const ALREADY_IN_TEAM = 'Diese Person hat schon einen Zugang zur Koordinierungsstelle (siehe Liste oben).';

/** Invites a colleague into the office: a new coordinator account and its invitation mail. */
export async function inviteCoordinator(person: { name: string; email: string }, actorId: string, now: Date = new Date()): Promise<{ userId: string; mailed: boolean }> {
	const existing = await findUserByEmail(person.email);
	if (existing) {
		throw new TeamRefusal(
			existing.role === 'coordinator'
				? ALREADY_IN_TEAM
				: 'Zu dieser E-Mail-Adresse gibt es schon ein Konto eines Mitglieds. Ein Konto hat genau eine Rolle; bitte nehmen Sie eine andere Adresse.',
		);
	}
	// A double click (or a colleague at the same moment) passes the check twice; the address is unique, the second insert fails.
	const userId = await createUser({ ...person, role: 'coordinator' }, undefined, now).catch((error: unknown) => {
		throw isTakenEmail(error) ? new TeamRefusal(ALREADY_IN_TEAM) : error;
	});
	await recordAudit({ actorId, action: 'coordinator.invited', subjectType: 'user', subjectId: userId }, undefined, now);
	logEvent('coordinator.invited', { user: userId, by: actorId });
	const { mailed } = await sendInvitation(userId, actorId, now);
	await tellTeam('invited', (await findUserById(userId))!, actorId, now);
	return { userId, mailed };
}

/** Ends a colleague's access at once (sessions, unfinished sign-ins, open links too); never one's own. */
export async function revokeCoordinator(userId: string, actorId: string, now: Date = new Date()): Promise<void> {
	if (userId === actorId) throw new TeamRefusal('Ihren eigenen Zugang können Sie hier nicht beenden; das macht eine Kollegin oder ein Kollege.');
	const person = await coordinatorOrRefuse(userId);
	if (!(await setCoordinatorAccess(userId, false, actorId, now))) {
		throw new TeamRefusal(person.deactivatedAt ? `Der Zugang von ${person.name} ist schon beendet.` : NOT_CHANGED);
	}
	await recordAudit({ actorId, action: 'coordinator.revoked', subjectType: 'user', subjectId: userId }, undefined, now);
	logEvent('coordinator.revoked', { user: userId, by: actorId });
	await tellTeam('revoked', person, actorId, now);
}

/** Gives a colleague their access back; one who never set a password gets a new invitation. */
export async function restoreCoordinator(userId: string, actorId: string, now: Date = new Date()): Promise<{ invited: boolean; mailed: boolean }> {
	const person = await coordinatorOrRefuse(userId);
	if (!(await setCoordinatorAccess(userId, true, actorId, now))) {
		throw new TeamRefusal(person.deactivatedAt ? NOT_CHANGED : `${person.name} hat schon Zugang.`);
	}
	await recordAudit({ actorId, action: 'coordinator.restored', subjectType: 'user', subjectId: userId }, undefined, now);
	logEvent('coordinator.restored', { user: userId, by: actorId });
	const invited = !person.passwordHash;
	const mailed = invited ? (await sendInvitation(userId, actorId, now)).mailed : true;
	await tellTeam('restored', person, actorId, now);
	return { invited, mailed };
}

/**
 * A colleague lost the phone with the app (and the recovery codes): the app goes, the password
 * alone signs in until they set up a new one, which a coordinator is asked to do at once where
 * it is required. `verification` says how the caller made sure the request came from that
 * colleague; it goes into the log, and the colleague gets a mail (removeSecondFactor).
 */
export async function removeColleagueApp(userId: string, actorId: string, verification: string, now: Date = new Date()): Promise<void> {
	if (userId === actorId) throw new TeamRefusal('Ihre eigene App entfernen Sie unter „Mein Konto“.');
	const person = await coordinatorOrRefuse(userId);
	if (!(await removeSecondFactor(userId, actorId, now, { verification }))) throw new TeamRefusal(`${person.name} meldet sich ohnehin nur mit dem Passwort an.`);
}

/** A new invitation for a colleague who has not set a password yet (the old link stops working). */
export async function reinviteCoordinator(userId: string, actorId: string, now: Date = new Date()): Promise<{ mailed: boolean }> {
	const person = await coordinatorOrRefuse(userId);
	if (person.deactivatedAt || person.passwordHash) throw new TeamRefusal(`${person.name} hat das Passwort schon festgelegt, oder der Zugang ist beendet.`);
	return sendInvitation(userId, actorId, now);
}

async function coordinatorOrRefuse(userId: string) {
	const person = await findUserById(userId);
	if (!person || person.role !== 'coordinator') throw new UnknownCoordinator();
	return person;
}

/** The change goes to every active coordinator with a password, and to the person whose access changed. */
async function tellTeam(change: TeamChange, person: { id: string; name: string; email: string; passwordHash: string | null }, actorId: string, now: Date): Promise<void> {
	const db = await getDb();
	const actor = await findUserById(actorId);
	const team = await db
		.select({ name: user.name, address: user.email })
		.from(user)
		.where(and(eq(user.role, 'coordinator'), isNull(user.deactivatedAt), isNotNull(user.passwordHash)));
	const recipients: MailAddress[] = team.filter((m) => m.address !== person.email);
	// The invited get their invitation instead; someone whose access ended or came back hears of it.
	if (change !== 'invited') recipients.push({ name: person.name, address: person.email });
	const link = new URL(PORTAL_PATHS.officeTeam, (await getConfig()).siteUrl).href;
	const by = { name: actor?.name ?? 'Die Koordinierungsstelle', address: actor?.email ?? '' };
	for (const to of recipients) {
		const mail = teamChangeMail(to, { change, person: { name: person.name, address: person.email, hasPassword: !!person.passwordHash }, by, at: now, link });
		sendMailInBackground(mail, { kind: `team_${change}`, userId: to.address === person.email ? person.id : null });
	}
}
