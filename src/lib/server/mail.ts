/**
 * Outgoing mail through nodemailer. With SMTP_URL set, mail goes to that server; otherwise
 * (demo mode, development) each message is written to the outbox folder as an .eml file that
 * any mail program opens. The console gets one line per message: recipient and subject only,
 * never a link or code.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { and, count, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { mailDelivery } from '../../../db/schema.ts';
import { getConfig } from './config.ts';
import { getDb } from './db.ts';
import type { MailKind } from './mail-kinds.ts';
import { randomId } from './random.ts';
import { logEvent, logFailure } from './security-log.ts';

export interface MailAddress {
	name: string;
	address: string;
}

export interface Mail {
	to: MailAddress;
	subject: string;
	text: string;
	html: string;
	attachments?: { filename: string; content: string; contentType: string }[];
	/** Where an answer goes; the coordination office unless set (MAIL_FROM may be a no-reply address). */
	replyTo?: MailAddress;
}

/** Header values never contain line breaks: no header injection through names or subjects. */
export const singleLine = (value: string) => value.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ').trim();

let transport: Transporter | null = null;

/**
 * How long a mail server may take, in ms (nodemailer waits 2 min to connect, 30 s for the
 * greeting and 10 min for an answer by default). Mail is sent while the office waits for its
 * page: a server that accepts but never greets held an action for 30 s. Parameters in
 * SMTP_URL (`?greetingTimeout=30000`) still override them.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

async function getTransport(): Promise<{ transport: Transporter; outbox: string | null }> {
	const config = await getConfig();
	if (!transport) {
		transport = config.smtpUrl
			? nodemailer.createTransport({ url: config.smtpUrl, ...SMTP_TIMEOUTS })
			: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
	}
	return { transport, outbox: config.smtpUrl ? null : config.outboxDir };
}

/** The coordination office as a recipient, and as every mail's Reply-To unless one says otherwise. */
export const officeAddress = (config: { officeEmail: string }): MailAddress => ({ name: 'Koordinierungsstelle', address: config.officeEmail });

export type { MailKind };

export interface MailMeta {
	/** What the mail is for (stored with the delivery; the data download names it in words). */
	kind: MailKind;
	userId?: string | null;
	/**
	 * False: no delivery record, and the log line names the kind of mail instead of the
	 * recipient. Only for the confirmation of an erased account, where either would bring back
	 * the address that was just deleted (next to the pseudonymous `account.deleted` line).
	 */
	record?: boolean;
}

/**
 * Sends one message and records the delivery either way. Throws when sending failed, after
 * recording it, so the caller decides whether the user needs to hear about it.
 */
export async function sendMail(mail: Mail, meta: MailMeta): Promise<void> {
	const config = await getConfig();
	const subject = singleLine(mail.subject);
	const logged = meta.record === false ? { kind: meta.kind } : { to: mail.to.address, subject };
	let error: unknown = null;
	try {
		const { transport, outbox } = await getTransport();
		const info = await transport.sendMail({
			from: config.mailFrom,
			to: { name: singleLine(mail.to.name), address: singleLine(mail.to.address) },
			replyTo: mail.replyTo
				? { name: singleLine(mail.replyTo.name), address: singleLine(mail.replyTo.address) }
				: officeAddress(config),
			subject,
			text: mail.text,
			html: mail.html,
			attachments: mail.attachments ?? [],
			// Sent by the platform: out-of-office replies to a reminder or a group's mail would all land in
			// the office's inbox (Reply-To). A person's own answer still goes there.
			headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'OOF, AutoReply' },
		});
		if (outbox) {
			// Mails carry invitation links and codes: readable by the server's user only.
			mkdirSync(outbox, { recursive: true, mode: 0o700 });
			const file = join(outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomId()}.eml`);
			writeFileSync(file, (info as unknown as { message: Buffer }).message, { mode: 0o600 });
		}
		logEvent('mail.sent', { ...logged, via: outbox ? 'outbox' : 'smtp' });
	} catch (caught) {
		error = caught;
		logEvent('mail.failed', { ...logged, error: meta.record === false ? failureCode(caught) : caught instanceof Error ? caught.message : String(caught) });
	}
	if (meta.record === false) {
		if (error) throw error;
		return;
	}
	const db = await getDb();
	try {
		await db.insert(mailDelivery).values({
			id: randomId(),
			recipient: mail.to.address,
			userId: meta.userId ?? null,
			kind: meta.kind,
			subject,
			status: error ? 'failed' : 'sent',
			error: error ? (error instanceof Error ? error.message : String(error)).slice(0, 500) : null,
			createdAt: new Date(),
		});
	} catch (recordFailed) {
		// The mail is out all the same (a busy database, say): the caller must not take it for unsent
		// and send it again (the reminders would). The log has it; only the record is missing.
		logFailure(recordFailed, { during: 'mail delivery record' });
	}
	if (error) throw error;
}

/** A failed send by the mail server's code only: its message quotes the address, which a mail without a record must not log. */
function failureCode(caught: unknown): string | number {
	const { responseCode, code } = (caught ?? {}) as { responseCode?: number; code?: string };
	return responseCode ?? code ?? 'unbekannt';
}

/** Sends without waiting; a failure is recorded and logged, never thrown at the caller. */
export function sendMailInBackground(mail: Mail, meta: MailMeta): void {
	sendMail(mail, meta).catch(() => {
		// already recorded and logged by sendMail
	});
}

/** Failed deliveries the office has not dealt with yet, the newest `limit` of them, and how many there are in all. */
export async function listUnresolvedFailures(limit = 50) {
	const db = await getDb();
	const unresolved = and(eq(mailDelivery.status, 'failed'), isNull(mailDelivery.resolvedAt));
	const shown = await db.select().from(mailDelivery).where(unresolved).orderBy(desc(mailDelivery.createdAt)).limit(limit);
	const total = shown.length < limit ? shown.length : ((await db.select({ n: count() }).from(mailDelivery).where(unresolved).get())?.n ?? shown.length);
	return { shown, total };
}

export async function resolveFailure(id: string, now: Date = new Date()): Promise<boolean> {
	const db = await getDb();
	const updated = await db
		.update(mailDelivery)
		.set({ resolvedAt: now })
		.where(and(eq(mailDelivery.id, id), eq(mailDelivery.status, 'failed')))
		.returning({ id: mailDelivery.id });
	return updated.length === 1;
}

/** How many mails of this kind to this person failed since then (a reminder gives up after a few). */
export async function countFailedDeliveries(userId: string, kind: MailKind, since: Date): Promise<number> {
	const db = await getDb();
	return db.$count(mailDelivery, and(eq(mailDelivery.userId, userId), eq(mailDelivery.kind, kind), eq(mailDelivery.status, 'failed'), gt(mailDelivery.createdAt, since)));
}

/** Days a mail stays in the outbox folder: long enough to read it there, no archive of full mails. */
export const OUTBOX_RETENTION_DAYS = 30;

/** Deletes the outbox's .eml files older than OUTBOX_RETENTION_DAYS (by the time they were written). */
export async function purgeOldOutboxMails(now: Date = new Date()): Promise<number> {
	const { outboxDir } = await getConfig();
	if (!existsSync(outboxDir)) return 0;
	const cutoff = now.getTime() - OUTBOX_RETENTION_DAYS * 24 * 60 * 60 * 1000;
	let removed = 0;
	for (const name of readdirSync(outboxDir).filter((n) => n.endsWith('.eml'))) {
		const file = join(outboxDir, name);
		if (statSync(file).mtimeMs >= cutoff) continue;
		rmSync(file, { force: true });
		removed++;
	}
	return removed;
}

/** Delivery records are kept 90 days. */
export async function purgeOldDeliveries(now: Date = new Date()): Promise<number> {
	const db = await getDb();
	const cutoff = new Date(now.getTime() - 90 * 24 * 60 * 60 * 1000);
	const gone = await db.delete(mailDelivery).where(lt(mailDelivery.createdAt, cutoff)).returning({ id: mailDelivery.id });
	return gone.length;
}

/**
 * Deliveries to a person: to their account, or to their address where no account was named (a
 * receipt before they had one). A record of another account sent to the same address (one the
 * office moved away from it, a shared mailbox) is that account's. Unlike applications, which
 * belong to an account only once accepted into it, a receipt without an account goes by the
 * address: it is a mail that reached this mailbox, kept 90 days; a stranger's receipt sent there
 * shows as subject and time.
 */
const toPerson = (userId: string, email: string) =>
	or(eq(mailDelivery.userId, userId), and(isNull(mailDelivery.userId), sql`lower(${mailDelivery.recipient}) = ${email.toLowerCase()}`));

/** Every delivery record about the person, oldest first (for their data export). */
export async function listDeliveriesTo(userId: string, email: string) {
	const db = await getDb();
	return db
		.select({ kind: mailDelivery.kind, subject: mailDelivery.subject, recipient: mailDelivery.recipient, status: mailDelivery.status, createdAt: mailDelivery.createdAt })
		.from(mailDelivery)
		.where(toPerson(userId, email))
		.orderBy(mailDelivery.createdAt);
}

/** Deletes the person's delivery records inside the caller's transaction. */
export async function eraseDeliveriesTo(userId: string, email: string, tx: Db | Tx): Promise<void> {
	await tx.delete(mailDelivery).where(toPerson(userId, email));
}

/** Records of mails to an address that named no account (an applicant's receipt), inside the caller's transaction. */
export async function eraseAccountlessDeliveriesTo(email: string, tx: Db | Tx): Promise<void> {
	await tx.delete(mailDelivery).where(and(isNull(mailDelivery.userId), sql`lower(${mailDelivery.recipient}) = ${email.toLowerCase()}`));
}

/** Records of one kind of mail with one subject (the office's notice of an application names the company). */
export async function eraseDeliveriesWithSubject(kind: MailKind, subject: string, tx: Db | Tx): Promise<void> {
	// As recorded: sendMail stores the subject on one line.
	await tx.delete(mailDelivery).where(and(eq(mailDelivery.kind, kind), eq(mailDelivery.subject, singleLine(subject))));
}

/** For tests that change SMTP_URL between runs in one process. */
export function resetMailTransport(): void {
	transport = null;
}
