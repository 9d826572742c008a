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
