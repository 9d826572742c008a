/**
 * German mail texts ("Sie"), each as plain text and HTML. Values are escaped for HTML; the
 * plain text is what most corporate mail clients show first, so it carries everything too.
 */
import type { Mail, MailAddress } from './mail.ts';
import { andList, formatDate, formatDateTime } from '../site.ts';
import { formatCode } from './random.ts';

const escapeHtml = (value: string) =>
	value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Running text as HTML, its web addresses as links (the reset page in a notice, an address in the
 * office's message): not every mail client links them by itself. Every part is escaped, the
 * addresses too; a closing bracket or full stop after an address stays outside it.
 */
function withLinks(text: string): string {
	let html = '';
	let rest = 0;
	for (const found of text.matchAll(/https?:\/\/[^\s<>"]*[^\s<>".,;:!?)]/g)) {
		const url = escapeHtml(found[0]);
		html += `${escapeHtml(text.slice(rest, found.index))}<a href="${url}">${url}</a>`;
		rest = found.index + found[0].length;
	}
	return html + escapeHtml(text.slice(rest));
}


const SIGNATURE = 'Ihre Koordinierungsstelle des ThZM-Netzwerkforums';

/** Small numbers in running text are written as words ("mit vier weiteren Unternehmen"). */
const NUMBER_WORDS = ['null', 'einem', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf'];
const inWords = (n: number) => NUMBER_WORDS[n] ?? String(n);

/** Paragraphs of plain text; a paragraph that is a URL becomes a button-like link in HTML. */
type Block = string | { link: string; label: string } | { code: string };

/** `signed: false` for mails to the office itself, which should not greet itself. */
function compose(to: MailAddress, subject: string, blocks: Block[], { signed = true } = {}): Mail {
	const signature = signed ? [SIGNATURE] : [];
	const text = [
		...blocks.map((b) =>
			typeof b === 'string' ? b : 'link' in b ? `${b.label}:\n${b.link}` : `Ihr Code: ${formatCode(b.code)}`,
		),
		...signature,
	].join('\n\n');
	const html = [
		'<!doctype html><html lang="de"><body style="font-family:system-ui,Arial,sans-serif;line-height:1.5;color:#1b2330;max-width:36rem">',
		...blocks.map((b) =>
			typeof b === 'string'
				? `<p>${withLinks(b).replaceAll('\n', '<br>')}</p>`
				: 'link' in b
					? `<p><a href="${escapeHtml(b.link)}" style="display:inline-block;padding:.6rem 1rem;background:#17456b;color:#fff;border-radius:.4rem;text-decoration:none">${escapeHtml(b.label)}</a></p>`
					: `<p>Ihr Code: <strong style="font-family:monospace;font-size:1.2em;letter-spacing:.1em">${formatCode(b.code)}</strong></p>`,
		),
		...signature.map((line) => `<p>${escapeHtml(line)}</p>`),
		'</body></html>',
	].join('\n');
	return { to, subject, text, html };
}

type InvitationReason = {
	/** The invitation answers an application, so it says first that it was accepted. */
	acceptedCompany?: string | undefined;
	/** With `acceptedCompany`: the company was a member already, and the person joins it. */
	joinedCompany?: boolean | undefined;
	/** A coordinator's account, which is about the office's work, not a focus group. */
	office?: boolean;
	/** The office corrected the address of an existing member's account; the login starts anew. */
	newAddress?: boolean;
	/** The account was taken over from the office's list of the network's existing members (member-import.ts). */
	takenOver?: boolean;
	/** For a coordinator's account: who in the office invited them, and whether the app is required. */
	invitedBy?: string | null | undefined;
	secondFactorRequired?: boolean;
};

/** Subject and first paragraphs of an invitation: why this person gets a link to set a password. */
function invitationOpening({ acceptedCompany, joinedCompany, office, newAddress, takenOver, invitedBy, secondFactorRequired }: InvitationReason): {
	subject: string;
	paragraphs: string[];
} {
	if (acceptedCompany && joinedCompany) {
		return {
			subject: 'Willkommen im ThZM-Netzwerkforum: Ihre Bewerbung ist angenommen',
			paragraphs: [
				`gute Nachrichten: Die Koordinierungsstelle hat Ihre Bewerbung angenommen. Sie gehören jetzt als weitere Person von „${acceptedCompany}“ zum ThZM-Netzwerkforum. Willkommen!`,
				'Die Themen aus Ihrer Bewerbung stehen schon im Mitgliederportal unter „Interessen“; prüfen Sie dort bitte, ob Reihenfolge und Auswahl noch stimmen. Bei der nächsten Gruppenbildung teilen wir Sie einer Fokusgruppe zu, einer anderen als der Ihrer Kolleginnen und Kollegen, denn jedes Unternehmen ist in einer Gruppe einmal vertreten. Dann sehen Sie im Portal Ihre Gruppe und die Termine der Treffen.',
			],
		};
	}
	if (acceptedCompany) {
		return {
			subject: 'Willkommen im ThZM-Netzwerkforum: Ihre Bewerbung ist angenommen',
			paragraphs: [
				`gute Nachrichten: Die Koordinierungsstelle hat die Bewerbung Ihres Unternehmens „${acceptedCompany}“ angenommen. Willkommen im ThZM-Netzwerkforum!`,
				'Die Themen aus Ihrer Bewerbung stehen schon im Mitgliederportal unter „Interessen“; prüfen Sie dort bitte, ob Reihenfolge und Auswahl noch stimmen. Danach stellen wir die Fokusgruppen zusammen, und Sie sehen im Portal Ihre Gruppe und die Termine der Treffen.',
			],
		};
	}
	if (newAddress) {
		return {
			subject: 'Ihre neue Anmeldeadresse im Portal des ThZM-Netzwerkforums',
			paragraphs: [
				'die Koordinierungsstelle hat die E-Mail-Adresse Ihres Kontos im Mitgliederportal des ThZM-Netzwerkforums berichtigt: Sie melden sich ab jetzt mit dieser Adresse an. Ihre Gruppe, Ihre Interessen und Ihre Antworten zu den Treffen bleiben, wie sie sind.',
				'Von den Gesprächspunkten Ihrer Gruppe sehen Sie die, die von jetzt an dazukommen, die bisherigen nicht mehr, auch Ihre eigenen nicht. Das schützt die Vertraulichkeit der Gruppe, falls die neue Adresse nicht Ihre ist. Einen eigenen bisherigen Punkt kann ein anderes Mitglied Ihrer Gruppe für Sie als besprochen abhaken.',
				'Damit sich nur anmelden kann, wer diese Adresse liest, gilt das bisherige Passwort nicht mehr. Auch eine Authenticator-App und eine private Kalenderadresse richten Sie bei Bedarf neu ein.',
			],
		};
	}
	if (office) {
		return {
			subject: 'Ihr Zugang zur Koordinierungsstelle des ThZM-Netzwerkforums',
			paragraphs: [
				// Access to every member's data: the person should know who in the office gave it.
				`${invitedBy ? `${invitedBy} hat für Sie einen Zugang zur Koordinierungsstelle des ThZM-Netzwerkforums angelegt` : 'für Sie ist ein Zugang zur Koordinierungsstelle des ThZM-Netzwerkforums angelegt'}. Damit bearbeiten Sie Bewerbungen, Mitglieder, Fokusgruppen und Treffen.`,
				secondFactorRequired
					? 'Nach dem Passwort richten Sie eine Authenticator-App ein; für die Koordinierungsstelle ist sie vorgeschrieben, denn sie sieht die Daten aller Mitglieder.'
					: 'Nach dem Passwort können Sie eine Authenticator-App einrichten; wir empfehlen es, denn die Koordinierungsstelle sieht die Daten aller Mitglieder.',
			],
		};
	}
	if (takenOver) {
		return {
			subject: 'Das ThZM-Netzwerkforum hat ein Mitgliederportal: Ihr Zugang',
			paragraphs: [
				'das ThZM-Netzwerkforum, zu dem Ihr Unternehmen gehört, hat jetzt ein Mitgliederportal. Die Koordinierungsstelle hat dafür Ihr Konto angelegt, mit den Angaben aus ihrer bisherigen Mitgliederliste.',
				'Im Portal sehen Sie Ihre Fokusgruppe, sobald die Koordinierungsstelle sie dort eingetragen hat, die Termine der Treffen und Ihre eigenen Angaben. Bitte prüfen Sie dort nach dem ersten Anmelden unter „Profil“ und „Interessen“, ob alles stimmt; Einwilligungen, etwa zur Nennung Ihres Unternehmens auf der Website, geben Sie dort selbst.',
			],
		};
	}
	return {
		subject: 'Ihre Einladung in das Portal des ThZM-Netzwerkforums',
		paragraphs: [
			'die Koordinierungsstelle hat für Sie ein Konto im Mitgliederportal des ThZM-Netzwerkforums angelegt. Dort sehen Sie Ihre Fokusgruppe, die nächsten Treffen und Ihre eigenen Angaben.',
		],
	};
}

export function invitationMail(
	to: MailAddress,
	options: { link: string; codePage: string; code: string; expiresAt: Date } & InvitationReason,
): Mail {
	const { subject, paragraphs } = invitationOpening(options);
	return compose(to, subject, [
		`Guten Tag ${to.name},`,
		...paragraphs,
		options.newAddress
			? 'Bitte legen Sie über den folgenden Link ein neues Passwort fest:'
			: 'Bitte legen Sie über den folgenden Link Ihr Passwort fest:',
		{ link: options.link, label: 'Passwort festlegen' },
		`Falls der Link nicht funktioniert, öffnen Sie ${options.codePage} und geben Sie Ihre E-Mail-Adresse und diesen Code ein:`,
		{ code: options.code },
		`${options.newAddress ? 'Der Link' : 'Die Einladung'} gilt bis ${formatDateTime(options.expiresAt)}. Läuft ${options.newAddress ? 'er' : 'sie'} ab, bevor Sie Ihr Passwort festgelegt haben, schickt Ihnen die Koordinierungsstelle gern ${options.newAddress ? 'einen neuen' : 'eine neue'}.`,
		// After an application the mail is expected; only a plain invitation may reach someone by mistake.
		// Deleting the mail about a corrected address would leave a member without a password.
		...(options.acceptedCompany
			? []
			: options.newAddress || options.takenOver
				? [options.newAddress ? 'Haben Sie nicht mit dieser Änderung gerechnet, antworten Sie bitte auf diese E-Mail; sie erreicht die Koordinierungsstelle.' : 'Haben Sie Fragen dazu, antworten Sie bitte auf diese E-Mail; sie erreicht die Koordinierungsstelle.']
				: ['Haben Sie diese E-Mail nicht erwartet, können Sie sie einfach löschen.']),
	]);
}

export function passwordResetMail(
	to: MailAddress,
	options: { link: string; codePage: string; code: string; expiresAt: Date },
): Mail {
	return compose(to, 'Neues Passwort für das ThZM-Netzwerkforum', [
		`Guten Tag ${to.name},`,
		'Sie haben ein neues Passwort für das Mitgliederportal angefordert. Über den folgenden Link legen Sie es fest:',
		{ link: options.link, label: 'Neues Passwort festlegen' },
		`Falls der Link nicht funktioniert, öffnen Sie ${options.codePage} und geben Sie Ihre E-Mail-Adresse und diesen Code ein:`,
		{ code: options.code },
		`Der Link gilt bis ${formatDateTime(options.expiresAt)} und nur einmal. Haben Sie kein neues Passwort angefordert, ignorieren Sie diese E-Mail; Ihr bisheriges Passwort bleibt gültig.`,
	]);
}

/**
 * After an invitation was taken up: the account works now; the safety line stays, in case it was
 * not them. `office`: a coordinator's account, which opens the office's pages, not the portal.
 */
export function accountReadyMail(to: MailAddress, options: { at: Date; loginPage: string; resetPage: string; office?: boolean; newAddress?: boolean }): Mail {
	const where = options.office ? 'zur Koordinierungsstelle des ThZM-Netzwerkforums' : 'zum Mitgliederportal';
	// Someone whose address the office corrected has been a member for long: no welcome.
	const opening = options.newAddress
		? 'Ihre neue E-Mail-Adresse ist jetzt Ihre Anmeldung im ThZM-Netzwerkforum'
		: options.office
			? 'willkommen bei der Koordinierungsstelle des ThZM-Netzwerkforums'
			: 'willkommen im Mitgliederportal des ThZM-Netzwerkforums';
	return compose(to, options.newAddress ? 'Ihre neue Anmeldeadresse ist eingerichtet' : `Ihr Zugang ${where} ist eingerichtet`, [
		`Guten Tag ${to.name},`,
		`${opening}. Sie haben am ${formatDateTime(options.at)} Ihr Passwort festgelegt; ab jetzt melden Sie sich mit Ihrer E-Mail-Adresse und diesem Passwort an:`,
		{ link: options.loginPage, label: 'Zur Anmeldung' },
		`Haben nicht Sie das Passwort festgelegt, setzen Sie es bitte sofort neu (${options.resetPage}) und informieren Sie die Koordinierungsstelle; eine Antwort auf diese E-Mail erreicht sie.`,
	]);
}

export function passwordChangedMail(to: MailAddress, options: { at: Date; loginPage: string; resetPage: string }): Mail {
	return compose(to, 'Ihr Passwort wurde geändert', [
		`Guten Tag ${to.name},`,
		`das Passwort Ihres Kontos im ThZM-Netzwerkforum wurde am ${formatDateTime(options.at)} neu festgelegt. Alle anderen Anmeldungen wurden dabei beendet.`,
		`Waren Sie das nicht, setzen Sie Ihr Passwort bitte sofort neu (${options.resetPage}) und informieren Sie die Koordinierungsstelle; eine Antwort auf diese E-Mail erreicht sie.`,
	]);
}

/** After an authenticator app was set up or removed: a change the owner must hear of if it was not them. */
export function secondFactorChangedMail(to: MailAddress, options: { at: Date; enabled: boolean; resetPage: string; byOffice?: boolean }): Mail {
	return compose(to, options.enabled ? 'Anmeldung mit Authenticator-App eingerichtet' : 'Anmeldung mit Authenticator-App entfernt', [
		`Guten Tag ${to.name},`,
		options.enabled
			? `für Ihr Konto im ThZM-Netzwerkforum wurde am ${formatDateTime(options.at)} eine Authenticator-App eingerichtet. Ab jetzt fragt das Portal nach dem Passwort auch nach dem Code aus dieser App; alle anderen Anmeldungen wurden beendet.`
			: `die Anmeldung mit Authenticator-App wurde für Ihr Konto im ThZM-Netzwerkforum am ${formatDateTime(options.at)} ${options.byOffice ? 'von der Koordinierungsstelle ' : ''}entfernt. Bis Sie eine neue App einrichten, genügt Ihr Passwort.`,
		options.byOffice
			? `Haben Sie nicht darum gebeten, setzen Sie Ihr Passwort bitte sofort neu (${options.resetPage}) und antworten Sie auf diese E-Mail; sie erreicht die Koordinierungsstelle.`
			: `Waren Sie das nicht, setzen Sie Ihr Passwort bitte sofort neu (${options.resetPage}) und informieren Sie die Koordinierungsstelle; eine Antwort auf diese E-Mail erreicht sie.`,
	]);
}

export function recoveryCodeUsedMail(to: MailAddress, options: { at: Date; left: number; resetPage: string; office?: boolean }): Mail {
	const left = options.left === 0 ? 'Es ist keiner mehr übrig' : options.left === 1 ? 'Es ist noch einer übrig' : `Es sind noch ${inWords(options.left)} übrig`;
	return compose(to, 'Anmeldung mit einem Ersatzcode', [
		`Guten Tag ${to.name},`,
		`am ${formatDateTime(options.at)} hat sich jemand mit Ihrem Passwort und einem Ihrer Ersatzcodes statt des Codes aus der App im ThZM-Netzwerkforum angemeldet. Der Ersatzcode gilt jetzt nicht mehr. ${left}; neue erzeugen Sie ${options.office ? 'unter „Mein Konto“' : 'im Portal unter „Profil“'}.`,
		// Whoever has one code likely has the list: the others must go too.
		`Waren Sie das nicht, setzen Sie Ihr Passwort bitte sofort neu (${options.resetPage}), erzeugen Sie danach selbst neue Ersatzcodes (die übrigen gelten dann nicht mehr) und informieren Sie die Koordinierungsstelle; eine Antwort auf diese E-Mail erreicht sie.`,
	]);
}

export function recoveryCodesRenewedMail(to: MailAddress, options: { at: Date; resetPage: string }): Mail {
	return compose(to, 'Neue Ersatzcodes für Ihre Anmeldung', [
		`Guten Tag ${to.name},`,
		`für Ihr Konto im ThZM-Netzwerkforum wurden am ${formatDateTime(options.at)} neue Ersatzcodes erzeugt. Die bisherigen gelten nicht mehr; die neuen wurden nur auf der Seite angezeigt, auf der sie erzeugt wurden.`,
		`Waren Sie das nicht, setzen Sie Ihr Passwort bitte sofort neu (${options.resetPage}), erzeugen Sie danach selbst neue Ersatzcodes und informieren Sie die Koordinierungsstelle; eine Antwort auf diese E-Mail erreicht sie.`,
	]);
}

/** To the office: the member of the host company said no, so the meeting has no place for now. */
/**
 * To the office: the member of the host company answered their own meeting. "No" leaves the
 * meeting without a place for now; "yes" after a "no" takes it off the office's list again.
 */
export function hostAnswerMail(
	to: MailAddress,
	options: { groupName: string; hostName: string; memberName: string; startsAt: Date; link: string; comes: boolean; lastForNow?: boolean },
): Mail {
	const who = `${options.memberName}${options.hostName ? ` (${options.hostName})` : ''}`;
	const when = `das Treffen der ${options.groupName} am ${formatDateTime(options.startsAt)}`;
	return compose(
		to,
		`${options.comes ? 'Gastgeber kommt doch' : 'Gastgeber kann nicht'}: ${options.groupName}, ${formatDateTime(options.startsAt)}`,
		[
			options.comes
				? `${who} hat für ${when} nun doch „Ich komme“ gewählt. Das Unternehmen ist Gastgeber dieses Treffens; Ihre Arbeitsliste führt das Treffen nicht mehr.`
				: `${who} hat für ${when} „Ich komme nicht“ gewählt. Das Unternehmen ist Gastgeber dieses Treffens.`,
			...(options.comes ? [] : ['Bitte klären Sie einen anderen Gastgeber oder einen neuen Termin. Bis dahin steht das Treffen in Ihrer Arbeitsliste.']),
			...(options.lastForNow
				? [`${options.memberName} hat die Antwort heute mehrfach geändert. Weitere Änderungen melden wir Ihnen für 24 Stunden nicht mehr per E-Mail; den jeweils aktuellen Stand zeigt Ihre Arbeitsliste.`]
				: []),
			`Mit „Antworten“ erreichen Sie ${options.memberName}.`,
			{ link: options.link, label: 'Gruppe und Treffen ansehen' },
		],
		{ signed: false },
	);
}

/** To the office: a host company left a group on its own; its coming meetings have no host or place now. */
/**
 * To the office: a host company left. `openPlace`: dates that lost host and place (the group was
 * told the office sees to them); `placeKept`: dates at a place the office had typed in, which stays.
 */
export function hostLeftMail(to: MailAddress, options: { groupName: string; companyName: string; openPlace: readonly string[]; placeKept: readonly string[]; link: string }): Mail {
	const meetings = (dates: readonly string[]) => (dates.length === 1 ? `am ${dates[0]}` : `am ${andList(dates)}`);
	const all = [...options.openPlace, ...options.placeKept];
	return compose(
		to,
		`Gastgeber entfällt: ${options.groupName}`,
		[
			`${options.companyName} gehört nicht mehr zur ${options.groupName}: Die Person hat ihr Konto gelöscht. Das Unternehmen war Gastgeber ${all.length === 1 ? 'des Treffens' : 'der Treffen'} ${meetings(all)}.`,
			...(options.openPlace.length > 0
				? [`${options.openPlace.length === 1 ? 'Beim Treffen' : 'Bei den Treffen'} ${meetings(options.openPlace)} sind Gastgeber und Ort jetzt offen; die Gruppe ist informiert und weiß, dass Sie sich darum kümmern. Bis dahin ${options.openPlace.length === 1 ? 'steht es' : 'stehen sie'} in Ihrer Arbeitsliste.`]
				: []),
			...(options.placeKept.length > 0
				? [`${options.placeKept.length === 1 ? 'Das Treffen' : 'Die Treffen'} ${meetings(options.placeKept)} ${options.placeKept.length === 1 ? 'bleibt' : 'bleiben'} am eingetragenen Ort; nur der Gastgeber ist offen.`]
				: []),
			{ link: options.link, label: 'Gruppe und Treffen ansehen' },
		],
		{ signed: false },
	);
}

/** What changed in the office's team; every coordinator hears of it, and so does the person concerned. */
export type TeamChange = 'invited' | 'revoked' | 'restored';

/**
 * To the coordinators, and to the person whose access ended or came back: a new account of the
 * office sees every member's data, so nobody in the team should learn of it only from the log.
 * `by` made the change; they get the mail too, in their own words, in case it was not them.
 */
export function teamChangeMail(
	to: MailAddress,
	options: { change: TeamChange; person: MailAddress & { hasPassword: boolean }; by: MailAddress; at: Date; link: string },
): Mail {
	const { change, person, by } = options;
	const when = formatDateTime(options.at);
	// After „zur“ (zu der) and „in die“: the office without its article.
	const OFFICE = 'Koordinierungsstelle des ThZM-Netzwerkforums';
	if (to.address === person.address) {
		const revoked = change === 'revoked';
		return compose(
			to,
			revoked ? (person.hasPassword ? 'Ihr Zugang zur Koordinierungsstelle ist beendet' : 'Ihre Einladung in die Koordinierungsstelle ist zurückgezogen') : 'Ihr Zugang zur Koordinierungsstelle ist wieder freigegeben',
			[
				`Guten Tag ${to.name},`,
				revoked
					? person.hasPassword
						? `${by.name} hat am ${when} Ihren Zugang zur ${OFFICE} beendet. Sie sind auf allen Geräten abgemeldet.`
						: `${by.name} hat am ${when} Ihre Einladung in die ${OFFICE} zurückgezogen; der Link darin gilt nicht mehr.`
					: person.hasPassword
						? `${by.name} hat am ${when} Ihren Zugang zur ${OFFICE} wieder freigegeben. Sie melden sich mit Ihrem bisherigen Passwort an.`
						: `${by.name} hat am ${when} Ihren Zugang zur ${OFFICE} wieder freigegeben. Eine neue Einladung zum Festlegen Ihres Passworts kommt in einer eigenen E-Mail.`,
				`War das nicht abgesprochen, wenden Sie sich bitte an ${by.name} (${by.address}).`,
			],
			{ signed: false },
		);
	}
	const mine = to.address === by.address;
	const who = `${person.name} (${person.address})`;
	const did = mine ? 'Sie haben' : `${by.name} hat`;
	const what = {
		invited: `${did} am ${when} ${who} in die Koordinierungsstelle eingeladen. Mit diesem Zugang sieht man die Daten aller Bewerbungen, Mitglieder und Gruppen.`,
		// Someone who never set a password had an invitation, not an access with sessions to end.
		revoked: person.hasPassword
			? `${did} am ${when} den Zugang von ${who} zur Koordinierungsstelle beendet. Die Person ist auf allen Geräten abgemeldet.`
			: `${did} am ${when} die Einladung von ${who} in die Koordinierungsstelle zurückgezogen; der Link darin gilt nicht mehr.`,
		restored: `${did} am ${when} den Zugang von ${who} zur Koordinierungsstelle wieder freigegeben. Mit diesem Zugang sieht man die Daten aller Bewerbungen, Mitglieder und Gruppen.`,
	}[change];
	return compose(
		to,
		`${{ invited: 'Neuer Zugang zur Koordinierungsstelle', revoked: person.hasPassword ? 'Zugang zur Koordinierungsstelle beendet' : 'Einladung in die Koordinierungsstelle zurückgezogen', restored: 'Zugang zur Koordinierungsstelle wieder freigegeben' }[change]}: ${person.name}`,
		[
			`Guten Tag ${to.name},`,
			what,
			mine
				? 'Waren Sie das nicht, ändern Sie bitte sofort Ihr Passwort und sehen Sie unter „Team“ nach, wer Zugang hat.'
				: `Wissen Sie nichts davon, sprechen Sie bitte mit ${by.name} und sehen Sie unter „Team“ nach, wer Zugang hat.`,
			{ link: options.link, label: 'Team der Koordinierungsstelle ansehen' },
		],
		{ signed: false },
	);
}

/** A message of the office to a whole group; "Antworten" reaches the office (mail.ts's default reply address). */
/** `copyFor`: the office's own copy, and to how many members the message went. */
export function groupMessageMail(to: MailAddress, options: { groupName: string; subject: string; text: string; portal: string; copyFor?: number }): Mail {
	const copy = options.copyFor !== undefined;
	return compose(
		to,
		`${copy ? 'Kopie: ' : ''}${options.groupName}: ${options.subject}`,
		[
			copy ? `Kopie Ihrer Nachricht an die ${options.groupName} (an ${options.copyFor === 1 ? 'ein Mitglied' : `${inWords(options.copyFor!)} Mitglieder`}):` : `Guten Tag ${to.name},`,
			// Paragraphs as the office wrote them; single line breaks stay inside a paragraph.
			...options.text.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter(Boolean),
			{ link: options.portal, label: 'Zum Mitgliederportal' },
		],
		copy ? { signed: false } : {},
	);
}

/** `earlierOn`: when an application under this address that is still open arrived (a second one is often a correction). */
export function applicationReceivedMail(to: MailAddress, options: { company: string; earlierOn?: Date | null }): Mail {
	return compose(to, 'Ihre Bewerbung für das ThZM-Netzwerkforum ist eingegangen', [
		`Guten Tag ${to.name},`,
		`vielen Dank für die Bewerbung Ihres Unternehmens „${options.company}“. Sie ist bei der Koordinierungsstelle eingegangen.`,
		...(options.earlierOn
			? [`Unter dieser Adresse liegt uns schon eine Bewerbung vom ${formatDate(options.earlierOn)} vor. Die Koordinierungsstelle sieht beide zusammen; Sie müssen nichts weiter tun.`]
			: []),
		'Wir sehen uns Ihre Angaben in Ruhe an und melden uns bei Ihnen. Wenn Sie bis dahin Fragen haben, Angaben ergänzen oder die Bewerbung zurückziehen möchten, antworten Sie einfach auf diese E-Mail.',
	]);
}

/** The office's notice of an application names the company in its subject (its delivery record too). */
export const applicationNoticeSubject = (company: string) => `Neue Bewerbung: ${company}`;

export function newApplicationNoticeMail(
	to: MailAddress,
	options: { company: string; town: string; outsideThuringia: boolean; link: string },
): Mail {
	return compose(to, applicationNoticeSubject(options.company), [
		`Neue Bewerbung von ${options.company} aus ${options.town}.`,
		...(options.outsideThuringia ? ['Hinweis: Die Postleitzahl liegt nicht in Thüringen.'] : []),
		{ link: options.link, label: 'Bewerbung ansehen' },
		'Mit „Antworten“ erreichen Sie die Ansprechperson des Unternehmens.',
	], { signed: false });
}

export function applicationDeclinedMail(to: MailAddress, options: { company: string }): Mail {
	return compose(to, 'Ihre Bewerbung für das ThZM-Netzwerkforum', [
		`Guten Tag ${to.name},`,
		`vielen Dank für Ihr Interesse am ThZM-Netzwerkforum und für die Bewerbung Ihres Unternehmens „${options.company}“.`,
		'Wir können Ihr Unternehmen derzeit leider in keine unserer Fokusgruppen aufnehmen. Das liegt meist an der Zusammensetzung der Gruppen, etwa wenn Wettbewerber schon vertreten sind, und ist kein Urteil über Ihr Unternehmen.',
		'Neue Gruppen bilden sich immer wieder; eine neue Bewerbung zu einem späteren Zeitpunkt ist jederzeit willkommen. Ihre jetzigen Bewerbungsdaten löschen wir sechs Monate nach dieser Nachricht.',
	]);
}

/** `joined`: a seat in a group that already meets (a free place filled), not a new group. */
export function groupPublishedMail(
	to: MailAddress,
	/** `comingMeetings`: for someone joining a group that already has dates ("3. März 2027 um 14:00 Uhr bei …"). */
	/**
	 * `withoutPassword`: the person has not set a password yet, so the portal is not open to them:
	 * `invited` (accepted just now, or invited by the office) or `not-invited` (taken over from
	 * the office's list, and the office has not sent the invitation yet).
	 */
	options: { groupName: string; topic: string; size: number; portal: string; joined?: boolean; comingMeetings?: readonly string[]; withoutPassword?: 'invited' | 'not-invited' | undefined },
): Mail {
	// Not "from other industries": the office may place two companies of one industry together.
	const others = `gemeinsam mit ${inWords(options.size - 1)} weiteren Unternehmen`;
	return compose(to, `Ihre Fokusgruppe steht fest: ${options.groupName}`, [
		`Guten Tag ${to.name},`,
		options.joined
			? `die Koordinierungsstelle hat einen freien Platz in der ${options.groupName} zum Thema „${options.topic}“ für Sie vorgesehen.${options.size > 1 ? ` Sie treffen sich dort ${others}.` : ''}`
			: `die Koordinierungsstelle hat die Fokusgruppen zusammengestellt. Sie gehören zur ${options.groupName} zum Thema „${options.topic}“, ${others}.`,
		...(options.comingMeetings?.length ? ['Die nächsten Treffen der Gruppe:', options.comingMeetings.map((m) => `– ${m}`).join('\n')] : []),
		...(options.withoutPassword === 'invited'
			? ['Ihr Zugang zum Portal ist noch nicht eingerichtet: Legen Sie zuerst über den Link in unserer Einladungs-E-Mail Ihr Passwort fest. Ist der Link abgelaufen (er gilt sieben Tage), antworten Sie einfach auf diese E-Mail; Sie bekommen dann eine neue Einladung.']
			: []),
		// Taken over from the office's list: no invitation has gone out that this mail could point to.
		...(options.withoutPassword === 'not-invited'
			? ['Ihr Zugang zum Portal ist noch nicht eingerichtet: Dafür schicken wir Ihnen eine Einladung per E-Mail an diese Adresse, mit der Sie Ihr Passwort festlegen. Fragen beantworten wir gern, antworten Sie einfach auf diese E-Mail.']
			: []),
		options.joined ? 'Im Mitgliederportal sehen Sie, wer dabei ist, und die Termine der Treffen:' : 'Im Mitgliederportal sehen Sie, wer dabei ist, und bald auch die Termine der Treffen:',
		{ link: options.portal, label: 'Zum Mitgliederportal' },
		'Was in der Gruppe besprochen wird, bleibt in der Gruppe. Wir freuen uns auf gute Gespräche.',
	]);
}

/** To the others in a group when the office gives a free seat to a company. */
export function newcomerMail(to: MailAddress, options: { groupName: string; company: string; town: string; person: string; portal: string }): Mail {
	return compose(to, `Neu in Ihrer ${options.groupName}: ${options.company}`, [
		`Guten Tag ${to.name},`,
		`die Koordinierungsstelle hat einen freien Platz in Ihrer ${options.groupName} vergeben: Neu dabei ist ${options.company} aus ${options.town}, vertreten durch ${options.person}.`,
		'Wer zur Gruppe gehört, sehen Sie im Mitgliederportal:',
		{ link: options.portal, label: 'Zum Mitgliederportal' },
	]);
}

/**
 * To the old address when the office moved a member's login elsewhere. It does not say where:
 * the old address may be a stranger's (the typo being corrected).
 */
export function emailChangedMail(to: MailAddress, options: { at: Date }): Mail {
	return compose(to, 'Ihre Anmeldung im ThZM-Netzwerkforum läuft jetzt über eine andere Adresse', [
		`Guten Tag ${to.name},`,
		`die Koordinierungsstelle hat am ${formatDateTime(options.at)} die Anmeldung dieses Kontos im Mitgliederportal auf eine andere E-Mail-Adresse umgestellt. Mit dieser Adresse ist keine Anmeldung mehr möglich; Nachrichten des Forums gehen an die neue Adresse.`,
		'Haben Sie das nicht erwartet, antworten Sie bitte auf diese E-Mail; die Koordinierungsstelle klärt das mit Ihnen.',
	]);
}

/** The account is erased: by the person in the portal, or by the office (on request, or after the membership ended). */
export function accountDeletedMail(to: MailAddress, options: { at: Date; byOffice: boolean }): Mail {
	const erased = `Ihr Konto im Mitgliederportal am ${formatDateTime(options.at)} gelöscht, zusammen mit Ihren Angaben, Themen, Gruppenzugehörigkeiten, Anmeldungen und Ihrer Bewerbung.`;
	const byWhom = options.byOffice
		? [`die Koordinierungsstelle hat ${erased}`, 'Die Angaben zu Ihrem Unternehmen gehören nicht zu Ihrem Konto. Haben Sie Fragen dazu, antworten Sie einfach auf diese E-Mail.']
		: [`wie von Ihnen gewünscht haben wir ${erased} Die Angaben zu Ihrem Unternehmen bleiben bestehen.`, 'Haben Sie das nicht selbst veranlasst, wenden Sie sich bitte sofort an die Koordinierungsstelle.'];
	return compose(to, 'Ihr Konto im ThZM-Netzwerkforum ist gelöscht', [`Guten Tag ${to.name},`, ...byWhom]);
}

type MeetingChange = Parameters<typeof meetingChangedMail>[1];

/** The meeting moved to another day or time (not only its end, place or host): answers given for the old date no longer hold. */
const isNewDate = (o: MeetingChange) => o.change === 'moved' && o.previously !== null && o.previously !== o.when;

/** The first sentence of a meeting's change mail: what is new, and what it replaces. */
function whatChanged(o: MeetingChange): string {
	const where = o.host ? ` bei ${o.host}` : '';
	const when = o.whenInFull ?? o.when;
	const before = o.previouslyInFull ?? o.previously;
	// Members remember a meeting by its host ("bei Muster GmbH"): a new host names the one it replaces.
	const hostBefore = o.hostBefore ? ` bei ${o.hostBefore}` : '';
	const ends = o.ends ? ` Es endet jetzt um ${o.ends.now} Uhr (bisher um ${o.ends.before} Uhr).` : '';
	if (o.change === 'cancelled') return `das Treffen Ihrer ${o.groupName} am ${when}${where} findet nicht statt.`;
	if (o.change === 'added') return `die Koordinierungsstelle hat ein weiteres Treffen Ihrer ${o.groupName} angesetzt: am ${when}${where}.`;
	if (isNewDate(o)) return `das Treffen Ihrer ${o.groupName} hat sich geändert. Es findet jetzt am ${when}${where} statt (bisher: ${before}${hostBefore}).`;
	if (o.sameHost) {
		if (!o.ends) return `beim Treffen Ihrer ${o.groupName} am ${when}${where} hat sich der Ort geändert.`;
		return `beim Treffen Ihrer ${o.groupName} am ${o.when}${where} ${o.placeChanged ? 'haben sich Ort und Dauer' : 'hat sich die Dauer'} geändert:${ends}`;
	}
	// Another host (or none any more).
	if (where) return `beim Treffen Ihrer ${o.groupName} am ${when} hat sich etwas geändert: Es findet jetzt${where} statt${hostBefore ? ` (bisher${hostBefore})` : ''}.${ends}`;
	return `beim Treffen Ihrer ${o.groupName} am ${when} hat sich etwas geändert${o.hostBefore ? `: ${o.hostBefore} ist nicht mehr Gastgeber` : ''}.${ends}`;
}

/** A planned meeting was moved, got another place, or was cancelled: the group hears it at once. */
export function meetingChangedMail(
	to: MailAddress,
	options: {
		change: 'added' | 'moved' | 'cancelled';
		groupName: string;
		when: string;
		previously: string | null;
		/**
		 * The same with weekday and end ("Freitag, 29. Januar 2027, 10:00 bis 13:00 Uhr") for the text:
		 * a move from Thursday to Friday shows. `when` and `previously` stay short for the subject.
		 */
		whenInFull?: string;
		previouslyInFull?: string | null;
		/** The meeting starts as before but ends at another time (clock times). */
		ends?: { now: string; before: string } | null;
		host: string | null;
		address: string | null;
		/** The host until this change, given when another company (or none) took over from it. */
		hostBefore?: string | undefined;
		/** What the office wrote on how the meeting runs; told with a new meeting, whose mail is the first word of it. */
		agenda?: string | null;
		portal: string;
		/** The recipient's company hosts this meeting now (new or taken over), or did until this change; with a cancellation, was to host it. */
		hostRole?: 'host' | 'former-host' | null;
		/** The company that was to host and has left the group. */
		hostLeft?: string | undefined;
		/** Same host as before: only the place changed (a host company that moved, an address typed in). */
		sameHost?: boolean;
		/** The place changed too (known where the address before was given): said beside a new length. */
		placeChanged?: boolean;
	},
	attachment: { filename: string; content: string; contentType: string },
): Mail {
	const cancelled = options.change === 'cancelled';
	const newDate = isNewDate(options);
	const subject = { added: 'Neues Treffen', moved: 'Geändert: Treffen', cancelled: 'Abgesagt: Treffen' }[options.change];
	const mail = compose(to, `${subject} der ${options.groupName} am ${options.when}`, [
		`Guten Tag ${to.name},`,
		whatChanged(options),
		...(!cancelled && options.address ? [`Adresse: ${options.address}`] : []),
		...(options.change === 'added' && options.agenda ? [`Ablauf:\n${options.agenda}`] : []),
		...(cancelled && options.hostRole === 'host' ? ['Ihr Unternehmen sollte dieses Treffen ausrichten; dafür ist nun nichts mehr vorzubereiten.'] : []),
		...(!cancelled && options.hostRole === 'host' ? ['Ihr Unternehmen ist Gastgeber dieses Treffens. Wie viele kommen, sehen Sie im Portal beim Termin; Fragen zum Ablauf klärt die Koordinierungsstelle gern mit Ihnen.'] : []),
		...(options.hostRole === 'former-host' ? ['Ihr Unternehmen ist nicht mehr Gastgeber dieses Treffens.'] : []),
		// The host company left the group: no place yet, and the members should know why and who sorts it out.
		...(options.hostLeft ? [`${options.hostLeft} gehört nicht mehr zur Gruppe und ist deshalb nicht mehr Gastgeber.`] : []),
		...(!cancelled && !options.host && !options.address ? ['Gastgeber und Ort stehen noch nicht fest. Die Koordinierungsstelle klärt das mit der Gruppe und meldet sich.'] : []),
		// A new date drops the answers given for the old one (meetings.ts, updateMeeting).
		...(newDate ? ['Zu- und Absagen für den bisherigen Termin gelten nicht mehr.'] : []),
		// The attachment is sent as PUBLISH, which not every calendar applies to an entry it already has: no promise that it does.
		cancelled
			? 'Haben Sie den Termin in Ihren Kalender übernommen, löschen Sie ihn dort bitte; der Anhang zeigt ihn als abgesagt, und manche Kalender nehmen ihn damit von selbst heraus. Ein abonnierter Portal-Kalender zeigt die Absage von allein. Die weiteren Termine sehen Sie im Portal:'
			: options.change === 'added'
				? 'Mit dem Anhang tragen Sie den Termin in Ihren Kalender ein. Ob Sie kommen, können Sie im Portal angeben:'
				: `Der Anhang enthält den geänderten Termin; manche Kalender übernehmen ihn beim Öffnen, in anderen passen Sie den Eintrag bitte selbst an. ${newDate ? 'Bitte geben Sie im Portal erneut an, ob Sie kommen:' : 'Ob Sie kommen, können Sie im Portal angeben:'}`,
		{ link: options.portal, label: 'Zum Mitgliederportal' },
	]);
	return { ...mail, attachments: [attachment] };
}

/**
 * The office ended the group before its plan ran out: one mail with every date cancelled with it
 * (and all of them in the calendar file), instead of one mail per cancelled meeting.
 */
export function groupEndedEarlyMail(
	to: MailAddress,
	options: {
		groupName: string;
		/** The cancelled meetings, each as meetingLine writes it, earliest first. */
		cancelled: readonly string[];
		/** The dates of those the recipient's company was to host. */
		hosted: readonly string[];
		portal: string;
	},
	attachment: { filename: string; content: string; contentType: string },
): Mail {
	const one = options.cancelled.length === 1;
	const them = one ? 'ihn' : 'sie';
	const mail = compose(to, `Ihre ${options.groupName} ist vorzeitig beendet`, [
		`Guten Tag ${to.name},`,
		`die Koordinierungsstelle hat Ihre ${options.groupName} vorzeitig beendet. ${one ? 'Dieser Termin ist' : 'Diese Termine sind'} damit abgesagt:`,
		options.cancelled.map((line) => `– ${line}`).join('\n'),
		...(options.hosted.length > 0 ? [`Ihr Unternehmen sollte am ${andList(options.hosted)} Gastgeber sein; dafür ist nun nichts mehr vorzubereiten.`] : []),
		// The attachment is sent as PUBLISH, which not every calendar applies to an entry it already has (meetingChangedMail).
		`Haben Sie ${one ? 'den Termin' : 'die Termine'} in Ihren Kalender übernommen, löschen Sie ${them} dort bitte; der Anhang zeigt ${them} als abgesagt, und manche Kalender nehmen ${them} damit von selbst heraus. Ein abonnierter Portal-Kalender zeigt die ${one ? 'Absage' : 'Absagen'} von allein. Die vergangenen Treffen der Gruppe bleiben in Ihrem Kalender stehen.`,
		'Wie es weitergeht: Die Koordinierungsstelle bildet neue Fokusgruppen, und Sie können dabei wieder eingeteilt werden. Bekommen Sie einen Platz, erfahren Sie es per E-Mail; bis dahin zeigt Ihnen das Portal keine Gruppe. Ihre Themenwünsche können Sie dort jederzeit anpassen:',
		{ link: options.portal, label: 'Zum Mitgliederportal' },
	]);
	return { ...mail, attachments: [attachment] };
}

/** What the plan's mail says of reminders, after the member's choice (they may have turned them off). */
/** `firstWithinWeek`: the first meeting is less than a week away, so its week reminder is this mail. */
function reminderPromise({ week, day, firstWithinWeek = false }: { week: boolean; day: boolean; firstWithinWeek?: boolean }): string {
	const first = week && firstWithinWeek ? ' Das erste Treffen ist schon in weniger als einer Woche; dafür steht diese E-Mail für die Erinnerung eine Woche vorher.' : '';
	if (week && day) return `Eine Woche und einen Tag vor jedem Treffen erinnern wir Sie per E-Mail.${first}`;
	if (week || day) return `${week ? 'Eine Woche' : 'Einen Tag'} vor jedem Treffen erinnern wir Sie per E-Mail, wie Sie es in Ihrem Profil gewählt haben.${first}`;
	return 'Erinnerungen per E-Mail haben Sie in Ihrem Profil abgewählt; dort können Sie sie wieder einschalten.';
}

/** A new meeting plan: the dates at a glance, the details in the portal and the calendar file. */
export function meetingsPlannedMail(
	to: MailAddress,
	options: { groupName: string; dates: string[]; portal: string; hosted?: readonly string[]; /** The member's choice on the profile page. */ reminders: { week: boolean; day: boolean; firstWithinWeek?: boolean } },
	attachment: { filename: string; content: string; contentType: string },
): Mail {
	const hosted = options.hosted ?? [];
	const mail = compose(to, `Die Termine Ihrer ${options.groupName} stehen fest`, [
		`Guten Tag ${to.name},`,
		`die Koordinierungsstelle hat die nächsten Treffen Ihrer ${options.groupName} geplant, reihum bei den Unternehmen der Gruppe:`,
		options.dates.map((date) => `– ${date}`).join('\n'),
		...(hosted.length > 0 ? [`Ihr Unternehmen ist Gastgeber am ${andList(hosted)}. Wie viele kommen, sehen Sie vorher im Portal beim Termin.`] : []),
		`Alle Termine finden Sie im Anhang als Kalenderdatei, Adressen und Antworten im Portal. ${reminderPromise(options.reminders)}`,
		{ link: options.portal, label: 'Zum Mitgliederportal' },
	]);
	return { ...mail, attachments: [attachment] };
}

export function meetingReminderMail(
	to: MailAddress,
	/** `date`: the day and time for the subject ("3. Dezember 2026 um 14:00 Uhr"): "morgen" alone is wrong a day later in an inbox. */
	options: {
		soon: string;
		groupName: string;
		when: string;
		date?: string;
		host: string | null;
		address: string | null;
		/** What the office wrote on how the meeting runs: the reminder is when people read it. */
		agenda?: string | null;
		portal: string;
		hosting?: { coming: number } | null;
		/** The recipient said they come; without it they have not answered (who said no gets no reminder). */
		comes?: boolean;
	},
	attachment: { filename: string; content: string; contentType: string },
): Mail {
	const { soon, hosting } = options;
	const mail = compose(to, `Erinnerung: Treffen der ${options.groupName} ${options.date ? `am ${options.date} (${soon})` : soon}`, [
		`Guten Tag ${to.name},`,
		`${soon} trifft sich Ihre ${options.groupName}: am ${options.when}${options.host ? ` bei ${options.host}` : ''}.`,
		...(options.address ? [`Adresse: ${options.address}`] : []),
		...(options.agenda ? [`Ablauf:\n${options.agenda}`] : []),
		...(!options.host && !options.address ? ['Gastgeber und Ort stehen noch nicht fest. Die Koordinierungsstelle klärt das und meldet sich vor dem Treffen.'] : []),
		...(hosting
			? [`Ihr Unternehmen ist Gastgeber dieses Treffens. Aus den anderen Unternehmen ${hosting.coming === 0 ? 'hat bisher niemand zugesagt' : hosting.coming === 1 ? 'hat bisher eine Person zugesagt' : `haben bisher ${inWords(hosting.coming)} Personen zugesagt`}.`]
			: []),
		`Den Termin finden Sie im Anhang für Ihren Kalender. ${
			hosting
				? 'Wie viele kommen, sehen Sie bis zuletzt im Portal beim Termin:'
				: options.comes
					? 'Sie haben zugesagt; kommt etwas dazwischen, sagen Sie bitte im Portal ab, damit der Gastgeber planen kann:'
					: 'Sie haben noch nicht angegeben, ob Sie kommen; das geht im Portal:'
		}`,
		{ link: options.portal, label: 'Zum Mitgliederportal' },
	]);
	return { ...mail, attachments: [attachment] };
}
