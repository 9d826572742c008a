/** The one place pages read collections from: drafts filtered, lists sorted the same everywhere. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { readingMinutes } from './reading-time.ts';
import { rankRelated } from './related.ts';
import { voicesForSite } from './voices.ts';

export type ArticleEntry = CollectionEntry<'articles'>;
export type TopicEntry = CollectionEntry<'topics'>;
export type TestimonialEntry = CollectionEntry<'testimonials'>;

/**
 * Content does not change while a build or the built server runs, yet every article page asks for
 * the whole list (related articles) and every list shows reading times: remembering both keeps
 * the build linear in the number of articles. The dev server edits content live, so it never
 * remembers.
 */
const remember = !__DEV_SERVER__;
const readingMinutesById = new Map<string, number>();

/** `load` once per build or server process; in dev on every call. */
function rememberOnce<T>(load: () => Promise<T>): () => Promise<T> {
	let remembered: Promise<T> | undefined;
	return () => (remember ? (remembered ??= load()) : load());
}

async function loadPublishedArticles(): Promise<ArticleEntry[]> {
	const articles = await getCollection('articles', ({ data }) => !data.draft);
	return articles.sort((a, b) => b.data.pubDate.getTime() - a.data.pubDate.getTime());
}

const publishedArticles = rememberOnce(loadPublishedArticles);

/** Published articles, newest first (a fresh array the caller may change). Drafts never leave the build. */
export async function getPublishedArticles(): Promise<ArticleEntry[]> {
	return [...(await publishedArticles())];
}

/**
 * The articles that get a page of their own. The dev server (`npm run dev`) renders drafts too, so
 * an editor can read one before taking `draft` out; they stay out of every list there as well, and
 * a build never renders them.
 */
export async function getArticlesWithPages(): Promise<ArticleEntry[]> {
	return __DEV_SERVER__ ? getCollection('articles') : getPublishedArticles();
}

const topicsInOrder = rememberOnce(async () =>
	(await getCollection('topics')).sort((a, b) => a.data.order - b.data.order || a.data.title.localeCompare(b.data.title, 'de')),
);

/** Topics in their set order (a fresh array the caller may change); portal pages ask on every request. */
export async function getTopicsInOrder(): Promise<TopicEntry[]> {
	return [...(await topicsInOrder())];
}

const testimonialsInOrder = rememberOnce(async () => (await getCollection('testimonials')).sort((a, b) => a.data.order - b.data.order));

/**
 * The member voices a build for `site` shows (pass `Astro.site`), in their set order: voices with
 * pending consent only for a local address (voices.ts; scripts/build.ts says how many it left out).
 * Not import.meta.env.SITE: any SITE variable in the build's environment would override it.
 */
export async function getTestimonialsInOrder(site: URL | undefined): Promise<TestimonialEntry[]> {
	return voicesForSite(await testimonialsInOrder(), site).shown;
}

export const topicIds = (entry: { data: { topics: readonly { id: string }[] } }) =>
	entry.data.topics.map((t) => t.id);

export function articleReadingMinutes(article: ArticleEntry): number {
	if (!remember) return readingMinutes(article.body ?? '');
	let minutes = readingMinutesById.get(article.id);
	if (minutes === undefined) readingMinutesById.set(article.id, (minutes = readingMinutes(article.body ?? '')));
	return minutes;
}

/** The topics an entry references, as full entries in the collection's order. */
export async function getTopicsOf(entry: { data: { topics: readonly { id: string }[] } }): Promise<TopicEntry[]> {
	const all = await getTopicsInOrder();
	const wanted = new Set(topicIds(entry));
	return all.filter((t) => wanted.has(t.id));
}

const asTopical = (a: ArticleEntry) => ({ id: a.id, topics: topicIds(a), date: a.data.pubDate, entry: a });
/** What the ranking of related articles compares, built once like the list itself. */
const topicalArticles = rememberOnce(async () => (await publishedArticles()).map(asTopical));

export async function getRelatedArticles(article: ArticleEntry, limit = 3): Promise<ArticleEntry[]> {
	return rankRelated(asTopical(article), await topicalArticles(), limit).map((r) => r.entry);
}

export async function getArticlesOnTopic(topicId: string): Promise<ArticleEntry[]> {
	return (await getPublishedArticles()).filter((a) => topicIds(a).includes(topicId));
}

export async function getTestimonialsOnTopic(topicId: string, site: URL | undefined): Promise<TestimonialEntry[]> {
	return (await getTestimonialsInOrder(site)).filter((t) => topicIds(t).includes(topicId));
}

