ALTER TABLE `user` ADD `remind_week_before` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `user` ADD `remind_day_before` integer DEFAULT true NOT NULL;