/**
 * A real SMTP server on loopback (smtp-server) that stores every message it receives as an
 * .eml file, so tests in any process can read what the platform sent.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface MailSink {
	url: string;
	dir: string;
	stop: () => Promise<void>;
}

export async function startMailSink(dir: string): Promise<MailSink> {
	mkdirSync(dir, { recursive: true });
	let counter = 0;
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const envelope = session.envelope.rcptTo.map((r) => r.address).join(',');
				const name = `${Date.now()}-${process.pid}-${++counter}.eml`;
				writeFileSync(join(dir, name), Buffer.concat([Buffer.from(`X-Test-Envelope-To: ${envelope}\r\n`), ...chunks]));
				callback();
			});
		},
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return { url: `smtp://127.0.0.1:${port}`, dir, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The mails in `dir`, oldest first; none while the folder does not exist (the outbox is made with the first mail). */
export async function readMails(dir: string): Promise<(ParsedMail & { envelopeTo: string })[]> {
	if (!existsSync(dir)) return [];
	const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
	return Promise.all(
		files.map(async (f) => {
			const raw = readFileSync(join(dir, f));
			const parsed = await simpleParser(raw);
			const envelopeTo = /^X-Test-Envelope-To: (.*)$/m.exec(raw.toString('utf8'))?.[1]?.trim() ?? '';
			return Object.assign(parsed, { envelopeTo });
		}),
	);
}

/** Waits until a mail to `to` whose subject matches arrives (newest first). */
export async function waitForMail(dir: string, to: string, subject: RegExp, timeoutMs = 10_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const found = (await readMails(dir)).reverse().find((m) => m.envelopeTo.includes(to) && subject.test(m.subject ?? ''));
		if (found) return found;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`Keine Mail an ${to} mit Betreff ${subject} innerhalb von ${timeoutMs} ms`);
}
