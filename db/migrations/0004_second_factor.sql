CREATE TABLE `second_factor` (
	`user_id` text PRIMARY KEY NOT NULL,
	`key` blob NOT NULL,
	`last_used_step` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
