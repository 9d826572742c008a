import fc from 'fast-check';
import { getHolidays } from 'feiertagejs';
import { describe, expect, test } from 'vitest';
import {
	MAX_SHIFT_DAYS,
	MeetingInputError,
	openRound,
	planMeetings,
	rotateHosts,
	suggestedPlanStart,
	type HostCandidate,
	type PlanInput,
	type PlannedMeeting,
} from '../../src/lib/meetings/index.ts';

// Independent day arithmetic and holiday oracle (feiertagejs dates are at noon UTC).
const DAY_MS = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (day: number) => new Date(day * DAY_MS).getUTCDay() || 7;
const mondayOf = (day: number) => day - weekdayOf(day) + 1;
const holidayYears = new Map<number, Set<string>>();
function isHoliday(day: number): boolean {
	const year = new Date(day * DAY_MS).getUTCFullYear();
	if (!holidayYears.has(year))
		holidayYears.set(
			year,
			new Set(getHolidays(year, 'TH').map((h) => h.date.toISOString().slice(0, 10))),
		);
	return holidayYears.get(year)!.has(dateOf(day));
}
/** The same day a year later, 28 February for 29 February. */
function yearLater(day: number): number {
	const d = new Date(day * DAY_MS);
	const leapDay = d.getUTCMonth() === 1 && d.getUTCDate() === 29;
	return Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), leapDay ? 28 : d.getUTCDate()) / DAY_MS;
}

const member = (id: string, town: string): HostCandidate => ({
	organizationId: id,
	organizationName: `Firma ${id}`,
	town,
});
const hostsOf = (plan: PlannedMeeting[]) => plan.map((m) => m.hostOrganizationId);

describe('planMeetings: dates', () => {
	const group = [member('a', 'Erfurt'), member('b', 'Jena'), member('c', 'Gera')];

	test('defaults: a year of Wednesdays eight weeks apart, 14:00 to 17:00', () => {
		const plan = planMeetings({ members: group, start: '2026-09-01' });
		expect(plan.map((m) => m.date)).toEqual([
			'2026-09-02',
			'2026-10-28',
			'2026-12-23',
			'2027-02-17',
			'2027-04-14',
			'2027-06-09',
			'2027-08-04',
		]);
		expect(plan[0]).toMatchObject({
			startsAt: '2026-09-02T14:00',
			endsAt: '2026-09-02T17:00',
			adjustedFrom: null,
			reason: null,
		});
	});

	test('a Wednesday on Reformationstag moves to Thursday', () => {
		const [first] = planMeetings({ members: group, start: '2029-10-31', count: 1 });
		expect(first).toMatchObject({
			date: '2029-11-01',
			adjustedFrom: '2029-10-31',
			reason: 'verschoben: Feiertag (Reformationstag)',
		});
	});

	test('Karfreitag moves back to Thursday, Ostermontag on to Tuesday (same week first)', () => {
		expect(
			planMeetings({ members: group, start: '2027-03-22', weekday: 5, count: 1 })[0]?.date,
		).toBe('2027-03-25');
		expect(
			planMeetings({ members: group, start: '2027-03-29', weekday: 1, count: 1 })[0]?.date,
		).toBe('2027-03-30');
	});

	test('blackout dates: nearest free day, the later one at equal distance', () => {
		const plan = planMeetings({
			members: group,
			start: '2026-08-26',
			count: 2,
			blackoutDates: ['2026-08-26', '2026-08-27'],
			blackoutRanges: [{ from: '2026-10-19', to: '2026-10-23' }],
		});
		expect(plan.map((m) => [m.date, m.adjustedFrom, m.reason])).toEqual([
			['2026-08-28', '2026-08-26', 'verschoben: Sperrtermin'], // Tuesday 25th is before the start
			['2026-10-26', '2026-10-21', 'verschoben: Sperrtermin'], // Fri 16th and Mon 26th are 5 days off
		]);
	});

	test('a named range names itself as the reason: the office did not block the Christmas break', () => {
		const plan = planMeetings({ members: group, start: '2027-12-27', count: 1, blackoutRanges: [{ from: '2027-12-24', to: '2027-12-31', label: 'Weihnachtspause (24. bis 31. Dezember)' }] });
		expect(plan.map((m) => [m.date, m.adjustedFrom, m.reason])).toEqual([['2028-01-03', '2027-12-29', 'verschoben: Weihnachtspause (24. bis 31. Dezember)']]);
	});

	test('a target with no free day within a week is left out', () => {
		const full = planMeetings({ members: group, start: '2026-08-26' });
		const gap = planMeetings({
			members: group,
			start: '2026-08-26',
			blackoutRanges: [{ from: '2026-10-14', to: '2026-10-28' }],
		});
		expect(full).toHaveLength(7);
		expect(gap.map((m) => m.date)).toEqual(
			full.map((m) => m.date).filter((d) => d !== '2026-10-21'),
		);
	});

	test('count reaches beyond a year; horizonMonths shortens the plan', () => {
		expect(planMeetings({ members: group, start: '2026-01-07', count: 10 })).toHaveLength(10);
		expect(planMeetings({ members: group, start: '2026-01-07', horizonMonths: 6 })).toHaveLength(4);
	});

	test('a meeting running past midnight ends on the next day', () => {
		const [m] = planMeetings({
			members: group,
			start: '2026-01-07',
			count: 1,
			time: '22:30',
			durationMinutes: 120,
		});
		expect(m).toMatchObject({ startsAt: '2026-01-07T22:30', endsAt: '2026-01-08T00:30' });
	});

	test('unusable input is refused with a German message', () => {
		const bad: Partial<PlanInput>[] = [
			{ members: [] },
			{ members: [member('a', 'Erfurt'), member('a', 'Jena')] },
			{ start: '2026-02-30' },
			{ weekday: 6 },
			{ time: '14.00' },
			{ intervalWeeks: 0 },
			{ count: 0 },
			{ blackoutRanges: [{ from: '2026-05-02', to: '2026-05-01' }] },
		];
		for (const override of bad) {
			expect(() => planMeetings({ members: group, start: '2026-01-07', ...override })).toThrow(
				MeetingInputError,
			);
		}
		expect(() => planMeetings({ members: [], start: 'x' })).toThrow(/Startdatum.*keine Mitglieder/);
	});

	test('a count the blackouts cannot accommodate is refused instead of looping', () => {
		expect(() =>
			planMeetings({
				members: group,
				start: '2026-01-07',
				count: 3,
				blackoutRanges: [{ from: '2026-01-01', to: '2045-12-31' }],
			}),
		).toThrow(MeetingInputError);
	});
});

describe('rotateHosts', () => {
	test('the largest town is spread out: no neighbours from one town inside a round', () => {
		const members = [
			member('y1', 'Jena'),
			member('y2', 'Jena'),
			member('x1', 'Erfurt'),
			member('x2', 'Erfurt'),
			member('x3', 'Erfurt'),
		];
		expect(rotateHosts(members, 5).map((m) => m.town)).toEqual([
			'Erfurt',
			'Jena',
			'Erfurt',
			'Jena',
			'Erfurt',
		]);
	});

	test('towns compare without case and surrounding spaces', () => {
		const members = [member('a', 'Erfurt'), member('b', ' erfurt '), member('c', 'Jena')];
		expect(rotateHosts(members, 3).map((m) => m.organizationId)).toEqual(['a', 'c', 'b']);
	});

	test('a newcomer hosts within the round left open, then the rotation goes on', () => {
		const members = [
			member('a', 'Erfurt'),
			member('b', 'Jena'),
			member('c', 'Gera'),
			member('n', 'Weimar'),
		];
		const hosts = rotateHosts(members, 7, ['a', 'b', 'c', 'a', 'b', 'c', 'a']).map(
			(m) => m.organizationId,
		);
		expect(new Set(hosts.slice(0, 3))).toEqual(new Set(['b', 'c', 'n']));
		expect(new Set(hosts.slice(3))).toEqual(new Set(['a', 'b', 'c', 'n']));
	});

	test('replaying earlier hosts: former members are skipped, a repeat host opens a new round', () => {
		expect(openRound(['a', 'b', 'c'], ['a', 'gone', 'b'])).toEqual(new Set(['a', 'b']));
		expect(openRound(['a', 'b', 'c'], ['a', 'b', 'a'])).toEqual(new Set(['a']));
		expect(openRound(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual(new Set());
	});
});

// ---------------------------------------------------------------------------------------------
// Properties over random groups and start dates.

const TOWNS = ['Erfurt', 'Jena', 'Weimar', 'Gera'];
const groupArb = fc
	.array(fc.constantFrom(...TOWNS), { minLength: 3, maxLength: 6 })
	.map((towns) => towns.map((town, i) => member(`org-${i}`, town)));

interface Case {
	input: PlanInput & { members: HostCandidate[]; previousHosts: string[] };
	startDay: number;
	intervalWeeks: number;
	weekday: number;
	blocked: (day: number) => boolean;
}

function caseArb(options: {
	blackouts: boolean;
	previous: 'none' | 'rotation' | 'any';
	intervalWeeks?: number;
}) {
	return fc
		.record({
			members: groupArb,
			startDay: fc.integer({ min: dayOf('2019-01-01'), max: dayOf('2032-12-31') }),
			intervalWeeks:
				options.intervalWeeks === undefined
					? fc.integer({ min: 1, max: 12 })
					: fc.constant(options.intervalWeeks),
			weekday: fc.integer({ min: 1, max: 5 }),
			singles: options.blackouts
				? fc.array(fc.integer({ min: 0, max: 380 }), { maxLength: 8 })
				: fc.constant<number[]>([]),
			ranges: options.blackouts
				? fc.array(
						fc.record({
							offset: fc.integer({ min: 0, max: 380 }),
							length: fc.integer({ min: 0, max: 4 }),
						}),
						{ maxLength: 2 },
					)
				: fc.constant<{ offset: number; length: number }[]>([]),
			rounds: fc.array(fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), { maxLength: 3 }),
			cut: fc.nat(),
			noise: fc.array(
				fc.oneof(
					fc.nat({ max: 5 }).map((i) => `org-${i}`),
					fc.constant('former-member'),
				),
				{ maxLength: 12 },
			),
		})
		.map((r): Case => {
			const ids = r.members.map((m) => m.organizationId);
			let previousHosts: string[] = [];
			if (options.previous === 'rotation') {
				// Whole rounds (random permutations of the members), cut off anywhere.
				const rotation = r.rounds.flatMap((keys) =>
					[...ids].sort(
						(a, b) => keys[ids.indexOf(a)]! - keys[ids.indexOf(b)]! || a.localeCompare(b),
					),
				);
				previousHosts = rotation.slice(
					0,
					rotation.length === 0 ? 0 : r.cut % (rotation.length + 1),
				);
			} else if (options.previous === 'any') {
				previousHosts = r.noise;
			}
			const singles = new Set(r.singles.map((o) => r.startDay + o));
			const ranges = r.ranges.map(
				({ offset, length }) => [r.startDay + offset, r.startDay + offset + length] as const,
			);
			return {
				input: {
					members: r.members,
					start: dateOf(r.startDay),
					intervalWeeks: r.intervalWeeks,
					weekday: r.weekday,
					blackoutDates: [...singles].map(dateOf),
					blackoutRanges: ranges.map(([from, to]) => ({ from: dateOf(from), to: dateOf(to) })),
					previousHosts,
				},
				startDay: r.startDay,
				intervalWeeks: r.intervalWeeks,
				weekday: r.weekday,
				blocked: (day) => singles.has(day) || ranges.some(([from, to]) => day >= from && day <= to),
			};
		});
}

const isFree = (c: Case, day: number) => weekdayOf(day) <= 5 && !isHoliday(day) && !c.blocked(day);

describe('planMeetings: date properties', () => {
	test('property: never on a weekend, a Thuringian holiday or a blackout date; within a year', () => {
		fc.assert(
			fc.property(caseArb({ blackouts: true, previous: 'none' }), (c) => {
				const end = yearLater(c.startDay);
				for (const m of planMeetings(c.input)) {
					const day = dayOf(m.date);
					expect(weekdayOf(day), m.date).toBeLessThanOrEqual(5);
					expect(isHoliday(day), m.date).toBe(false);
					expect(c.blocked(day), m.date).toBe(false);
					expect(day).toBeGreaterThanOrEqual(c.startDay);
					expect(day).toBeLessThan(end);
				}
			}),
			{ numRuns: 300 },
		);
	});

	test('property: every target gets the best free day of its window, or is left out only when there is none', () => {
		fc.assert(
			fc.property(caseArb({ blackouts: true, previous: 'none' }), (c) => {
				const plan = planMeetings(c.input);
				const interval = c.intervalWeeks * 7;
				const end = yearLater(c.startDay);
				const first = c.startDay + ((c.weekday - weekdayOf(c.startDay) + 7) % 7);
				const byTarget = new Map(plan.map((m) => [dayOf(m.adjustedFrom ?? m.date), m]));
				let previous = -Infinity;
				let placed = 0;
				for (let target = first; target < end; target += interval) {
					const lo = Math.max(
						c.startDay,
						target - interval + 1,
						previous + 1,
						target - MAX_SHIFT_DAYS,
					);
					const hi = Math.min(target + interval - 1, end - 1, target + MAX_SHIFT_DAYS);
					// Own week first, then nearer, then later.
					const better = (d: number, e: number) => {
						const weekD = mondayOf(d) === mondayOf(target);
						const weekE = mondayOf(e) === mondayOf(target);
						if (weekD !== weekE) return weekD;
						if (Math.abs(d - target) !== Math.abs(e - target))
							return Math.abs(d - target) < Math.abs(e - target);
						return d > e;
					};
					let best: number | null = null;
					for (let d = lo; d <= hi; d++) {
						if (isFree(c, d) && (best === null || better(d, best))) best = d;
					}
					const meeting = byTarget.get(target);
					if (best === null) {
						expect(meeting, dateOf(target)).toBeUndefined();
						continue;
					}
					expect(meeting?.date, dateOf(target)).toBe(dateOf(best));
					expect(meeting?.adjustedFrom).toBe(best === target ? null : dateOf(target));
					expect(meeting?.reason === null).toBe(best === target);
					previous = best;
					placed++;
				}
				expect(plan).toHaveLength(placed);
			}),
			{ numRuns: 200 },
		);
	});

	test('property: dates strictly increase, each within a week of its target on the preferred weekday', () => {
		fc.assert(
			fc.property(caseArb({ blackouts: true, previous: 'none' }), (c) => {
				const plan = planMeetings(c.input);
				const first = c.startDay + ((c.weekday - weekdayOf(c.startDay) + 7) % 7);
				for (const [i, m] of plan.entries()) {
					const day = dayOf(m.date);
					const target = dayOf(m.adjustedFrom ?? m.date);
					expect(weekdayOf(target)).toBe(c.weekday);
					expect((target - first) % (c.intervalWeeks * 7)).toBe(0);
					expect(Math.abs(day - target)).toBeLessThanOrEqual(7);
					if (i > 0) expect(day).toBeGreaterThan(dayOf(plan[i - 1]!.date));
					expect(m.startsAt).toBe(`${m.date}T14:00`);
				}
			}),
			{ numRuns: 300 },
		);
	});

	test('property: without blackouts a year holds every target: 7 meetings at 8 weeks', () => {
		fc.assert(
			fc.property(caseArb({ blackouts: false, previous: 'none', intervalWeeks: 8 }), (c) => {
				expect(planMeetings(c.input)).toHaveLength(7);
			}),
			{ numRuns: 300 },
		);
		fc.assert(
			fc.property(caseArb({ blackouts: false, previous: 'none' }), (c) => {
				const first = c.startDay + ((c.weekday - weekdayOf(c.startDay) + 7) % 7);
				const expected = Math.ceil((yearLater(c.startDay) - first) / (c.intervalWeeks * 7));
				expect(planMeetings(c.input)).toHaveLength(expected);
			}),
			{ numRuns: 300 },
		);
	});

	test('property: deterministic: the same input gives a deep-equal plan', () => {
		fc.assert(
			fc.property(caseArb({ blackouts: true, previous: 'any' }), (c) => {
				expect(planMeetings(structuredClone(c.input))).toEqual(planMeetings(c.input));
			}),
			{ numRuns: 100 },
		);
	});
});

/** Members of each round as the rotation must produce them, from an independent replay. */
function expectedRounds(ids: string[], previous: string[], hostCount: number) {
	let open = new Set<string>();
	for (const id of previous) {
		if (!ids.includes(id)) continue;
		if (open.has(id)) open = new Set();
		open.add(id);
		if (open.size === ids.length) open = new Set();
	}
	const rounds: { start: number; candidates: string[] }[] = [];
	let start = 0;
	let candidates = ids.filter((id) => !open.has(id));
	while (start < hostCount) {
		rounds.push({ start, candidates });
		start += candidates.length;
		candidates = ids;
	}
	return rounds;
}

/** Fewest same-town neighbours over all orders of `towns`, counting the pair with `before`. */
function fewestNeighbours(towns: string[], before: string | null): number {
	if (towns.length === 0) return 0;
	let best = Infinity;
	for (const town of new Set(towns)) {
		const rest = [...towns];
		rest.splice(rest.indexOf(town), 1);
		best = Math.min(best, (town === before ? 1 : 0) + fewestNeighbours(rest, town));
	}
	return best;
}

describe('planMeetings: rotation properties', () => {
	const withCount = (c: Case, count: number) => ({
		...c.input,
		count,
		blackoutDates: [],
		blackoutRanges: [],
	});

	test('property: host counts differ by at most one at every prefix; everyone once before anyone twice', () => {
		fc.assert(
			fc.property(
				caseArb({ blackouts: true, previous: 'none' }),
				fc.integer({ min: 1, max: 30 }),
				(c, count) => {
					for (const input of [c.input, withCount(c, count)]) {
						const counts = new Map(c.input.members.map((m) => [m.organizationId, 0]));
						for (const host of hostsOf(planMeetings(input))) {
							counts.set(host, counts.get(host)! + 1);
							expect(
								Math.max(...counts.values()) - Math.min(...counts.values()),
							).toBeLessThanOrEqual(1);
						}
					}
				},
			),
			{ numRuns: 200 },
		);
	});

	test('property: continuing a rotation from previousHosts keeps it fair across the boundary', () => {
		fc.assert(
			fc.property(
				caseArb({ blackouts: false, previous: 'rotation' }),
				fc.integer({ min: 1, max: 20 }),
				(c, count) => {
					const counts = new Map(c.input.members.map((m) => [m.organizationId, 0]));
					for (const host of [
						...c.input.previousHosts,
						...hostsOf(planMeetings(withCount(c, count))),
					]) {
						counts.set(host, counts.get(host)! + 1);
						expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(
							1,
						);
					}
				},
			),
			{ numRuns: 200 },
		);
	});

	test('property: any previousHosts: the open round is finished first, then whole rounds follow', () => {
		fc.assert(
			fc.property(
				caseArb({ blackouts: false, previous: 'any' }),
				fc.integer({ min: 1, max: 20 }),
				(c, count) => {
					const ids = c.input.members.map((m) => m.organizationId);
					const hosts = hostsOf(planMeetings(withCount(c, count)));
					for (const { start, candidates } of expectedRounds(
						ids,
						c.input.previousHosts,
						hosts.length,
					)) {
						const round = hosts.slice(start, start + candidates.length);
						expect(new Set(round).size).toBe(round.length);
						for (const host of round) expect(candidates).toContain(host);
					}
				},
			),
			{ numRuns: 200 },
		);
	});

	test('property: town rule: a host from another town than the previous one whenever a candidate allows it', () => {
		fc.assert(
			fc.property(
				caseArb({ blackouts: false, previous: 'any' }),
				fc.integer({ min: 1, max: 20 }),
				(c, count) => {
					const ids = c.input.members.map((m) => m.organizationId);
					const townOf = new Map(c.input.members.map((m) => [m.organizationId, m.town]));
					const plan = planMeetings(withCount(c, count));
					const hosts = hostsOf(plan);
					let previousTown = townOf.get(c.input.previousHosts.at(-1) ?? '') ?? null;
					for (const { start, candidates } of expectedRounds(
						ids,
						c.input.previousHosts,
						hosts.length,
					)) {
						for (let i = start; i < Math.min(start + candidates.length, hosts.length); i++) {
							const left = candidates.filter((id) => !hosts.slice(start, i).includes(id));
							const avoidable = left.some((id) => townOf.get(id) !== previousTown);
							if (avoidable) expect(plan[i]!.town).not.toBe(previousTown);
							previousTown = plan[i]!.town;
						}
					}
				},
			),
			{ numRuns: 200 },
		);
	});

	test('property: every complete round has the fewest same-town neighbours possible', () => {
		fc.assert(
			fc.property(
				caseArb({ blackouts: false, previous: 'any' }),
				fc.integer({ min: 1, max: 20 }),
				(c, count) => {
					const ids = c.input.members.map((m) => m.organizationId);
					const townOf = new Map(c.input.members.map((m) => [m.organizationId, m.town]));
					const plan = planMeetings(withCount(c, count));
					for (const { start, candidates } of expectedRounds(
						ids,
						c.input.previousHosts,
						plan.length,
					)) {
						if (start + candidates.length > plan.length) break;
						const before =
							start === 0
								? (townOf.get(c.input.previousHosts.at(-1) ?? '') ?? null)
								: plan[start - 1]!.town;
						const towns = plan.slice(start, start + candidates.length).map((m) => m.town);
						const neighbours = towns.filter(
							(town, i) => town === (i === 0 ? before : towns[i - 1]),
						).length;
						expect(neighbours).toBe(
							fewestNeighbours(
								candidates.map((id) => townOf.get(id)!),
								before,
							),
						);
					}
				},
			),
			{ numRuns: 200 },
		);
	});

	test('property: planning k + l meetings equals planning k, then l continuing from those hosts', () => {
		fc.assert(
			fc.property(
				caseArb({ blackouts: false, previous: 'any' }),
				fc.integer({ min: 1, max: 12 }),
				fc.integer({ min: 1, max: 12 }),
				(c, k, l) => {
					const whole = hostsOf(planMeetings(withCount(c, k + l)));
					const head = hostsOf(planMeetings(withCount(c, k)));
					const tail = hostsOf(
						planMeetings({
							...withCount(c, l),
							previousHosts: [...c.input.previousHosts, ...head],
						}),
					);
					expect([...head, ...tail]).toEqual(whole);
				},
			),
			{ numRuns: 200 },
		);
	});
});

describe('suggestedPlanStart', () => {
	test('two weeks ahead by Berlin’s calendar, or one interval after the last planned meeting', () => {
		// 23:30 UTC on 1 March is already 2 March in Berlin.
		expect(suggestedPlanStart([], new Date('2027-03-01T23:30:00Z'))).toBe('2027-03-16');
		expect(suggestedPlanStart([], new Date('2027-03-01T22:30:00Z'))).toBe('2027-03-15');
		const planned = [new Date('2027-04-07T12:00:00Z'), new Date('2027-06-02T12:00:00Z'), new Date('2027-02-03T13:00:00Z')];
		expect(suggestedPlanStart(planned, new Date('2027-03-01T10:00:00Z')), 'eight weeks after the latest, whatever the order').toBe('2027-07-28');
		// A plan that ends soon: two weeks ahead still wins.
		expect(suggestedPlanStart([new Date('2027-01-06T13:00:00Z')], new Date('2027-03-01T10:00:00Z'))).toBe('2027-03-15');
	});
});
