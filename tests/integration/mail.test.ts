/** Mail over real SMTP (smtp-server on loopback): German templates, no header injection. */
import { mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resetMailTransport, sendMail, SMTP_TIMEOUTS } from '../../src/lib/server/mail.ts';
import { invitationMail, passwordResetMail } from '../../src/lib/server/mail-templates.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { readMails, startMailSink, waitForMail, type MailSink } from '../helpers/mail-sink.ts';

let t: TestDatabase;
let sink: MailSink;

beforeAll(async () => {
	sink = await startMailSink(mkdtempSync(join(tmpdir(), 'mail-sink-')));
	t = await freshDatabase({ SMTP_URL: sink.url });
	resetMailTransport();
});
afterAll(async () => {
	await sink.stop();
	resetMailTransport();
	t.close();
});

const options = { link: 'https://forum.example.org/portal/einladung/?token=abc.def', codePage: 'https://forum.example.org/portal/einladung/', code: 'K7QMR2XWPD', expiresAt: new Date('2026-03-09T08:00:00Z') };

describe('mail over SMTP', () => {
	test('the invitation arrives in German with link, formatted code and expiry', async () => {
		await sendMail(invitationMail({ name: 'Erika Beispiel', address: 'erika@example.org' }, options), { kind: 'invitation' });
		const mail = await waitForMail(sink.dir, 'erika@example.org', /Einladung/);
		expect(mail.text).toContain('Guten Tag Erika Beispiel');
		expect(mail.text).toContain(options.link);
		expect(mail.text).toContain('K7QM-R2XW-PD');
		expect(mail.text).toContain('9. März 2026 um 09:00 Uhr');
		expect(mail.html).toContain(`href="${options.link.replace('&', '&amp;')}"`);
		// MAIL_FROM may be a no-reply address; answers go to the office.
		expect(mail.replyTo?.value.map((a) => a.address)).toEqual([t.config.officeEmail]);
		// Out-of-office replies would all go there: marked as sent by a machine (RFC 3834, and Exchange's own header).
		expect([mail.headers.get('auto-submitted'), mail.headers.get('x-auto-response-suppress')]).toEqual(['auto-generated', 'OOF, AutoReply']);
	});

	test('a name with line breaks cannot add headers or recipients', async () => {
		const evil = 'Eve\r\nBcc: opfer@example.net\r\nX-Injected: ja';
		await sendMail(passwordResetMail({ name: evil, address: 'eve@example.org' }, options), { kind: 'password_reset' });
		const mail = await waitForMail(sink.dir, 'eve@example.org', /Neues Passwort/);
		expect(mail.envelopeTo).toBe('eve@example.org');
		expect(mail.headers.has('bcc')).toBe(false);
		expect(mail.headers.has('x-injected')).toBe(false);
		expect((await readMails(sink.dir)).some((m) => m.envelopeTo.includes('opfer@example.net'))).toBe(false);
	});

	test('HTML in names is escaped in the HTML part', async () => {
		await sendMail(invitationMail({ name: '<img src=x onerror=alert(1)>', address: 'html@example.org' }, options), { kind: 'invitation' });
		const mail = await waitForMail(sink.dir, 'html@example.org', /Einladung/);
		expect(mail.html).not.toContain('<img src=x');
		expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
	});
});

describe('a mail sent whose record cannot be written (the database busy or broken)', () => {
	test('counts as sent for the caller, so nothing sends it a second time', async () => {
		await t.db.$client.execute('ALTER TABLE mail_delivery RENAME TO mail_delivery_away');
		try {
			await expect(sendMail(invitationMail({ name: 'Ohne Beleg', address: 'ohne.beleg@example.org' }, options), { kind: 'invitation' })).resolves.toBeUndefined();
		} finally {
			await t.db.$client.execute('ALTER TABLE mail_delivery_away RENAME TO mail_delivery');
		}
		expect((await waitForMail(sink.dir, 'ohne.beleg@example.org', /Einladung/)).text).toContain('Guten Tag Ohne Beleg');
	});
});

describe('a mail server that cannot be reached', () => {
	test('the failure is recorded for the office and reported to the caller', async () => {
		const { installConfig, readConfig } = await import('../../src/lib/server/config.ts');
		const { listUnresolvedFailures, resolveFailure } = await import('../../src/lib/server/mail.ts');
		installConfig(readConfig((name) => ({ DATABASE_URL: t.url, SMTP_URL: 'smtp://127.0.0.1:9' })[name]));
		resetMailTransport();
		await expect(
			sendMail(invitationMail({ name: 'Niemand Erreichbar', address: 'offline@example.org' }, options), { kind: 'invitation' }),
		).rejects.toThrow();
		const failures = (await listUnresolvedFailures()).shown;
		expect(failures.map((f) => [f.recipient, f.kind, f.status])).toContainEqual(['offline@example.org', 'invitation', 'failed']);
		// More than the list shows: the count says how many there are in all.
		for (let i = 0; i < 3; i++) await sendMail(invitationMail({ name: 'Niemand Erreichbar', address: `offline${i}@example.org` }, options), { kind: 'invitation' }).catch(() => undefined);
		expect(await listUnresolvedFailures(2)).toMatchObject({ shown: [expect.anything(), expect.anything()], total: failures.length + 3 });
		for (const f of (await listUnresolvedFailures()).shown) expect(await resolveFailure(f.id)).toBe(true);
		expect((await listUnresolvedFailures()).shown.some((f) => f.recipient === 'offline@example.org')).toBe(false);
		installConfig(t.config);
		resetMailTransport();
	});
});

describe('a mail server that accepts but never answers', () => {
	test(`gives up after ${SMTP_TIMEOUTS.greetingTimeout / 1000} s without a greeting (not nodemailer's 30 s), and the failure is recorded`, async () => {
		const connections: Socket[] = [];
		const silent = createServer((socket) => connections.push(socket));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const { port } = silent.address() as { port: number };
		const { installConfig, readConfig } = await import('../../src/lib/server/config.ts');
		const { listUnresolvedFailures } = await import('../../src/lib/server/mail.ts');
		installConfig(readConfig((name) => ({ DATABASE_URL: t.url, SMTP_URL: `smtp://127.0.0.1:${port}` })[name]));
		resetMailTransport();
		try {
			const started = Date.now();
			await expect(sendMail(invitationMail({ name: 'Stiller Server', address: 'still@example.org' }, options), { kind: 'invitation' })).rejects.toThrow(/Greeting never received/);
			const waited = Date.now() - started;
			expect(connections.length, 'the connection was made; only the greeting is missing').toBe(1);
			expect(waited).toBeGreaterThanOrEqual(SMTP_TIMEOUTS.greetingTimeout - 100);
			expect(waited).toBeLessThan(SMTP_TIMEOUTS.greetingTimeout + 3000);
			const failures = (await listUnresolvedFailures()).shown;
			expect(failures.find((f) => f.recipient === 'still@example.org')).toMatchObject({ kind: 'invitation', status: 'failed', error: expect.stringMatching(/Greeting never received/) });
		} finally {
			for (const socket of connections) socket.destroy();
			silent.close();
			installConfig(t.config);
			resetMailTransport();
		}
	});
});
