import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
/**
 * Which member voices a build shows (pending consent only for a local address) and what the
 * build says afterwards. The pages read voices through the same function (collections.ts).
 */
import { describe, expect, test } from 'vitest';
import { builtForMismatch, builtForOtherSite, buildNotices, missingSiteUrlRefusal, futureArticlesNotice, placeholderNotice, readFutureArticles, readPlaceholderCounts, readVoiceConsents, siteUrlWarning } from '../../scripts/lib/build-notices.ts';
import { isLocalSite, voicesForSite, withheldVoicesNotice } from '../../src/lib/content/voices.ts';

const voice = (name: string, status: 'bestätigt' | 'ausstehend') => ({ name, data: { consent: { status } } });
const voices = [voice('a', 'ausstehend'), voice('b', 'bestätigt'), voice('c', 'ausstehend'), voice('d', 'bestätigt')];

describe('local or real site', () => {
	test.each([undefined, null, '', 'http://localhost:4321', 'http://localhost:4321/', 'http://127.0.0.1:8080', 'http://[::1]:4321', new URL('http://localhost/')])('%s is a local build', (site) => {
		expect(isLocalSite(site)).toBe(true);
	});

	test.each(['https://netzwerkforum.example.de', 'http://192.168.1.5:4321', 'https://localhost.example.de', 'https://127.0.0.1.nip.io'])('%s is the real site', (site) => {
		expect(isLocalSite(site)).toBe(false);
	});
});

describe('voices a build shows', () => {
	test('a local build shows every voice, in order', () => {
		expect(voicesForSite(voices, 'http://localhost:4321')).toEqual({ shown: voices, withheld: 0 });
	});

	test('a build for the real site shows only confirmed consent, in order, and counts the rest', () => {
		const { shown, withheld } = voicesForSite(voices, 'https://netzwerkforum.example.de');
		expect(shown.map((v) => v.name)).toEqual(['b', 'd']);
		expect(withheld).toBe(2);
		expect(voicesForSite(voices.filter((v) => v.data.consent.status === 'ausstehend'), 'https://netzwerkforum.example.de')).toEqual({ shown: [], withheld: 2 });
	});
});

describe('what the build says', () => {
	test('a build without SITE_URL warns once that it is for localhost only', () => {
		const notices = buildNotices(undefined, voices);
		expect(notices).toHaveLength(1);
		expect(notices[0]).toBe(siteUrlWarning(undefined));
		expect(notices[0]).toMatch(/SITE_URL ist nicht gesetzt/);
		expect(notices[0]).toContain('http://localhost:4321');
		expect(siteUrlWarning('')).not.toBeNull();
	});

	test('a build for the real site names how many voices it left out, and why', () => {
		expect(buildNotices('https://netzwerkforum.example.de', voices)).toEqual([withheldVoicesNotice(2)]);
		expect(withheldVoicesNotice(2)).toMatch(/^2 Stimmen .* unveröffentlicht, weil die Einwilligung .* noch nicht bestätigt ist/);
		expect(withheldVoicesNotice(1)).toMatch(/^Eine Stimme .* bleibt/);
	});

	test('with every voice confirmed and SITE_URL set, the build says nothing more', () => {
		expect(buildNotices('https://netzwerkforum.example.de', [voice('b', 'bestätigt')])).toEqual([]);
		expect(buildNotices('http://127.0.0.1:4321', voices)).toEqual([]);
	});

	test('a build for the real site counts the placeholders still on its pages; a local build does not', () => {
		const counts = { datenschutz: 14, impressum: 9 };
		const [notice] = buildNotices('https://netzwerkforum.example.de', [], counts);
		expect(notice).toBe(placeholderNotice(counts));
		expect(notice).toContain('23 Platzhalter');
		expect(notice).toContain('/datenschutz/ 14, /impressum/ 9');
		expect(buildNotices('https://netzwerkforum.example.de', [], {})).toEqual([]);
		expect(buildNotices('http://localhost:4321', [], counts)).toEqual([]);
	});

	test('reads the placeholders of page files; a page without any (all filled in) is left out', () => {
		const dir = mkdtempSync(join(tmpdir(), 'platzhalter-'));
		writeFileSync(join(dir, 'impressum.mdx'), 'Anschrift: <Placeholder label="Anschrift" />\nRegister: <Placeholder label="Register" />\n');
		writeFileSync(join(dir, 'kontakt.mdx'), 'Telefon: 0361 123456\n');
		writeFileSync(join(dir, 'notiz.txt'), '<Placeholder label="keine Seite" />');
		expect(readPlaceholderCounts(dir)).toEqual({ impressum: 2 });
		expect(placeholderNotice({ impressum: 1 })).toMatch(/^Achtung: 1 Platzhalter steht noch sichtbar/);
	});

	test('reads the consent status of every voice file', () => {
		const read = readVoiceConsents('src/content/testimonials');
		expect(read.length).toBeGreaterThan(0);
		for (const { data } of read) expect(['bestätigt', 'ausstehend']).toContain(data.consent.status);
	});
});

describe('a build without SITE_URL after one for the real site', () => {
	test('is refused before anything is built, and the refusal says how to build with the server\'s environment', () => {
		const message = missingSiteUrlRefusal('https://netzwerkforum.example.de', undefined);
		expect(message).toContain('der Build in Gebrauch ist aber für https://netzwerkforum.example.de gemacht');
		expect(message).toContain('set -a; . /etc/netzwerkforum.env; set +a; npm run build');
		expect(message).toContain('SITE_URL=http://localhost:4321 npm run build');
		expect(missingSiteUrlRefusal('https://netzwerkforum.example.de', '')).not.toBeNull();
	});

	test('builds as before with SITE_URL given, after a localhost build, and on a fresh checkout', () => {
		expect(missingSiteUrlRefusal('https://netzwerkforum.example.de', 'http://localhost:4321')).toBeNull();
		expect(missingSiteUrlRefusal('https://netzwerkforum.example.de', 'https://neu.example.de')).toBeNull();
		expect(missingSiteUrlRefusal('http://localhost:4321', undefined)).toBeNull();
		expect(missingSiteUrlRefusal('http://127.0.0.1:8080', undefined)).toBeNull();
		expect(missingSiteUrlRefusal(null, undefined)).toBeNull();
	});
});

describe('the address a build was made for, checked when the production server starts', () => {
	const real = new URL('https://netzwerkforum.example.de');

	test('a build for localhost refuses to be served in production under a public address, and says how to build', () => {
		const message = builtForMismatch('http://localhost:4321', real, false);
		expect(message).toContain('für http://localhost:4321 gebaut');
		expect(message).toContain('SITE_URL=https://netzwerkforum.example.de npm run build');
	});

	test('a build for the address it is served under starts, whatever path the address has', () => {
		expect(builtForMismatch('https://netzwerkforum.example.de', real, false)).toBeNull();
		expect(builtForMismatch('https://netzwerkforum.example.de', new URL('https://netzwerkforum.example.de/'), false)).toBeNull();
	});

	test('a build for localhost runs on any loopback address; demo mode and builds older than the record are exempt', () => {
		for (const local of ['http://localhost:8080', 'http://127.0.0.1:39999', 'http://[::1]:4321']) {
			expect(builtForOtherSite('http://localhost:4321', new URL(local)), local).toBe(false);
		}
		expect(builtForMismatch('http://localhost:4321', real, true)).toBeNull();
		expect(builtForMismatch(null, real, false)).toBeNull();
	});

	test('a build for the real site is another address on localhost: its mails would link there', () => {
		// SITE_URL set for the build only, the server left at its default.
		expect(builtForOtherSite('https://netzwerkforum.example.de', new URL('http://localhost:4321'))).toBe(true);
		const message = builtForMismatch('https://netzwerkforum.example.de', new URL('http://127.0.0.1:8080'), false);
		// Most often SITE_URL was left out of the server's environment: the first advice is to set it.
		expect(message).toContain('den Server mit SITE_URL=https://netzwerkforum.example.de starten');
		expect(message).toContain('SITE_URL=http://127.0.0.1:8080 npm run build');
	});
});

describe('articles dated ahead', () => {
	test('are named after the build, however the date is written; drafts and today are not', () => {
		const dir = mkdtempSync(join(tmpdir(), 'articles-'));
		const article = (name: string, front: string) => writeFileSync(join(dir, name), `---\ntitle: Test\n${front}\n---\n\nText\n`);
		article('heute.mdx', 'pubDate: 2026-11-28');
		article('spaeter.mdx', 'pubDate: 2027-03-15');
		article('deutsch.md', "pubDate: '01.12.2026'");
		article('entwurf.mdx', 'pubDate: 2027-01-01\ndraft: true');
		article('frueher.mdx', 'pubDate: 03.04.2026');
		writeFileSync(join(dir, 'notiz.txt'), 'pubDate: 2099-01-01');
		const ahead = readFutureArticles(dir, '2026-11-28');
		expect(ahead.map((a) => [a.file, a.date.toISOString().slice(0, 10)])).toEqual([
			['deutsch.md', '2026-12-01'],
			['spaeter.mdx', '2027-03-15'],
		]);
		expect(futureArticlesNotice(ahead)).toBe(
			'Hinweis: 2 Artikel tragen ein Veröffentlichungsdatum in der Zukunft und stehen trotzdem schon auf der Website: deutsch.md (1. Dezember 2026), spaeter.mdx (15. März 2027). Ein Build veröffentlicht, was er vorfindet. Soll ein Artikel erst später erscheinen: draft: true setzen und am Tag ohne draft neu bauen.',
		);
		expect(futureArticlesNotice([])).toBeNull();
	});
});
