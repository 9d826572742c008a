/** Wording of the mail templates where a detail is easy to get wrong. */
import { describe, expect, test } from 'vitest';
import { accountReadyMail, applicationDeclinedMail, groupMessageMail, passwordChangedMail, groupPublishedMail, hostLeftMail, invitationMail, meetingChangedMail, meetingReminderMail, meetingsPlannedMail, newApplicationNoticeMail, recoveryCodeUsedMail, teamChangeMail } from '../../src/lib/server/mail-templates.ts';
import { describeMailKind, MAIL_KINDS } from '../../src/lib/server/mail-kinds.ts';

const to = { name: 'Erika Beispiel', address: 'erika@example.org' };
const invitation = { link: 'https://forum.example.org/portal/einladung/?token=a.b', codePage: 'https://forum.example.org/portal/einladung/', code: 'K7QMR2XWPD', expiresAt: new Date('2026-03-09T08:00:00Z') };

describe('mail templates', () => {
	test('the group mail writes the number of other companies as a word', () => {
		const mail = groupPublishedMail(to, { groupName: 'Fokusgruppe A', topic: 'Energieeffizienz', size: 5, portal: 'https://forum.example.org/portal/' });
		expect(mail.text).toContain('gemeinsam mit vier weiteren Unternehmen');
		expect(groupPublishedMail(to, { groupName: 'Fokusgruppe A', topic: 'Energieeffizienz', size: 6, portal: '' }).text).toContain('mit fünf weiteren');
		// Someone accepted a moment ago cannot sign in yet: the mail says what to do first.
		expect(mail.text).not.toContain('noch nicht eingerichtet');
		const pending = groupPublishedMail(to, { groupName: 'Fokusgruppe A', topic: 'Energieeffizienz', size: 5, portal: '', joined: true, withoutPassword: 'invited' });
		expect(pending.text).toContain('Legen Sie zuerst über den Link in unserer Einladungs-E-Mail Ihr Passwort fest.');
		// Taken over from the list and not invited yet: there is no invitation mail to point to.
		const notInvited = groupPublishedMail(to, { groupName: 'Fokusgruppe A', topic: 'Energieeffizienz', size: 5, portal: '', withoutPassword: 'not-invited' });
		expect(notInvited.text).toContain('Dafür schicken wir Ihnen eine Einladung per E-Mail an diese Adresse');
		expect(notInvited.text).not.toContain('Einladungs-E-Mail');
		// The invitation may have run out long ago (a member placed in a later year): the way to a new one.
		expect(pending.text).toContain('Ist der Link abgelaufen (er gilt sieben Tage), antworten Sie einfach auf diese E-Mail; Sie bekommen dann eine neue Einladung.');
	});

	test('an invitation after an accepted application says so first; one from the office does not', () => {
		const welcome = invitationMail(to, { ...invitation, acceptedCompany: 'Muster GmbH' });
		expect(welcome.subject).toContain('Ihre Bewerbung ist angenommen');
		expect(welcome.text.split('\n\n')[1]).toContain('„Muster GmbH“ angenommen');
		const plain = invitationMail(to, invitation);
		expect(plain.subject).toBe('Ihre Einladung in das Portal des ThZM-Netzwerkforums');
		expect(plain.text).not.toContain('angenommen');
	});

	test('an office invitation names who in the office gave the access, and says whether the app is required here', () => {
		const byColleague = invitationMail(to, { ...invitation, office: true, invitedBy: 'Dana Demo', secondFactorRequired: true });
		expect(byColleague.text).toContain('Dana Demo hat für Sie einen Zugang zur Koordinierungsstelle des ThZM-Netzwerkforums angelegt.');
		expect(byColleague.text).toContain('für die Koordinierungsstelle ist sie vorgeschrieben');
		// The very first account comes from the server's command line: nobody to name, and the app optional here.
		const first = invitationMail(to, { ...invitation, office: true, invitedBy: null, secondFactorRequired: false });
		expect(first.text).toContain('für Sie ist ein Zugang zur Koordinierungsstelle des ThZM-Netzwerkforums angelegt.');
		expect(first.text).toContain('können Sie eine Authenticator-App einrichten');
		expect(first.text).not.toContain('in der Regel');
	});

	test('a changed meeting says what changed: a new date asks for answers anew; a host that left leaves host and place open', () => {
		const attachment = { filename: 'treffen.ics', content: '', contentType: 'text/calendar' };
		const base = { groupName: 'Fokusgruppe A', portal: 'https://x/', host: 'Muster GmbH', address: 'Muster GmbH, Weg 1, 99084 Erfurt' };
		const moved = meetingChangedMail(to, { ...base, change: 'moved', when: '3. März 2027 um 15:00 Uhr', previously: '3. März 2027 um 14:00 Uhr' }, attachment).text;
		expect(moved).toContain('(bisher: 3. März 2027 um 14:00 Uhr)');
		expect(moved).toContain('Zu- und Absagen für den bisherigen Termin gelten nicht mehr');
		const agenda = meetingChangedMail(to, { ...base, change: 'moved', when: '3. März 2027 um 14:00 Uhr', previously: '3. März 2027 um 14:00 Uhr' }, attachment).text;
		expect(agenda).toContain('beim Treffen Ihrer Fokusgruppe A am 3. März 2027 um 14:00 Uhr hat sich etwas geändert: Es findet jetzt bei Muster GmbH statt.');
		expect(agenda).not.toContain('Zu- und Absagen');
		const released = meetingChangedMail(to, { ...base, host: null, address: null, change: 'moved', when: '3. März 2027 um 14:00 Uhr', previously: '3. März 2027 um 14:00 Uhr' }, attachment).text;
		expect(released).toContain('hat sich etwas geändert.');
		expect(released).toContain('Gastgeber und Ort stehen noch nicht fest.');
		// Asked once to answer anew, not twice.
		expect(moved.match(/ob Sie kommen/g)).toHaveLength(1);
		expect(moved).toContain('Bitte geben Sie im Portal erneut an, ob Sie kommen:');
		// Same start, another end: the mail says so, not that the place changed.
		const longer = meetingChangedMail(to, { ...base, change: 'moved', when: '3. März 2027 um 14:00 Uhr', previously: '3. März 2027 um 14:00 Uhr', ends: { now: '18:00', before: '17:00' }, sameHost: true }, attachment).text;
		expect(longer).toContain('beim Treffen Ihrer Fokusgruppe A am 3. März 2027 um 14:00 Uhr bei Muster GmbH hat sich die Dauer geändert: Es endet jetzt um 18:00 Uhr (bisher um 17:00 Uhr).');
		expect(longer).not.toContain('Ort geändert');
		// Longer and elsewhere: both are said.
		const longerElsewhere = meetingChangedMail(to, { ...base, change: 'moved', when: '3. März 2027 um 14:00 Uhr', previously: '3. März 2027 um 14:00 Uhr', ends: { now: '18:00', before: '17:00' }, sameHost: true, placeChanged: true }, attachment).text;
		expect(longerElsewhere).toContain('bei Muster GmbH haben sich Ort und Dauer geändert: Es endet jetzt um 18:00 Uhr (bisher um 17:00 Uhr).');
		// A cancellation says where the meeting was to be, and the text names the weekday where it is given.
		const off = meetingChangedMail(to, { ...base, change: 'cancelled', when: '3. März 2027 um 14:00 Uhr', whenInFull: 'Mittwoch, 3. März 2027, 14:00 bis 17:00 Uhr', previously: null }, attachment);
		expect(off.subject).toBe('Abgesagt: Treffen der Fokusgruppe A am 3. März 2027 um 14:00 Uhr');
		expect(off.text).toContain('das Treffen Ihrer Fokusgruppe A am Mittwoch, 3. März 2027, 14:00 bis 17:00 Uhr bei Muster GmbH findet nicht statt.');
		expect(off.text).not.toContain('ausrichten');
		const offForHost = meetingChangedMail(to, { ...base, change: 'cancelled', when: '3. März 2027 um 14:00 Uhr', previously: null, hostRole: 'host' }, attachment).text;
		expect(offForHost).toContain('Ihr Unternehmen sollte dieses Treffen ausrichten; dafür ist nun nichts mehr vorzubereiten.');
		expect(offForHost).not.toContain('Ihr Unternehmen ist Gastgeber');
	});

	test('a change of host names the host it replaces, also with a new date or end; a new meeting brings its agenda', () => {
		const attachment = { filename: 'treffen.ics', content: '', contentType: 'text/calendar' };
		const base = { groupName: 'Fokusgruppe A', portal: 'https://x/', host: 'Muster GmbH', address: 'Muster GmbH, Weg 1, 99084 Erfurt', change: 'moved' as const, when: '3. März 2027 um 14:00 Uhr' };
		const taken = meetingChangedMail(to, { ...base, previously: base.when, hostBefore: 'Beispiel AG' }, attachment).text;
		expect(taken).toContain('hat sich etwas geändert: Es findet jetzt bei Muster GmbH statt (bisher bei Beispiel AG).');
		const moved = meetingChangedMail(to, { ...base, when: '4. März 2027 um 14:00 Uhr', previously: base.when, hostBefore: 'Beispiel AG' }, attachment).text;
		expect(moved).toContain('Es findet jetzt am 4. März 2027 um 14:00 Uhr bei Muster GmbH statt (bisher: 3. März 2027 um 14:00 Uhr bei Beispiel AG).');
		const longer = meetingChangedMail(to, { ...base, previously: base.when, hostBefore: 'Beispiel AG', ends: { now: '18:00', before: '17:00' } }, attachment).text;
		expect(longer).toContain('(bisher bei Beispiel AG). Es endet jetzt um 18:00 Uhr (bisher um 17:00 Uhr).');
		const open = meetingChangedMail(to, { ...base, host: null, address: null, previously: base.when, hostBefore: 'Beispiel AG' }, attachment).text;
		expect(open).toContain('hat sich etwas geändert: Beispiel AG ist nicht mehr Gastgeber.');
		expect(open).toContain('Gastgeber und Ort stehen noch nicht fest.');
		const added = meetingChangedMail(to, { ...base, change: 'added', previously: null, agenda: '14:00 Rundgang\n15:00 Austausch' }, attachment).text;
		expect(added).toContain('Ablauf:\n14:00 Rundgang\n15:00 Austausch');
		// A changed agenda alone sends no mail (meetings.ts); a change mail does not repeat it.
		expect(meetingChangedMail(to, { ...base, previously: base.when, agenda: 'Rundgang' }, attachment).text).not.toContain('Rundgang');
	});

	test('a reminder for a meeting without host and place says that both are open, and the host counts only guests', () => {
		const attachment = { filename: 'treffen.ics', content: '', contentType: 'text/calendar' };
		const base = { soon: 'morgen', groupName: 'Fokusgruppe A', when: 'Donnerstag, 3. Dezember 2026, 14:00 bis 17:00 Uhr', portal: 'https://x/' };
		const open = meetingReminderMail(to, { ...base, host: null, address: null }, attachment).text;
		expect(open).toContain('Gastgeber und Ort stehen noch nicht fest. Die Koordinierungsstelle klärt das und meldet sich vor dem Treffen.');
		const hosted = meetingReminderMail(to, { ...base, host: 'Muster GmbH', address: 'Weg 1, 99084 Erfurt', hosting: { coming: 0 } }, attachment).text;
		expect(hosted).not.toContain('noch nicht fest');
		expect(hosted).toContain('Aus den anderen Unternehmen hat bisher niemand zugesagt');
	});

	test('a reminder tells the member what they answered and brings the agenda', () => {
		const attachment = { filename: 'treffen.ics', content: '', contentType: 'text/calendar' };
		const base = { soon: 'in einer Woche', groupName: 'Fokusgruppe A', when: 'Donnerstag, 3. Dezember 2026, 14:00 bis 17:00 Uhr', portal: 'https://x/', host: 'Muster GmbH', address: 'Weg 1, 99084 Erfurt' };
		const coming = meetingReminderMail(to, { ...base, comes: true, agenda: '14:00 Rundgang durch die Fertigung' }, attachment).text;
		expect(coming).toContain('Sie haben zugesagt; kommt etwas dazwischen, sagen Sie bitte im Portal ab');
		expect(coming).toContain('Ablauf:\n14:00 Rundgang durch die Fertigung');
		const silent = meetingReminderMail(to, { ...base, comes: false }, attachment).text;
		expect(silent).toContain('Sie haben noch nicht angegeben, ob Sie kommen; das geht im Portal:');
		expect(silent).not.toContain('Ablauf');
		// The host's people are asked for nothing: they read where the answers are.
		const host = meetingReminderMail(to, { ...base, comes: true, hosting: { coming: 2 } }, attachment).text;
		expect(host).toContain('Aus den anderen Unternehmen haben bisher zwei Personen zugesagt.\n');
		expect(host).toContain('Wie viele kommen, sehen Sie bis zuletzt im Portal beim Termin:');
		// The portal shows the host a count, not names: the mail promises no more.
		expect(host).not.toMatch(/wer (noch )?kommt/i);
		// After the greeting's comma the letter goes on in lower case.
		expect(coming).toContain('Guten Tag Erika Beispiel,\n\nin einer Woche trifft sich Ihre Fokusgruppe A');
		expect(host).not.toContain('damit der Gastgeber planen kann');
	});

	test('a taken-up invitation welcomes a member to the portal and a coordinator to the office', () => {
		const options = { at: new Date('2026-11-28T09:00:00Z'), loginPage: 'https://forum.example.org/portal/anmelden/', resetPage: 'https://forum.example.org/portal/passwort-vergessen/' };
		const member = accountReadyMail({ name: 'Erika Beispiel', address: 'erika@example.org' }, options);
		expect(member.subject).toBe('Ihr Zugang zum Mitgliederportal ist eingerichtet');
		const office = accountReadyMail({ name: 'Dana Demo', address: 'dana@example.org' }, { ...options, office: true });
		expect(office.subject).toBe('Ihr Zugang zur Koordinierungsstelle des ThZM-Netzwerkforums ist eingerichtet');
		expect(office.text).toContain('willkommen bei der Koordinierungsstelle');
		expect(office.text).not.toContain('Mitgliederportal');
		// A member whose address the office corrected is no newcomer.
		const moved = accountReadyMail({ name: 'Erika Beispiel', address: 'erika.neu@example.org' }, { ...options, newAddress: true });
		expect(moved.subject).toBe('Ihre neue Anmeldeadresse ist eingerichtet');
		expect(moved.text).toContain('Ihre neue E-Mail-Adresse ist jetzt Ihre Anmeldung im ThZM-Netzwerkforum.');
		expect(moved.text).not.toContain('willkommen');
		// A notice that may mean someone else got in says how to reach the office: answering does (Reply-To).
		expect(passwordChangedMail(to, options).text).toContain('informieren Sie die Koordinierungsstelle; eine Antwort auf diese E-Mail erreicht sie.');
	});

	test('the office is not greeted by itself; members and applicants are', () => {
		const notice = newApplicationNoticeMail({ name: 'Koordinierungsstelle', address: 'office@example.org' }, { company: 'Muster GmbH', town: 'Jena', outsideThuringia: false, link: 'https://x/' });
		expect(notice.text).not.toContain('Ihre Koordinierungsstelle');
		expect(notice.html).not.toContain('Ihre Koordinierungsstelle');
		expect(applicationDeclinedMail(to, { company: 'Muster GmbH' }).text).toContain('Ihre Koordinierungsstelle');
	});

	test('a declined applicant is not promised a call that the deletion of their data would prevent', () => {
		const text = applicationDeclinedMail(to, { company: 'Muster GmbH' }).text;
		expect(text).not.toMatch(/kommen wir auf Sie zu/);
		expect(text).toContain('sechs Monate');
	});
});

describe('the plan mail', () => {
	test('promises reminders as chosen, and says when the first meeting is too near for its week reminder', () => {
		const attachment = { filename: 'plan.ics', content: '', contentType: 'text/calendar' };
		const base = { groupName: 'Fokusgruppe A', dates: ['Donnerstag, 3. Dezember 2026, 14:00 bis 17:00 Uhr bei Muster GmbH'], portal: 'https://x/' };
		const far = meetingsPlannedMail(to, { ...base, reminders: { week: true, day: true } }, attachment).text;
		expect(far).toContain('Eine Woche und einen Tag vor jedem Treffen erinnern wir Sie per E-Mail.');
		expect(far).not.toContain('weniger als einer Woche');
		const near = meetingsPlannedMail(to, { ...base, reminders: { week: true, day: true, firstWithinWeek: true } }, attachment).text;
		expect(near).toContain('Das erste Treffen ist schon in weniger als einer Woche; dafür steht diese E-Mail für die Erinnerung eine Woche vorher.');
		expect(meetingsPlannedMail(to, { ...base, reminders: { week: false, day: true, firstWithinWeek: true } }, attachment).text, 'no week reminder chosen, none to stand for').not.toContain('weniger als einer Woche');
	});
});

describe('the office hears that a host left', () => {
	test('meeting by meeting: where host and place are open, and where the place typed in stays', () => {
		const office = { name: 'Koordinierungsstelle', address: 'office@example.org' };
		const text = hostLeftMail(office, { groupName: 'Fokusgruppe E', companyName: 'Muster GmbH', openPlace: ['24. Februar 2027 um 16:30 Uhr'], placeKept: ['15. Juli 2027 um 14:00 Uhr'], link: 'https://x/' }).text;
		expect(text).toContain('Das Unternehmen war Gastgeber der Treffen am 24. Februar 2027 um 16:30 Uhr und 15. Juli 2027 um 14:00 Uhr.');
		expect(text).toContain('Beim Treffen am 24. Februar 2027 um 16:30 Uhr sind Gastgeber und Ort jetzt offen');
		expect(text).toContain('Das Treffen am 15. Juli 2027 um 14:00 Uhr bleibt am eingetragenen Ort; nur der Gastgeber ist offen.');
	});
});

describe('mails about access', () => {
	const at = new Date('2026-11-28T09:00:00Z');
	test('a corrected address is not to be deleted unread: the old password no longer works', () => {
		const moved = invitationMail(to, { ...invitation, newAddress: true }).text;
		expect(moved).not.toContain('einfach löschen');
		expect(moved).toContain('Haben Sie nicht mit dieser Änderung gerechnet, antworten Sie bitte auf diese E-Mail');
		expect(moved).toMatch(/Der Link gilt bis .+\. Läuft er ab/);
		expect(invitationMail(to, invitation).text).toContain('Haben Sie diese E-Mail nicht erwartet, können Sie sie einfach löschen.');
	});

	test('a used recovery code asks for new codes if it was not them, and names the page of the reader', () => {
		const member = recoveryCodeUsedMail(to, { at, left: 9, resetPage: 'https://x/', office: false }).text;
		expect(member).toContain('neue erzeugen Sie im Portal unter „Profil“');
		expect(member).toContain('erzeugen Sie danach selbst neue Ersatzcodes (die übrigen gelten dann nicht mehr)');
		expect(recoveryCodeUsedMail(to, { at, left: 9, resetPage: 'https://x/', office: true }).text).toContain('neue erzeugen Sie unter „Mein Konto“');
	});

	test('withdrawing an invitation into the office is said as such, in proper German, to the person and to the team', () => {
		const person = { name: 'Max Kollege', address: 'max@example.org', hasPassword: false };
		const by = { name: 'Dana Demo', address: 'dana@example.org' };
		const own = teamChangeMail({ name: 'Max Kollege', address: 'max@example.org' }, { change: 'revoked', person, by, at, link: 'https://x/' });
		expect(own.text).toContain('Ihre Einladung in die Koordinierungsstelle des ThZM-Netzwerkforums zurückgezogen');
		const team = teamChangeMail({ name: 'Eva Team', address: 'eva@example.org' }, { change: 'revoked', person, by, at, link: 'https://x/' });
		expect(team.subject).toBe('Einladung in die Koordinierungsstelle zurückgezogen: Max Kollege');
		expect(team.text).toContain('die Einladung von Max Kollege (max@example.org) in die Koordinierungsstelle zurückgezogen');
		expect(team.text).not.toContain('abgemeldet');
	});
});

describe('addresses in running text', () => {
	test('are links in the HTML part, without the bracket or full stop after them, and bring no markup', () => {
		const notice = passwordChangedMail(to, { at: new Date('2026-11-28T09:00:00Z'), loginPage: 'https://forum.example.org/portal/anmelden/', resetPage: 'https://forum.example.org/portal/passwort-vergessen/' });
		expect(notice.html).toContain('(<a href="https://forum.example.org/portal/passwort-vergessen/">https://forum.example.org/portal/passwort-vergessen/</a>)');
		const message = groupMessageMail(to, { groupName: 'Fokusgruppe A', subject: 'Ort', text: 'Anfahrt: https://example.org/weg?a=1&b="x"<b>fett</b>. Bis bald.', portal: 'https://x/' });
		// The address ends where a quote or bracket begins; what follows is text, escaped.
		expect(message.html).toContain('Anfahrt: <a href="https://example.org/weg?a=1&amp;b=">https://example.org/weg?a=1&amp;b=</a>&quot;x&quot;&lt;b&gt;fett&lt;/b&gt;. Bis bald.');
		expect(message.html).not.toContain('<b>');
		expect(message.text).toContain('https://example.org/weg?a=1&b="x"<b>fett</b>. Bis bald.');
	});
});

describe('kinds of mail in the data download', () => {
	test('each kind has its own words, and a code no longer sent stays readable as it was stored', () => {
		const labels = Object.values(MAIL_KINDS);
		expect(new Set(labels).size).toBe(labels.length);
		expect(describeMailKind('reminder_day')).toBe('Erinnerung am Tag vor einem Treffen');
		expect(describeMailKind('newsletter_2025')).toBe('newsletter_2025');
		// An inherited property is no kind of mail.
		expect(describeMailKind('toString')).toBe('toString');
	});
});
