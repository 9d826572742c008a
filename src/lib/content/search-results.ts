/**
 * Which Pagefind results /suche/ shows, and the sentence that counts them. Pure, so the rules
 * are unit-tested apart from the browser (search-page.ts uses them).
 *
 * For a word it does not know, Pagefind falls back to the longest prefix it has indexed:
 * "Impressum" finds every page with "im", "Cookie" highlights a lone "C". A result counts only
 * when a highlighted word begins like one of the search words: the first four letters, or the
 * whole word when it is shorter. German endings ("Fokusgruppen" → "Fokusgruppe") and
 * compounds ("Energie" → "Energieeffizienz") pass; case and umlauts do not matter ("Häuser" → "Haus").
 */

/** At most this many results are shown; the status sentence says when there are more. */
export const MAX_SHOWN = 20;

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

/** Lower case without diacritics or punctuation at the edges: "„Häuser“" → "hauser". */
function normalize(word: string): string {
	return word
		.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity)
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLocaleLowerCase('de')
		.replace(/ß/g, 'ss')
		.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** The words of a query as they are compared: "Fokusgruppen  Thüringen" → ["fokusgruppen", "thuringen"]. */
export function searchWords(query: string): string[] {
	return query.split(/\s+/).map(normalize).filter((word) => word.length > 0);
}

/**
 * The highlighted words of a Pagefind excerpt (text between <mark> and </mark>), each whole and,
 * when it is joined by hyphens or slashes, also in its parts: Pagefind finds "Dienstleister" in
 * "IT-Dienstleister" and marks the whole word.
 */
export function highlightedWords(excerpt: string): string[] {
	return [...excerpt.matchAll(/<mark>([\s\S]*?)<\/mark>/g)]
		.flatMap((match) => match[1]!.split(/\s+/))
		.flatMap((word) => {
			const parts = word.split(/[-‐‑–/]+/);
			return parts.length > 1 ? [word, ...parts] : [word];
		})
		.map(normalize)
		.filter((word) => word.length > 0);
}

const sharedPrefixLength = (a: string, b: string) => {
	let n = 0;
	while (n < a.length && n < b.length && a[n] === b[n]) n++;
	return n;
};

/** Whether a highlighted word begins like a search word: min(4, its length) letters in common. */
export const matchesWord = (highlighted: string, word: string) =>
	sharedPrefixLength(highlighted, word) >= Math.min(4, word.length);

/** Whether a result's excerpt shows at least one real hit for `query` (not a fallback to a short prefix). */
export function isRelevantResult(excerpt: string, query: string): boolean {
	const words = searchWords(query);
	if (words.length === 0) return true;
	return highlightedWords(excerpt).some((highlighted) => words.some((word) => matchesWord(highlighted, word)));
}

/**
 * Whether a highlighted word is the search word itself or a form of it: all of it in common but
 * for an ending of up to three letters ("Mitarbeiter" for "Mitarbeitern"), or the search word is
 * its beginning ("Fachkräfte" for "Fachkr"). "Mitglieder" for "Mitgliedsbeitrag" only begins alike.
 */
const isCloseMatch = (highlighted: string, word: string) => sharedPrefixLength(highlighted, word) >= Math.max(Math.min(4, word.length), word.length - 3);

/** Whether some result shows a search word itself (or a form of it), not only words that begin like it. */
export function hasCloseMatch(excerpts: readonly string[], query: string): boolean {
	const words = searchWords(query);
	return excerpts.some((excerpt) => highlightedWords(excerpt).some((highlighted) => words.some((word) => isCloseMatch(highlighted, word))));
}

/** The results worth showing, in Pagefind's order. */
export function relevantResults<T extends { excerpt: string }>(results: readonly T[], query: string): T[] {
	return results.filter((result) => isRelevantResult(result.excerpt, query));
}

/**
 * The status line. `found`: results after filtering; `complete`: whether every Pagefind result
 * was looked at (otherwise `found` is a lower bound: the search stops once more than
 * MAX_SHOWN are found). `term` empty: only a topic is chosen.
 */
export function statusText({ term, found, complete, onlyAlike = false }: { term: string; found: number; complete: boolean; /** No result shows the word itself (hasCloseMatch). */ onlyAlike?: boolean }): string {
	const shown = Math.min(found, MAX_SHOWN);
	const more = found > MAX_SHOWN ? ` Angezeigt werden die ersten ${shown}; ein genaueres Suchwort oder ein Thema grenzt die Liste ein.` : '';
	if (!term) {
		if (found === 0) return 'Zum gewählten Thema gibt es keine Seiten.';
		const count = complete ? String(found) : `Mehr als ${MAX_SHOWN}`;
		return `${found === 1 ? 'Eine Seite' : `${count} Seiten`} zum gewählten Thema.${more}`;
	}
	if (found === 0) return `Keine Treffer für „${term}“. Versuchen Sie ein anderes Wort oder einen Wortanfang.`;
	const count = complete ? (found === 1 ? 'Ein' : String(found)) : `Mehr als ${MAX_SHOWN}`;
	// "Mitgliedsbeitrag" finds pages about "Mitglieder": say so, rather than promising hits for the word.
	if (onlyAlike) return `„${term}“ selbst steht auf keiner Seite. ${count} Treffer für Wörter, die ähnlich beginnen.${more}`;
	return `${count} Treffer für „${term}“.${more}`;
}
