/**
 * Frontmatter contracts for the editors of the public site. Every field says what it is for;
 * bounds keep titles and teasers readable in lists, search results and link previews. The
 * field types (fields.ts) answer a mistake in German, saying what to write instead.
 * Collections are wired up in `src/content.config.ts`.
 */
import { reference } from 'astro:content';
import { z } from 'astro/zod';
import { contentDate, fields, list, pastDate, position, text, yesNo } from './fields.ts';
import { asSlug, topicFileNames } from './topic-list.ts';
import { topicSchema } from './topic-schema.ts';

export { topicSchema };

/** Why `slug` names no topic, with the slugs there are (and the one probably meant). */
function unknownTopic(slug: unknown): string {
	const known = topicFileNames();
	const meant =
		typeof slug === 'string' && known.includes(asSlug(slug))
			? ` Gemeint ist wohl „${asSlug(slug)}“.`
			: '';
	return `Ein Thema „${String(slug)}“ gibt es nicht (keine Datei src/content/topics/${String(slug)}.mdx).${meant} Möglich sind: ${known.join(', ')}.`;
}

/**
 * A topic's slug, checked against the topic files here: Astro checks references only after
 * loading and then merely logs an English line, while the entry silently drops off the topic's page.
 */
const topicRef = () =>
	z
		.string({ error: 'bitte den Slug eines Themas angeben, z. B. energieeffizienz' })
		.refine((slug) => topicFileNames().includes(slug), {
			error: (issue) => unknownTopic(issue.input),
		})
		.pipe(reference('topics'))
		.describe('Slug eines Themas aus src/content/topics, z. B. "energieeffizienz"');

const topicRefs = () => list(topicRef(), 0, 6, 'Themen').default([]);

export const articleSchema = fields({
	title: text(10, 90).describe('Überschrift des Artikels'),
	description: text(50, 170).describe('Anreißer für Listen, Suchmaschinen und Link-Vorschauen'),
	pubDate: contentDate().describe('Tag der Veröffentlichung (JJJJ-MM-TT oder TT.MM.JJJJ)'),
	updatedDate: contentDate().optional().describe('Tag der letzten inhaltlichen Änderung'),
	author: text(3, 80).describe('Wer den Artikel verantwortet'),
	topics: topicRefs().describe('Themen, zu denen der Artikel gehört'),
	draft: yesNo(false).describe(
		'Entwürfe kommen in keinen Build; nur der Entwicklungsserver (npm run dev) zeigt sie zum Gegenlesen',
	),
});

const CONSENT_STATUSES =
	'„bestätigt“ (die Einwilligung liegt vor; dazu date und record) oder „ausstehend“ (dazu nur record)';

export const testimonialSchema = fields({
	person: text(3, 80).describe('Vor- und Nachname, mit Titel'),
	position: text(3, 80).describe('Funktion im Unternehmen'),
	company: text(2, 100).describe('Unternehmen'),
	town: text(2, 60).describe('Sitz des Unternehmens'),
	statement: text(80, 700).describe(
		'Sinngemäße Zusammenfassung der Aussage in eigenen Worten (indirekte Rede), nie ein erfundenes Zitat',
	),
	statementForm: z
		.literal('summary', {
			error:
				'Stimmen erscheinen nur als sinngemäße Zusammenfassung: bitte „summary“ angeben oder das Feld weglassen',
		})
		.default('summary')
		.describe('Stimmen erscheinen als Zusammenfassung und werden auf der Seite so gekennzeichnet'),
	topics: topicRefs().describe('Themen, zu denen die Stimme passt'),
	consent: z
		.discriminatedUnion(
			'status',
			[
				fields({
					status: z.literal('bestätigt').describe('Die Person hat der Veröffentlichung zugestimmt'),
					date: pastDate().describe('Tag, an dem die Einwilligung zur Veröffentlichung einging'),
					record: text(5, 200).describe(
						'Wo die Einwilligung in der Koordinierungsstelle abgelegt ist',
					),
				}),
				fields(
					{
						status: z
							.literal('ausstehend')
							.describe(
								'Einwilligung noch nicht bestätigt: die Stimme erscheint nur in Builds für eine lokale Adresse (Demo, Tests)',
							),
						record: text(5, 200).describe('Was noch fehlt und wer sich darum kümmert'),
					},
					' (ein Datum erst, wenn die Einwilligung bestätigt ist)',
				),
			],
			{
				error: (issue) =>
					issue.input === undefined
						? `fehlt: ohne dokumentierte Einwilligung erscheint keine Stimme. Bitte status ${CONSENT_STATUSES} angeben`
						: `status bitte ${CONSENT_STATUSES} angeben`,
			},
		)
		.describe(
			'Öffentlich erscheint eine Stimme nur mit bestätigter, dokumentierter Einwilligung der Person',
		),
	order: position().describe('Reihenfolge auf der Seite „Stimmen“'),
});

export const pageSchema = fields({
	title: text(3, 70).describe('Überschrift und Titel der Seite'),
	description: text(50, 170).describe('Beschreibung für Suchmaschinen und Vorschauen'),
	updatedDate: contentDate().optional().describe('Stand des Textes, bei Rechtstexten Pflicht'),
	searchable: yesNo(true).describe('Ob die Seite in die Volltextsuche aufgenommen wird'),
	callToApply: yesNo(false).describe('Ob unter dem Text die Einladung zur Bewerbung erscheint'),
});

export type { Topic } from './topic-schema.ts';
export type Article = z.infer<typeof articleSchema>;
export type Testimonial = z.infer<typeof testimonialSchema>;
