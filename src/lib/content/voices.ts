/**
 * Which member voices a build may show. A voice whose consent is still pending appears only in
 * builds for a local address (the demo and the tests), marked there as a preview; a build for
 * the real site leaves it out everywhere. Pure: no astro:* imports, so scripts and tests use it.
 */

import { parse } from 'yaml';

export type ConsentStatus = 'bestätigt' | 'ausstehend';

interface WithConsent {
	data: { consent: { status: ConsentStatus } };
}

/**
 * A voice file's consent status, read from its YAML text without the collection (build scripts,
 * the server's navigation). The build has checked each file against the schema; a missing status
 * counts as pending.
 */
export function voiceConsentOf(yamlText: string): WithConsent {
	const data = parse(yamlText) as { consent?: { status?: ConsentStatus } } | null;
	return { data: { consent: { status: data?.consent?.status ?? 'ausstehend' } } };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A build without an address, or for localhost/127.0.0.1: demo and tests, never the public site. */
export function isLocalSite(site: string | URL | null | undefined): boolean {
	if (site === null || site === undefined || site === '') return true;
	return LOCAL_HOSTS.has(new URL(site).hostname);
}

export const hasConfirmedConsent = (voice: WithConsent) => voice.data.consent.status === 'bestätigt';

/** The voices a build for `site` shows, in the given order, and how many it leaves out. */
export function voicesForSite<T extends WithConsent>(voices: readonly T[], site: string | URL | null | undefined): { shown: T[]; withheld: number } {
	if (isLocalSite(site)) return { shown: [...voices], withheld: 0 };
	const shown = voices.filter(hasConfirmedConsent);
	return { shown, withheld: voices.length - shown.length };
}

/** The build's one line about voices it left out. */
export const withheldVoicesNotice = (withheld: number) =>
	`${withheld === 1 ? 'Eine Stimme eines Mitglieds bleibt' : `${withheld} Stimmen von Mitgliedern bleiben`} in diesem Build unveröffentlicht, weil die Einwilligung zur Veröffentlichung noch nicht bestätigt ist (consent.status „ausstehend“ in src/content/testimonials/).`;
