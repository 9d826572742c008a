/** The office's changes to member companies and accounts (coordinators only). */
import { ActionError } from 'astro:actions';
import { defineAction } from './define.ts';
import { withinOfficeMailLimit } from './refusals.ts';
import { z } from 'astro/zod';
import { LEGAL_FORMS, SIZE_BANDS } from '../lib/forms/application.ts';
import { chosenRecordId, email, line, optionalLine, optionalPhone, optionalText, optionalWebsite, postcode, recordId, verificationMethod } from '../lib/forms/fields.ts';
import { correctPerson, resendInvitation } from '../lib/server/accounts.ts';
import { neverInvited, sendFirstInvitation } from '../lib/server/member-import.ts';
import { OfficeCannotGive, setConsents, shownChoice } from '../lib/server/consents.ts';
import { consentChoiceSchema } from '../lib/forms/portal.ts';
import { requireActionRole } from '../lib/server/guards.ts';
import { resolveFailure } from '../lib/server/mail.ts';
import { CONFLICT_KINDS, type ConflictKind } from '../lib/conflict-kinds.ts';
import { addConflict, deleteCompanyWithoutAccount, endMemberSessions, getMember, removeConflict, setMemberDeactivated, updateOrganization } from '../lib/server/members.ts';
import { eraseMemberAccount } from '../lib/server/personal-data.ts';
import { requestContext } from '../lib/server/request.ts';
import { removeSecondFactor } from '../lib/server/second-factor.ts';
import { parseIndustry } from '../lib/reference/industries.ts';
import { findPlace } from '../lib/reference/places.ts';

async function memberOrNotFound(userId: string) {
	const member = await getMember(userId);
	if (!member) throw new ActionError({ code: 'NOT_FOUND', message: 'Dieses Mitglied gibt es nicht (mehr).' });
	return member;
}

const PERSON_ERRORS = {
	'not-found': 'Dieses Mitglied gibt es nicht (mehr).',
	'email-taken': 'Zu dieser E-Mail-Adresse gibt es schon ein anderes Konto.',
} as const;

export const members = {
	/** Deletes the data of a company whose last account was deleted (nobody acts for it any more). */
	deleteCompany: defineAction({
		accept: 'form',
		input: z.strictObject({
			organizationId: recordId,
			confirmed: z.literal('on', { error: 'Bitte bestätigen Sie das Löschen; es lässt sich nicht zurücknehmen.' }),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			if (!(await deleteCompanyWithoutAccount(input.organizationId, user.id))) {
				throw new ActionError({ code: 'NOT_FOUND', message: 'Dieses Unternehmen gibt es nicht (mehr), oder es hat wieder ein Konto.' });
			}
			return { deleted: true };
		},
	}),

	/** Erases a deactivated member's account and personal data: at their request (Art. 17 GDPR) or after the membership ended. */
	eraseAccount: defineAction({
		accept: 'form',
		input: z.strictObject({
			userId: recordId,
			confirmed: z.literal('on', { error: 'Bitte bestätigen Sie das Löschen; es lässt sich nicht zurücknehmen.' }),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const result = await eraseMemberAccount(input.userId, user.id, (await requestContext(ctx)).ip);
			if (result === 'not-found') throw new ActionError({ code: 'NOT_FOUND', message: PERSON_ERRORS['not-found'] });
			if (result === 'still-active') {
				throw new ActionError({ code: 'CONFLICT', message: 'Das Konto ist aktiv. Deaktivieren Sie es zuerst; löschen lässt sich nur ein deaktiviertes Konto.' });
			}
			return { erased: true, mailed: result === 'erased-before' ? null : result === 'erased' };
		},
	}),

	/** The office corrects the person's data from the application (a typo in name or address). */
	updatePerson: defineAction({
		accept: 'form',
		input: z.strictObject({
			userId: recordId,
			personName: line('den Namen der Person', 3, 100),
			position: optionalLine(100),
			email,
			phone: optionalPhone,
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const result = await correctPerson(input.userId, { name: input.personName, position: input.position ?? null, email: input.email, phone: input.phone ?? null }, user.id, new Date(), {
				neverInvited: await neverInvited(input.userId),
			});
			if (!result.ok) throw new ActionError({ code: result.reason === 'not-found' ? 'NOT_FOUND' : 'CONFLICT', message: PERSON_ERRORS[result.reason] });
			return result;
		},
	}),

	update: defineAction({
		accept: 'form',
		input: z.strictObject({
			userId: recordId,
			name: line('den Namen des Unternehmens', 2, 150),
			legalForm: z.preprocess((v) => (v === '' ? null : v), z.enum(LEGAL_FORMS, { error: 'Bitte wählen Sie eine Rechtsform aus der Liste.' }).nullish()),
			industry: z
				.string({ error: 'Bitte wählen Sie eine Branche aus der Liste.' })
				.max(300, 'Bitte wählen Sie eine Branche aus der Liste.')
				.transform((v, ctx) => parseIndustry(v) ?? (ctx.addIssue({ code: 'custom', message: 'Bitte wählen Sie eine Branche aus der Liste.' }), z.NEVER)),
			street: optionalLine(120),
			postcode,
			town: line('den Ort', 2, 80),
			sizeBand: z.enum(SIZE_BANDS.map((b) => b.value) as [string, ...string[]], { error: 'Bitte wählen Sie die Zahl der Beschäftigten.' }),
			website: optionalWebsite,
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const member = await memberOrNotFound(input.userId);
			// The place is looked up only when the address moved: a lookup of the same address can
			// differ in the last digits from what is stored, which would log a change of location.
			const moved = input.postcode !== member.postcode || input.town !== member.town;
			const place = moved ? findPlace(input.postcode, input.town) : null;
			const changed = await updateOrganization(
				member.organizationId,
				{
					name: input.name,
					legalForm: input.legalForm ?? null,
					industryCode: input.industry.code,
					industryLabel: input.industry.label,
					street: input.street ?? null,
					postcode: input.postcode,
					town: input.town,
					// A new address the place list does not know has no location: the old one would be
					// wrong for every distance the matching weighs. The office is told (see below).
					latitude: moved ? (place?.lat ?? null) : member.latitude,
					longitude: moved ? (place?.lon ?? null) : member.longitude,
					sizeBand: input.sizeBand,
					website: input.website ?? null,
				},
				user.id,
			);
			return { saved: true, changed: changed === true, unlocated: moved && !place };
		},
	}),

	setDeactivated: defineAction({
		accept: 'form',
		input: z.strictObject({ userId: recordId, deactivated: z.boolean().default(false) }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			await memberOrNotFound(input.userId);
			const done = await setMemberDeactivated(input.userId, input.deactivated, user.id);
			return { deactivated: input.deactivated, changed: done !== false, leftDraft: done !== false && done.leftDraft, invited: done === false ? null : done.invited };
		},
	}),

	/** A withdrawal a member sent by mail or said on the phone, recorded by the office. */
	recordConsents: defineAction({
		accept: 'form',
		input: consentChoiceSchema.extend({ userId: recordId }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			await memberOrNotFound(input.userId);
			const choice = { events: input.events, listing: input.listing };
			try {
				return { changed: (await setConsents(input.userId, choice, { via: 'office', actorId: user.id }, new Date(), shownChoice(input))).length };
			} catch (error) {
				if (!(error instanceof OfficeCannotGive)) throw error;
				throw new ActionError({
					code: 'BAD_REQUEST',
					message: 'Eine Einwilligung erteilt das Mitglied selbst unter „Mein Profil“, in der Fassung, die es dort liest. Hier lässt sich nur ein Widerruf eintragen.',
				});
			}
		},
	}),

	endSessions: defineAction({
		accept: 'form',
		input: z.strictObject({ userId: recordId }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			await memberOrNotFound(input.userId);
			return { ended: await endMemberSessions(input.userId, user.id) };
		},
	}),

	/** For a member who lost their phone and asked the office; they get a mail about it. */
	removeSecondFactor: defineAction({
		accept: 'form',
		input: z.strictObject({
			userId: recordId,
			verification: verificationMethod,
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			await memberOrNotFound(input.userId);
			// How the office made sure: kept in its log, since the mail alone proves nothing.
			if (!(await removeSecondFactor(input.userId, user.id, new Date(), { verification: input.verification }))) {
				throw new ActionError({ code: 'CONFLICT', message: 'Dieses Mitglied meldet sich ohnehin nur mit dem Passwort an.' });
			}
			return { removed: true };
		},
	}),

	resendInvitation: defineAction({
		accept: 'form',
		input: z.strictObject({ userId: recordId }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const member = await memberOrNotFound(input.userId);
			if (member.state !== 'invited' && member.state !== 'not-invited') {
				throw new ActionError({ code: 'CONFLICT', message: 'Dieses Mitglied hat sein Passwort schon festgelegt oder ist deaktiviert.' });
			}
			// An account taken over from the office's list gets its first one here, claimed so that it is
			// sent once however many clicks (member-import.ts); someone else's a moment ago counts as sent.
			// A further one likewise: a second click within a minute sends nothing (accounts.ts).
			const first = member.state === 'not-invited';
			const sent = first
				? await withinOfficeMailLimit(user.id, () => sendFirstInvitation(input.userId, user.id), (result) => result !== null)
				: await withinOfficeMailLimit(user.id, async () => resendInvitation(input.userId, user.id), (result) => result !== null);
			if (sent && !sent.mailed) throw new ActionError({ code: 'BAD_GATEWAY', message: 'Die Einladung konnte nicht verschickt werden. Der Fehler steht in der Übersicht.' });
			return { sent: true, first, justSent: !first && sent === null };
		},
	}),

	addConflict: defineAction({
		accept: 'form',
		input: z.strictObject({
			userId: recordId,
			otherOrganizationId: chosenRecordId('ein Unternehmen'),
			kind: z.enum(Object.keys(CONFLICT_KINDS) as [ConflictKind, ...ConflictKind[]], { error: 'Bitte wählen Sie die Art des Konflikts.' }),
			note: optionalText(500),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const member = await memberOrNotFound(input.userId);
			const result = await addConflict(member.organizationId, input.otherOrganizationId, input.kind, input.note ?? null, user.id);
			if (!result.ok) {
				const message = { same: 'Ein Unternehmen kann nicht mit sich selbst im Konflikt stehen.', unknown: 'Dieses Unternehmen gibt es nicht.', exists: 'Dieser Eintrag steht schon im Register.' }[result.reason];
				throw new ActionError({ code: 'BAD_REQUEST', message });
			}
			return { added: true };
		},
	}),

	removeConflict: defineAction({
		accept: 'form',
		input: z.strictObject({ userId: recordId, conflictId: recordId }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const member = await memberOrNotFound(input.userId);
			if (!member.conflicts.some((c) => c.id === input.conflictId)) {
				throw new ActionError({ code: 'NOT_FOUND', message: 'Diesen Eintrag gibt es nicht (mehr).' });
			}
			await removeConflict(input.conflictId, user.id);
			return { removed: true };
		},
	}),

	resolveMailFailure: defineAction({
		accept: 'form',
		input: z.strictObject({ deliveryId: recordId }),
		handler: async (input, ctx) => {
			requireActionRole(ctx, 'coordinator');
			if (!(await resolveFailure(input.deliveryId))) throw new ActionError({ code: 'NOT_FOUND', message: 'Diesen Eintrag gibt es nicht (mehr).' });
			return { resolved: true };
		},
	}),
};
