/**
 * The topics for everything rendered on demand (portal, office, actions, mails): slug, title and
 * the rest of the frontmatter, in their set order. Read from the topic files themselves, not
 * through astro:content: importing that into the server took every collection along (the rendered
 * text of all articles and each MDX module), which made the server build grow with the number
 * of articles for pages that need six titles (bench/build-scale.ts). Prerendered pages keep using
 * collections.ts; a unit test holds both to the same topics.
 */
import { parse } from 'yaml';
import { frontmatterOf } from './frontmatter.ts';
import { topicSchema, type Topic } from './topic-schema.ts';

export interface ServerTopic {
	/** The file name without `.mdx`, as the content collection names the entry. */
	id: string;
	data: Topic;
}

/** A slug as Astro's glob loader keeps it unchanged: only then is the file name the collection's id. */
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const fileName = (path: string) => /([^/\\]+)\.mdx$/.exec(path)?.[1] ?? path;

/** A name written as a slug: umlauts and ß spelt out, accents dropped, anything else a hyphen. */
export function asSlug(name: string): string {
	return name
		.normalize('NFC') // macOS may hand over ä as a + ¨
		.toLowerCase()
		.replace(/ä/g, 'ae')
		.replace(/ö/g, 'oe')
		.replace(/ü/g, 'ue')
		.replace(/ß/g, 'ss')
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}

/**
 * The slug of the topic file at `path`: its name without `.mdx`. Throws a German message naming
 * the file when the name is not a slug already, because Astro would quietly make it one (the
 * site's pages) while the server takes it as it is, and the two would disagree.
 */
export function topicSlugOf(path: string): string {
	const id = fileName(path);
	if (SLUG.test(id)) return id;
	throw new Error(
		`Themendatei ${path}: Der Dateiname ist der Slug des Themas und darf nur Kleinbuchstaben, Ziffern und Bindestriche enthalten (keine Umlaute, kein ß, keine Großbuchstaben, keine Leerzeichen). Bitte die Datei umbenennen in ${asSlug(id)}.mdx.`,
	);
}

/** Frontmatter and file name of a topic file; throws a German message naming the file when it is wrong. */
export function parseTopicFile(path: string, text: string): ServerTopic {
	const id = topicSlugOf(path);
	const frontmatter = frontmatterOf(text);
	if (frontmatter === undefined) throw new Error(`Themendatei ${path}: Kopfteil (---) fehlt.`);
	const parsed = topicSchema.safeParse(parse(frontmatter));
	if (!parsed.success) throw new Error(`Themendatei ${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
	return { id, data: parsed.data };
}

/** In the order of collections.ts: `order`, then title. */
export const byTopicOrder = (a: ServerTopic, b: ServerTopic) => a.data.order - b.data.order || a.data.title.localeCompare(b.data.title, 'de');

// Bundled as text at build time; the files do not change while the server runs.
const files = import.meta.glob<string>('../../content/topics/*.mdx', { query: '?raw', import: 'default', eager: true });
let topics: ServerTopic[] | undefined;

/** Topics in their set order (a fresh array the caller may change). */
export function topicsInOrder(): ServerTopic[] {
	topics ??= Object.entries(files)
		.map(([path, text]) => parseTopicFile(path, text))
		.sort(byTopicOrder);
	return [...topics];
}

export const topicSlugs = (): string[] => topicsInOrder().map((t) => t.id);

/** The names of the topic files, sorted, without reading them: what a topic reference may name. */
export const topicFileNames = (): string[] => Object.keys(files).map(fileName).sort();

let titles: Map<string, string> | undefined;

/** A topic's title; its slug for a topic whose file is gone (stored interests and groups outlive it). */
export function topicTitle(slug: string): string {
	titles ??= new Map(topicsInOrder().map((t) => [t.id, t.data.title]));
	return titles.get(slug) ?? slug;
}
