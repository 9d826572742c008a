/** The group's confidential topic queue: only members of the group, never the office. */
import { ActionError } from 'astro:actions';
import { defineAction } from './define.ts';
import { z } from 'astro/zod';
import { recordId } from '../lib/forms/fields.ts';
import { topicFormSchema } from '../lib/forms/portal.ts';
import { requireActionRole } from '../lib/server/guards.ts';
import { addTopic, markTopicDiscussed, reopenTopic, withdrawTopic } from '../lib/server/topic-queue.ts';

const itemInput = z.strictObject({ itemId: recordId });
const notFound = () => new ActionError({ code: 'NOT_FOUND', message: 'Diesen Gesprächspunkt gibt es in Ihrer Gruppe nicht (mehr).' });
// Without the count: a newcomer does not see the topics from before they joined, nor learns how many there are.
const LIST_FULL = 'Die Liste der Gesprächspunkte ist voll. Bitte haken Sie zuerst besprochene Gesprächspunkte ab';

export const topicQueue = {
	add: defineAction({
		accept: 'form',
		input: topicFormSchema,
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'member');
			const outcome = await addTopic(user.id, input);
			if (outcome === 'no-group') throw new ActionError({ code: 'NOT_FOUND', message: 'Sie gehören noch keiner Fokusgruppe an.' });
			if (outcome === 'full') {
				throw new ActionError({ code: 'CONFLICT', message: `${LIST_FULL}; Ihr Gesprächspunkt steht unten noch im Formular.` });
			}
			return { added: true };
		},
	}),

	markDiscussed: defineAction({
		accept: 'form',
		input: itemInput,
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'member');
			const done = await markTopicDiscussed(user.id, input.itemId);
			if (!done) throw notFound();
			// Ticked off by someone else meanwhile: what the member wanted has happened.
			return { discussed: true, already: done === 'already' };
		},
	}),
	reopen: defineAction({
		accept: 'form',
		input: itemInput,
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'member');
			const done = await reopenTopic(user.id, input.itemId);
			if (done === 'full') throw new ActionError({ code: 'CONFLICT', message: `${LIST_FULL}, dann lässt sich dieses wieder auf die Liste setzen.` });
			if (!done) throw notFound();
			return { reopened: true };
		},
	}),
	withdraw: defineAction({
		accept: 'form',
		input: itemInput,
		handler: async (input, ctx) => {
			const user = requireActionRole(ctx, 'member');
			if (!(await withdrawTopic(user.id, input.itemId))) throw new ActionError({ code: 'NOT_FOUND', message: 'Diesen Gesprächspunkt gibt es nicht (mehr) als offenen Gesprächspunkt von Ihnen.' });
			return { withdrawn: true };
		},
	}),
};
