CREATE TABLE `consent` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` text NOT NULL,
	`key` text NOT NULL,
	`given` integer NOT NULL,
	`text_version` text NOT NULL,
	`via` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `consent_user_key_idx` ON `consent` (`user_id`,`key`,`id`);--> statement-breakpoint
-- Members accepted before this table existed: the consents they gave on their application.
INSERT INTO `consent` (`user_id`, `key`, `given`, `text_version`, `via`, `at`)
SELECT `application`.`user_id`, json_extract(`opt_in`.`value`, '$.key'), 1, json_extract(`opt_in`.`value`, '$.textVersion'), 'application',
	coalesce(unixepoch(json_extract(`opt_in`.`value`, '$.at')), `application`.`submitted_at`)
FROM `application`, json_each(`application`.`opt_ins`) AS `opt_in`
WHERE `application`.`status` = 'accepted' AND `application`.`user_id` IN (SELECT `id` FROM `user`)
ORDER BY `application`.`decided_at`, `opt_in`.`key`;
