/**
 * The server entry's request queue (scripts/lib/request-queue.ts): requests start in the order
 * they came, each in a turn of the event loop of its own, so that Node can accept a waiting
 * connection between two of them; a request whose client is gone is not started.
 */
import { describe, expect, test } from 'vitest';
import { createRequestQueue } from '../../scripts/lib/request-queue.ts';

const nextTurns = (count: number) => new Promise<void>((resolve) => {
	const step = (left: number) => (left === 0 ? resolve() : setImmediate(() => step(left - 1)));
	step(count);
});

describe('request queue', () => {
	test('starts requests in the order they came, none in the turn that queued it', async () => {
		const admit = createRequestQueue();
		const started: string[] = [];
		for (const name of ['a', 'b', 'c']) admit({ start: () => started.push(name), isGone: () => false });
		expect(started).toEqual([]);
		await nextTurns(5);
		expect(started).toEqual(['a', 'b', 'c']);
	});

	test('each request gets a turn of its own: what the first one queued for the next turn runs before the second starts', async () => {
		const admit = createRequestQueue();
		const events: string[] = [];
		admit({
			start: () => {
				events.push('a');
				// Stands for the poll phase that follows: I/O and new connections get their turn here.
				setImmediate(() => events.push('next turn after a'));
			},
			isGone: () => false,
		});
		admit({ start: () => events.push('b'), isGone: () => false });
		await nextTurns(5);
		expect(events).toEqual(['a', 'next turn after a', 'b']);
	});

	test('a request whose client has gone is dropped without starting, and the next one still starts', async () => {
		const admit = createRequestQueue();
		const started: string[] = [];
		admit({ start: () => started.push('gone'), isGone: () => true });
		admit({ start: () => started.push('still there'), isGone: () => false });
		await nextTurns(5);
		expect(started).toEqual(['still there']);
	});

	test('requests that come while others wait join the end of the line', async () => {
		const admit = createRequestQueue();
		const started: string[] = [];
		admit({
			start: () => {
				started.push('first');
				admit({ start: () => started.push('late'), isGone: () => false });
			},
			isGone: () => false,
		});
		admit({ start: () => started.push('second'), isGone: () => false });
		await nextTurns(6);
		expect(started).toEqual(['first', 'second', 'late']);
	});
});
