/**
 * WZ 2008 (Destatis classification of economic activities), shipped in src/data/wz2008.json.
 * Two companies of one class are competitors; one division (first two digits) is related.
 */
import data from '../../data/wz2008.json' with { type: 'json' };

export interface IndustryClass {
	code: string;
	label: string;
}

export const INDUSTRY_CLASSES: readonly IndustryClass[] = data.classes;
const byCode = new Map(data.classes.map((c) => [c.code, c]));
const divisions = new Map(data.divisions.map((d) => [d.code, d.label]));

export const findIndustryClass = (code: string): IndustryClass | null => byCode.get(code) ?? null;

export const divisionOf = (code: string) => code.slice(0, 2);

export const divisionLabel = (code: string): string | null => divisions.get(divisionOf(code)) ?? null;

/** "28.41 – Herstellung von …", the text people pick in the form. */
export const industryOption = (c: IndustryClass) => `${c.code} – ${c.label}`;

/** Reads a class from what was typed or picked: "28.41", "28.41 – Herstellung …" or the exact title. */
export function parseIndustry(input: string): IndustryClass | null {
	const text = input.trim();
	const code = /^(\d{2})[.,]?(\d{2})\b/.exec(text);
	if (code) return findIndustryClass(`${code[1]}.${code[2]}`);
	const lower = text.toLowerCase();
	return data.classes.find((c) => c.label.toLowerCase() === lower) ?? null;
}

/** Lower case, ß as ss, umlauts as people type them without the keys ("Giesserei", "Kaelte"). */
const folded = (text: string) =>
	text
		.toLowerCase()
		.replaceAll('ß', 'ss')
		.replaceAll('ä', 'ae')
		.replaceAll('ö', 'oe')
		.replaceAll('ü', 'ue');
const foldedLabels = data.classes.map((c) => ({ c, label: folded(c.label), division: folded(divisions.get(divisionOf(c.code)) ?? '') }));

/**
 * Classes whose title contains a word of what was typed ("Gießerei" → the four foundry classes),
 * the most matching words first, at most `max`: a refusal can then suggest what was meant.
 */
export function industriesMatching(input: string, max = 4): IndustryClass[] {
	// Words of four letters or more. A plural or case ending is dropped so "Gießereien" and
	// "Werkzeuge" still match, but only where four letters stay: "Eisen" as "eis" would find "Reis".
	const stem = (word: string) => {
		const shorter = word.replace(/(en|e|n|s)$/, '');
		return shorter.length >= 4 ? shorter : word;
	};
	const words = [...new Set(folded(input).split(/[^a-z]+/).filter((w) => w.length >= 4).map(stem))];
	if (words.length === 0) return [];
	// A word found at the start of a word of the title counts twice: "Eisen" is "Eisengießereien" before "Reisen".
	const atWordStart = words.map((w) => ({ w, start: new RegExp(`(^|[^a-z])${w}`) }));
	const score = (label: string) => atWordStart.reduce((sum, { w, start }) => sum + (start.test(label) ? 2 : label.includes(w) ? 1 : 0), 0);
	// A division's name counts less than the class's own title: "Maschinenbau" is division 28, no class's title.
	return foldedLabels
		.map(({ c, label, division }) => ({ c, score: score(label) * 2 + score(division) }))
		.filter((m) => m.score > 0)
		.sort((a, b) => b.score - a.score)
		.slice(0, max)
		.map((m) => m.c);
}

/** The sentence for a branch that is not in the list, with what it may have meant. */
export function unknownIndustryMessage(input: string): string {
	const suggestions = industriesMatching(input);
	if (suggestions.length === 0) return 'Bitte wählen Sie Ihre Branche aus der Liste, z. B. „28.41 – Herstellung von Werkzeugmaschinen für die Metallbearbeitung“.';
	return `Bitte wählen Sie Ihre Branche aus der Liste. Passend zu „${input.trim()}“ etwa: ${suggestions.map((c) => `„${industryOption(c)}“`).join(', ')}.`;
}
