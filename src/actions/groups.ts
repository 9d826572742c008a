/** The office's group board: run the matching, edit the draft, publish (coordinators only). */
import { ActionError } from 'astro:actions';
import { defineAction } from './define.ts';
import { answerRefusals, groupGone, withinOfficeMailLimit } from './refusals.ts';
import { z } from 'astro/zod';
import { numberField, recordId, wholeNumber } from '../lib/forms/fields.ts';
import { topicSlugs, topicTitle } from '../lib/content/topic-list.ts';
import { requireActionRole } from '../lib/server/guards.ts';
import {
	DraftError,
	SeatError,
	addToPublishedGroup,
	archivePublishedGroups,
	discardDrafts,
	endGroup,
	endGroupEarly,
	messageGroup,
	moveDraftMember,
	publishDrafts,
	refuseChangedDraft,
	removeFromPublishedGroup,
	setDraftGroupLock,
	setDraftLock,
} from '../lib/server/groups.ts';
import { DEFAULT_SETTINGS, boardState, draftRuleViolations, publishSummary, runMatching, saveBoard } from '../lib/server/matching-board.ts';

const weight = (label: string, min: number, max: number) =>
	numberField(z.coerce.number({ error: `${label}: Bitte geben Sie eine Zahl an.` }).min(min, `${label}: mindestens ${min}.`).max(max, `${label}: höchstens ${max}.`));

/** Drafts another tab made stale and seats the rules forbid are answered with a 409 and the reason. */
const asConflict = <T>(work: () => Promise<T>) => answerRefusals('CONFLICT', [DraftError, SeatError], work);

/** Refusal of a run with fewer people ticked than one group needs, with the way on. */
const tooFewChosen = (chosen: number, minSize: number) =>
	`Eine Gruppe braucht mindestens ${minSize} Personen; ausgewählt ${chosen === 0 ? 'ist niemand' : chosen === 1 ? 'ist eine' : `sind ${chosen}`}. Bitte wählen Sie mehr aus. Sind es insgesamt zu wenige für eine neue Gruppe, setzen Sie neue Mitglieder auf der Seite einer Gruppe mit freiem Platz ein oder warten Sie auf weitere Aufnahmen.`;
const SEED = 'Bitte geben Sie als Startwert eine ganze Zahl von 1 bis 1.000.000 an.';

export const groups = {
	run: defineAction({
		accept: 'form',
		input: z
			.strictObject({
				seed: numberField(wholeNumber(SEED).min(1, SEED).max(1_000_000, SEED)).default(DEFAULT_SETTINGS.seed),
				minSize: numberField(wholeNumber('Bitte geben Sie die kleinste Gruppengröße als ganze Zahl an.').min(2, 'Mindestens 2 Mitglieder je Gruppe.').max(12, 'Höchstens 12 Mitglieder je Gruppe.')).default(5),
				maxSize: numberField(wholeNumber('Bitte geben Sie die größte Gruppengröße als ganze Zahl an.').min(2, 'Mindestens 2 Mitglieder je Gruppe.').max(12, 'Höchstens 12 Mitglieder je Gruppe.')).default(6),
				sameDivisionPair: weight('Gleiche WZ-Abteilung', 0, 100).default(2),
				distancePer100Km: weight('Entfernung', 0, 100).default(1),
				avoidedPair: weight('Frühere Gruppenmitglieder', 0, 100).default(3),
				unlisted: weight('Thema ohne Wunsch', -100, 0).default(-3),
				// The form lists everyone with a checkbox; `chooseMembers` says the list was sent, so
				// unticking all is a choice of nobody, not of everybody.
				chooseMembers: z.literal('1').optional(),
				members: z.array(recordId).max(5000).optional(),
			})
			.refine((v) => v.minSize <= v.maxSize, { path: ['maxSize'], error: 'Die Höchstzahl muss mindestens so groß sein wie die Mindestzahl.' })
			.superRefine((v, ctx) => {
				const chosen = v.members?.length ?? 0;
				if (!v.chooseMembers || chosen >= v.minSize) return;
				ctx.addIssue({ code: 'custom', path: ['members'], message: tooFewChosen(chosen, v.minSize) });
			}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			return asConflict(() => runMatching(
				{
					userIds: input.chooseMembers ? input.members : undefined,
					seed: input.seed,
					groupSize: { min: input.minSize, max: input.maxSize },
					weights: { fit: [3, 2, 1], unlisted: input.unlisted, sameDivisionPair: input.sameDivisionPair, distancePer100Km: input.distancePer100Km, avoidedPair: input.avoidedPair },
				},
				user.id,
			));
		},
	}),

	saveBoard: defineAction({
		input: z.strictObject({
			groups: z
				.array(
					z.strictObject({
						topic: z.string().regex(/^[a-z0-9-]{2,60}$/),
						members: z.array(recordId).max(50),
						locked: z.array(recordId).max(50).default([]),
					}),
				)
				.max(500),
			/** The draftVersion the board was loaded with (or last saved as). */
			basedOn: z.string().max(100),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const all = input.groups.flatMap((g) => g.members);
			if (new Set(all).size !== all.length) throw new ActionError({ code: 'BAD_REQUEST', message: 'Ein Mitglied steht in zwei Gruppen.' });
			const topics = new Set(topicSlugs());
			if (input.groups.some((g) => !topics.has(g.topic))) throw new ActionError({ code: 'BAD_REQUEST', message: 'Eine Gruppe hat ein unbekanntes Thema.' });
			await asConflict(() => saveBoard(input.groups, user.id, input.basedOn));
			// The publish form under the board now speaks of (and confirms) what was just saved.
			return { saved: true, ...publishSummary(await boardState()) };
		},
	}),

	moveMember: defineAction({
		accept: 'form',
		input: z.strictObject({ userId: recordId, target: z.union([recordId, z.literal('warteliste')], { error: 'Bitte wählen Sie eine Gruppe oder die Warteliste.' }) }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const moved = await asConflict(() => moveDraftMember(input.userId, input.target === 'warteliste' ? null : input.target, user.id));
			if (!moved) throw new ActionError({ code: 'NOT_FOUND', message: 'Mitglied oder Gruppe gibt es im Entwurf nicht (mehr).' });
			return { moved: true, toWaitlist: input.target === 'warteliste' };
		},
	}),

	setLock: defineAction({
		accept: 'form',
		input: z.strictObject({ userId: recordId, locked: z.boolean().default(false) }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			if (!(await setDraftLock(input.userId, input.locked, user.id))) throw new ActionError({ code: 'NOT_FOUND', message: 'Dieses Mitglied steht in keinem Entwurf.' });
			return { locked: input.locked };
		},
	}),

	setGroupLock: defineAction({
		accept: 'form',
		input: z.strictObject({ groupId: recordId, locked: z.boolean().default(false) }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			if (!(await setDraftGroupLock(input.groupId, input.locked, user.id))) throw new ActionError({ code: 'NOT_FOUND', message: 'Diese Gruppe gibt es im Entwurf nicht (mehr).' });
			return { locked: input.locked };
		},
	}),

	publish: defineAction({
		accept: 'form',
		// Publishing mails every member and cannot be undone: the office ticks that it has checked
		// the draft, and ticks once more for each draft that breaks a rule.
		input: z.strictObject({
			checked: z.literal('on', { error: 'Bitte bestätigen Sie, dass Sie den Entwurf geprüft haben; erst dann gehen die E-Mails hinaus.' }),
			despiteRules: z.literal('on').optional(),
			/** The saved draft the confirmation is for (draftVersion); the page's form always sends it. */
			draft: z.string().max(100).optional(),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const state = await boardState();
			// Checked here, before the message about broken rules, and again in publishDrafts' transaction.
			await asConflict(async () => refuseChangedDraft(state.drafts, input.draft, 'publish'));
			const broken = draftRuleViolations(state);
			if (broken.length > 0 && !input.despiteRules) {
				throw new ActionError({ code: 'BAD_REQUEST', message: `Der gespeicherte Entwurf verletzt Regeln: ${broken.join(' ')} Bitte ändern Sie ihn oder bestätigen Sie, dass er trotzdem so veröffentlicht werden soll.` });
			}
			const published = await asConflict(() => publishDrafts(user.id, topicTitle, new Date(), input.draft));
			if (published === 0) throw new ActionError({ code: 'BAD_REQUEST', message: 'Es gibt keinen Entwurf zum Veröffentlichen.' });
			return { published };
		},
	}),

	addMember: defineAction({
		accept: 'form',
		input: z.strictObject({ groupId: recordId, userId: recordId }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const added = await asConflict(() => addToPublishedGroup(input.groupId, input.userId, user.id, topicTitle));
			if (!added) groupGone();
			return { added: true };
		},
	}),

	removeMember: defineAction({
		accept: 'form',
		input: z.strictObject({ groupId: recordId, userId: recordId, releaseHosting: z.boolean().default(false) }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			if (!(await asConflict(() => removeFromPublishedGroup(input.groupId, input.userId, user.id, new Date(), { releaseHosting: input.releaseHosting })))) {
				throw new ActionError({ code: 'NOT_FOUND', message: 'Diese Person sitzt nicht (mehr) in der Gruppe.' });
			}
			return { removed: true };
		},
	}),

	message: defineAction({
		accept: 'form',
		input: z.strictObject({
			groupId: recordId,
			/** Written into the form when it is shown: the same form sent twice sends once. */
			form: recordId,
			subject: z.string({ error: 'Bitte geben Sie einen Betreff an.' }).trim().min(3, 'Bitte geben Sie einen Betreff an.').max(150, 'Der Betreff ist zu lang (höchstens 150 Zeichen).'),
			text: z.string({ error: 'Bitte schreiben Sie die Nachricht (mindestens 10 Zeichen).' }).trim().min(10, 'Bitte schreiben Sie die Nachricht (mindestens 10 Zeichen).').max(5000, 'Die Nachricht ist zu lang (höchstens 5000 Zeichen).'),
			// Mail cannot be called back: the office confirms it read what it wrote.
			confirmed: z.literal('on', { error: 'Bitte bestätigen Sie, dass die Nachricht an die ganze Gruppe gehen soll.' }),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			// Counted once per message (not per recipient), and only when it went out to someone.
			const result = await withinOfficeMailLimit(
				user.id,
				() => messageGroup(input.groupId, { subject: input.subject, text: input.text, token: input.form }, user.id),
				(r) => typeof r === 'object' && r.sent + r.failed > 0,
			);
			if (result === 'unknown') groupGone();
			if (result === 'sent-already') throw new ActionError({ code: 'CONFLICT', message: 'Diese Nachricht ist schon verschickt; sie geht nicht ein zweites Mal hinaus.' });
			if (result.sent === 0 && result.failed === 0) throw new ActionError({ code: 'CONFLICT', message: 'Die Gruppe hat kein aktives Mitglied; die Nachricht ging an niemanden.' });
			return result;
		},
	}),

	discard: defineAction({
		accept: 'form',
		handler: async (_input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			return { discarded: await discardDrafts(user.id) };
		},
	}),

	/** Ends the year: the published groups that have met and have no planned meeting ahead end, their members free for the next cohort. */
	archive: defineAction({
		accept: 'form',
		input: z.strictObject({
			confirmed: z.literal('on', { error: 'Bitte bestätigen Sie, dass der Jahrgang abgeschlossen werden soll; das lässt sich nicht zurücknehmen.' }),
		}),
		handler: async (_input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			return asConflict(() => archivePublishedGroups(user.id));
		},
	}),

	/**
	 * Ends one published group after its last meeting, whatever the others still have planned; or,
	 * with `cancelMeetings` ticked, now, its coming meetings cancelled with it and the group told in one mail.
	 */
	end: defineAction({
		accept: 'form',
		input: z.strictObject({
			groupId: recordId,
			confirmed: z.literal('on', { error: 'Bitte bestätigen Sie, dass die Gruppe beendet werden soll; das lässt sich nicht zurücknehmen.' }),
			cancelMeetings: z.boolean().default(false),
			/** The coming meetings the page named beside the tick: only those are cancelled. */
			meetings: z.array(recordId).max(500).default([]),
		}),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			if (input.cancelMeetings) {
				const result = await asConflict(() => endGroupEarly(input.groupId, user.id, input.meetings));
				if (result === 'unknown') groupGone();
				return result === 'ended-already' ? { ended: false, cancelled: 0, sent: 0, failed: 0 } : { ended: true, ...result };
			}
			const result = await asConflict(() => endGroup(input.groupId, user.id));
			if (result === 'unknown') groupGone();
			return { ended: result === 'ended', cancelled: 0, sent: 0, failed: 0 };
		},
	}),
};
