-- Accounts that signed in before last_sign_in_at existed: their newest session is the best record
-- there is (sessions that ended are gone; the pages say "nicht erfasst" where nothing is left).
UPDATE `user` SET `last_sign_in_at` = (SELECT max(`created_at`) FROM `auth_session` WHERE `auth_session`.`user_id` = `user`.`id`) WHERE `last_sign_in_at` IS NULL;
