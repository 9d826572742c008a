/**
 * Why someone waits, in German and specific to the final proposal: what blocks every group with
 * a free seat, or why no further group can be formed. The engine only leaves someone waiting
 * when no group with a free seat accepts them, so one of these always applies.
 */
import { isConflict, type Problem } from './problem.ts';
import type { WaitlistEntry } from './types.ts';

const joinOr = (parts: string[]) =>
	parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} oder ${parts.at(-1)}`;

export function waitReasons(p: Problem, groups: readonly number[][], waiting: readonly number[]): WaitlistEntry[] {
	const min = p.minSize;
	const max = p.maxSize;
	const G = groups.length;
	const classCount = new Map<number, number>();
	const orgCount = new Map<number, number>();
	for (let i = 0; i < p.n; i++) {
		classCount.set(p.cls[i]!, (classCount.get(p.cls[i]!) ?? 0) + 1);
		orgCount.set(p.org[i]!, (orgCount.get(p.org[i]!) ?? 0) + 1);
	}
	const open = groups.filter((g) => g.length < max);
	const few = waiting.length < min;
	const waitingNote = few
		? waiting.length === 1
			? 'außer dieser Person wartet niemand'
			: `insgesamt warten nur ${waiting.length} Personen`
		: `die ${waiting.length} Wartenden lassen sich nicht zu einer Gruppe verbinden, ohne dass WZ-Klassen, Unternehmen oder Konflikte aufeinandertreffen`;
	const groupsWord = (count: number) => (count === 1 ? 'Gruppe' : 'Gruppen');
	return waiting.map((w): WaitlistEntry => {
		const id = p.ids[w]!;
		if (p.topicCount === 0)
			return { id, reason: 'Kein Thema verfügbar: niemand hat ein Thema gewählt, und eine Liste der Themen fehlt oder ist leer.', code: 'no-topic' };
		if (G === 0 && p.n < min)
			return {
				id,
				reason: `Zu wenige Teilnehmende für eine Gruppe (mindestens ${min}): angemeldet ${p.n === 1 ? 'ist nur 1 Person' : `sind nur ${p.n} Personen`}.`,
				code: 'too-few',
			};
		const sameClass = classCount.get(p.cls[w]!)!;
		if (sameClass > G && G > 0)
			return {
				id,
				reason: `Kein Platz ohne Konflikt: die WZ-Klasse ${p.industry[w]} ist ${sameClass}-mal angemeldet, es gibt aber nur ${G} ${groupsWord(G)}, und Wettbewerber derselben Klasse sitzen nie an einem Tisch.`,
				code: 'industry-class-full',
			};
		const sameOrg = orgCount.get(p.org[w]!)!;
		if (sameOrg > G && G > 0)
			return {
				id,
				reason: `Kein Platz ohne Konflikt: aus dem Unternehmen ${p.orgNames[p.org[w]!]} sind ${sameOrg} Personen angemeldet, es gibt aber nur ${G} ${groupsWord(G)}, und jedes Unternehmen sitzt höchstens einmal in einer Gruppe.`,
				code: 'organization-full',
			};
		const blockers = new Set<string>();
		for (const g of open) {
			for (const m of g) {
				if (p.cls[m] === p.cls[w]) blockers.add(`die WZ-Klasse ${p.industry[w]}`);
				else if (p.org[m] === p.org[w]) blockers.add('jemanden aus demselben Unternehmen');
				else if (isConflict(p, w, m)) blockers.add('ein Konfliktunternehmen');
			}
		}
		// Every group with room blocks w: the engine places whoever fits. Should one not, that is
		// said plainly rather than naming a blocker that is not there.
		const fitting = open.filter((g) => g.every((m) => p.cls[m] !== p.cls[w] && p.org[m] !== p.org[w] && !isConflict(p, w, m)));
		if (fitting.length > 0)
			return {
				id,
				reason: `Nicht eingeplant, obwohl ${fitting.length === 1 ? 'eine Gruppe mit freiem Platz passt' : `${fitting.length} Gruppen mit freiem Platz passen`}: bitte auf dem Gruppenbrett von Hand zuordnen.`,
				code: 'unplaced',
			};
		if (blockers.size > 0) {
			const all = open.length === 1 ? 'die einzige Gruppe mit freiem Platz enthält' : `alle ${open.length} Gruppen mit freiem Platz enthalten`;
			const rest = G > open.length ? '; die übrigen sind voll' : '';
			const another = few
				? `für eine weitere Gruppe (mindestens ${min}) warten zu wenige (${waiting.length})`
				: `die ${waiting.length} Wartenden passen nicht zu einer weiteren Gruppe zusammen`;
			return {
				id,
				reason: `Kein Platz ohne Konflikt: ${all} bereits ${joinOr([...blockers].sort())}${rest}; ${another}.`,
				code: 'blocked',
			};
		}
		const full = G === 0 ? 'es gibt keine Gruppe' : G === 1 ? `die einzige Gruppe ist voll (${max} Mitglieder)` : `alle ${G} Gruppen sind voll (je ${max} Mitglieder)`;
		return {
			id,
			reason: `Zu wenige ${few ? '' : 'verträgliche '}Teilnehmende für eine weitere Gruppe (mindestens ${min}): ${full}, und ${waitingNote}.`,
			code: 'too-few',
		};
	});
}
