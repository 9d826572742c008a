-- The log keeps every event for three years (1,096 days, so a leap year never shortens it) and
-- then lets it go: the privacy notice (3.6) names this period, and src/lib/server/audit.ts
-- purges what is older once a day. The database still refuses to remove anything younger, and
-- to change anything at all.
DROP TRIGGER audit_event_no_delete;
--> statement-breakpoint
CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
WHEN old.created_at > unixepoch() - 1096 * 86400
BEGIN
	SELECT RAISE(ABORT, 'audit_event is append-only: an event stays three years');
END;
