-- Deleting a company without an account wrote its name into the log, which nothing ever deletes;
-- for a sole trader that name is the person's. The log keeps the id only from now on; here the
-- names already logged go. As in 0010, the append-only trigger steps aside for this one change.
DROP TRIGGER audit_event_no_update;
--> statement-breakpoint
UPDATE `audit_event` SET `details` = NULL WHERE `action` = 'organization.deleted' AND `details` IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
	SELECT RAISE(ABORT, 'audit_event is append-only');
END;
