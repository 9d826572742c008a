-- Deactivating an account now also drops its replies to coming meetings: the host and the office
-- counted the "Ich komme" of someone who takes part in nothing. Replies of accounts deactivated
-- before go here (meetings still to come only; the answers to past meetings stay as they were).
DELETE FROM `meeting_reply`
WHERE `user_id` IN (SELECT `id` FROM `user` WHERE `deactivated_at` IS NOT NULL)
	AND `meeting_id` IN (SELECT `id` FROM `meeting` WHERE `starts_at` > unixepoch());
