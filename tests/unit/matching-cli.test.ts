import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateInstance } from '../../bench/matching-instances.ts';
import type { MatchInput, MatchResult } from '../../src/lib/matching/index.ts';

/**
 * `npm run match` as a black box: the real script in a child process (the same Node as the test),
 * checked on exit code, stdout and stderr. Messages are matched on their stable parts only.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TIMEOUT = 30_000;

function runCli(args: string[], stdin?: string) {
	const child = spawnSync(process.execPath, ['scripts/match.ts', ...args], {
		cwd: ROOT,
		input: stdin ?? '',
		encoding: 'utf8',
		timeout: 20_000,
	});
	return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

let dir: string;
const file = (name: string, content: string) => {
	const path = join(dir, name);
	writeFileSync(path, content);
	return path;
};

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'match-cli-'));
});
afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

/** Small, realistic and valid: 12 people, a few extra display fields the engine must ignore. */
const valid: MatchInput = {
	participants: generateInstance(12, 3).participants.map((p, k) => ({
		...p,
		name: `Person ${k + 1}`,
	})),
	options: { seed: 7 },
};

/** A copy of the valid input with participant 0 (or the options) changed. */
const broken = (
	change: (input: {
		participants: Record<string, unknown>[];
		options: Record<string, unknown>;
	}) => void,
) => {
	const copy = structuredClone(valid) as unknown as {
		participants: Record<string, unknown>[];
		options: Record<string, unknown>;
	};
	change(copy);
	return JSON.stringify(copy, null, 2);
};

describe('npm run match (scripts/match.ts)', () => {
	test(
		'a valid file gives exit 0 and a JSON result whose groups and waitlist partition the participants',
		() => {
			const { code, stdout, stderr } = runCli([file('valid.json', JSON.stringify(valid, null, 2))]);
			expect(stderr).toBe('');
			expect(code).toBe(0);
			const result = JSON.parse(stdout) as MatchResult;
			expect(result).toMatchObject({
				groups: expect.any(Array),
				waitlist: expect.any(Array),
				objective: expect.any(Object),
			});
			expect(typeof result.objective.total).toBe('number');
			const out = [
				...result.groups.flatMap((g) => g.members),
				...result.waitlist.map((w) => w.id),
			].sort();
			expect(out).toEqual(valid.participants.map((p) => p.id).sort());
			for (const g of result.groups) {
				expect(g.topic).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
				expect(g.members.length).toBeGreaterThanOrEqual(5);
				expect(g.members.length).toBeLessThanOrEqual(6);
			}
			for (const w of result.waitlist)
				expect(w).toMatchObject({ reason: expect.any(String), code: expect.any(String) });
		},
		TIMEOUT,
	);

	test(
		'"-" reads the same input from stdin and gives the same result',
		() => {
			const json = JSON.stringify(valid);
			const fromFile = runCli([file('stdin-twin.json', json)]);
			const fromStdin = runCli(['-'], json);
			expect(fromStdin.code).toBe(0);
			expect(fromStdin.stderr).toBe('');
			expect(fromStdin.stdout).toBe(fromFile.stdout);
		},
		TIMEOUT,
	);

	test(
		'malformed JSON: exit 1, line and column on stderr, nothing on stdout',
		() => {
			// A trailing comma in line 3.
			const path = file('malformed.json', '{\n  "participants": [\n    { "id": "a", }\n  ]\n}\n');
			const { code, stdout, stderr } = runCli([path]);
			expect(code).toBe(1);
			expect(stdout).toBe('');
			expect(stderr).toContain('Ungültiges JSON');
			expect(stderr).toMatch(/Zeile 3, Spalte \d+/);
		},
		TIMEOUT,
	);

	test.each([
		[
			'participant without id',
			broken((i) => delete i.participants[0]!.id),
			'participants[0].id',
			'fehlt',
		],
		[
			'interests not a list',
			broken((i) => (i.participants[0]!.interests = 'energieeffizienz')),
			'participants[0].interests',
			'Liste erwartet',
		],
		[
			'bad WZ class',
			broken((i) => (i.participants[0]!.industry = '28')),
			'participants[0].industry',
			'WZ-Klasse',
		],
		[
			'group size min above max',
			broken((i) => (i.options.groupSize = { min: 7, max: 6 })),
			'options.groupSize.max',
			'Mindestgröße',
		],
		['unknown option', broken((i) => (i.options.groupsize = { min: 4 })), 'options', '„groupsize“'],
	])(
		'wrong shape (%s): exit 1 and a message naming the field',
		(name, json, field, detail) => {
			const { code, stdout, stderr } = runCli([file(`${name.replaceAll(' ', '-')}.json`, json)]);
			expect(code).toBe(1);
			expect(stdout).toBe('');
			expect(stderr).toContain('Ungültige Eingabe');
			expect(stderr).toContain(field);
			expect(stderr).toContain(detail);
		},
		TIMEOUT,
	);

	test(
		'a field of the wrong type gets one message, not also its length rules',
		() => {
			const { code, stderr } = runCli([file('string-interests.json', broken((i) => (i.participants[0]!.interests = 'energieeffizienz')))]);
			expect(code).toBe(1);
			expect(stderr.split('\n').filter((line) => line.includes('participants[0].interests'))).toEqual(['  – participants[0].interests: Liste erwartet, erhalten: Text']);
		},
		TIMEOUT,
	);

	test(
		'missing file: exit 1 "Datei nicht gefunden"',
		() => {
			const { code, stdout, stderr } = runCli([join(dir, 'gibt-es-nicht.json')]);
			expect(code).toBe(1);
			expect(stdout).toBe('');
			expect(stderr).toContain('Datei nicht gefunden');
		},
		TIMEOUT,
	);

	test(
		'no argument or two arguments: exit 2 with the usage line',
		() => {
			for (const args of [[], ['a.json', 'b.json']]) {
				const { code, stdout, stderr } = runCli(args);
				expect(code).toBe(2);
				expect(stdout).toBe('');
				expect(stderr).toContain('Aufruf:');
			}
		},
		TIMEOUT,
	);
});
