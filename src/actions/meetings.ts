/** Meetings: the office plans and edits them; members answer and manage their calendar feed. */
import { ActionError } from 'astro:actions';
import { defineAction } from './define.ts';
import { answerRefusals, groupGone } from './refusals.ts';
import { z } from 'astro/zod';
import { dateList, numberField, optionalLine, optionalText, recordId, wholeNumber } from '../lib/forms/fields.ts';
import { requireActionRole } from '../lib/server/guards.ts';
import { getGroup } from '../lib/server/groups.ts';
import { PLAN_CHANGED_SINCE_PREVIEW, cancelMeeting, createMeeting, planGroupMeetings, previewGroupMeetings, replyToMeeting, updateMeeting } from '../lib/server/meetings.ts';
import { renewFeed, replaceShownFeed, revokeFeed } from '../lib/server/calendar-feeds.ts';
import { MeetingInputError } from '../lib/meetings/index.ts';

const date = z.string({ error: 'Bitte geben Sie ein Datum an.' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Bitte geben Sie ein Datum an.');
const time = z.string({ error: 'Bitte geben Sie eine Uhrzeit wie 14:00 an.' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Bitte geben Sie eine Uhrzeit wie 14:00 an.');
const duration = numberField(wholeNumber('Bitte geben Sie die Dauer in Minuten an.').min(30, 'Mindestens 30 Minuten.').max(720, 'Höchstens 12 Stunden.')).default(180);
const WEEKDAY = 'Bitte wählen Sie einen Werktag (Montag bis Freitag).';

const meetingFields = {
	groupId: recordId,
	date,
	time,
	durationMinutes: duration,
	hostOrganizationId: z.preprocess((v) => (v === '' ? null : v), recordId.nullish()),
	address: optionalLine(300),
	agenda: optionalText(2000),
};

/** The group, if it exists and is published; meetings belong to published groups only. */
async function publishedGroup(groupId: string) {
	const group = await getGroup(groupId);
	if (!group || group.status !== 'published') groupGone();
	return group;
}

/** German input errors of the meetings engine and module (a past date, an overlapping plan) become a 400. */
const refusingBadInput = <T>(work: () => Promise<T>) => answerRefusals('BAD_REQUEST', [MeetingInputError], work);

export const meetings = {
	plan: defineAction({
		accept: 'form',
		input: z.strictObject({
			groupId: recordId,
			start: date,
			intervalWeeks: numberField(wholeNumber('Bitte geben Sie den Abstand in Wochen an.').min(1, 'Mindestens eine Woche.').max(52, 'Höchstens 52 Wochen.')).default(8),
			weekday: numberField(wholeNumber(WEEKDAY).min(1, WEEKDAY).max(5, WEEKDAY)).default(3),
			time,
			durationMinutes: duration,
			/** Set by the "Vorschau" button. */
			preview: z.literal('1').optional(),
			/**
			 * The shown preview's fingerprint: "Plan erstellen" then stores exactly that plan, or refuses.
			 * Without it, nothing is stored: a plan mails the whole group, so it is looked at first.
			 */
			previewed: z.string().max(64).optional(),
			blackoutDates: dateList,
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			await publishedGroup(input.groupId);
			const options = { start: input.start, intervalWeeks: input.intervalWeeks, weekday: input.weekday, time: input.time, durationMinutes: input.durationMinutes, blackoutDates: input.blackoutDates };
			// "Vorschau", or a plan nobody has looked at yet: the same plan, shown and not stored; nobody is told yet.
			const previewed = input.preview ? undefined : input.previewed;
			if (!previewed) return { preview: await refusingBadInput(() => previewGroupMeetings(input.groupId, options)) };
			return refusingBadInput(async () => {
				try {
					return { planned: await planGroupMeetings(input.groupId, options, user.id, new Date(), previewed) };
				} catch (error) {
					if (!(error instanceof MeetingInputError) || error.message !== PLAN_CHANGED_SINCE_PREVIEW) throw error;
					// Not the plan that was shown: nothing is stored, and the plan it would be now is shown instead.
					return { preview: await previewGroupMeetings(input.groupId, options), changedSincePreview: true };
				}
			});
		},
	}),

	create: defineAction({
		accept: 'form',
		input: z.strictObject(meetingFields),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			await publishedGroup(input.groupId);
			await refusingBadInput(() =>
				createMeeting(
					input.groupId,
					{ startsAtLocal: `${input.date}T${input.time}`, durationMinutes: input.durationMinutes, hostOrganizationId: input.hostOrganizationId ?? null, address: input.address ?? null, agenda: input.agenda ?? null },
					user.id,
				),
			);
			return { created: true };
		},
	}),

	update: defineAction({
		accept: 'form',
		input: z.strictObject({
			...meetingFields,
			meetingId: recordId,
			/** The meeting's version the form showed (the page's form always sends it). */
			sequence: z.coerce.number({ error: 'Unbekannter Stand des Treffens.' }).int().nonnegative().optional(),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			await publishedGroup(input.groupId);
			const done = await refusingBadInput(() =>
				updateMeeting(
					input.groupId,
					input.meetingId,
					{ startsAtLocal: `${input.date}T${input.time}`, durationMinutes: input.durationMinutes, hostOrganizationId: input.hostOrganizationId ?? null, address: input.address ?? null, agenda: input.agenda ?? null },
					user.id,
					new Date(),
					input.sequence,
				),
			);
			if (!done) throw new ActionError({ code: 'NOT_FOUND', message: 'Dieses Treffen gibt es in der Gruppe nicht.' });
			return { updated: true, ...done };
		},
	}),

	cancel: defineAction({
		accept: 'form',
		// A cancellation mails the whole group: the office ticks that it means it.
		input: z.strictObject({
			groupId: recordId,
			meetingId: recordId,
			confirmed: z.literal('on', { error: 'Bitte bestätigen Sie die Absage; die Gruppe bekommt dazu eine E-Mail.' }),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const done = await refusingBadInput(() => cancelMeeting(input.groupId, input.meetingId, user.id));
			if (!done) throw new ActionError({ code: 'NOT_FOUND', message: 'Dieses Treffen gibt es nicht oder es ist schon abgesagt.' });
			return { cancelled: true, ...done };
		},
	}),

	reply: defineAction({
		accept: 'form',
		input: z.strictObject({
			meetingId: recordId,
			attending: z.enum(['ja', 'nein'], { error: 'Bitte „Ich komme“ oder „Ich komme nicht“ wählen.' }),
			/** The start the page showed (ISO); without it, the answer is for the date as it stands. */
			seen: z.iso.datetime({ error: 'Das Formular ist unvollständig. Bitte laden Sie die Seite neu.' }).optional(),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'member');
			const saved = await replyToMeeting(user.id, input.meetingId, input.attending === 'ja', new Date(), input.seen ? new Date(input.seen) : undefined);
			if (!saved) throw new ActionError({ code: 'NOT_FOUND', message: 'Dieses Treffen gibt es nicht.' });
			if (saved === 'past') throw new ActionError({ code: 'CONFLICT', message: 'Dieses Treffen hat schon begonnen; eine Antwort ist nicht mehr möglich.' });
			if (saved === 'changed') throw new ActionError({ code: 'CONFLICT', message: 'Das Treffen wurde gerade verlegt oder abgesagt. Bitte sehen Sie sich den neuen Stand an und antworten Sie dann.' });
			return { meetingId: input.meetingId, attending: input.attending === 'ja', hostDeclined: saved.hostDeclined };
		},
	}),

	renewFeed: defineAction({
		accept: 'form',
		input: z.strictObject({
			/** The feed the page showed ('none': none; an empty field would reach us as no field); without it, the renewal is unconditional. */
			replacing: z.union([z.literal('none'), recordId]).optional(),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'member');
			const token = input.replacing === undefined ? await renewFeed(user.id) : await replaceShownFeed(user.id, input.replacing === 'none' ? null : input.replacing);
			if (!token) {
				throw new ActionError({
					code: 'CONFLICT',
					message: 'Die Abo-Adresse wurde eben schon neu erzeugt (etwa, weil die Seite neu geladen wurde). Die zuletzt angezeigte Adresse gilt weiter. Haben Sie sie nicht mehr, erzeugen Sie hier eine neue.',
				});
			}
			return { token };
		},
	}),

	revokeFeed: defineAction({
		accept: 'form',
		handler: async (_input, ctx) => {
			const user = requireActionRole(ctx, 'member');
			await revokeFeed(user.id);
			return { revoked: true };
		},
	}),
};
