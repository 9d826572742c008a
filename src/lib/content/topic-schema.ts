/**
 * The frontmatter contract of a topic file (src/content/topics/*.mdx). On its own, without
 * astro:content, because the server reads the topics too (topic-list.ts) and must not pull the
 * content collections into its bundle.
 */
import { z } from 'astro/zod';
import { fields, list, position, text } from './fields.ts';

export const topicSchema = fields({
	title: text(3, 60).describe('Name des Themas, wie er überall erscheint'),
	summary: text(40, 240).describe('Ein bis zwei Sätze für Themenkarten, Übersichten und Vorschauen'),
	order: position().describe('Reihenfolge in Listen; 1 steht oben. Neue Themen hängen sich hinten an'),
	questions: list(text(10, 200), 3, 8, 'Fragen').describe(
		'Fragen, mit denen Unternehmen typischerweise in diese Fokusgruppe kommen',
	),
});

export type Topic = z.infer<typeof topicSchema>;
