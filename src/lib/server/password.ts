/**
 * Passwords: argon2id with the OWASP/ASVS parameters, a policy without composition rules, and
 * a cap on concurrent hashes per server process (PASSWORD_HASH_CONCURRENCY). Hashes run on
 * libuv's thread pool, so the event loop keeps serving pages during a burst of logins; with one
 * process per core and the default cap of one, at most one hash per core runs at a time.
 */
import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as germanDictionary } from '@zxcvbn-ts/language-de';
import { passwordLengthProblem } from '../forms/password-fields.ts';
import { getConfig } from './config.ts';

// Security checklist A8: m = 19 MiB, t = 2, p = 1. Exported for bench:load's ceiling of logins per second.
export const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };

/** Words the forum is known by; a password built from them is the first thing an attacker tries. */
const FORUM_WORDS = ['netzwerkforum', 'netzwerk', 'forum', 'thzm', 'maschinenbau', 'thueringen', 'thuringen', 'fokusgruppe'];

/** Unicode passwords are compared in one normal form, so the same keys always give the same hash. */
const normalize = (password: string) => password.normalize('NFC');

// ── concurrency limit ────────────────────────────────────────────────────────────────────

let running = 0;
let peak = 0;
const waiting: (() => void)[] = [];

/** The most hashes that ever ran at once in this process (for tests and benchmarks). */
export const hashingPeak = () => peak;

async function limited<T>(work: () => Promise<T>): Promise<T> {
	const { passwordHashConcurrency } = await getConfig();
	if (running >= passwordHashConcurrency) await new Promise<void>((resolve) => waiting.push(resolve));
	running++;
	peak = Math.max(peak, running);
	try {
		return await work();
	} finally {
		running--;
		waiting.shift()?.();
	}
}

export function hashPassword(password: string): Promise<string> {
	return limited(() => hash(normalize(password), ARGON2_OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	return limited(async () => {
		try {
			return await verify(passwordHash, normalize(password));
		} catch {
			return false;
		}
	});
}

let dummyHash: Promise<string> | null = null;

/** Spends the same time as a real check, so the response does not tell whether an account exists. */
export async function verifyAgainstDummy(password: string): Promise<false> {
	dummyHash ??= hash('kein-echtes-passwort-nur-fuer-die-zeit', ARGON2_OPTIONS);
	await verifyPassword(await dummyHash, password);
	return false;
}

// ── policy ───────────────────────────────────────────────────────────────────────────────

let zxcvbn: ZxcvbnFactory | null = null;
function strengthChecker(): ZxcvbnFactory {
	zxcvbn ??= new ZxcvbnFactory({
		graphs: adjacencyGraphs,
		dictionary: { ...commonDictionary, ...germanDictionary, forum: FORUM_WORDS },
	});
	return zxcvbn;
}

const folded = (text: string) =>
	text
		.toLowerCase()
		.replaceAll('ä', 'ae')
		.replaceAll('ö', 'oe')
		.replaceAll('ü', 'ue')
		.replaceAll('ß', 'ss')
		.replace(/[0@]/g, 'o')
		.replace(/[1!|]/g, 'i')
		.replace(/3/g, 'e')
		.replace(/4/g, 'a')
		.replace(/[5$]/g, 's')
		.replace(/[^a-z]/g, '');

/** True when the password is mostly `words` with a little decoration (digits, symbols, a short word). */
function builtFrom(words: string[], password: string): boolean {
	const letters = folded(password);
	const rest = words
		.map(folded)
		.filter((word) => word.length >= 3 && letters.includes(word))
		.reduce((remaining, word) => remaining.replaceAll(word, ''), letters);
	return rest.length < letters.length && rest.length < 6;
}

/**
 * Null when the password may be used, else the German reason. Any characters are allowed;
 * there are no composition rules (ASVS 6.2.5), only length, common passwords and our own name.
 */
export function passwordProblem(password: string, personal: { email?: string; name?: string } = {}): string | null {
	const lengthProblem = passwordLengthProblem(password);
	if (lengthProblem) return lengthProblem;
	if (builtFrom(FORUM_WORDS, password)) {
		return 'Das Passwort ist aus dem Namen des Forums gebildet und daher leicht zu erraten. Bitte wählen Sie ein anderes.';
	}
	const localPart = personal.email?.split('@')[0] ?? '';
	const personalWords = [localPart, ...localPart.split(/[._+-]/), ...(personal.name?.split(/\s+/) ?? [])].filter(
		(w) => w.length >= 3,
	);
	if (builtFrom(personalWords, password)) {
		return 'Das Passwort ist aus Ihrem Namen oder Ihrer E-Mail-Adresse gebildet. Bitte wählen Sie ein anderes.';
	}
	const result = strengthChecker().check(normalize(password), [...FORUM_WORDS, ...personalWords]);
	if (result.score < 3) {
		return 'Dieses Passwort ist zu leicht zu erraten (es ist verbreitet oder besteht aus bekannten Wörtern und Mustern). Ein Satz aus mehreren Wörtern ist lang und gut zu merken.';
	}
	return null;
}
