-- How the office checked a request to remove someone's authenticator app was free text, kept in
-- the log for good, and the form's own example invited a name and a phone number. It is a choice
-- now; the texts logged before become "auf anderem Weg". As in 0010, the append-only trigger steps
-- aside for this one change.
DROP TRIGGER audit_event_no_update;
--> statement-breakpoint
UPDATE `audit_event` SET `details` = json_object('verification', 'anders')
WHERE `action` = 'second_factor.removed'
	AND json_extract(`details`, '$.verification') IS NOT NULL
	AND json_extract(`details`, '$.verification') NOT IN ('rueckruf', 'persoenlich', 'brief', 'anders');
--> statement-breakpoint
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
	SELECT RAISE(ABORT, 'audit_event is append-only');
END;
