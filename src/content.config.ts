import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { articleSchema, pageSchema, testimonialSchema, topicSchema } from './lib/content/schemas.ts';
import { topicSlugOf } from './lib/content/topic-list.ts';

// The file name is the slug: `energieeffizienz.mdx` → /themen/energieeffizienz/. Interests,
// groups and applications store these slugs, so renaming a file is a data migration.
// topicSlugOf fails the build for a name that is not a slug yet (fachkräfte-ausbildung.mdx):
// Astro would make one of it, the server (topic-list.ts) would not, and its pages would answer 500.
const topics = defineCollection({
	loader: glob({ pattern: '*.mdx', base: './src/content/topics', generateId: ({ entry }) => topicSlugOf(`src/content/topics/${entry}`) }),
	schema: topicSchema,
});

// Plain Markdown (.md) for text-only articles, MDX when an article needs a component.
const articles = defineCollection({
	loader: glob({ pattern: '**/[^_]*.{md,mdx}', base: './src/content/articles' }),
	schema: articleSchema,
});

const testimonials = defineCollection({
	loader: glob({ pattern: '*.yaml', base: './src/content/testimonials' }),
	schema: testimonialSchema,
});

// Standalone pages that are mostly text: /fokusgruppen/, /kontakt/, the legal pages.
const pages = defineCollection({
	loader: glob({ pattern: '*.mdx', base: './src/content/pages' }),
	schema: pageSchema,
});

export const collections = { topics, articles, testimonials, pages };
