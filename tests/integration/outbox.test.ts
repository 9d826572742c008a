/** Without SMTP every mail is written to the outbox folder: readable by the server's user only. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { resetMailTransport, sendMail } from '../../src/lib/server/mail.ts';
import { invitationMail } from '../../src/lib/server/mail-templates.ts';
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
	await sendMail(invitationMail({ name: 'Erika Beispiel', address: 'erika@example.org' }, { link, codePage: link, code: 'K7QMR2XWPD', expiresAt: new Date('2026-03-09T08:00:00Z') }), { kind: 'test' });
	const outbox = join(t.dir, 'outbox');
	const [file] = readdirSync(outbox);
	expect(file).toMatch(/\.eml$/);
	expect(statSync(outbox).mode & 0o777).toBe(0o700);
	expect(statSync(join(outbox, file!)).mode & 0o777).toBe(0o600);
});
