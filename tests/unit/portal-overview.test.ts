import { describe, expect, test } from 'vitest';
import { acceptances, answerOf, arrangeMeetings, mapLink, openItems, seatsOf, telLink, townOf, type ListedMeeting } from '../../src/lib/portal/overview.ts';

const NOW = new Date('2027-03-01T10:00:00Z');
const HOUR = 3600_000;
let ids = 0;
/** A three-hour meeting starting `hours` from NOW. */
const meetingIn = (hours: number, extra: Partial<ListedMeeting> = {}) => {
	const startsAt = new Date(NOW.getTime() + hours * HOUR);
	return { id: `m${++ids}`, startsAt, endsAt: new Date(startsAt.getTime() + 3 * HOUR), status: 'planned' as const, myReply: null, hostOrganizationId: 'host', ...extra };
};

describe('arranging the meetings', () => {
	test('the next planned one, the cancellations before it, the rest in order; ended ones are gone', () => {
		const ended = meetingIn(-48);
		const cancelledFirst = meetingIn(24, { status: 'cancelled' });
		const next = meetingIn(48);
		const cancelledLater = meetingIn(72, { status: 'cancelled' });
		const after = meetingIn(96);
		const arranged = arrangeMeetings([ended, cancelledFirst, next, cancelledLater, after], NOW);
		expect(arranged).toEqual({ next, underway: false, cancelledBefore: [cancelledFirst], later: [cancelledLater, after] });
	});

	test('a meeting that has begun is next until it ends, and under way', () => {
		const begun = meetingIn(-1);
		const arranged = arrangeMeetings([begun, meetingIn(48)], NOW);
		expect(arranged.next).toBe(begun);
		expect(arranged.underway).toBe(true);
		expect(arrangeMeetings([begun], new Date(begun.endsAt.getTime())).next).toBeNull();
	});

	test('only cancellations: nothing next, all of them stand before it', () => {
		const cancelled = [meetingIn(24, { status: 'cancelled' }), meetingIn(48, { status: 'cancelled' })];
		expect(arrangeMeetings(cancelled, NOW)).toEqual({ next: null, underway: false, cancelledBefore: cancelled, later: [] });
	});
});

describe('what is still open for the member', () => {
	const base = { hasInterests: true, organizationId: 'mine', sharesContact: true };
	const texts = (member: Parameters<typeof openItems>[0]) => openItems(member).map((item) => item.text);

	test('interests, the answer to the next meeting and contact data, most important first', () => {
		const next = meetingIn(48);
		expect(texts({ hasInterests: false, organizationId: 'mine', sharesContact: false, arranged: { next, underway: false } })).toEqual([
			'Sie haben noch keine Themen gewählt.',
			'Ihre Antwort zum Treffen am 3. März 2027 um 11:00 Uhr fehlt noch.',
			'Ihre Gruppe sieht noch keine Kontaktdaten von Ihnen.',
		]);
		expect(texts({ ...base, arranged: { next, underway: false } })).toHaveLength(1);
	});

	test('no answer is asked for from the host, for a meeting under way, or once given', () => {
		expect(texts({ ...base, arranged: { next: meetingIn(48, { hostOrganizationId: 'mine' }), underway: false } })).toEqual([]);
		expect(texts({ ...base, arranged: { next: meetingIn(-1), underway: true } })).toEqual([]);
		expect(texts({ ...base, arranged: { next: meetingIn(48, { myReply: 0 }), underway: false } })).toEqual([]);
	});

	test('without a group nothing is said about contact data', () => {
		expect(texts({ ...base, sharesContact: null, arranged: { next: null, underway: false } })).toEqual([]);
	});
});

describe('links from typed-in addresses and numbers', () => {
	test('the map gets street and town, without the company in front', () => {
		const link = new URL(mapLink('Muster Fräsen GmbH, Am Anger 3, 07743 Jena')!);
		expect(link.origin + link.pathname).toBe('https://www.openstreetmap.org/search');
		expect(link.searchParams.get('query')).toBe('Am Anger 3, 07743 Jena');
		expect(townOf('Muster Fräsen GmbH, Am Anger 3, 07743 Jena')).toBe('Jena');
	});

	test('an address without a postcode is no place', () => {
		expect(mapLink('Online')).toBeNull();
		expect(mapLink(null)).toBeNull();
		expect(townOf('Muster Fräsen GmbH')).toBeNull();
		// A part before the town without a digit is a name, not a street.
		expect(new URL(mapLink('Muster Fräsen GmbH, 99084 Erfurt')!).searchParams.get('query')).toBe('99084 Erfurt');
	});

	test('a phone number as dialled', () => {
		expect(telLink('+49 (0)361 555-12 34')).toBe('tel:+493615551234');
		expect(telLink('0361 / 555 12')).toBe('tel:036155512');
	});

	test('answers and acceptances in words', () => {
		expect([null, 1, 0, true, false].map(answerOf)).toEqual(['noch offen', 'Ich komme', 'Ich komme nicht', 'Ich komme', 'Ich komme nicht']);
		expect([0, 1, 2].map(acceptances)).toEqual(['0 Zusagen', '1 Zusage', '2 Zusagen']);
	});

	test('a group made larger than six has no free seat', () => {
		expect(seatsOf(5)).toBe(6);
		expect(seatsOf(7)).toBe(7);
	});
});
