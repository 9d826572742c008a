/**
 * What `scripts/build.ts` tells the operator once a build is done: that it was made for the
 * local default address (so canonical URLs, Open Graph, RSS, sitemap and robots.txt point at
 * localhost), and how many member voices a build for the real site left out because their
 * consent is still pending. Which voices a build shows is decided in src/lib/content/voices.ts.
 * Also the address a build was made for, which the production server checks before it starts.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { calendarDay } from '../../src/lib/content/fields.ts';
import { frontmatterOf } from '../../src/lib/content/frontmatter.ts';
import { isLocalSite, voiceConsentOf, voicesForSite, withheldVoicesNotice, type ConsentStatus } from '../../src/lib/content/voices.ts';
import { formatDate } from '../../src/lib/site.ts';

/** The address astro.config.mjs builds for when SITE_URL is not set. */
export const DEFAULT_SITE_URL = 'http://localhost:4321';

export function siteUrlWarning(siteUrl: string | undefined): string | null {
	if (siteUrl) return null;
	return `Achtung: SITE_URL ist nicht gesetzt. Dieser Build trägt ${DEFAULT_SITE_URL} in kanonische Adressen, Open Graph, RSS-Feed, Sitemap und robots.txt ein und taugt nur für Demo und Tests. Für die echte Website so bauen: SITE_URL=https://… npm run build (oder SITE_URL in der Umgebungsdatei des Servers setzen)`;
}

/** Where the build keeps the address it was made for (SITE_URL at build time). */
const BUILT_FOR_FILE = 'dist/.site-url';

export const writeBuiltFor = (siteUrl: string | undefined, root = '.') =>
	writeFileSync(join(root, BUILT_FOR_FILE), new URL(siteUrl || DEFAULT_SITE_URL).origin);

/** The origin the build in use in project `root` was made for; null for a build older than this record. */
export const readBuiltFor = (root = '.'): string | null => builtForIn(join(root, 'dist'));

/** The origin the build in `folder` (one of builds/, or the `dist` link) was made for. */
export function builtForIn(folder: string): string | null {
	const file = join(folder, '.site-url');
	return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

const isLoopback = (hostname: string) => hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);

/**
 * Whether a build made for `builtFor` would be served under another address. Loopback addresses
 * count as one (tests and trials run the localhost build on 127.0.0.1 and any port); a build
 * for the real site served on localhost is another address, since mails would link to localhost.
 * A build older than this record (null) is taken as it is.
 */
export function builtForOtherSite(builtFor: string | null, served: URL): boolean {
	if (builtFor === null || builtFor === served.origin) return false;
	return !(isLoopback(served.hostname) && isLoopback(new URL(builtFor).hostname));
}

/**
 * Why a production server must not start with this build, or null. A build made for another
 * address (typically the local default, because SITE_URL was only set for the server) would
 * publish canonical addresses, Open Graph, RSS and sitemap pointing elsewhere, which nobody
 * notices until search engines do. Demo mode is exempt.
 */
export function builtForMismatch(builtFor: string | null, served: URL, demo: boolean): string | null {
	if (demo || !builtForOtherSite(builtFor, served)) return null;
	return `Dieser Build wurde für ${builtFor} gebaut, der Server soll aber unter ${served.origin} laufen (SITE_URL). Kanonische Adressen, Open Graph, RSS-Feed, Sitemap und Links in E-Mails zeigten sonst auf die falsche Adresse. Ist ${builtFor} die richtige Adresse, den Server mit SITE_URL=${builtFor} starten (fehlt SITE_URL in seiner Umgebung?); sonst für diese Adresse neu bauen: SITE_URL=${served.origin} npm run build`;
}

/**
 * Why a build without SITE_URL must not replace the build in use, or null. When that one was
 * made for a real address, SITE_URL is missing by mistake (the server's environment file not
 * read in): the new build would take the link, and the next restart would refuse to serve it,
 * leaving the site down. Asking for localhost explicitly still builds.
 */
export function missingSiteUrlRefusal(builtFor: string | null, siteUrl: string | undefined): string | null {
	if (siteUrl || builtFor === null || isLoopback(new URL(builtFor).hostname)) return null;
	return `✗ SITE_URL ist nicht gesetzt, der Build in Gebrauch ist aber für ${builtFor} gemacht. Ein Build für localhost ersetzte ihn, und der nächste Start des Servers verweigerte ihn. Bitte mit der Umgebung des Servers bauen: set -a; . /etc/netzwerkforum.env; set +a; npm run build (oder SITE_URL=${builtFor} npm run build). Soll es wirklich ein Build für localhost sein: SITE_URL=${DEFAULT_SITE_URL} npm run build. Es wurde nichts gebaut; dist/ ist unverändert.`;
}

/** The consent status of each voice file in `dir` (the testimonials collection). */
export function readVoiceConsents(dir: string): { data: { consent: { status: ConsentStatus } } }[] {
	return readdirSync(dir)
		.filter((name) => name.endsWith('.yaml'))
		.map((name) => voiceConsentOf(readFileSync(join(dir, name), 'utf8')));
}

/** How many `<Placeholder …/>` markers (facts only the office knows) each page file in `dir` still has. */
export function readPlaceholderCounts(dir: string): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const name of readdirSync(dir).filter((file) => file.endsWith('.mdx')).sort()) {
		const count = readFileSync(join(dir, name), 'utf8').match(/<Placeholder\b/g)?.length ?? 0;
		if (count > 0) counts[name.replace(/\.mdx$/, '')] = count;
	}
	return counts;
}

/** The line about placeholders a build for the real site would publish, or null when none are left. */
export function placeholderNotice(counts: Record<string, number>): string | null {
	const pages = Object.entries(counts);
	if (pages.length === 0) return null;
	const total = pages.reduce((sum, [, count]) => sum + count, 0);
	return `Achtung: ${total} Platzhalter ${total === 1 ? 'steht' : 'stehen'} noch sichtbar auf der Website (${pages.map(([page, count]) => `/${page}/ ${count}`).join(', ')}). Vor dem Livegang in src/content/pages/ ausfüllen (README, „Vor dem Livegang“).`;
}

/**
 * The lines to print after a build for `siteUrl` (process.env.SITE_URL): none for a real address
 * with every voice confirmed and every placeholder filled. A local build (demo, tests) keeps its
 * placeholders and voice previews on purpose and hears only about the missing SITE_URL.
 */
export function buildNotices(siteUrl: string | undefined, voices: readonly { data: { consent: { status: ConsentStatus } } }[], placeholders: Record<string, number> = {}): string[] {
	const notices: string[] = [];
	const warning = siteUrlWarning(siteUrl);
	if (warning) notices.push(warning);
	const { withheld } = voicesForSite(voices, siteUrl);
	if (withheld > 0) notices.push(withheldVoicesNotice(withheld));
	const unfilled = isLocalSite(siteUrl) ? null : placeholderNotice(placeholders);
	if (unfilled) notices.push(unfilled);
	return notices;
}

/** Astro read it, or the build would have stopped: YAML it reads more leniently only skips this hint. */
function readFrontmatter(yaml: string): { pubDate?: unknown; draft?: unknown } | null {
	try {
		return parse(yaml) as { pubDate?: unknown; draft?: unknown } | null;
	} catch {
		return null;
	}
}

/**
 * Articles in `dir` (not drafts) whose publish date lies after `today` (YYYY-MM-DD): a build
 * publishes what it finds, so they are on the site at once, at the top of the list, dated ahead.
 */
export function readFutureArticles(dir: string, today: string): { file: string; date: Date }[] {
	return readdirSync(dir)
		.filter((name) => /\.mdx?$/.test(name))
		.sort()
		.flatMap((name) => {
			const frontmatter = frontmatterOf(readFileSync(join(dir, name), 'utf8'));
			const data = frontmatter ? readFrontmatter(frontmatter) : null;
			const date = data && data.draft !== true ? calendarDay(data.pubDate) : undefined;
			return date && date.toISOString().slice(0, 10) > today ? [{ file: name, date }] : [];
		});
}

/** The line about articles dated ahead, or null when there are none. */
export function futureArticlesNotice(articles: readonly { file: string; date: Date }[]): string | null {
	if (articles.length === 0) return null;
	const which = articles.map((a) => `${a.file} (${formatDate(a.date)})`).join(', ');
	return `Hinweis: ${articles.length === 1 ? 'Ein Artikel trägt' : `${articles.length} Artikel tragen`} ein Veröffentlichungsdatum in der Zukunft und ${articles.length === 1 ? 'steht' : 'stehen'} trotzdem schon auf der Website: ${which}. Ein Build veröffentlicht, was er vorfindet. Soll ein Artikel erst später erscheinen: draft: true setzen und am Tag ohne draft neu bauen.`;
}
