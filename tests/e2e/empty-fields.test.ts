/**
 * Astro reads an empty form field as null, which zod reports as a type error in English unless
 * the schema gives that case a message too. Every required field sent empty must come back with
 * the German message of its form, on the shared demo server.
 */
import { describe, expect, inject, test } from 'vitest';
import { DEMO_COORDINATOR, demoMember, login, postForm } from '../helpers/http.ts';

const baseURL = inject('baseURL');

describe('required fields sent empty', () => {
	test('get the German message of their form, never zod’s English', async () => {
		const office = await login(baseURL, DEMO_COORDINATOR);
		const member = await login(baseURL, demoMember(24));
		const cases: [action: string, fields: Record<string, string>, cookie: string | null, expected: Record<string, string>][] = [
			['auth.login', { email: '', password: '' }, null, { email: 'Bitte geben Sie Ihre E-Mail-Adresse ein.', password: 'Bitte geben Sie Ihr Passwort ein.' }],
			['auth.confirmSecondFactor', { code: '' }, null, { code: 'Bitte geben Sie den Code aus Ihrer App ein.' }],
			['secondFactor.remove', { password: '' }, office, { password: 'Bitte geben Sie Ihr Passwort ein.' }],
			['team.revoke', { userId: 'gibtesnichtxxxx', password: '' }, office, { password: 'Bitte geben Sie Ihr Passwort ein.' }],
			['team.renameSelf', { name: '' }, office, { name: 'Bitte geben Sie Ihren Namen an.' }],
			['groups.message', { groupId: 'gibtesnichtxxxx', form: 'formular00000077', subject: '', text: '', confirmed: 'on' }, office, { subject: 'Bitte geben Sie einen Betreff an.', text: 'Bitte schreiben Sie die Nachricht (mindestens 10 Zeichen).' }],
			['meetings.create', { groupId: 'gibtesnichtxxxx', date: '', time: '' }, office, { date: 'Bitte geben Sie ein Datum an.', time: 'Bitte geben Sie eine Uhrzeit wie 14:00 an.' }],
			// Hidden fields: empty only when a page was tampered with, still answered in German.
			['members.endSessions', { userId: '' }, office, { userId: 'Unbekannter Eintrag.' }],
			['members.eraseAccount', { userId: 'gibtesnichtxxxx', confirmed: '' }, office, { confirmed: 'Bitte bestätigen Sie das Löschen; es lässt sich nicht zurücknehmen.' }],
			['groups.archive', { confirmed: '' }, office, { confirmed: 'Bitte bestätigen Sie, dass der Jahrgang abgeschlossen werden soll; das lässt sich nicht zurücknehmen.' }],
			['groups.end', { groupId: 'gibtesnichtxxxx', confirmed: '' }, office, { confirmed: 'Bitte bestätigen Sie, dass die Gruppe beendet werden soll; das lässt sich nicht zurücknehmen.' }],
			// Ending early: the meetings named beside the tick are hidden fields.
			['groups.end', { groupId: 'gibtesnichtxxxx', confirmed: '', cancelMeetings: 'on', meetings: '' }, office, { confirmed: 'Bitte bestätigen Sie, dass die Gruppe beendet werden soll; das lässt sich nicht zurücknehmen.', meetings: 'Unbekannter Eintrag.' }],
			['applications.accept', { id: '' }, office, { id: 'Unbekannte Bewerbung.' }],
			['memberImport.check', { datei: '' }, office, { datei: 'Bitte wählen Sie eine CSV-Datei.' }],
			['memberImport.take', { daten: '' }, office, { daten: 'Bitte prüfen Sie zuerst eine Datei.' }],
			[
				'applications.correctContact',
				{ id: 'antrag9999999999', contactName: '', contactPosition: '', contactEmail: '', contactPhone: '' },
				office,
				{ contactName: 'Bitte geben Sie den Namen der Person an.', contactPosition: 'Bitte geben Sie die Funktion im Unternehmen an.', contactEmail: 'Bitte geben Sie eine E-Mail-Adresse an.' },
			],
			['applications.submit', { idempotencyKey: '' }, null, { idempotencyKey: 'Das Formular ist unvollständig. Bitte laden Sie die Seite neu.' }],
			['portal.endSession', { sessionId: '' }, member, { sessionId: 'Diese Anmeldung gibt es nicht (mehr).' }],
			['secondFactor.enable', { offer: '', code: '123456', password: 'irgendein Passwort' }, member, { offer: 'Der angezeigte Schlüssel fehlt oder ist veraltet. Bitte laden Sie die Seite neu.' }],
		];
		for (const [action, fields, cookie, expected] of cases) {
			const response = await postForm(baseURL, `/_actions/${action}/`, fields, cookie ? { cookie } : {});
			expect(response.status, action).toBe(400);
			expect(response.body, action).not.toContain('Invalid input');
			const answer = JSON.parse(response.body) as { fields: Record<string, string[]> };
			for (const [field, message] of Object.entries(expected)) expect(answer.fields[field], `${action}: ${field}`).toEqual([message]);
		}
	});

	test('numbers that are none, or out of range, get German messages too', async () => {
		const office = await login(baseURL, DEMO_COORDINATOR);
		const cases: [action: string, fields: Record<string, string>, expected: Record<string, string>][] = [
			[
				'meetings.plan',
				{ groupId: 'gibtesnichtxxxx', start: '2027-01-04', time: '14:00', intervalWeeks: 'acht', weekday: '9', durationMinutes: '1.5' },
				{ intervalWeeks: 'Bitte geben Sie den Abstand in Wochen an.', weekday: 'Bitte wählen Sie einen Werktag (Montag bis Freitag).', durationMinutes: 'Bitte geben Sie die Dauer in Minuten an.' },
			],
			['meetings.plan', { groupId: 'gibtesnichtxxxx', start: '2027-01-04', time: '14:00', intervalWeeks: '60' }, { intervalWeeks: 'Höchstens 52 Wochen.' }],
			[
				'groups.run',
				{ seed: 'x', minSize: 'fünf', maxSize: '13' },
				{ seed: 'Bitte geben Sie als Startwert eine ganze Zahl von 1 bis 1.000.000 an.', minSize: 'Bitte geben Sie die kleinste Gruppengröße als ganze Zahl an.', maxSize: 'Höchstens 12 Mitglieder je Gruppe.' },
			],
		];
		for (const [action, fields, expected] of cases) await expectFieldMessages(action, fields, office, expected);
	});

	// Astro reads an emptied number field as null and coercion made that 0: a weight of 0 passed
	// silently, a duration got "Mindestens 30 Minuten." Empty is no number, and says so.
	test('number fields sent empty are no number, never 0', async () => {
		const office = await login(baseURL, DEMO_COORDINATOR);
		const member = await login(baseURL, demoMember(24));
		await expectFieldMessages('meetings.plan', { groupId: 'gibtesnichtxxxx', start: '2027-01-04', time: '14:00', intervalWeeks: '', weekday: ' ', durationMinutes: '' }, office, {
			intervalWeeks: 'Bitte geben Sie den Abstand in Wochen an.',
			weekday: 'Bitte wählen Sie einen Werktag (Montag bis Freitag).',
			durationMinutes: 'Bitte geben Sie die Dauer in Minuten an.',
		});
		await expectFieldMessages('groups.run', { seed: '', minSize: '', maxSize: '6', distancePer100Km: '', unlisted: '' }, office, {
			seed: 'Bitte geben Sie als Startwert eine ganze Zahl von 1 bis 1.000.000 an.',
			minSize: 'Bitte geben Sie die kleinste Gruppengröße als ganze Zahl an.',
			distancePer100Km: 'Entfernung: Bitte geben Sie eine Zahl an.',
			unlisted: 'Thema ohne Wunsch: Bitte geben Sie eine Zahl an.',
		});
		await expectFieldMessages('topicQueue.add', { title: 'Nachfolge regeln', priority: '2', minutes: '' }, member, { minutes: 'Bitte geben Sie die Minuten als Zahl an.' });
	});
});

/** Posts `fields` to `action` and expects a 400 naming exactly `expected` for those fields. */
async function expectFieldMessages(action: string, fields: Record<string, string>, cookie: string, expected: Record<string, string>): Promise<void> {
	const response = await postForm(baseURL, `/_actions/${action}/`, fields, { cookie });
	expect(response.status, action).toBe(400);
	const answer = JSON.parse(response.body) as { fields: Record<string, string[]> };
	for (const [field, message] of Object.entries(expected)) expect(answer.fields[field], `${action}: ${field}`).toEqual([message]);
}
