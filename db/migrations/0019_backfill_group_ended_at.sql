-- Groups that ended before ended_at existed: they ended when the office closed the year, which
-- ended every published group at once, so at the first `groups.archived` entry of the log at or
-- after the group's publication (the date the office's pages showed until now). The log keeps an
-- entry three years: with none left after the publication, the group ended more than three years
-- ago, its publication (earlier still) stands in, and the daily purge deletes the group as it
-- does every group that ended three years ago.
UPDATE `focus_group`
SET `ended_at` = coalesce(
	(SELECT min(`audit_event`.`created_at`) FROM `audit_event`
		WHERE `audit_event`.`action` = 'groups.archived'
			AND `audit_event`.`created_at` >= coalesce(`focus_group`.`published_at`, `focus_group`.`created_at`)),
	coalesce(`focus_group`.`published_at`, `focus_group`.`created_at`)
)
WHERE `status` = 'archived' AND `ended_at` IS NULL;
