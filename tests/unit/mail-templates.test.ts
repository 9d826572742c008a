/** Wording of the mail templates where a detail is easy to get wrong. */
import { describe, expect, test } from 'vitest';
import { applicationDeclinedMail, groupPublishedMail, invitationMail, newApplicationNoticeMail } from '../../src/lib/server/mail-templates.ts';

const to = { name: 'Erika Beispiel', address: 'erika@example.org' };
const invitation = { link: 'https://forum.example.org/portal/einladung/?token=a.b', codePage: 'https://forum.example.org/portal/einladung/', code: 'K7QMR2XWPD', expiresAt: new Date('2026-03-09T08:00:00Z') };

describe('mail templates', () => {
	test('the group mail writes the number of other companies as a word', () => {
		const mail = groupPublishedMail(to, { groupName: 'Fokusgruppe A', topic: 'Energieeffizienz', size: 5, portal: 'https://forum.example.org/portal/' });
		expect(mail.text).toContain('gemeinsam mit vier weiteren Unternehmen');
		expect(groupPublishedMail(to, { groupName: 'Fokusgruppe A', topic: 'Energieeffizienz', size: 6, portal: '' }).text).toContain('mit fünf weiteren');
	});

	test('an invitation after an accepted application says so first; one from the office does not', () => {
		const welcome = invitationMail(to, { ...invitation, acceptedCompany: 'Muster GmbH' });
		expect(welcome.subject).toContain('Ihre Bewerbung ist angenommen');
		expect(welcome.text.split('\n\n')[1]).toContain('„Muster GmbH“ angenommen');
		const plain = invitationMail(to, invitation);
		expect(plain.subject).toBe('Ihre Einladung in das Portal des ThZM-Netzwerkforums');
		expect(plain.text).not.toContain('angenommen');
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
