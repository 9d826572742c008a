/** The office's CSV columns speak German: states, yes/no and Berlin times, from stored or JSON values alike. */
import { describe, expect, test } from 'vitest';
import { APPLICATION_COLUMNS, MEMBER_COLUMNS } from '../../src/lib/export/columns.ts';

const cell = (columns: typeof APPLICATION_COLUMNS | typeof MEMBER_COLUMNS, header: string, row: Record<string, unknown>) =>
	columns.find((c) => c.header === header)!.value(row as never);

describe('export columns', () => {
	test('application status, yes/no and times in Berlin, whether Date or ISO string', () => {
		expect(cell(APPLICATION_COLUMNS, 'Status', { status: 'submitted' })).toBe('Eingegangen');
		expect(cell(APPLICATION_COLUMNS, 'Status', { status: 'declined' })).toBe('Abgelehnt');
		expect(cell(APPLICATION_COLUMNS, 'Außerhalb Thüringens', { outsideThuringia: false })).toBe('nein');
		expect(cell(APPLICATION_COLUMNS, 'Eingang', { submittedAt: new Date('2026-11-26T17:05:00Z') })).toBe('26.11.2026 18:05');
		expect(cell(APPLICATION_COLUMNS, 'Eingang', { submittedAt: '2026-07-01T06:30:00.000Z' }), 'summer time').toBe('01.07.2026 08:30');
		expect(cell(APPLICATION_COLUMNS, 'Entschieden am', { decidedAt: null })).toBeNull();
	});

	test('member account states and the last sign-in', () => {
		expect(['active', 'invited', 'deactivated'].map((state) => cell(MEMBER_COLUMNS, 'Kontostatus', { state }))).toEqual(['aktiv', 'eingeladen', 'deaktiviert']);
		// The last sign-in in Berlin time, empty when there is none (JSON carries it as an ISO string).
		expect(cell(MEMBER_COLUMNS, 'Zuletzt angemeldet', { lastSignInAt: '2026-11-27T07:05:00.000Z' })).toBe('27.11.2026 08:05');
		expect(cell(MEMBER_COLUMNS, 'Zuletzt angemeldet', { lastSignInAt: null })).toBeNull();
	});

	test("each member row names its company's id beside the person's: two people of one company share it", () => {
		expect(MEMBER_COLUMNS.map((c) => c.header).slice(0, 3)).toEqual(['Konto-ID', 'Unternehmens-ID', 'Unternehmen']);
		expect(cell(MEMBER_COLUMNS, 'Unternehmens-ID', { userId: 'demouser00000002', organizationId: 'demoorg000000002' })).toBe('demoorg000000002');
	});

	test('numbers with a decimal comma, topics by title, consents readable with version and time', () => {
		expect(cell(APPLICATION_COLUMNS, 'Länge', { longitude: 11.6 }), 'not 11. Juni').toBe('11,6');
		expect(cell(APPLICATION_COLUMNS, 'Breite', { latitude: 50.978056 })).toBe('50,978056');
		expect(cell(APPLICATION_COLUMNS, 'Themen (Rangfolge)', { interests: ['energieeffizienz', 'gibt-es-nicht'] })).toEqual(['Energieeffizienz', 'gibt-es-nicht']);
		expect(cell(APPLICATION_COLUMNS, 'Einwilligungen', { optIns: [{ key: 'listing', textVersion: '2026-11-25', at: '2026-11-26T17:05:00.000Z' }] })).toEqual([
			'Nennung auf der Website (Fassung vom 25. November 2026, 26.11.2026 18:05)',
		]);
		expect(cell(APPLICATION_COLUMNS, 'Einwilligungen', { optIns: [] })).toEqual([]);
	});
});
