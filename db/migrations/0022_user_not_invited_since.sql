ALTER TABLE `user` ADD `not_invited_since` integer;--> statement-breakpoint
-- Accounts taken over from the office's list and never invited, until now read from the log:
-- since when (the import's entry), for those with an import entry and no invitation entry.
UPDATE `user` SET `not_invited_since` = (
	SELECT min(`created_at`) FROM `audit_event`
	WHERE `action` = 'member.imported' AND `subject_type` = 'user' AND `subject_id` = `user`.`id`
)
WHERE EXISTS (SELECT 1 FROM `audit_event` WHERE `action` = 'member.imported' AND `subject_type` = 'user' AND `subject_id` = `user`.`id`)
	AND NOT EXISTS (SELECT 1 FROM `audit_event` WHERE `action` = 'invitation.sent' AND `subject_type` = 'user' AND `subject_id` = `user`.`id`);
