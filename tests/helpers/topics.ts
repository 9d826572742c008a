/**
 * The topics as files: a topic is one file in src/content/topics (README, „Inhalte pflegen“), so
 * tests derive the set from the folder instead of counting, and adding a topic keeps them green.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The topics the forum started with; the office may add more, but these stay. */
export const CENTRAL_TOPICS = [
	'unternehmensfuehrung',
	'energieeffizienz',
	'mitarbeitergewinnung',
	'digitalisierung-automatisierung',
	'geschaeftsmodellentwicklung',
	'kundenbindung',
];

/** The slug of every topic file, sorted. */
export const topicFileSlugs = (root = '.'): string[] =>
	readdirSync(join(root, 'src/content/topics'))
		.filter((name) => name.endsWith('.mdx'))
		.map((name) => name.replace(/\.mdx$/, ''))
		.sort();
