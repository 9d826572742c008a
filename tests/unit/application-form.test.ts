import { describe, expect, test } from 'vitest';
import { applicationFormSchema, OPT_INS, optInText, rankedInterests } from '../../src/lib/forms/application.ts';
import { nextStatus } from '../../src/lib/server/applications.ts';
import { asReceived, VALID_FORM } from '../fixtures/application.ts';


const issueOf = (data: typeof VALID_FORM) => {
	const result = applicationFormSchema.safeParse(asReceived(data));
	return result.success ? null : Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('applicationFormSchema', () => {
	test('a topic chosen twice is named in the same answer as a refused field elsewhere, not in a second round', () => {
		const issues = issueOf({ ...VALID_FORM, industry: 'Maschinenbau', interest2: VALID_FORM.interest1 });
		expect(issues?.industry).toMatch(/^„Maschinenbau“ steht so nicht in der Liste/);
		expect(issues?.interest2).toBe('Bitte wählen Sie jedes Thema nur einmal.');
	});

	test('a complete form parses; the industry becomes code and label; the website gets https', () => {
		const parsed = applicationFormSchema.parse(asReceived(VALID_FORM));
		expect(parsed.industry).toEqual({ code: '28.41', label: 'Herstellung von Werkzeugmaschinen für die Metallbearbeitung' });
		expect(parsed.website).toBe('https://www.beispielwerk.example/');
		expect(parsed.interest3).toBeNull();
		expect(rankedInterests(parsed)).toEqual(['energieeffizienz', 'kundenbindung']);
	});

	test('the industry can be given by code alone or by its exact title', () => {
		expect(applicationFormSchema.parse(asReceived({ ...VALID_FORM, industry: '62.01' })).industry.code).toBe('62.01');
		expect(applicationFormSchema.parse(asReceived({ ...VALID_FORM, industry: 'Programmierungstätigkeiten' })).industry.code).toBe('62.01');
	});

	test('a suggestion picked after a refusal wins over the typed text; without one the text is refused', () => {
		const picked = applicationFormSchema.parse({ ...VALID_FORM, industry: ['Maschinenbau', '28.99 – Herstellung von Maschinen für sonstige bestimmte Wirtschaftszweige a. n. g.'] });
		expect(picked.industry.code).toBe('28.99');
		// A class typed after the pick wins: a radio button cannot be unticked.
		const typedLater = applicationFormSchema.parse({ ...VALID_FORM, industry: ['25.62', '28.99 – Herstellung von Maschinen für sonstige bestimmte Wirtschaftszweige a. n. g.'] });
		expect(typedLater.industry.code).toBe('25.62');
		expect(issueOf({ ...VALID_FORM, industry: 'Maschinenbau' })?.industry).toBe(
			'„Maschinenbau“ steht so nicht in der Liste. Bitte wählen Sie eine der passenden Branchen unter dem Feld oder tippen Sie ein anderes Stichwort.',
		);
		expect(issueOf({ ...VALID_FORM, industry: '  ' })?.industry).toBe('Bitte wählen Sie Ihre Branche.');
		// No field at all (a form without it) gets the same message as an empty one.
		const { industry: _, ...withoutIndustry } = VALID_FORM;
		const missing = applicationFormSchema.safeParse(withoutIndustry);
		expect(missing.success ? null : missing.error.issues.find((i) => i.path[0] === 'industry')?.message).toBe('Bitte wählen Sie Ihre Branche.');
	});

	test.each([
		['companyName', '', /Namen Ihres Unternehmens/],
		['industry', 'Zauberei', /Branche aus der Liste/],
		['industry', '99.99', /Branche aus der Liste/],
		['postcode', '9908', /fünfstellige Postleitzahl/],
		['contactEmail', 'keine-adresse', /gültige E-Mail-Adresse/],
		['contactPhone', 'ruf mich an', /Telefonnummer/],
		['website', 'javascript:alert(1)', /Web-Adresse/],
		['sizeBand', '1000000', /Zahl der Beschäftigten/],
		['interest1', '', /mindestens ein Thema/],
		['companyName', 'Firma\nBcc: x', /eine Zeile/],
		['motivation', 'x'.repeat(2640), /^Höchstens 2\.000 Zeichen, Ihr Text hat 2\.640\. Bitte kürzen Sie ihn; er ist noch da\.$/],
		['legalForm', 'Stiftung & Co. KGaA', /Rechtsform/],
	])('%s = %j gets a German message next to the field', (field, value, message) => {
		expect(issueOf({ ...VALID_FORM, [field]: value })?.[field]).toMatch(message);
	});

	test('each topic once, and in order', () => {
		expect(issueOf({ ...VALID_FORM, interest2: 'energieeffizienz' })?.interest2).toMatch(/nur einmal/);
		expect(issueOf({ ...VALID_FORM, interest2: '', interest3: 'kundenbindung' })?.interest2).toMatch(/der Reihe nach/);
	});

	test('fields the form does not have (status, role, ids) are dropped, never stored', () => {
		const parsed = applicationFormSchema.parse(asReceived({ ...VALID_FORM, status: 'accepted', role: 'coordinator', id: 'x', organizationId: 'y' }));
		expect(parsed).not.toHaveProperty('status');
		expect(parsed).not.toHaveProperty('role');
		expect(parsed).not.toHaveProperty('organizationId');
	});
});

describe('nextStatus', () => {
	test('only submitted applications can be decided, and only once', () => {
		expect(nextStatus('submitted', 'accept')).toBe('accepted');
		expect(nextStatus('submitted', 'decline')).toBe('declined');
		expect(nextStatus('submitted', 'withdraw')).toBe('withdrawn');
		for (const done of ['accepted', 'declined', 'withdrawn'] as const) {
			for (const decision of ['accept', 'decline', 'withdraw'] as const) expect(nextStatus(done, decision)).toBeNull();
		}
	});
});

describe('consent wordings', () => {
	test('a consent shows the wording of its own version; a version nobody kept shows none rather than today\'s', () => {
		for (const o of OPT_INS) expect(optInText(o.key, o.version)).toBe(o.text);
		expect(optInText('listing', '2020-01-01')).toBeNull();
		expect(optInText('newsletter', OPT_INS[0].version)).toBeNull();
	});
});
