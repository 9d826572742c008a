/**
 * The office's own team (coordinators only): invite a colleague, end or restore a colleague's
 * access, remove a colleague's app after a lost phone, send a new invitation. Each grave step
 * takes the own password as well.
 */
import { ActionError } from 'astro:actions';
import { defineAction } from './define.ts';
import { z } from 'astro/zod';
import { email, line, recordId, verificationMethod } from '../lib/forms/fields.ts';
import { updateProfile } from '../lib/server/accounts.ts';
import { requireActionRole } from '../lib/server/guards.ts';
import { inviteCoordinator, reinviteCoordinator, removeColleagueApp, restoreCoordinator, revokeCoordinator, TeamRefusal, UnknownCoordinator } from '../lib/server/office-team.ts';
import { answerRefusals, confirmPasswordOrRefuse, ownPassword, withinOfficeMailLimit } from './refusals.ts';

/** The team's rules answer 409, an account that is no coordinator 404 (as for any missing object). */
const answerTeam = <T>(work: () => Promise<T>) => answerRefusals('NOT_FOUND', [UnknownCoordinator], () => answerRefusals('CONFLICT', [TeamRefusal], work));

const NOT_MAILED = 'Die Einladung konnte nicht verschickt werden. Der Fehler steht in der Übersicht.';

export const team = {
	/** The own name as the team, the log and every mail show it (admin:create may have got it wrong). */
	renameSelf: defineAction({
		accept: 'form',
		input: z.strictObject({ name: line('Ihren Namen', 3, 100) }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			await updateProfile(user.id, { name: input.name });
			return { renamed: true };
		},
	}),

	invite: defineAction({
		accept: 'form',
		input: z.strictObject({ name: line('den Namen', 3, 100), email, password: ownPassword }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			await confirmPasswordOrRefuse(user.id, input.password, ctx, 'team_change');
			// The account exists either way; a failed mail is said on the page, not as a refusal that would
			// fill the form in again for a second invitation the rules then refuse.
			const { mailed } = await withinOfficeMailLimit(user.id, () => answerTeam(() => inviteCoordinator({ name: input.name, email: input.email }, user.id)));
			return { mailed };
		},
	}),

	revoke: defineAction({
		accept: 'form',
		input: z.strictObject({ userId: recordId, password: ownPassword }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			await confirmPasswordOrRefuse(user.id, input.password, ctx, 'team_change');
			await answerTeam(() => revokeCoordinator(input.userId, user.id));
			return { revoked: true };
		},
	}),

	restore: defineAction({
		accept: 'form',
		input: z.strictObject({ userId: recordId, password: ownPassword }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			await confirmPasswordOrRefuse(user.id, input.password, ctx, 'team_change');
			// Someone who never set a password gets the invitation again: that counts like sending it again.
			return withinOfficeMailLimit(user.id, () => answerTeam(() => restoreCoordinator(input.userId, user.id)), (result) => result.invited);
		},
	}),

	/** A colleague's lost phone: their app goes, with a note of how the request was checked. */
	removeSecondFactor: defineAction({
		accept: 'form',
		input: z.strictObject({ userId: recordId, verification: verificationMethod, password: ownPassword }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			await confirmPasswordOrRefuse(user.id, input.password, ctx, 'team_change');
			await answerTeam(() => removeColleagueApp(input.userId, user.id, input.verification));
			return { removed: true };
		},
	}),

	resendInvitation: defineAction({
		accept: 'form',
		input: z.strictObject({ userId: recordId }),
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'coordinator');
			const { mailed } = await withinOfficeMailLimit(user.id, () => answerTeam(() => reinviteCoordinator(input.userId, user.id)));
			if (!mailed) throw new ActionError({ code: 'BAD_GATEWAY', message: NOT_MAILED });
			return { sent: true };
		},
	}),
};
