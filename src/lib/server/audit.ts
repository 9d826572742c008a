/**
 * The office's audit log: who did what to which subject, when. Append-only by database
 * trigger. Store ids, never names or e-mail addresses, so erasing a person leaves a
 * pseudonymous trace and nothing more.
 */
import { desc } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.ts';
import { auditEvent } from '../../../db/schema.ts';
import { getDb } from './db.ts';

export interface AuditEntry {
	actorId: string | null;
	action: string;
	subjectType?: string;
	subjectId?: string;
	details?: Record<string, unknown>;
}

export async function recordAudit(entry: AuditEntry, tx?: Db | Tx, now: Date = new Date()): Promise<void> {
	const db = tx ?? (await getDb());
	await db.insert(auditEvent).values({
		actorId: entry.actorId,
		action: entry.action,
		subjectType: entry.subjectType ?? null,
		subjectId: entry.subjectId ?? null,
		details: entry.details ?? null,
		createdAt: now,
	});
}

export async function listAuditEvents(limit = 200) {
	const db = await getDb();
	return db.select().from(auditEvent).orderBy(desc(auditEvent.id)).limit(limit);
}
