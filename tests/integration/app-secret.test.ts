import { afterAll, beforeAll, expect, test } from 'vitest';
import { getSecret, sign, verifySigned } from '../../src/lib/server/app-secret.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase();
});
afterAll(() => t.close());

test('a signed value verifies; a changed payload, a changed signature or another key does not', async () => {
	const signed = await sign('test', '1772438400000');
	expect(await verifySigned('test', signed)).toBe('1772438400000');
	for (let i = 0; i < 20; i++) expect(await verifySigned('test', await sign('test', String(i)))).toBe(String(i));
	const [payload, mac] = signed.split('.') as [string, string];
	expect(await verifySigned('test', `${Buffer.from('1772438409999').toString('base64url')}.${mac}`)).toBeNull();
	expect(await verifySigned('test', `${payload}.${mac.slice(0, -2)}AA`)).toBeNull();
	expect(await verifySigned('other', signed)).toBeNull();
	expect(await verifySigned('test', 'kaputt')).toBeNull();
	expect((await getSecret('test')).length).toBe(32);
});
