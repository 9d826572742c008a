ALTER TABLE `auth_session` ADD `device` text;--> statement-breakpoint
ALTER TABLE `auth_session` DROP COLUMN `user_agent`;