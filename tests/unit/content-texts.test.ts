/**
 * Promises of the public texts that the code can check: the privacy notice names every cookie
 * the server sets, legal pages leave their date to the page template, and the public texts call
 * an application what the form, the mails and the office call it: "Bewerbung".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const read = (path: string) => readFileSync(path, 'utf8');
const mdxIn = (dir: string) => readdirSync(dir).filter((name) => /\.mdx?$/.test(name)).map((name) => join(dir, name));
const CONTENT = [...mdxIn('src/content/pages'), ...mdxIn('src/content/articles'), ...mdxIn('src/content/topics')];

describe('Datenschutzerklärung', () => {
	const notice = read('src/content/pages/datenschutz.mdx');

	test('names every cookie the server sets, with and without the __Host- prefix', () => {
		const names = [...read('src/lib/server/session-cookie.ts').matchAll(/ownCookie\('([^']+)'\)/g)].map((m) => m[1]!);
		expect(new Set(names)).toEqual(new Set(['session', 'anmeldung']));
		for (const name of new Set(names)) {
			expect(notice, name).toContain(`\`${name}\``);
			expect(notice, `__Host-${name}`).toContain(`\`__Host-${name}\``);
		}
		expect(notice).not.toMatch(/genau ein(es)? Cookie|ein einziges Cookie/);
	});
});

describe('public texts', () => {
	test.each(CONTENT.filter((file) => /^updatedDate:/m.test(read(file))))('%s leaves "Stand" to the page template (updatedDate)', (file) => {
		expect(read(file)).not.toMatch(/^Stand:/m);
	});

	test.each(CONTENT)('%s says "Bewerbung", not "Antrag"', (file) => {
		expect(read(file).match(/\b\w*[Aa]ntr(a|ä)g\w*/g) ?? []).toEqual([]);
	});
});
