/**
 * Every kind of mail the platform sends, with the words a person reads for it in their data
 * download. The kind is stored with each delivery record; a kind missing here does not compile.
 */
export const MAIL_KINDS = {
	application_received: 'Eingangsbestätigung Ihrer Bewerbung',
	application_notice: 'Hinweis an die Koordinierungsstelle: neue Bewerbung',
	application_declined: 'Absage auf Ihre Bewerbung',
	invitation: 'Einladung ins Mitgliederportal',
	account_ready: 'Bestätigung: Zugang eingerichtet',
	password_reset: 'Link zum Zurücksetzen des Passworts',
	password_changed: 'Hinweis: Passwort geändert',
	email_changed: 'Hinweis: E-Mail-Adresse geändert',
	second_factor_changed: 'Hinweis: Authenticator-App eingerichtet oder entfernt',
	recovery_codes_renewed: 'Hinweis: neue Wiederherstellungscodes',
	recovery_code_used: 'Hinweis: Wiederherstellungscode benutzt',
	team_invited: 'Team der Koordinierungsstelle: Einladung',
	team_revoked: 'Team der Koordinierungsstelle: Zugang beendet',
	team_restored: 'Team der Koordinierungsstelle: Zugang wieder eingerichtet',
	group_published: 'Ihre Fokusgruppe steht fest',
	group_joined: 'Sie sind einer Fokusgruppe beigetreten',
	group_newcomer: 'Neues Mitglied in Ihrer Gruppe',
	group_message: 'Nachricht der Koordinierungsstelle an Ihre Gruppe',
	group_message_copy: 'Kopie an die Koordinierungsstelle: Nachricht an eine Gruppe',
	meetings_planned: 'Terminplan Ihrer Gruppe',
	meeting_added: 'Neuer Termin Ihrer Gruppe',
	meeting_moved: 'Termin Ihrer Gruppe geändert',
	meeting_cancelled: 'Termin Ihrer Gruppe abgesagt',
	group_ended_early: 'Ihre Gruppe vorzeitig beendet, ihre Termine abgesagt',
	reminder_week: 'Erinnerung eine Woche vor einem Treffen',
	reminder_day: 'Erinnerung am Tag vor einem Treffen',
	host_left: 'Hinweis an die Koordinierungsstelle: Gastgeber entfällt',
	host_comes: 'Hinweis an die Koordinierungsstelle: Gastgeber kommt wieder',
	host_declined: 'Hinweis an die Koordinierungsstelle: Gastgeber sagt ab',
	account_deleted: 'Bestätigung: Konto gelöscht',
} as const;

export type MailKind = keyof typeof MAIL_KINDS;

/** The words for a stored kind; a record from before a kind was renamed keeps its code. */
export const describeMailKind = (kind: string): string => (Object.hasOwn(MAIL_KINDS, kind) ? MAIL_KINDS[kind as MailKind] : kind);
