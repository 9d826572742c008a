import { describe, expect, test } from 'vitest';
import { outcomeMessage, redirectAfterSuccess } from '../../src/lib/server/form.ts';

const posted = new URL('http://localhost:4321/portal/profil/?_action=portal.changePassword');

describe('redirectAfterSuccess (Post/Redirect/Get)', () => {
	test('the first outcome given becomes a 303 to the page itself, without the action in the address', () => {
		const response = redirectAfterSuccess(posted, undefined, false, 'passwort-2', 'angaben');
		expect(response?.status).toBe(303);
		expect(response?.headers.get('location')).toBe('/portal/profil/?erledigt=passwort-2');
	});

	test('a fragment the page sets goes along: the browser opens where the message stands', () => {
		const returnTo = new URL('http://localhost:4321/koordination/gruppen/abc/?_action=meetings.plan');
		returnTo.hash = 'treffen';
		expect(redirectAfterSuccess(returnTo, 'geplant-7')?.headers.get('location')).toBe('/koordination/gruppen/abc/?erledigt=geplant-7#treffen');
	});

	test('without an outcome (nothing sent, or the form was refused) the page renders itself', () => {
		expect(redirectAfterSuccess(posted)).toBeNull();
		expect(redirectAfterSuccess(posted, undefined, null, false, '')).toBeNull();
	});

	test('never a redirect to another host, whatever the path looks like', () => {
		expect(redirectAfterSuccess(new URL('http://localhost:4321//evil.example/portal/'), 'x')?.headers.get('location')).toBe('/evil.example/portal/?erledigt=x');
	});

	test("the page's own query stays; the action and an older outcome go", () => {
		const list = new URL('http://localhost:4321/koordination/mitglieder/?_action=members.deleteCompany&suche=M%C3%BCller+%26+S%C3%B6hne&stand=deaktiviert&erledigt=alt');
		const location = redirectAfterSuccess(list, 'geloescht')?.headers.get('location') ?? '';
		const kept = new URL(location, list);
		expect(kept.pathname).toBe('/koordination/mitglieder/');
		expect([...kept.searchParams]).toEqual([
			['suche', 'Müller & Söhne'],
			['stand', 'deaktiviert'],
			['erledigt', 'geloescht'],
		]);
	});

	test('an outcome is escaped in the address', () => {
		expect(redirectAfterSuccess(posted, 'a&b=c')?.headers.get('location')).toBe('/portal/profil/?erledigt=a%26b%3Dc');
	});
});

describe('outcomeMessage', () => {
	const messages = {
		angaben: 'Gespeichert.',
		'konflikt-entfernt': 'Entfernt.',
		berechnet: (groups: number, placed: number) => `${groups} Gruppen, ${placed} eingeteilt.`,
	};
	const at = (query: string) => new URL(`http://localhost:4321/koordination/?${query}`);

	test('a known outcome gives its message; hyphens inside a name are part of it', () => {
		expect(outcomeMessage(at('erledigt=angaben'), messages)).toBe('Gespeichert.');
		expect(outcomeMessage(at('erledigt=konflikt-entfernt'), messages)).toBe('Entfernt.');
	});

	test('the counts at the end reach the message', () => {
		expect(outcomeMessage(at('erledigt=berechnet-4-23'), messages)).toBe('4 Gruppen, 23 eingeteilt.');
		expect(outcomeMessage(at('erledigt=berechnet-0-0'), messages)).toBe('0 Gruppen, 0 eingeteilt.');
	});

	test('no outcome, an unknown one or the wrong number of counts shows nothing', () => {
		expect(outcomeMessage(at(''), messages)).toBeNull();
		expect(outcomeMessage(at('erledigt='), messages)).toBeNull();
		expect(outcomeMessage(at('erledigt=geloescht'), messages)).toBeNull();
		expect(outcomeMessage(at('erledigt=toString'), messages), 'no inherited property').toBeNull();
		expect(outcomeMessage(at('erledigt=berechnet-4'), messages)).toBeNull();
		expect(outcomeMessage(at('erledigt=berechnet-4-23-1'), messages)).toBeNull();
		expect(outcomeMessage(at('erledigt=angaben-3'), messages)).toBeNull();
		expect(outcomeMessage(at('erledigt=berechnet-4-99999999999'), messages), 'counts are bounded').toBeNull();
		expect(outcomeMessage(at(`erledigt=berechnet${'-1'.repeat(40)}`), messages), 'a hand-made long outcome').toBeNull();
	});

	test('each outcome round-trips from the redirect to the message', () => {
		const location = redirectAfterSuccess(posted, 'berechnet-3-17')!.headers.get('location')!;
		expect(outcomeMessage(new URL(location, posted), messages)).toBe('3 Gruppen, 17 eingeteilt.');
	});
});
