/**
 * WZ 2008 (Destatis classification of economic activities), shipped in src/data/wz2008.json.
 * Two companies of one class are competitors; one division (first two digits) is related.
 */
import data from '../../data/wz2008.json' with { type: 'json' };
import { spelledOut } from '../search-text.ts';

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

// Titles and what is typed compared in lower case, ß as ss, umlauts as people type them without the keys ("Giesserei", "Kaelte").
const foldedLabels = data.classes.map((c) => ({ c, label: spelledOut(c.label), division: spelledOut(divisions.get(divisionOf(c.code)) ?? '') }));

/**
 * What people call their trade where no class title says it: WZ names activities ("Mechanik
 * a. n. g."), applicants name their trade ("Zerspanung"). The network's own branches first.
 * A word of five letters or more counts wherever it stands in what was typed ("CNC-Zerspanung",
 * "Feinoptik"); a shorter one only as a word of its own ("IT", "CNC").
 */
export const TRADE_WORDS: Readonly<Record<string, readonly string[]>> = {
	zerspanung: ['25.62'],
	lohnfertigung: ['25.62'],
	dreherei: ['25.62'],
	fraestechnik: ['25.62'],
	cnc: ['25.62'],
	// A contract machining or welding shop calls itself by what it does to metal, not by its class.
	metallbearbeitung: ['25.62', '25.61', '25.50'],
	metallverarbeitung: ['25.62', '25.99', '25.50', '25.11'],
	drehteile: ['25.62'],
	drehtechnik: ['25.62'],
	fraeserei: ['25.62'],
	fraesteile: ['25.62'],
	praezisionsteile: ['25.62'],
	praezisionstechnik: ['25.62', '28.41'],
	schweisserei: ['25.62', '25.11'],
	schweisstechnik: ['25.62', '25.11', '28.29'],
	stanzerei: ['25.50'],
	stanztechnik: ['25.50'],
	stanzteile: ['25.50'],
	umformtechnik: ['25.50'],
	schmiede: ['25.50'],
	formenbau: ['25.73'],
	werkzeugbau: ['25.73', '28.41', '28.49'],
	maschinenbau: ['28.99', '28.29', '28.41', '28.49'],
	sondermaschinenbau: ['28.99', '28.29'],
	landmaschinen: ['28.30'],
	textilmaschinen: ['28.94'],
	verpackungsmaschinen: ['28.29'],
	vorrichtungsbau: ['25.73', '28.99'],
	anlagenbau: ['28.99', '28.29', '33.20'],
	// Foundries name the casting, not the foundry: "Feinguss", "Alu-Druckguss", "Metallguss".
	feinguss: ['24.51', '24.52', '24.53', '24.54'],
	druckguss: ['24.53', '24.54'],
	metallguss: ['24.51', '24.52', '24.53', '24.54'],
	gusstechnik: ['24.51', '24.52', '24.53', '24.54'],
	gussteile: ['24.51', '24.52', '24.53', '24.54'],
	stahlbau: ['25.11'],
	metallbau: ['25.11', '25.12'],
	galvanik: ['25.61'],
	beschichtung: ['25.61'],
	haerterei: ['25.61'],
	hydraulik: ['28.12'],
	pneumatik: ['28.12'],
	steuerung: ['27.12', '27.90'],
	elektroanlagen: ['43.21', '27.12'],
	automatisierung: ['28.99', '27.12', '33.20'],
	elektrotechnik: ['27.90', '27.12', '27.11', '43.21'],
	elektronik: ['26.12', '26.11', '26.51'],
	blech: ['25.62', '25.50', '25.99'],
	schaltanlagenbau: ['27.12'],
	schaltschrankbau: ['27.12'],
	messtechnik: ['26.51'],
	prueftechnik: ['26.51', '71.20'],
	sensorik: ['26.51'],
	optik: ['26.70'],
	medizintechnik: ['32.50', '26.60'],
	kunststofftechnik: ['22.29', '22.21', '22.22', '22.23'],
	kunststoffverarbeitung: ['22.29', '22.21', '22.22', '22.23'],
	spritzguss: ['22.29'],
	automobilzulieferer: ['29.32', '29.31'],
	software: ['62.01', '62.02', '62.09'],
	programmierung: ['62.01'],
	it: ['62.02', '62.01', '62.09'],
	edv: ['62.02', '62.01', '62.09'],
	spedition: ['52.29', '49.41'],
	logistik: ['52.29', '49.41', '52.10'],
	druckerei: ['18.12', '18.13'],
	baeckerei: ['10.71'],
	fleischerei: ['10.13'],
	metzgerei: ['10.13'],
	schreinerei: ['31.09', '43.32', '16.23'],
	tischlerei: ['31.09', '43.32', '16.23'],
	sanitaer: ['43.22'],
	haustechnik: ['43.22', '43.21'],
	holzverarbeitung: ['16.23', '16.29', '16.10'],
	zeitarbeit: ['78.20'],
	personaldienstleistung: ['78.20', '78.10'],
	recycling: ['38.32'],
};

/** Endings that name the kind of business, not its field: "Kunststoff|technik", "Werkzeug|bau". */
const GENERIC_ENDINGS = [
	'dienstleistungen',
	'dienstleistung',
	'dienstleister',
	'verarbeitung',
	'bearbeitung',
	'herstellung',
	'technologien',
	'technologie',
	'entwicklung',
	'zulieferer',
	'fertigung',
	'produktion',
	'industrie',
	'technik',
	'service',
	'handel',
	'betrieb',
	'montage',
	'gewerbe',
	'bau',
];

/** Every word of the class titles and division names, to find where a compound word splits. */
const vocabulary = [...new Set(foldedLabels.flatMap(({ label, division }) => `${label} ${division}`.split(/[^a-z]+/)).filter((w) => w.length >= 4))];

/** The joining "s" of a compound after these endings: "Steuerung|s|technik", "Sicherheit|s|technik". */
const JOINING_S = /(ung|heit|keit|ion|taet|schaft|ling)s$/;

/**
 * The fields hidden in a compound word, matched only at the start of a title's word: the word
 * without a generic ending ("Werkzeugbau" → "werkzeug", "Steuerungstechnik" → "steuerung"), and
 * its longest ending of six letters or more that begins a title's word ("Sondermaschinenbau" →
 * "maschinenbau"). German joins words without a space; the titles rarely use the compounds
 * people type.
 */
function compoundParts(word: string): string[] {
	const parts: string[] = [];
	const ending = GENERIC_ENDINGS.find((e) => word.endsWith(e) && word.length - e.length >= 4);
	if (ending) {
		const head = word.slice(0, -ending.length);
		parts.push(JOINING_S.test(head) ? head.slice(0, -1) : head);
	}
	for (let start = 1; start <= word.length - 6; start++) {
		const tail = word.slice(start);
		if (GENERIC_ENDINGS.includes(tail)) break;
		if (vocabulary.some((v) => v.startsWith(tail))) {
			parts.push(tail);
			break;
		}
	}
	return parts;
}

/**
 * Classes named by trade words in what was typed, the longest (most specific) word first:
 * "Landmaschinenbau" holds "landmaschinen" and "maschinenbau", and means the former.
 */
function tradeClasses(words: string[]): string[] {
	const found = Object.entries(TRADE_WORDS)
		.filter(([trade]) => words.some((w) => (trade.length >= 5 ? w.includes(trade) : w === trade)))
		.sort(([a], [b]) => b.length - a.length);
	return [...new Set(found.flatMap(([, codes]) => codes))];
}

/**
 * Classes whose title contains a word of what was typed ("Gießerei" → the four foundry classes),
 * the most matching words first, at most `max`: a refusal can then suggest what was meant. A trade
 * name people use for their branch ("Zerspanung", "Werkzeugbau") comes before all of those.
 */
export function industriesMatching(input: string, max = 4): IndustryClass[] {
	// Words of four letters or more. A plural or case ending is dropped so "Gießereien" and
	// "Werkzeuge" still match, but only where four letters stay: "Eisen" as "eis" would find "Reis".
	const stem = (word: string) => {
		const shorter = word.replace(/(en|e|n|s)$/, '');
		return shorter.length >= 4 ? shorter : word;
	};
	const allWords = spelledOut(input).split(/[^a-z]+/).filter(Boolean);
	const fromTrades = tradeClasses(allWords).flatMap((code) => byCode.get(code) ?? []);
	const longWords = allWords.filter((w) => w.length >= 4);
	if (longWords.length === 0) return fromTrades.slice(0, max);
	const words = [...new Set(longWords.map(stem))];
	const parts = [...new Set(longWords.flatMap(compoundParts))].filter((part) => !words.includes(part));
	// A word found at the start of a word of the title counts twice: "Eisen" is "Eisengießereien" before "Reisen".
	// A part of a compound counts only there: "Laser" (from "Lasertechnik") is no "Glaserei".
	const atWordStart = (w: string) => new RegExp(`(^|[^a-z])${w}`);
	const patterns = [
		...words.map((w) => ({ w, start: atWordStart(w), anywhere: true })),
		...parts.map((w) => ({ w, start: atWordStart(w), anywhere: false })),
	];
	const score = (label: string) =>
		patterns.reduce((sum, { w, start, anywhere }) => sum + (start.test(label) ? 2 : anywhere && label.includes(w) ? 1 : 0), 0);
	// A division's name counts less than the class's own title: "Maschinenbau" is division 28, no class's title.
	const fromTitles = foldedLabels
		.map(({ c, label, division }) => ({ c, score: score(label) * 2 + score(division) }))
		.filter((m) => m.score > 0 && !fromTrades.includes(m.c))
		.sort((a, b) => b.score - a.score)
		.map((m) => m.c);
	return [...fromTrades, ...fromTitles].slice(0, max);
}

/**
 * The sentence for a branch that is not in the list. Where something matches, the form offers
 * it to pick right below the field (ApplicationForm.astro, industriesMatching with SUGGESTIONS).
 */
export function unknownIndustryMessage(input: string): string {
	if (industriesMatching(input).length === 0) return 'Bitte wählen Sie Ihre Branche aus der Liste, z. B. „25.62 – Mechanik a. n. g.“ für eine Dreherei oder „28.41 – Herstellung von Werkzeugmaschinen für die Metallbearbeitung“.';
	return `„${input.trim()}“ steht so nicht in der Liste. Bitte wählen Sie eine der passenden Branchen unter dem Feld oder tippen Sie ein anderes Stichwort.`;
}

/** How many classes the form offers to pick after a refusal. */
export const SUGGESTIONS = 6;
