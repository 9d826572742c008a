/**
 * Search words for the office's lists, as people type names: without caring for case, umlauts
 * or ß. "Bottcher", "Boettcher" and "BÖTTCHER" all find "Böttcher"; "Strasse" finds "Straße".
 * And when two names of companies are the same company's.
 */

/** Umlauts written out (ö → oe), as on a keyboard without them. NFC first: text pasted from a Mac may carry ö as o + ¨. */
export const spelledOut = (text: string) =>
	text.normalize('NFC').toLowerCase().replaceAll('ä', 'ae').replaceAll('ö', 'oe').replaceAll('ü', 'ue').replaceAll('ß', 'ss');

/** Umlauts and other accents dropped (ö → o), as in a hurry. */
const withoutAccents = (text: string) =>
	text.toLowerCase().replaceAll('ß', 'ss').normalize('NFD').replace(/\p{M}/gu, '');

/** Whether any of the texts contains the query, in either way of writing. */
export function matchesSearch(texts: readonly (string | null | undefined)[], query: string): boolean {
	const wanted = query.trim();
	if (!wanted) return true;
	const spelled = spelledOut(wanted);
	const plain = withoutAccents(wanted);
	return texts.some((text) => !!text && (spelledOut(text).includes(spelled) || withoutAccents(text).includes(plain)));
}

/**
 * Companies of one name are one company, whatever the case of its letters ("MÜLLER GmbH",
 * "Müller GmbH"), the spaces, and ß written as SS in capitals ("GÖSSNITZER", "Gößnitzer"); an
 * umlaut written out ("Mueller") is another name. Used wherever a company on file is looked for
 * by name: taking over a list (member-import.ts) and accepting an application (members.ts).
 */
export const companyKey = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('de').replaceAll('ß', 'ss');
