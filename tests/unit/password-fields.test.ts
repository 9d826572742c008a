/**
 * The password forms as Astro hands them over: an empty field arrives as null, or as undefined
 * where the field is optional. Every problem is named at once, not one per attempt.
 */
import { describe, expect, test } from 'vitest';
import { passwordFromMailSchema } from '../../src/lib/forms/password-fields.ts';
import { passwordChangeSchema } from '../../src/lib/forms/portal.ts';

const GOOD = 'Zwölf Boote liegen im Hafen';
const problems = (schema: typeof passwordChangeSchema | typeof passwordFromMailSchema, input: Record<string, unknown>) =>
	schema.safeParse(input).error?.issues.map((issue) => [String(issue.path[0]), issue.message]) ?? [];

describe('changing the password', () => {
	test('a missing current password does not hide a short new one or a mismatched repeat', () => {
		expect(problems(passwordChangeSchema, { currentPassword: null, password: 'kurz', passwordRepeat: 'x' })).toEqual([
			['currentPassword', 'Bitte geben Sie Ihr bisheriges Passwort ein.'],
			['password', 'Das Passwort muss mindestens 12 Zeichen lang sein (jetzt: 4).'],
			['currentPassword', 'Die beiden Eingaben des neuen Passworts stimmen nicht überein. Bitte geben Sie Ihr bisheriges Passwort und das neue in beide Felder noch einmal ein.'],
		]);
	});

	test('an empty new password is only missing', () => {
		expect(problems(passwordChangeSchema, { currentPassword: 'bisher', password: null, passwordRepeat: undefined })).toEqual([
			['password', 'Bitte geben Sie ein neues Passwort ein.'],
		]);
	});
});

describe('setting a password from a mail', () => {
	test('an empty form names the password and the address with the code', () => {
		expect(problems(passwordFromMailSchema, { token: undefined, email: undefined, code: undefined, password: null, passwordRepeat: undefined })).toEqual([
			['password', 'Bitte geben Sie ein Passwort ein.'],
			['code', 'Bitte geben Sie Ihre E-Mail-Adresse und den Code aus der E-Mail ein.'],
		]);
	});

	test('a mistyped address is named at its field', () => {
		expect(problems(passwordFromMailSchema, { email: 'name.firma.de', code: 'K7QM-2XWP-RD', password: GOOD, passwordRepeat: GOOD })).toEqual([
			['email', 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@firma.de.'],
		]);
	});

	test('with a link: a short password and a mismatched repeat together; a good one passes', () => {
		expect(problems(passwordFromMailSchema, { token: 'abc.def', password: 'kurz', passwordRepeat: 'kürzer' })).toEqual([
			['password', 'Das Passwort muss mindestens 12 Zeichen lang sein (jetzt: 4).'],
			['password', 'Die beiden Eingaben des neuen Passworts stimmen nicht überein. Bitte geben Sie das neue Passwort in beide Felder noch einmal ein.'],
		]);
		expect(problems(passwordFromMailSchema, { token: 'abc.def', password: GOOD, passwordRepeat: GOOD })).toEqual([]);
		expect(problems(passwordFromMailSchema, { email: ' name@firma.de ', code: 'K7QM-2XWP-RD', password: GOOD, passwordRepeat: GOOD })).toEqual([]);
	});
});

describe('messages without one of ours', () => {
	test('an over-long repeat is named in German, like the password itself', async () => {
		const { passwordRepeatField } = await import('../../src/lib/forms/password-fields.ts');
		expect(passwordRepeatField.safeParse('x'.repeat(600)).error?.issues[0]?.message).toBe('Das Passwort darf höchstens 128 Zeichen lang sein.');
	});

	test("a hidden field's fallback is zod's message in German once the actions' defaults are loaded", async () => {
		const { z } = await import('astro/zod');
		await import('../../src/lib/forms/german-defaults.ts');
		const message = z.string().max(5).safeParse('zu lang für fünf').error?.issues[0]?.message;
		expect(message).toMatch(/^Zu groß/);
	});
});
