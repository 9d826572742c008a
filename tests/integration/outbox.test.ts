/** Without SMTP every mail is written to the outbox folder: readable by the server's user only, for 30 days. */
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { OUTBOX_RETENTION_DAYS, resetMailTransport, sendMail } from '../../src/lib/server/mail.ts';
import { invitationMail } from '../../src/lib/server/mail-templates.ts';
import { purgeExpired } from '../../src/lib/server/retention.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase();
	resetMailTransport();
});
afterAll(() => {
	resetMailTransport();
	t.close();
});

test('an invitation in the outbox (link and code inside) is neither readable nor listable by other users', async () => {
	const link = 'https://forum.example.org/portal/einladung/?token=abc.def';
	await sendMail(invitationMail({ name: 'Erika Beispiel', address: 'erika@example.org' }, { link, codePage: link, code: 'K7QMR2XWPD', expiresAt: new Date('2026-03-09T08:00:00Z') }), { kind: 'invitation' });
	const outbox = join(t.dir, 'outbox');
	const [file] = readdirSync(outbox);
	expect(file).toMatch(/\.eml$/);
	expect(statSync(outbox).mode & 0o777).toBe(0o700);
	expect(statSync(join(outbox, file!)).mode & 0o777).toBe(0o600);
});

test('mails older than 30 days leave the outbox with the daily purge; newer ones and other files stay', async () => {
	const outbox = join(t.dir, 'outbox');
	const now = new Date();
	const old = join(outbox, 'alt.eml');
	const recent = join(outbox, 'neu.eml');
	const notAMail = join(outbox, 'notiz.txt');
	for (const file of [old, recent, notAMail]) writeFileSync(file, 'x');
	const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
	utimesSync(old, daysAgo(OUTBOX_RETENTION_DAYS + 1), daysAgo(OUTBOX_RETENTION_DAYS + 1));
	utimesSync(notAMail, daysAgo(90), daysAgo(90));
	utimesSync(recent, daysAgo(OUTBOX_RETENTION_DAYS - 1), daysAgo(OUTBOX_RETENTION_DAYS - 1));

	expect(await purgeExpired(now)).toMatchObject({ outboxMails: 1 });
	expect([old, recent, notAMail].map((f) => existsSync(f))).toEqual([false, true, true]);
});
