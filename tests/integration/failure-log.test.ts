/**
 * What an unexpected failure leaves in the log (logFailure, used by the error page and every
 * action): a reference and the cause, never the values of a failed query.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { logFailure } from '../../src/lib/server/security-log.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase();
});
afterAll(() => t.close());

function logged(error: unknown) {
	const log = vi.spyOn(console, 'log').mockImplementation(() => {});
	try {
		const reference = logFailure(error, { path: '/portal/' });
		return { reference, line: JSON.parse(String(log.mock.calls[0]![0])) as Record<string, string> };
	} finally {
		log.mockRestore();
	}
}

test('a failed query is logged with SQLite’s reason and the statement, without its values', async () => {
	const failure = await t.db.run(sql`select * from nicht_da where email = ${'erika@example.org'}`).catch((error: unknown) => error);
	expect(String(failure)).toContain('erika@example.org'); // what drizzle's own message would have put into the log
	const { reference, line } = logged(failure);
	expect(line).toMatchObject({ event: 'error', ref: reference, path: '/portal/' });
	expect(line.message).toContain('no such table: nicht_da');
	expect(line.message).toContain('select * from nicht_da where email = ?');
	expect(JSON.stringify(line)).not.toContain('erika@example.org');
});

test('any other failure is logged with its message under a new ten-character reference', () => {
	const first = logged(new Error('Etwas anderes'));
	expect(first.reference).toMatch(/^[A-Z2-9]{10}$/);
	expect(first.line.message).toBe('Etwas anderes');
	expect(logged('kein Error-Objekt').line.message).toBe('kein Error-Objekt');
	expect(logged(new Error('x')).reference).not.toBe(first.reference);
});
