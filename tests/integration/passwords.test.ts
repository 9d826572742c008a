/** Password hashing and policy (security checklist A1–A8). */
import { dictionary } from '@zxcvbn-ts/language-common';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	hashPassword,
	hashingPeak,
	passwordProblem,
	verifyAgainstDummy,
	verifyPassword,
} from '../../src/lib/server/password.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
	t = await freshDatabase({ PASSWORD_HASH_CONCURRENCY: '2' });
});
afterAll(() => t.close());

const STRONG = 'Kupferdraht schwimmt am Dienstag';

describe('hashing', () => {
	test('argon2id with m=19456, t=2, p=1', async () => {
		expect(await hashPassword(STRONG)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
	});

	test('verifies exactly the same password: no truncation, no case folding', async () => {
		const long = 'ä'.repeat(72) + 'x' + 'ß'.repeat(20);
		const hashed = await hashPassword(long);
		expect(await verifyPassword(hashed, long)).toBe(true);
		expect(await verifyPassword(hashed, 'ä'.repeat(72) + 'y' + 'ß'.repeat(20))).toBe(false);
		const hashedStrong = await hashPassword(STRONG);
		expect(await verifyPassword(hashedStrong, STRONG.toUpperCase())).toBe(false);
		expect(await verifyPassword('kein hash', STRONG)).toBe(false);
	});

	test('the same Unicode text in composed and decomposed form is the same password', async () => {
		const composed = 'Grünspan über Thüringens Dächern';
		const hashed = await hashPassword(composed);
		expect(await verifyPassword(hashed, composed.normalize('NFD'))).toBe(true);
	});

	test('the dummy check for unknown accounts always fails', async () => {
		expect(await verifyAgainstDummy(STRONG)).toBe(false);
	});

	test('never more hashes at once than configured', async () => {
		await Promise.all(Array.from({ length: 8 }, (_, i) => hashPassword(`${STRONG} ${i}`)));
		expect(hashingPeak()).toBe(2);
	});
});

describe('passwordProblem', () => {
	test('11 characters are too short, 12 are enough; 128 allowed, 129 not', () => {
		expect(passwordProblem('Xq7#pL2!vR9z'.slice(0, 11))).toMatch(/mindestens 12 Zeichen/);
		expect(passwordProblem('Xq7#pL2!vR9z')).toBeNull();
		const random128 = Array.from({ length: 128 }, (_, i) => 'aZ3!kQ9$wE7&'[i % 12]! + String.fromCharCode(97 + (i * 7) % 26)).join('').slice(0, 128);
		expect(passwordProblem(random128)).toBeNull();
		expect(passwordProblem(random128 + 'x')).toMatch(/höchstens 128/);
	});

	test('no composition rules: spaces, umlauts and emoji are fine', () => {
		expect(passwordProblem('mein hund bellt selten 🐕')).toBeNull();
		expect(passwordProblem('kühle brise über saalfeld')).toBeNull();
	});

	test('counts characters as people see them, not UTF-16 units', () => {
		expect(passwordProblem('🐕🐕🐕🐕🐕🐕🐕🐕🐕🐕🐕')).toMatch(/mindestens 12 Zeichen .*\(jetzt: 11\)/);
	});

	test('rejects every common password of at least 12 characters in the whole list', () => {
		const common = dictionary['passwords-common'].filter((p) => [...p].length >= 12);
		expect(common.length).toBeGreaterThan(300);
		console.log(`Verbreitete Passwörter mit ≥ 12 Zeichen geprüft: ${common.length}`);
		const accepted = common.filter((p) => passwordProblem(p) === null);
		expect(accepted).toEqual([]);
	});

	test.each([
		'Netzwerkforum2026!',
		'netzwerkforum123',
		'ThZM-Netzwerkforum',
		'Maschinenbau2026',
		'thueringen-netzwerk',
		'N3tzw3rkf0rum!!',
	])('rejects "%s", built from the forum\'s own name', (password) => {
		expect(passwordProblem(password)).not.toBeNull();
	});

	test('rejects passwords built from the person\'s own name or address', () => {
		expect(passwordProblem('erikabeispiel1', { email: 'erika.beispiel@example.org', name: 'Erika Beispiel' })).not.toBeNull();
	});

	test('rejects common German words and patterns', () => {
		expect(passwordProblem('passwort12345')).not.toBeNull();
		expect(passwordProblem('hallo12345678')).not.toBeNull();
		expect(passwordProblem('qwertzuiopü123')).not.toBeNull();
	});
});
