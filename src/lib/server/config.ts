/**
 * Server configuration, parsed and defaulted in one place. In the app the values come from
 * `astro:env` (declared in astro.config.mjs, validated at start); command-line scripts and
 * tests read `process.env` and install the result with `installConfig()`.
 */
import { availableParallelism } from 'node:os';
import { z } from 'astro/zod';
import { DEFAULT_BACKUP_DIR, DEFAULT_DATABASE_URL, DEFAULT_OUTBOX_DIR, isLocalFile } from '../../../db/client.ts';

const limitSchema = z.strictObject({
	limit: z.number().int().min(1),
	windowSeconds: z.number().int().min(1),
});
export type Limit = z.infer<typeof limitSchema>;

/** Sensible defaults (security checklist A9, Discourse, GitLab); RATE_LIMITS overrides any of them. */
export const DEFAULT_LIMITS = {
	/** Failed logins per account; after that the account is locked for the rest of the window. */
	loginAccount: { limit: 10, windowSeconds: 15 * 60 },
	/** Login attempts per IP address; one with the right password is given back (accounts.ts, login). */
	loginIp: { limit: 30, windowSeconds: 15 * 60 },
	/** Reset requests per e-mail address. */
	resetAccount: { limit: 3, windowSeconds: 60 * 60 },
	/** Every mail-sending request per IP address. */
	mailIp: { limit: 10, windowSeconds: 60 * 60 },
	/** Attempts to redeem a link or code per IP address. */
	tokenIp: { limit: 20, windowSeconds: 15 * 60 },
	/** Applications per IP address (a company applies once; an office network may send a few). */
	applicationIp: { limit: 5, windowSeconds: 60 * 60 },
	/**
	 * Confirmation mails per contact address and day. The form mails whatever address is typed in,
	 * with the name and company typed in: beyond this the application is still stored and the office
	 * still told, but the address gets no more mail from a stranger's hand.
	 */
	applicationRecipient: { limit: 3, windowSeconds: 24 * 60 * 60 },
	/** Wrong authenticator codes per account; with six digits, 5 in 15 minutes leave a guesser no chance. */
	secondFactorAccount: { limit: 5, windowSeconds: 15 * 60 },
	/**
	 * Mail the office sends on purpose, per coordinator: invitations sent again, colleagues
	 * invited, messages to a group (one message counts once, however many receive it). Far above
	 * a working day's need; a hijacked or runaway session cannot flood members' inboxes. Mail that
	 * follows from office work (a published group, a changed meeting) and refused attempts do not count.
	 */
	officeMail: { limit: 30, windowSeconds: 60 * 60 },
	/**
	 * Mails to the office about a host company's change of mind, per member and day. A host who
	 * says no, then yes, then no again is still told of each; one who flips the answer over and
	 * over would otherwise fill the office's inbox. Beyond this the answer is still saved and the
	 * work queue still shows it; only the mail stays out.
	 */
	hostAnswerMail: { limit: 6, windowSeconds: 24 * 60 * 60 },
} satisfies Record<string, Limit>;
export type LimitName = keyof typeof DEFAULT_LIMITS;

const limitsSchema = z.strictObject(
	Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k) => [k, limitSchema.optional()])) as Record<
		LimitName,
		z.ZodOptional<typeof limitSchema>
	>,
);

/** Have I Been Pwned's Pwned Passwords range API (k-anonymity, no key needed). */
export const PWNED_PASSWORDS_RANGE_API = 'https://api.pwnedpasswords.com/range/';

const flag = z
	.enum(['1', '0', 'true', 'false', ''])
	.optional()
	.transform((v) => v === '1' || v === 'true');

/** What a variable without a message of its own is told, in German (zod's defaults are English). */
function germanConfigIssue(issue: z.core.$ZodRawIssue): string {
	switch (issue.code) {
		case 'too_small':
			return issue.origin === 'string' ? `muss mindestens ${String(issue.minimum)} Zeichen lang sein` : `muss mindestens ${String(issue.minimum)} sein`;
		case 'too_big':
			return issue.origin === 'string' ? `darf höchstens ${String(issue.maximum)} Zeichen lang sein` : `darf höchstens ${String(issue.maximum)} sein`;
		case 'invalid_type':
			return issue.expected === 'number' || issue.expected === 'int' ? 'muss eine ganze Zahl sein' : 'hat nicht die erwartete Form';
		case 'invalid_format':
			return issue.format === 'email' ? 'ist keine gültige E-Mail-Adresse' : issue.format === 'url' ? 'ist keine gültige http(s)-Adresse' : 'hat nicht die erwartete Form';
		case 'invalid_value':
			// An empty value counts as unset, so it is no choice to offer.
			return `ist keiner der erlaubten Werte (${issue.values.filter((value) => value !== '').join(', ')})`;
		default:
			return 'ist ungültig';
	}
}

/** The schemes @libsql/client opens (its expandConfig): the embedded file, or a libSQL server. */
const DATABASE_SCHEMES = /^(file|libsql|https?|wss?):/i;

/**
 * Why a DATABASE_URL cannot be used, or null. Never quotes the value: a server's address may
 * hold a user, a password or a token.
 */
function databaseUrlProblem(value: string): string | null {
	if (!DATABASE_SCHEMES.test(value)) return 'muss mit file: (eingebettete Datenbank) oder libsql:, https:, http:, wss:, ws: (libSQL-Server) beginnen';
	if (isLocalFile(value)) return null;
	return URL.canParse(value) && new URL(value).hostname ? null : 'ist keine gültige Adresse eines libSQL-Servers';
}

/**
 * Why an SMTP_URL cannot be used, or null. Never quotes the value, which holds the password:
 * an unencoded # in it made the URL unparsable only later, in the middle of the server's start,
 * with the whole URL in the error.
 */
function smtpUrlProblem(value: string): string | null {
	if (!/^smtps?:\/\//.test(value)) return 'SMTP_URL muss mit smtp:// oder smtps:// beginnen';
	// A # cuts the URL short, and a / or ? in the password ends the host part there: what is left
	// may still parse, with the user name as host and the rest of the password in path or query.
	// A % must start an escape, or the password arrives other than typed.
	const url = URL.canParse(value) ? new URL(value) : null;
	const cutShort = !url || url.hash !== '' || `${url.pathname}${url.search}`.includes('@');
	if (url?.hostname && !cutShort && !/%(?![0-9a-f]{2})/i.test(value)) return null;
	return 'ist keine gültige Adresse. Sonderzeichen in Benutzername oder Passwort müssen prozentkodiert sein, z. B. # als %23, @ als %40, / als %2F, : als %3A';
}

/** A refinement from a function that says what is wrong, in German, or null. */
const checkedBy =
	(problem: (value: string) => string | null) =>
	(value: string, ctx: z.RefinementCtx): void => {
		const message = problem(value);
		if (message) ctx.addIssue({ code: 'custom', message });
	};

const envSchema = z.object({
	DATABASE_URL: z.string().min(1).superRefine(checkedBy(databaseUrlProblem)).default(DEFAULT_DATABASE_URL),
	DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
	// Only the origin: every link is made from it, so /forum in it would silently be dropped.
	SITE_URL: z
		.url({ protocol: /^https?$/ })
		.refine((value) => !URL.canParse(value) || (['', '/'].includes(new URL(value).pathname) && !new URL(value).search), 'darf nur Schema, Rechnername und Port nennen, keinen Pfad (die Plattform läuft nicht in einem Unterordner)')
		.default('http://localhost:4321'),
	DEMO: flag,
	TRUST_PROXY: flag,
	SMTP_URL: z.string().superRefine(checkedBy(smtpUrlProblem)).optional(),
	MAIL_FROM: z.string().min(3).default('ThZM-Netzwerkforum <netzwerkforum@example.org>'),
	OFFICE_EMAIL: z.email().default('koordination@example.org'),
	OUTBOX_DIR: z.string().min(1).default(DEFAULT_OUTBOX_DIR),
	BACKUP_DIR: z.string().min(1).default(DEFAULT_BACKUP_DIR),
	BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(30),
	BACKUP_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
	RATE_LIMITS: z
		.string()
		.optional()
		.transform((raw, ctx) => {
			if (!raw) return {};
			try {
				return limitsSchema.parse(JSON.parse(raw));
			} catch {
				ctx.addIssue({ code: 'custom', message: 'RATE_LIMITS ist kein gültiges JSON der erwarteten Form' });
				return z.NEVER;
			}
		}),
	PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
	WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
	COORDINATOR_SECOND_FACTOR: z.enum(['required', 'optional'], { error: 'COORDINATOR_SECOND_FACTOR ist required oder optional' }).optional(),
	PAGE_CACHE: z.enum(['on', 'off'], { error: 'ist on oder off' }).optional(),
	BREACHED_PASSWORDS_URL: z
		.union([z.literal('off'), z.url({ protocol: /^https?$/ }).endsWith('/', 'BREACHED_PASSWORDS_URL muss mit / enden')], {
			error: 'BREACHED_PASSWORDS_URL ist eine http(s)-Adresse, die mit / endet, oder off',
		})
		.default(PWNED_PASSWORDS_RANGE_API),
});

export interface ServerConfig {
	databaseUrl: string;
	databaseAuthToken: string | undefined;
	siteUrl: URL;
	/** Cookies get `Secure` and the `__Host-` prefix when the site is served over https. */
	secureCookies: boolean;
	demo: boolean;
	trustProxy: boolean;
	/** Unset: every mail is written to `outboxDir` as an .eml file. */
	smtpUrl: string | undefined;
	mailFrom: string;
	officeEmail: string;
	outboxDir: string;
	/** Where `npm run db:backup` writes its copies; the newest `keep` stay, none older than `maxDays` (the privacy notice's promise). */
	backups: { dir: string; keep: number; maxDays: number };
	limits: Record<LimitName, Limit>;
	/** Hashes at once in one server process. */
	passwordHashConcurrency: number;
	/** Server processes sharing the port (scripts/serve.ts); one per core unless set. */
	workers: number;
	/**
	 * Coordinators see every member's data, so they sign in with an authenticator app as well
	 * as their password. Required unless set to `optional`; optional by default in demo mode,
	 * so the demo coordinator can look around with the password alone.
	 */
	coordinatorSecondFactor: 'required' | 'optional';
	/**
	 * Where new passwords are checked against known breaches (breached-passwords.ts); null when
	 * switched off with `off`. Only five hex digits of the password's SHA-1 are sent.
	 */
	breachedPasswordsUrl: string | null;
	/** Signed-in portal pages served again while the database is unchanged (page-cache.ts); on unless PAGE_CACHE=off. */
	pageCache: boolean;
}

export const CONFIG_VARIABLES = Object.keys(envSchema.shape) as (keyof typeof envSchema.shape)[];

/** The variables `names` from `get` (empty counts as unset), checked; throws one German message naming every bad one. */
function parseVariables<S extends z.ZodObject>(schema: S, get: (name: string) => string | undefined): z.output<S> {
	const raw = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, get(name) || undefined]));
	const parsed = schema.safeParse(raw, { error: germanConfigIssue });
	if (!parsed.success) {
		const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
		throw new Error(`Ungültige Konfiguration: ${problems}`);
	}
	return parsed.data;
}

export function readConfig(get: (name: string) => string | undefined): ServerConfig {
	const env = parseVariables(envSchema, get);
	const siteUrl = new URL(env.SITE_URL);
	return {
		databaseUrl: env.DATABASE_URL,
		databaseAuthToken: env.DATABASE_AUTH_TOKEN,
		siteUrl,
		secureCookies: siteUrl.protocol === 'https:',
		demo: env.DEMO,
		trustProxy: env.TRUST_PROXY,
		smtpUrl: env.SMTP_URL,
		mailFrom: env.MAIL_FROM,
		officeEmail: env.OFFICE_EMAIL,
		outboxDir: env.OUTBOX_DIR,
		backups: { dir: env.BACKUP_DIR, keep: env.BACKUP_KEEP, maxDays: env.BACKUP_MAX_DAYS },
		limits: {
			...DEFAULT_LIMITS,
			...(Object.fromEntries(Object.entries(env.RATE_LIMITS).filter(([, v]) => v)) as Partial<Record<LimitName, Limit>>),
		},
		passwordHashConcurrency: env.PASSWORD_HASH_CONCURRENCY,
		workers: env.WEB_CONCURRENCY ?? availableParallelism(),
		coordinatorSecondFactor: env.COORDINATOR_SECOND_FACTOR ?? (env.DEMO ? 'optional' : 'required'),
		breachedPasswordsUrl: env.BREACHED_PASSWORDS_URL === 'off' ? null : env.BREACHED_PASSWORDS_URL,
		pageCache: env.PAGE_CACHE !== 'off',
	};
}

let installed: ServerConfig | null = null;

/** For scripts and tests: use this configuration instead of astro:env. */
export function installConfig(config: ServerConfig): void {
	installed = config;
}

export async function getConfig(): Promise<ServerConfig> {
	if (!installed) {
		// Imported lazily so that scripts, which install their own config, never touch astro:env.
		const { getSecret } = await import('astro:env/server');
		installed = readConfig((name) => getSecret(name));
	}
	return installed;
}

/**
 * Where scripts/serve.ts listens. Only the server reads these (the app never needs them), so
 * they are not part of ServerConfig, but they are checked the same way: `PORT=abc` left a
 * server running that never listened.
 */
const listenSchema = z.object({
	HOST: z
		.string()
		.regex(/^[\w.:%-]+$/, 'ist kein Rechnername und keine IP-Adresse (z. B. 127.0.0.1, 0.0.0.0 oder localhost)')
		.default('localhost'),
	PORT: z.coerce.number().int().min(1).max(65535).default(4321),
});

export function readListenAddress(get: (name: string) => string | undefined): { host: string; port: number } {
	const { HOST, PORT } = parseVariables(listenSchema, get);
	return { host: HOST, port: PORT };
}
