/**
 * Frontmatter contracts for the editors of the public site. Every field says what it is for;
 * bounds keep titles and teasers readable in lists, search results and link previews.
 * Collections are wired up in `src/content.config.ts`.
 */
import { reference } from 'astro:content';
import { z } from 'astro/zod';
import { topicSchema } from './topic-schema.ts';

export { topicSchema };

const topicRef = () =>
	reference('topics').describe('Slug eines Themas aus src/content/topics, z. B. "energieeffizienz"');

export const articleSchema = z.strictObject({
	title: z.string().min(10).max(90).describe('Überschrift des Artikels'),
	description: z
		.string()
		.min(50)
		.max(170)
		.describe('Anreißer für Listen, Suchmaschinen und Link-Vorschauen'),
	pubDate: z.coerce.date().describe('Tag der Veröffentlichung (JJJJ-MM-TT)'),
	updatedDate: z.coerce.date().optional().describe('Tag der letzten inhaltlichen Änderung'),
	author: z.string().min(3).max(80).describe('Wer den Artikel verantwortet'),
	topics: z.array(topicRef()).max(6).default([]).describe('Themen, zu denen der Artikel gehört'),
	draft: z
		.boolean()
		.default(false)
		.describe('Entwürfe werden gebaut, aber nirgends verlinkt, indiziert oder ausgeliefert'),
});

export const testimonialSchema = z.strictObject({
	person: z.string().min(3).max(80).describe('Vor- und Nachname, mit Titel'),
	position: z.string().min(3).max(80).describe('Funktion im Unternehmen'),
	company: z.string().min(2).max(100).describe('Unternehmen'),
	town: z.string().min(2).max(60).describe('Sitz des Unternehmens'),
	statement: z
		.string()
		.min(80)
		.max(700)
		.describe(
			'Sinngemäße Zusammenfassung der Aussage in eigenen Worten (indirekte Rede), nie ein erfundenes Zitat',
		),
	statementForm: z
		.literal('summary')
		.default('summary')
		.describe('Stimmen erscheinen als Zusammenfassung und werden auf der Seite so gekennzeichnet'),
	topics: z.array(topicRef()).max(6).default([]).describe('Themen, zu denen die Stimme passt'),
	consent: z
		.discriminatedUnion('status', [
			z.strictObject({
				status: z.literal('bestätigt').describe('Die Person hat der Veröffentlichung zugestimmt'),
				date: z.coerce.date().describe('Tag, an dem die Einwilligung zur Veröffentlichung einging'),
				record: z
					.string()
					.min(5)
					.max(200)
					.describe('Wo die Einwilligung in der Koordinierungsstelle abgelegt ist'),
			}),
			z.strictObject({
				status: z
					.literal('ausstehend')
					.describe('Einwilligung noch nicht bestätigt: die Stimme erscheint nur in Builds für eine lokale Adresse (Demo, Tests)'),
				record: z
					.string()
					.min(5)
					.max(200)
					.describe('Was noch fehlt und wer sich darum kümmert'),
			}),
		])
		.describe('Öffentlich erscheint eine Stimme nur mit bestätigter, dokumentierter Einwilligung der Person'),
	order: z.number().int().min(1).describe('Reihenfolge auf der Seite „Stimmen“'),
});

export const pageSchema = z.strictObject({
	title: z.string().min(3).max(70).describe('Überschrift und Titel der Seite'),
	description: z.string().min(50).max(170).describe('Beschreibung für Suchmaschinen und Vorschauen'),
	updatedDate: z.coerce.date().optional().describe('Stand des Textes, bei Rechtstexten Pflicht'),
	searchable: z
		.boolean()
		.default(true)
		.describe('Ob die Seite in die Volltextsuche aufgenommen wird'),
	callToApply: z
		.boolean()
		.default(false)
		.describe('Ob unter dem Text die Einladung zur Bewerbung erscheint'),
});

export type { Topic } from './topic-schema.ts';
export type Article = z.infer<typeof articleSchema>;
export type Testimonial = z.infer<typeof testimonialSchema>;
