CREATE TABLE `application` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'submitted' NOT NULL,
	`company_name` text NOT NULL,
	`legal_form` text,
	`industry_code` text NOT NULL,
	`industry_label` text NOT NULL,
	`street` text NOT NULL,
	`postcode` text NOT NULL,
	`town` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`outside_thuringia` integer DEFAULT false NOT NULL,
	`size_band` text NOT NULL,
	`website` text,
	`contact_name` text NOT NULL,
	`contact_position` text NOT NULL,
	`contact_email` text NOT NULL,
	`contact_phone` text,
	`interests` text NOT NULL,
	`motivation` text,
	`conflicts_note` text,
	`opt_ins` text DEFAULT '[]' NOT NULL,
	`submitted_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by` text,
	`decision_note` text,
	`idempotency_key` text NOT NULL,
	`organization_id` text,
	`user_id` text,
	FOREIGN KEY (`decided_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `application_idempotency_uq` ON `application` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `application_status_idx` ON `application` (`status`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `audit_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` text,
	`action` text NOT NULL,
	`subject_type` text,
	`subject_id` text,
	`details` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_event_time_idx` ON `audit_event` (`created_at`);--> statement-breakpoint
CREATE INDEX `audit_event_subject_idx` ON `audit_event` (`subject_type`,`subject_id`);--> statement-breakpoint
CREATE TABLE `auth_session` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`created_at` integer NOT NULL,
	`last_verified_at` integer NOT NULL,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `auth_session_user_idx` ON `auth_session` (`user_id`);--> statement-breakpoint
CREATE TABLE `focus_group` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`topic_slug` text NOT NULL,
	`cohort` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`published_at` integer
);
--> statement-breakpoint
CREATE TABLE `group_membership` (
	`group_id` text NOT NULL,
	`user_id` text NOT NULL,
	`locked` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	PRIMARY KEY(`group_id`, `user_id`),
	FOREIGN KEY (`group_id`) REFERENCES `focus_group`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `group_membership_user_idx` ON `group_membership` (`user_id`);--> statement-breakpoint
CREATE TABLE `interest` (
	`user_id` text NOT NULL,
	`topic_slug` text NOT NULL,
	`rank` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `rank`),
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `interest_user_topic_uq` ON `interest` (`user_id`,`topic_slug`);--> statement-breakpoint
CREATE TABLE `matching_run` (
	`id` text PRIMARY KEY NOT NULL,
	`created_by` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`parameters` text NOT NULL,
	`input_hash` text NOT NULL,
	`result` text NOT NULL,
	`score` real NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `meeting` (
	`id` text PRIMARY KEY NOT NULL,
	`group_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`host_organization_id` text,
	`address` text,
	`agenda` text,
	`status` text DEFAULT 'planned' NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`group_id`) REFERENCES `focus_group`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`host_organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `meeting_group_idx` ON `meeting` (`group_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `one_time_token` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`kind` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`code_hash` blob NOT NULL,
	`failed_attempts` integer DEFAULT 0 NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `one_time_token_user_idx` ON `one_time_token` (`user_id`,`kind`);--> statement-breakpoint
CREATE TABLE `organization` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`legal_form` text,
	`industry_code` text NOT NULL,
	`industry_label` text NOT NULL,
	`street` text,
	`postcode` text,
	`town` text NOT NULL,
	`latitude` real,
	`longitude` real,
	`size_band` text,
	`website` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE TABLE `organization_conflict` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`other_organization_id` text NOT NULL,
	`kind` text NOT NULL,
	`note` text,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	FOREIGN KEY (`organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`other_organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organization_conflict_pair_uq` ON `organization_conflict` (`organization_id`,`other_organization_id`);--> statement-breakpoint
CREATE TABLE `rate_limit` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `user` (
	`id` text PRIMARY KEY NOT NULL,
	`organization_id` text,
	`name` text NOT NULL,
	`position` text,
	`email` text NOT NULL,
	`phone` text,
	`password_hash` text,
	`role` text NOT NULL,
	`share_email` integer DEFAULT false NOT NULL,
	`share_phone` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch()) NOT NULL,
	`updated_at` integer,
	`password_changed_at` integer,
	`deactivated_at` integer,
	FOREIGN KEY (`organization_id`) REFERENCES `organization`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_email_uq` ON `user` (`email`);--> statement-breakpoint
CREATE INDEX `user_organization_idx` ON `user` (`organization_id`);