-- The office's note on a decision was also copied into the log, which nothing ever deletes: a
-- reason written about a declined applicant outlived the deletion of the application after six
-- months that the privacy notice promises. The note stays on the application row only; here the
-- copies already logged go. The one change to logged events there is: the append-only trigger
-- steps aside for it and comes back unchanged.
DROP TRIGGER audit_event_no_update;
--> statement-breakpoint
UPDATE `audit_event` SET `details` = NULL WHERE `action` LIKE 'application.%' AND json_extract(`details`, '$.note') IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
	SELECT RAISE(ABORT, 'audit_event is append-only');
END;
