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
	// The first character: all its six bits are signature (the last one's lowest bits are padding,
	// so replacing the end could leave the bytes the same, and did about once in a thousand runs).
	expect(await verifySigned('test', `${payload}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`)).toBeNull();
	expect(await verifySigned('other', signed)).toBeNull();
	expect(await verifySigned('test', 'kaputt')).toBeNull();
	expect((await getSecret('test')).length).toBe(32);
});
