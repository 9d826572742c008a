import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { articleSchema, pageSchema, testimonialSchema, topicSchema } from './lib/content/schemas.ts';

// The file name is the slug: `energieeffizienz.mdx` → /themen/energieeffizienz/. Interests,
// groups and applications store these slugs, so renaming a file is a data migration.
const topics = defineCollection({
	loader: glob({ pattern: '*.mdx', base: './src/content/topics' }),
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
