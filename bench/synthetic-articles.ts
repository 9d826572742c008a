/**
 * Deterministic synthetic German articles for bench/build-scale.ts (not a benchmark itself).
 * Each article: a title (10–90 chars), a description (50–170 chars), a publication date, an
 * author, one to three topic slugs and ~600 words of varied German-ish prose with `##` headings.
 * Plain text only (no `{`, `<`, `>`), so the same body is valid Markdown and MDX.
 */

export interface SyntheticArticle {
	slug: string;
	title: string;
	description: string;
	pubDate: string;
	author: string;
	topics: string[];
	body: string;
}

/** mulberry32: small seeded PRNG, so every run generates the same texts. */
function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const SUBJECTS = [
	'Die Geschäftsführerin',
	'Der Inhaber',
	'Das Team aus der Fertigung',
	'Die Fokusgruppe',
	'Der Betriebsleiter',
	'Die Koordinierungsstelle',
	'Ein Maschinenbauer aus Suhl',
	'Die Gastgeberin',
	'Ein Softwarehaus aus Jena',
	'Der Vertriebsleiter',
	'Eine Tischlerei aus Gera',
	'Die Personalabteilung',
	'Ein Familienbetrieb aus Erfurt',
	'Der Gründer',
	'Die Meisterin in der Montage',
	'Ein Zulieferer aus Eisenach',
	'Die Runde',
	'Der Steuerberater',
];
const VERBS = [
	'berichtet über',
	'beschreibt',
	'hinterfragt',
	'vergleicht',
	'plant',
	'verbessert',
	'misst',
	'diskutiert',
	'erklärt',
	'überprüft',
	'verändert',
	'dokumentiert',
	'bewertet',
	'unterschätzt',
	'vereinfacht',
	'begleitet',
];
const ADJECTIVES = [
	'neue',
	'bewährte',
	'digitale',
	'schwierige',
	'gemeinsame',
	'kleine',
	'langfristige',
	'offene',
	'sparsame',
	'verlässliche',
	'überraschende',
	'regionale',
	'praktische',
	'nüchterne',
	'ehrgeizige',
	'teure',
	'mühsame',
];
const OBJECTS = [
	'Abläufe in der Halle',
	'Kosten für Druckluft',
	'Gespräche mit Bewerbern',
	'Lieferketten',
	'Wartungsverträge',
	'Schichtpläne',
	'Stellenanzeigen',
	'Preisverhandlungen',
	'Kennzahlen im Vertrieb',
	'Schulungen für Azubis',
	'Angebote für Stammkunden',
	'Lastspitzen im Netz',
	'Übergaben zwischen Schichten',
	'Besprechungen am Montag',
	'Rückmeldungen aus dem Service',
	'Investitionen in Roboter',
	'Förderanträge',
	'Daten aus der Maschine',
];
const CLAUSES = [
	'weil die Zahlen im letzten Quartal nicht gestimmt haben',
	'bevor eine größere Entscheidung ansteht',
	'damit die Belegschaft früh eingebunden ist',
	'obwohl das Tagesgeschäft kaum Zeit lässt',
	'nachdem ein erster Versuch gescheitert war',
	'während die Aufträge weiter hereinkommen',
	'ohne dafür gleich viel Geld auszugeben',
	'sodass die anderen daraus lernen können',
	'wie es in vielen Thüringer Betrieben üblich ist',
	'als die Energiepreise plötzlich gestiegen sind',
];
const CLOSERS = [
	'Das überzeugt die Runde.',
	'Niemand hatte damit gerechnet.',
	'Die anderen nicken.',
	'Es bleibt viel zu tun.',
	'So entsteht Vertrauen.',
	'Der Aufwand hat sich gelohnt.',
	'Nicht alles klappt sofort.',
	'Das Ergebnis ist messbar.',
];
const HEADINGS = [
	'Der erste Schritt',
	'Was sich verändert hat',
	'Blick in die Werkstatt',
	'Zahlen und Erfahrungen',
	'Was die anderen raten',
	'Offene Fragen',
	'Wie es weitergeht',
	'Lehren für den Alltag',
	'Zwischen Anspruch und Praxis',
	'Ein Besuch vor Ort',
	'Kosten und Nutzen',
	'Die Rolle der Führung',
];
const TITLE_STARTS = [
	'Wie ein Betrieb',
	'Warum eine Fokusgruppe',
	'Was Unternehmen',
	'Wo Mittelständler',
	'Wann Inhaber',
	'Womit Betriebe',
];
const TITLE_ENDS = [
	'seine Abläufe neu ordnet',
	'über Energie spricht',
	'neue Leute findet',
	'Kunden langfristig hält',
	'die Digitalisierung angeht',
	'Entscheidungen besser vorbereitet',
	'vom Austausch profitiert',
	'Preise erklärt',
];
const PLACES = [
	'Erfurt',
	'Jena',
	'Gera',
	'Weimar',
	'Suhl',
	'Gotha',
	'Nordhausen',
	'Eisenach',
	'Ilmenau',
	'Sömmerda',
];
const AUTHORS = [
	'Koordinierungsstelle Netzwerkforum',
	'Anna Beispiel',
	'Jonas Muster',
	'Redaktion ThZM',
];

const pick = <T>(random: () => number, list: readonly T[]): T =>
	list[Math.floor(random() * list.length)]!;
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

function sentence(random: () => number): string {
	const base = `${pick(random, SUBJECTS)} ${pick(random, VERBS)} ${pick(random, ADJECTIVES)} ${pick(random, OBJECTS)}`;
	const roll = random();
	if (roll < 0.45) return `${base}, ${pick(random, CLAUSES)}.`;
	if (roll < 0.7) return `${base}. ${pick(random, CLOSERS)}`;
	return `${base} in ${pick(random, PLACES)}.`;
}

function clampAtWord(text: string, max: number): string {
	if (text.length <= max) return text;
	const cut = text.slice(0, max - 1);
	return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}

/** Article number `i` (0-based) of a set; `topicSlugs` are the valid topic references. */
export function syntheticArticle(i: number, topicSlugs: readonly string[]): SyntheticArticle {
	const random = prng(0x5eed + i * 7919);
	const title = clampAtWord(
		`${pick(random, TITLE_STARTS)} in ${pick(random, PLACES)} ${pick(random, TITLE_ENDS)} (${i + 1})`,
		90,
	);
	let description = `${sentence(random)} ${sentence(random)}`;
	while (description.length < 60) description += ` ${pick(random, CLOSERS)}`;
	description = clampAtWord(description, 170);

	const sections: string[] = [];
	let total = 0;
	const headings = [...HEADINGS].sort(() => random() - 0.5);
	let h = 0;
	while (total < 600) {
		const paragraphs: string[] = [];
		const count = 2 + Math.floor(random() * 2);
		for (let p = 0; p < count && total < 600; p++) {
			const sentences: string[] = [];
			const n = 3 + Math.floor(random() * 3);
			for (let s = 0; s < n; s++) sentences.push(sentence(random));
			const paragraph = sentences.join(' ');
			total += words(paragraph);
			paragraphs.push(paragraph);
		}
		sections.push(`## ${headings[h++ % headings.length]}\n\n${paragraphs.join('\n\n')}`);
	}

	const topicCount = 1 + Math.floor(random() * 3);
	const topics = [...new Set(Array.from({ length: topicCount }, () => pick(random, topicSlugs)))];
	const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 6 * 365) * 86_400_000);
	return {
		slug: `bench-artikel-${String(i + 1).padStart(4, '0')}`,
		title,
		description,
		pubDate: day.toISOString().slice(0, 10),
		author: pick(random, AUTHORS),
		topics,
		body: `${sections.join('\n\n')}\n`,
	};
}

const q = (s: string) => JSON.stringify(s);

/** Frontmatter + body for the project's `articles` collection (articleSchema). */
export const projectMdx = (a: SyntheticArticle) =>
	`---\ntitle: ${q(a.title)}\ndescription: ${q(a.description)}\npubDate: ${a.pubDate}\nauthor: ${q(a.author)}\ntopics:\n${a.topics.map((t) => `  - ${t}`).join('\n')}\n---\n\n${a.body}`;

/** Frontmatter + body for the blog example's `blog` collection (title/description/pubDate). */
export const blogMd = (a: SyntheticArticle) =>
	`---\ntitle: ${q(a.title)}\ndescription: ${q(a.description)}\npubDate: ${a.pubDate}\n---\n\n${a.body}`;
