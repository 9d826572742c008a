/**
 * Every table of the platform. Columns are snake_case; times are unix seconds (drizzle
 * `timestamp` mode gives Dates). Identifiers that appear in URLs are random, never sequential.
 * Which server module owns which tables is noted per group; only that module writes them.
 */
import { sql } from 'drizzle-orm';
import {
	blob,
	index,
	integer,
	primaryKey,
	real,
	sqliteTable,
	text,
	uniqueIndex,
} from 'drizzle-orm/sqlite-core';

const createdAt = () =>
	integer('created_at', { mode: 'timestamp' })
		.notNull()
		.default(sql`(unixepoch())`);

// ── members.ts ──────────────────────────────────────────────────────────────────────────

export const organization = sqliteTable('organization', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	legalForm: text('legal_form'),
	/** WZ 2008 class, e.g. "28.41"; two companies of one class are competitors. */
	industryCode: text('industry_code').notNull(),
	industryLabel: text('industry_label').notNull(),
	street: text('street'),
	postcode: text('postcode'),
	town: text('town').notNull(),
	latitude: real('latitude'),
	longitude: real('longitude'),
	sizeBand: text('size_band'),
	website: text('website'),
	status: text('status', { enum: ['active', 'inactive'] }).notNull().default('active'),
	createdAt: createdAt(),
	updatedAt: integer('updated_at', { mode: 'timestamp' }),
});

/** Private register of the office: pairs of companies that must never share a group. */
export const organizationConflict = sqliteTable(
	'organization_conflict',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organization.id, { onDelete: 'cascade' }),
		otherOrganizationId: text('other_organization_id')
			.notNull()
			.references(() => organization.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['competitor', 'customer_supplier', 'corporate_group', 'other'] }).notNull(),
		note: text('note'),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex('organization_conflict_pair_uq').on(t.organizationId, t.otherOrganizationId)],
);

// ── accounts.ts ─────────────────────────────────────────────────────────────────────────

export const user = sqliteTable(
	'user',
	{
		id: text('id').primaryKey(),
		organizationId: text('organization_id').references(() => organization.id, { onDelete: 'set null' }),
		name: text('name').notNull(),
		position: text('position'),
		/** Normalised: trimmed, lower-case. */
		email: text('email').notNull(),
		phone: text('phone'),
		/** argon2id; null until the invitation is accepted. */
		passwordHash: text('password_hash'),
		role: text('role', { enum: ['member', 'coordinator'] }).notNull(),
		shareEmail: integer('share_email', { mode: 'boolean' }).notNull().default(false),
		sharePhone: integer('share_phone', { mode: 'boolean' }).notNull().default(false),
		createdAt: createdAt(),
		updatedAt: integer('updated_at', { mode: 'timestamp' }),
		passwordChangedAt: integer('password_changed_at', { mode: 'timestamp' }),
		deactivatedAt: integer('deactivated_at', { mode: 'timestamp' }),
		/**
		 * When the office last moved this account to another e-mail address: whoever took up the login
		 * there may be someone else, so the group's topic list shows them only what was added since,
		 * like a newcomer's. Null: the login is the one the account began with.
		 */
		loginMovedAt: integer('login_moved_at', { mode: 'timestamp' }),
		/**
		 * Set when the account is taken over from the office's list of members (member-import.ts),
		 * cleared by its first invitation: while set, nobody has invited the person yet. On the row
		 * rather than read from the log, which lets its entries go after three years.
		 */
		notInvitedSince: integer('not_invited_since', { mode: 'timestamp' }),
		/** When the person last signed in (a new session); the office sees who uses the portal. */
		lastSignInAt: integer('last_sign_in_at', { mode: 'timestamp' }),
		/** Reminder mails before a meeting, a week and a day ahead; the member may turn either off. */
		remindWeekBefore: integer('remind_week_before', { mode: 'boolean' }).notNull().default(true),
		remindDayBefore: integer('remind_day_before', { mode: 'boolean' }).notNull().default(true),
	},
	(t) => [uniqueIndex('user_email_uq').on(t.email), index('user_organization_idx').on(t.organizationId)],
);

// ── auth-session.ts ─────────────────────────────────────────────────────────────────────

export const authSession = sqliteTable(
	'auth_session',
	{
		/** Lookup key, not secret. The token is `<id>.<secret>`; only SHA-256(secret) is stored. */
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp' }).notNull(),
		lastVerifiedAt: integer('last_verified_at', { mode: 'timestamp' }).notNull(),
		/** "Firefox unter Windows" (describeDevice), so members recognise their sessions; the raw user agent is never stored. */
		device: text('device'),
	},
	(t) => [index('auth_session_user_idx').on(t.userId)],
);

// ── second-factor.ts ───────────────────────────────────────────────────────────────────

/**
 * The key of a person's authenticator app (TOTP). Stored as it is: the server must compute the
 * codes from it, and encrypting it with a key kept in this same database would add nothing.
 * A copy of the database still does not sign anyone in: the code step needs a challenge that
 * only the right password creates (second_factor_challenge keeps just its hash).
 */
export const secondFactor = sqliteTable('second_factor', {
	userId: text('user_id')
		.primaryKey()
		.references(() => user.id, { onDelete: 'cascade' }),
	key: blob('key', { mode: 'buffer' }).notNull(),
	/** The time step of the last code accepted; no code of that step or earlier works again. */
	lastUsedStep: integer('last_used_step').notNull(),
	createdAt: integer('created_at', { mode: 'timestamp' }).notNull(),
});

/**
 * Recovery codes ("Ersatzcodes"): ten random codes, shown once when the app is set up or the
 * codes are renewed, for a sign-in without the phone. Stored as SHA-256 like the codes of
 * one-time links (50 random bits each, and every attempt counts against the account's limit);
 * a code used is deleted. They belong to the app: removing it removes them.
 */
export const recoveryCode = sqliteTable(
	'recovery_code',
	{
		userId: text('user_id')
			.notNull()
			.references(() => secondFactor.userId, { onDelete: 'cascade' }),
		codeHash: blob('code_hash', { mode: 'buffer' }).notNull(),
	},
	(t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/**
 * A sign-in between password and code: the browser holds `<id>.<secret>` in a five-minute cookie,
 * the database only SHA-256(secret), as for sessions. A copy of the database therefore cannot
 * stand in for the password; each one is used once.
 */
export const secondFactorChallenge = sqliteTable(
	'second_factor_challenge',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		/** Where the sign-in was headed (a path in the person's own area), or null for their start page. */
		next: text('next'),
		createdAt: integer('created_at', { mode: 'timestamp' }).notNull(),
	},
	(t) => [index('second_factor_challenge_user_idx').on(t.userId)],
);

// ── one-time-token.ts ───────────────────────────────────────────────────────────────────

export const oneTimeToken = sqliteTable(
	'one_time_token',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['invitation', 'password_reset'] }).notNull(),
		/** SHA-256 of the link secret. */
		secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
		/** SHA-256 of the short code typed in when a link is mangled. */
		codeHash: blob('code_hash', { mode: 'buffer' }).notNull(),
		failedAttempts: integer('failed_attempts').notNull().default(0),
		expiresAt: integer('expires_at', { mode: 'timestamp' }).notNull(),
		createdAt: integer('created_at', { mode: 'timestamp' }).notNull(),
	},
	(t) => [index('one_time_token_user_idx').on(t.userId, t.kind)],
);

// ── applications.ts ─────────────────────────────────────────────────────────────────────

export const application = sqliteTable(
	'application',
	{
		id: text('id').primaryKey(),
		/** `suspected`: the form's trap for bots was filled in; kept apart for the office, deleted after 30 days. */
		status: text('status', { enum: ['submitted', 'accepted', 'declined', 'withdrawn', 'suspected'] })
			.notNull()
			.default('submitted'),
		companyName: text('company_name').notNull(),
		legalForm: text('legal_form'),
		industryCode: text('industry_code').notNull(),
		industryLabel: text('industry_label').notNull(),
		street: text('street').notNull(),
		postcode: text('postcode').notNull(),
		town: text('town').notNull(),
		latitude: real('latitude'),
		longitude: real('longitude'),
		/** Postcode outside Thuringia: allowed, but the office takes a look. */
		outsideThuringia: integer('outside_thuringia', { mode: 'boolean' }).notNull().default(false),
		sizeBand: text('size_band').notNull(),
		website: text('website'),
		contactName: text('contact_name').notNull(),
		contactPosition: text('contact_position').notNull(),
		contactEmail: text('contact_email').notNull(),
		contactPhone: text('contact_phone'),
		/** Topic slugs, first choice first (JSON array). */
		interests: text('interests', { mode: 'json' }).$type<string[]>().notNull(),
		motivation: text('motivation'),
		/** Competitors and close partners among possible members: seen by the office only. */
		conflictsNote: text('conflicts_note'),
		/** Optional consents, each with the text version shown and the time given (JSON). */
		optIns: text('opt_ins', { mode: 'json' })
			.$type<{ key: string; textVersion: string; at: string }[]>()
			.notNull()
			.default(sql`'[]'`),
		submittedAt: integer('submitted_at', { mode: 'timestamp' }).notNull(),
		decidedAt: integer('decided_at', { mode: 'timestamp' }),
		decidedBy: text('decided_by').references(() => user.id, { onDelete: 'set null' }),
		decisionNote: text('decision_note'),
		idempotencyKey: text('idempotency_key').notNull(),
		organizationId: text('organization_id').references(() => organization.id, { onDelete: 'set null' }),
		userId: text('user_id').references(() => user.id, { onDelete: 'set null' }),
	},
	(t) => [
		uniqueIndex('application_idempotency_uq').on(t.idempotencyKey),
		index('application_status_idx').on(t.status, t.submittedAt),
	],
);

// ── interests.ts ────────────────────────────────────────────────────────────────────────

export const interest = sqliteTable(
	'interest',
	{
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		topicSlug: text('topic_slug').notNull(),
		/** 1 = first choice. */
		rank: integer('rank').notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp' }).notNull(),
	},
	(t) => [primaryKey({ columns: [t.userId, t.rank] }), uniqueIndex('interest_user_topic_uq').on(t.userId, t.topicSlug)],
);

// ── consents.ts ─────────────────────────────────────────────────────────────────────────

/**
 * The history of a member's optional consents (the application form's opt-ins): one row per
 * consent given or withdrawn, with the version of the text it was given to. The latest row per
 * key is the current state; the rows before it are the proof (GDPR Art. 7(1)).
 */
export const consent = sqliteTable(
	'consent',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** An OPT_INS key: `events` or `listing`. */
		key: text('key').notNull(),
		given: integer('given', { mode: 'boolean' }).notNull(),
		textVersion: text('text_version').notNull(),
		/** Where: on the application form, in the portal, or recorded by the office (a withdrawal by mail). */
		via: text('via', { enum: ['application', 'portal', 'office'] }).notNull(),
		at: integer('at', { mode: 'timestamp' }).notNull(),
	},
	(t) => [index('consent_user_key_idx').on(t.userId, t.key, t.id)],
);

// ── groups.ts ───────────────────────────────────────────────────────────────────────────

export const focusGroup = sqliteTable('focus_group', {
	id: text('id').primaryKey(),
	name: text('name').notNull(),
	topicSlug: text('topic_slug').notNull(),
	cohort: integer('cohort').notNull(),
	status: text('status', { enum: ['draft', 'published', 'archived'] }).notNull().default('draft'),
	createdAt: createdAt(),
	publishedAt: integer('published_at', { mode: 'timestamp' }),
	/**
	 * When the group ended (status `archived`): the office ended it on its own or by closing the year.
	 * The daily purge deletes it, with everything tied to it, ENDED_GROUP_RETENTION_DAYS later.
	 */
	endedAt: integer('ended_at', { mode: 'timestamp' }),
});

export const groupMembership = sqliteTable(
	'group_membership',
	{
		groupId: text('group_id')
			.notNull()
			.references(() => focusGroup.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		/** Locked seats survive a re-run of the matching. */
		locked: integer('locked', { mode: 'boolean' }).notNull().default(false),
		createdAt: createdAt(),
	},
	(t) => [primaryKey({ columns: [t.groupId, t.userId] }), index('group_membership_user_idx').on(t.userId)],
);

export const matchingRun = sqliteTable('matching_run', {
	id: text('id').primaryKey(),
	createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
	createdAt: createdAt(),
	parameters: text('parameters', { mode: 'json' }).notNull(),
	inputHash: text('input_hash').notNull(),
	result: text('result', { mode: 'json' }).notNull(),
	score: real('score').notNull(),
});

// ── meetings.ts ─────────────────────────────────────────────────────────────────────────

export const meeting = sqliteTable(
	'meeting',
	{
		id: text('id').primaryKey(),
		groupId: text('group_id')
			.notNull()
			.references(() => focusGroup.id, { onDelete: 'cascade' }),
		startsAt: integer('starts_at', { mode: 'timestamp' }).notNull(),
		endsAt: integer('ends_at', { mode: 'timestamp' }).notNull(),
		hostOrganizationId: text('host_organization_id').references(() => organization.id, {
			onDelete: 'set null',
		}),
		address: text('address'),
		agenda: text('agenda'),
		status: text('status', { enum: ['planned', 'cancelled'] }).notNull().default('planned'),
		/** RFC 5545 SEQUENCE: raised on every change so calendars update. */
		sequence: integer('sequence').notNull().default(0),
		createdAt: createdAt(),
		updatedAt: integer('updated_at', { mode: 'timestamp' }),
	},
	(t) => [index('meeting_group_idx').on(t.groupId, t.startsAt)],
);

// ── audit.ts ────────────────────────────────────────────────────────────────────────────

/**
 * Append-only (triggers refuse UPDATE and DELETE). Actors and subjects are stored as ids,
 * never names or addresses, so a deleted person leaves only a pseudonymous trace.
 */
export const auditEvent = sqliteTable(
	'audit_event',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		actorId: text('actor_id'),
		action: text('action').notNull(),
		subjectType: text('subject_type'),
		subjectId: text('subject_id'),
		details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
		createdAt: integer('created_at', { mode: 'timestamp' }).notNull(),
	},
	(t) => [index('audit_event_time_idx').on(t.createdAt), index('audit_event_subject_idx').on(t.subjectType, t.subjectId)],
);

// ── rate-limit.ts ───────────────────────────────────────────────────────────────────────

/** Fixed-window counters, in the database so limits survive restarts and span instances. */
export const rateLimit = sqliteTable('rate_limit', {
	key: text('key').primaryKey(),
	windowStart: integer('window_start').notNull(),
	count: integer('count').notNull(),
});

// ── mail.ts ─────────────────────────────────────────────────────────────────────────────

/** Every message the platform sent or failed to send; failures show in the office's queue. */
export const mailDelivery = sqliteTable(
	'mail_delivery',
	{
		id: text('id').primaryKey(),
		recipient: text('recipient').notNull(),
		userId: text('user_id').references(() => user.id, { onDelete: 'set null' }),
		kind: text('kind').notNull(),
		subject: text('subject').notNull(),
		status: text('status', { enum: ['sent', 'failed'] }).notNull(),
		error: text('error'),
		createdAt: integer('created_at', { mode: 'timestamp' }).notNull(),
		/** Set when the office has seen a failure and dealt with it. */
		resolvedAt: integer('resolved_at', { mode: 'timestamp' }),
	},
	(t) => [index('mail_delivery_status_idx').on(t.status, t.createdAt)],
);

// ── app-secret.ts ───────────────────────────────────────────────────────────────────────

/** Server-side secrets generated once and shared by every instance (e.g. form timestamps). */
export const appSecret = sqliteTable('app_secret', {
	name: text('name').primaryKey(),
	value: blob('value', { mode: 'buffer' }).notNull(),
	createdAt: createdAt(),
});

// ── meetings.ts ─────────────────────────────────────────────────────────────────────────

/** A member's answer to a meeting invitation. */
export const meetingReply = sqliteTable(
	'meeting_reply',
	{
		meetingId: text('meeting_id')
			.notNull()
			.references(() => meeting.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		attending: integer('attending', { mode: 'boolean' }).notNull(),
		updatedAt: integer('updated_at', { mode: 'timestamp' }).notNull(),
	},
	(t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
);

// ── reminders.ts ────────────────────────────────────────────────────────────────────────

/** A reminder that went out (or was attempted): one row per meeting, person and kind, never two. */
export const reminderSent = sqliteTable(
	'reminder_sent',
	{
		meetingId: text('meeting_id')
			.notNull()
			.references(() => meeting.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => user.id, { onDelete: 'cascade' }),
		kind: text('kind', { enum: ['week', 'day'] }).notNull(),
		sentAt: integer('sent_at', { mode: 'timestamp' }).notNull(),
	},
	(t) => [primaryKey({ columns: [t.meetingId, t.userId, t.kind] })],
);

// ── calendar-feeds.ts ───────────────────────────────────────────────────────────────────

/** Private subscription address of a member's calendar: `<id>.<secret>`, only the hash stored. */
export const calendarFeed = sqliteTable('calendar_feed', {
	id: text('id').primaryKey(),
	userId: text('user_id')
		.notNull()
		.unique()
		.references(() => user.id, { onDelete: 'cascade' }),
	secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
	createdAt: integer('created_at', { mode: 'timestamp' }).notNull(),
});

// ── topic-queue.ts ──────────────────────────────────────────────────────────────────────

/** Topics members bring to their group's next meeting. Readable by the group's members only. */
export const topicQueueItem = sqliteTable(
	'topic_queue_item',
	{
		id: text('id').primaryKey(),
		groupId: text('group_id')
			.notNull()
			.references(() => focusGroup.id, { onDelete: 'cascade' }),
		/** Null once the author deleted their account: the topic stays with the group. */
		userId: text('user_id').references(() => user.id, { onDelete: 'set null' }),
		title: text('title').notNull(),
		/** 1 = high, 2 = normal, 3 = low. */
		priority: integer('priority').notNull(),
		minutes: integer('minutes').notNull(),
		createdAt: integer('created_at', { mode: 'timestamp' }).notNull(),
		discussedAt: integer('discussed_at', { mode: 'timestamp' }),
	},
	(t) => [index('topic_queue_group_idx').on(t.groupId, t.discussedAt)],
);

// ── page-cache.ts ───────────────────────────────────────────────────────────────────────

/**
 * One row counting every change to the database: triggers on every other table add one per
 * row written (installed by db/client.ts after each migration, so a new table gets them too).
 * A page kept by the page cache is only served while the count is the one it was rendered at.
 */
export const dataVersion = sqliteTable('data_version', {
	id: integer('id').primaryKey(),
	version: integer('version').notNull(),
});
