import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { getPublishedArticles, getTopicsOf } from '../lib/content/collections.ts';
import { articlePath, SITE_DESCRIPTION, SITE_NAME } from '../lib/site.ts';

export const GET: APIRoute = async ({ site }) => {
	const articles = await getPublishedArticles();
	const items = await Promise.all(
		articles.map(async (article) => ({
			title: article.data.title,
			description: article.data.description,
			pubDate: article.data.pubDate,
			link: articlePath(article.id),
			categories: (await getTopicsOf(article)).map((t) => t.data.title),
		})),
	);
	return rss({
		title: `${SITE_NAME} – Artikel`,
		description: SITE_DESCRIPTION,
		site: site ?? 'http://localhost:4321',
		items,
		customData: '<language>de-de</language>',
	});
};
