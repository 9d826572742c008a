CREATE TABLE `data_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
-- The one row the change triggers count in (db/client.ts installs them after every migration).
INSERT INTO `data_version` (`id`, `version`) VALUES (1, 0);
