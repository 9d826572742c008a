/**
 * Outgoing mail through nodemailer. With SMTP_URL set, mail goes to that server; otherwise
 * (demo mode, development) each message is written to the outbox folder as an .eml file that
 * any mail program opens. The console gets one line per message: recipient and subject only,
 * never a link or code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { getConfig } from './config.ts';
import { randomId } from './random.ts';
import { logEvent } from './security-log.ts';

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
}

/** Header values never contain line breaks: no header injection through names or subjects. */
export const singleLine = (value: string) => value.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ').trim();

let transport: Transporter | null = null;

async function getTransport(): Promise<{ transport: Transporter; outbox: string | null }> {
	const config = await getConfig();
	if (!transport) {
		transport = config.smtpUrl
			? nodemailer.createTransport(config.smtpUrl)
			: nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
	}
	return { transport, outbox: config.smtpUrl ? null : config.outboxDir };
}

export async function sendMail(mail: Mail): Promise<void> {
	const config = await getConfig();
	const { transport, outbox } = await getTransport();
	const info = await transport.sendMail({
		from: config.mailFrom,
		to: { name: singleLine(mail.to.name), address: singleLine(mail.to.address) },
		subject: singleLine(mail.subject),
		text: mail.text,
		html: mail.html,
		attachments: mail.attachments ?? [],
	});
	if (outbox) {
		mkdirSync(outbox, { recursive: true });
		const file = join(outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomId()}.eml`);
		writeFileSync(file, (info as unknown as { message: Buffer }).message);
	}
	logEvent('mail.sent', { to: mail.to.address, subject: singleLine(mail.subject), via: outbox ? 'outbox' : 'smtp' });
}

/** For tests that change SMTP_URL between runs in one process. */
export function resetMailTransport(): void {
	transport = null;
}
