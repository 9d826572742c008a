CREATE TABLE `recovery_code` (
	`user_id` text NOT NULL,
	`code_hash` blob NOT NULL,
	PRIMARY KEY(`user_id`, `code_hash`),
	FOREIGN KEY (`user_id`) REFERENCES `second_factor`(`user_id`) ON UPDATE no action ON DELETE cascade
);
