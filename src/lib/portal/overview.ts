/**
 * What the member's overview (/portal/) shows, worked out from what the server modules read:
 * which meeting is next, which are later, what is still open for the member, and the links built
 * from addresses and numbers people typed. Pure: plain data in, plain data out, the clock a
 * parameter.
 */
import { PORTAL_PATHS, formatDateTime } from '../site.ts';

/** What of a meeting the overview needs to arrange it. */
export interface ListedMeeting {
	startsAt: Date;
	endsAt: Date;
	status: 'planned' | 'cancelled';
	myReply: boolean | number | null;
	hostOrganizationId: string | null;
}

export interface ArrangedMeetings<M> {
	/** The next planned meeting that has not ended (perhaps under way), or null. */
	next: M | null;
	/** The next meeting has begun: it takes no more answers. */
	underway: boolean;
	/** Cancellations before the next meeting: they belong to it ("instead of …"). */
	cancelledBefore: M[];
	/** Everything else still to come, in order. */
	later: M[];
}

/** Meetings stay listed until they end; `meetings` in order of their start. */
export function arrangeMeetings<M extends ListedMeeting>(meetings: readonly M[], now: Date): ArrangedMeetings<M> {
	const coming = meetings.filter((m) => m.endsAt.getTime() > now.getTime());
	const next = coming.find((m) => m.status === 'planned') ?? null;
	const underway = next !== null && next.startsAt.getTime() <= now.getTime();
	const cancelledBefore = coming.filter((m) => m.status === 'cancelled' && (!next || m.startsAt < next.startsAt));
	const later = coming.filter((m) => m !== next && !cancelledBefore.includes(m));
	return { next, underway, cancelledBefore, later };
}

export interface OpenItem {
	text: string;
	href: string;
	action: string;
}

/** What is still to do, most important first; each links to where it is done. */
export function openItems(member: {
	hasInterests: boolean;
	organizationId: string | null;
	/** Whether the group sees the member's e-mail address or phone number; null without a group. */
	sharesContact: boolean | null;
	arranged: Pick<ArrangedMeetings<ListedMeeting>, 'next' | 'underway'>;
}): OpenItem[] {
	const { next, underway } = member.arranged;
	return [
		!member.hasInterests && { text: 'Sie haben noch keine Themen gewählt.', href: PORTAL_PATHS.interests, action: 'Themen wählen' },
		// The host's company is there anyway; its answer is welcome but nobody reminds them of it.
		next &&
			!underway &&
			next.myReply === null &&
			next.hostOrganizationId !== member.organizationId && { text: `Ihre Antwort zum Treffen am ${formatDateTime(next.startsAt)} fehlt noch.`, href: '#next-heading', action: 'Zur Antwort' },
		member.sharesContact === false && { text: 'Ihre Gruppe sieht noch keine Kontaktdaten von Ihnen.', href: PORTAL_PATHS.profile, action: 'Im Profil freigeben' },
	].filter((item): item is OpenItem => !!item);
}

/** How many said they come, in words ("1 Zusage", "3 Zusagen"). */
export const acceptances = (n: number) => (n === 1 ? '1 Zusage' : `${n} Zusagen`);

/** The member's answer in the buttons' words ("abgesagt" is what the office does to a meeting). */
export const answerOf = (reply: boolean | number | null) => (reply === null ? 'noch offen' : reply ? 'Ich komme' : 'Ich komme nicht');

/** Groups are formed with five or six members; a group the office made larger has no free seat. */
export const seatsOf = (memberCount: number) => Math.max(6, memberCount);

/**
 * Street and town of an address, without the company's name that plans often write before them
 * (perhaps no longer the current one). Only an address with a postcode is a place ("Online" or a
 * bare company name is not).
 */
function placeOf(address: string | null): { street: string[]; town: string } | null {
	const parts = address?.split(',').map((part) => part.trim()) ?? [];
	const town = parts.findIndex((part) => /\b\d{5}\b/.test(part));
	if (town < 0) return null;
	const street = town > 0 && /\d/.test(parts[town - 1]!) ? [parts[town - 1]!] : [];
	return { street, town: parts[town]! };
}

/**
 * The way there, on a public map. Only a link: nothing is loaded from the map's server until the
 * member follows it. The search gets street and town only: with the company's name it missed.
 */
export function mapLink(address: string | null): string | null {
	const place = placeOf(address);
	return place && `https://www.openstreetmap.org/search?query=${encodeURIComponent([...place.street, place.town].join(', '))}`;
}

/** The town of an address without its postcode ("Jena"), for the short list of later dates. */
export const townOf = (address: string | null) => placeOf(address)?.town.replace(/^\d{5}\s*/, '') || null;

/** A dialable number: "+49 (0)361 …" loses the "(0)", everything but digits and the leading + goes. */
export const telLink = (phone: string) => `tel:${phone.replace(/^\s*\+(\d{1,3})\s*\(0\)/, '+$1').replace(/(?!^\+)[^\d]/g, '')}`;
