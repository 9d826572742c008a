/** The agenda of a group's topic queue: order, time budget, and what moves on to the next meeting. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { agendaFor, compareTopics, type QueuedTopic } from '../../src/lib/meetings/topic-queue.ts';

const at = (day: number) => new Date(Date.UTC(2026, 10, day, 9));
const topic = (id: string, priority: 1 | 2 | 3, minutes: number, day: number): QueuedTopic => ({ id, priority, minutes, createdAt: at(day) });

describe('agendaFor', () => {
	test('important topics first, then the older ones; what does not fit moves on', () => {
		const agenda = agendaFor([topic('neu', 2, 30, 20), topic('alt', 2, 30, 2), topic('eilig', 1, 60, 25), topic('später', 3, 30, 1)], 100);
		expect(agenda.map((e) => [e.topic.id, e.reached, e.startsAfterMinutes])).toEqual([
			['eilig', true, 0],
			['alt', true, 60],
			['neu', false, 90],
			['später', false, 90],
		]);
	});

	test('a long topic does not block shorter ones behind it', () => {
		const agenda = agendaFor([topic('lang', 1, 150, 1), topic('kurz', 2, 20, 2)], 120);
		expect(agenda.map((e) => [e.topic.id, e.reached])).toEqual([
			['lang', false],
			['kurz', true],
		]);
	});

	test('an empty queue gives an empty agenda', () => {
		expect(agendaFor([], 180)).toEqual([]);
	});

	const queue = fc.uniqueArray(
		fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), priority: fc.constantFrom(1, 2, 3) as fc.Arbitrary<1 | 2 | 3>, minutes: fc.integer({ min: 5, max: 180 }), day: fc.integer({ min: 1, max: 28 }) }),
		{ selector: (t) => t.id, maxLength: 40 },
	);

	test('property: nothing is lost, the reached topics fit the time, order is by priority and age, input order does not matter', () => {
		fc.assert(
			fc.property(queue, fc.integer({ min: 0, max: 300 }), (raw, available) => {
				const open = raw.map((r) => topic(r.id, r.priority, r.minutes, r.day));
				const agenda = agendaFor(open, available);
				expect(agenda.map((e) => e.topic.id).sort()).toEqual(open.map((t) => t.id).sort());
				expect(agenda.filter((e) => e.reached).reduce((sum, e) => sum + e.topic.minutes, 0)).toBeLessThanOrEqual(available);
				for (let i = 1; i < agenda.length; i++) expect(compareTopics(agenda[i - 1]!.topic, agenda[i]!.topic)).toBeLessThan(0);
				// A topic is left out only when it no longer fits into what is left.
				let used = 0;
				for (const e of agenda) {
					expect(e.reached).toBe(used + e.topic.minutes <= available);
					if (e.reached) used += e.topic.minutes;
				}
				expect(agendaFor([...open].reverse(), available)).toEqual(agenda);
			}),
		);
	});
});
