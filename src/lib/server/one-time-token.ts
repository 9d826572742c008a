/**
 * Single-use tokens for invitations and password resets. A mail carries two ways in: a link
 * with `<id>.<secret>` and a short code for when a mail client mangles the link. Only hashes
 * are stored. Verifying never uses a token up (mail scanners open links before people do);
 * only `consumeToken` inside the transaction that sets the password does.
 */
import { decodeBase64urlIgnorePadding } from '@oslojs/encoding';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { oneTimeToken } from '../../../db/schema.ts';
import { getDb } from './db.ts';
import { codeBytes, hashSecret, randomCode, randomId, randomSecret, secretMatches } from './random.ts';

export type TokenKind = 'invitation' | 'password_reset';

export const TOKEN_LIFETIME_MS: Record<TokenKind, number> = {
	invitation: 7 * 24 * 60 * 60 * 1000,
	password_reset: 60 * 60 * 1000,
};

/** Wrong codes after which a token is void; with 50-bit codes guessing is hopeless anyway. */
export const MAX_CODE_ATTEMPTS = 5;

export interface IssuedToken {
	/** Goes into the link: `?token=<linkToken>`. */
	linkToken: string;
	/** Typed in by hand, e.g. "K7QMR2XWPD". */
	code: string;
	expiresAt: Date;
}

/** When each open invitation's link runs out, by user: those not in it have none that still works. */
export async function liveInvitations(now: Date = new Date()): Promise<Map<string, Date>> {
	const db = await getDb();
	const rows = await db
		.select({ userId: oneTimeToken.userId, expiresAt: oneTimeToken.expiresAt })
		.from(oneTimeToken)
		.where(and(eq(oneTimeToken.kind, 'invitation'), gt(oneTimeToken.expiresAt, now)));
	return new Map(rows.map((r) => [r.userId, r.expiresAt]));
}

/** Whether this user has a working invitation issued at or after `since` (its end tells when it was issued). */
export async function invitationIssuedSince(userId: string, since: Date, tx?: Db | Tx): Promise<boolean> {
	const db = tx ?? (await getDb());
	const issuedAfter = new Date(since.getTime() + TOKEN_LIFETIME_MS.invitation);
	const row = await db
		.select({ id: oneTimeToken.id })
		.from(oneTimeToken)
		.where(and(eq(oneTimeToken.userId, userId), eq(oneTimeToken.kind, 'invitation'), gt(oneTimeToken.expiresAt, issuedAfter)))
		.get();
	return row !== undefined;
}

/** Issues a new token and voids every older one of the same kind for this user. */
export async function issueToken(
	userId: string,
	kind: TokenKind,
	now: Date = new Date(),
	tx?: Db | Tx,
): Promise<IssuedToken> {
	const db = tx ?? (await getDb());
	const id = randomId();
	const secret = randomSecret();
	const code = randomCode();
	const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS[kind]);
	await db.delete(oneTimeToken).where(and(eq(oneTimeToken.userId, userId), eq(oneTimeToken.kind, kind)));
	await db.insert(oneTimeToken).values({
		id,
		userId,
		kind,
		secretHash: hashSecret(secret.bytes),
		codeHash: hashSecret(codeBytes(code)),
		expiresAt,
		createdAt: now,
	});
	return { linkToken: `${id}.${secret.encoded}`, code, expiresAt };
}

export interface ValidToken {
	id: string;
	userId: string;
	expiresAt: Date;
}

/** The token behind a link, if it is genuine, of this kind and not expired. Uses nothing up. */
export async function verifyLinkToken(
	linkToken: string,
	kind: TokenKind,
	now: Date = new Date(),
): Promise<ValidToken | null> {
	const [id, encoded, ...rest] = linkToken.split('.');
	if (!id || !encoded || rest.length > 0 || !/^[a-z2-9]{16}$/.test(id)) return null;
	let secret: Uint8Array;
	try {
		secret = decodeBase64urlIgnorePadding(encoded);
	} catch {
		return null;
	}
	const db = await getDb();
	const row = await db.select().from(oneTimeToken).where(eq(oneTimeToken.id, id)).get();
	if (!row || row.kind !== kind || row.expiresAt.getTime() <= now.getTime()) return null;
	if (!secretMatches(secret, row.secretHash)) return null;
	return { id: row.id, userId: row.userId, expiresAt: row.expiresAt };
}

/**
 * The user's current token of this kind if `code` matches. A wrong code counts against the
 * token; after MAX_CODE_ATTEMPTS it is deleted.
 */
export async function verifyCode(
	userId: string,
	code: string,
	kind: TokenKind,
	now: Date = new Date(),
): Promise<ValidToken | null> {
	const db = await getDb();
	const row = await db
		.select()
		.from(oneTimeToken)
		.where(and(eq(oneTimeToken.userId, userId), eq(oneTimeToken.kind, kind)))
		.get();
	if (!row || row.expiresAt.getTime() <= now.getTime()) return null;
	if (secretMatches(codeBytes(code), row.codeHash)) {
		return { id: row.id, userId: row.userId, expiresAt: row.expiresAt };
	}
	if (row.failedAttempts + 1 >= MAX_CODE_ATTEMPTS) {
		await db.delete(oneTimeToken).where(eq(oneTimeToken.id, row.id));
	} else {
		await db
			.update(oneTimeToken)
			.set({ failedAttempts: sql`${oneTimeToken.failedAttempts} + 1` })
			.where(eq(oneTimeToken.id, row.id));
	}
	return null;
}

/** Uses the token up. False when it was already gone: someone else redeemed it first. */
export async function consumeToken(tokenId: string, tx: Db | Tx): Promise<boolean> {
	const deleted = await tx.delete(oneTimeToken).where(eq(oneTimeToken.id, tokenId)).returning({ id: oneTimeToken.id });
	return deleted.length === 1;
}

export async function purgeExpiredTokens(now: Date = new Date()): Promise<number> {
	const db = await getDb();
	const gone = await db.delete(oneTimeToken).where(lt(oneTimeToken.expiresAt, now)).returning({ id: oneTimeToken.id });
	return gone.length;
}

/** Deletes every token of a user (or only those of one kind) inside the caller's transaction or on `db`. */
export async function eraseTokensOf(userId: string, tx: Db | Tx, kind?: TokenKind): Promise<void> {
	await tx.delete(oneTimeToken).where(kind ? and(eq(oneTimeToken.userId, userId), eq(oneTimeToken.kind, kind)) : eq(oneTimeToken.userId, userId));
}
