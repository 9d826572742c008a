/**
 * What `scripts/build.ts` tells the operator once a build is done: that it was made for the
 * local default address (so canonical URLs, Open Graph, RSS, sitemap and robots.txt point at
 * localhost), and how many member voices a build for the real site left out because their
 * consent is still pending. Which voices a build shows is decided in src/lib/content/voices.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { voicesForSite, withheldVoicesNotice, type ConsentStatus } from '../../src/lib/content/voices.ts';

/** The address astro.config.mjs builds for when SITE_URL is not set. */
export const DEFAULT_SITE_URL = 'http://localhost:4321';

export function siteUrlWarning(siteUrl: string | undefined): string | null {
	if (siteUrl) return null;
	return `Achtung: SITE_URL ist nicht gesetzt. Dieser Build trägt ${DEFAULT_SITE_URL} in kanonische Adressen, Open Graph, RSS-Feed, Sitemap und robots.txt ein und taugt nur für Demo und Tests. Für die echte Website so bauen: SITE_URL=https://… node scripts/build.ts`;
}

/** The consent status of each voice file in `dir` (the testimonials collection). */
export function readVoiceConsents(dir: string): { data: { consent: { status: ConsentStatus } } }[] {
	return readdirSync(dir)
		.filter((name) => name.endsWith('.yaml'))
		.map((name) => {
			const data = parseYaml(readFileSync(join(dir, name), 'utf8')) as { consent?: { status?: ConsentStatus } };
			// The build itself has already checked each file against the schema.
			return { data: { consent: { status: data.consent?.status ?? 'ausstehend' } } };
		});
}

/** The lines to print after a build for `siteUrl` (process.env.SITE_URL): none for a real address with every voice confirmed. */
export function buildNotices(siteUrl: string | undefined, voices: readonly { data: { consent: { status: ConsentStatus } } }[]): string[] {
	const notices: string[] = [];
	const warning = siteUrlWarning(siteUrl);
	if (warning) notices.push(warning);
	const { withheld } = voicesForSite(voices, siteUrl);
	if (withheld > 0) notices.push(withheldVoicesNotice(withheld));
	return notices;
}
