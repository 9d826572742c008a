/**
 * The frontmatter contract of a topic file (src/content/topics/*.mdx). On its own, without
 * astro:content, because the server reads the topics too (topic-list.ts) and must not pull the
 * content collections into its bundle.
 */
import { z } from 'astro/zod';

export const topicSchema = z.strictObject({
	title: z.string().min(3).max(60).describe('Name des Themas, wie er überall erscheint'),
	summary: z
		.string()
		.min(40)
		.max(240)
		.describe('Ein bis zwei Sätze für Themenkarten, Übersichten und Vorschauen'),
	order: z
		.number()
		.int()
		.min(1)
		.describe('Reihenfolge in Listen; 1 steht oben. Neue Themen hängen sich hinten an'),
	questions: z
		.array(z.string().min(10).max(200))
		.min(3)
		.max(8)
		.describe('Fragen, mit denen Unternehmen typischerweise in diese Fokusgruppe kommen'),
});

export type Topic = z.infer<typeof topicSchema>;
