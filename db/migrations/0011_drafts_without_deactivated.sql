-- Deactivating a member now also takes them out of the open draft of the group forming. Before,
-- they stayed in it: the board no longer showed them, every later save of it was refused, and
-- publishing could seat them. Seats of deactivated accounts in drafts already stored go here.
DELETE FROM `group_membership`
WHERE `user_id` IN (SELECT `id` FROM `user` WHERE `deactivated_at` IS NOT NULL)
	AND `group_id` IN (SELECT `id` FROM `focus_group` WHERE `status` = 'draft');
