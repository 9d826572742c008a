/**
 * The office's board for the proposed focus groups. Every member row is a small form (move to a
 * group, lock the seat) that works without JavaScript by posting to the actions. With
 * JavaScript the board keeps the partition locally: moves by select and button (keyboard), drag
 * and drop (mouse), swaps, and every change shows at once how the objective moves and which hard
 * rule would break, using the same pure evaluation as the engine. "Entwurf speichern" stores it.
 * A move waits for its button: arrow keys on a closed select change its value at once, and a
 * move on every change would carry the member through every group on the way (WCAG 3.2.2).
 */
import { actions } from 'astro:actions';
import { useEffect, useMemo, useRef, useState, type DragEvent, type SubmitEvent } from 'react';
// Straight from the modules, not the index: the index also carries the input schema (zod) and the search.
import { evaluateGroups } from '../../lib/matching/evaluate.ts';
import { DEFAULT_WEIGHTS } from '../../lib/matching/problem.ts';
import type { MatchInput } from '../../lib/matching/types.ts';
import { projector, type Landmark, type Point } from '../../lib/geo/outline.ts';
import { formatCount, formatDecimal } from '../../lib/site.ts';
import type { BoardPerson, PublishSummary } from '../../lib/server/matching-board.ts';
import { PublishDraft } from './PublishDraft.tsx';
import { useLeaveWarning } from '../ui/leave-warning.ts';
import { useStickyScrollPadding } from '../ui/sticky-scroll-padding.ts';

/** A person on the board, exactly as the server module builds it (a type only: nothing of the server ships). */
export type BoardPersonView = BoardPerson;

export interface BoardGroupView {
	id: string;
	topic: string;
	members: string[];
	locked: string[];
}

interface Props {
	people: BoardPersonView[];
	topics: { slug: string; title: string }[];
	input: MatchInput;
	/** WZ division code → its name, for the divisions of the people on the board (the whole list stays on the server). */
	divisions: Record<string, string>;
	groups: BoardGroupView[];
	waitlist: { id: string; reason: string }[];
	outline: Point[];
	/** Towns drawn in grey on the map for orientation. */
	landmarks: Landmark[];
	/** The saved draft as the publish form states it, and why publishing was refused last. */
	publish: PublishSummary;
	publishError: string | null;
}

const WAITLIST = 'warteliste';
// Also in global.css (.board-dot--N): no inline styles under the content security policy.
const COLORS = ['#1f5f99', '#b3541e', '#2f7d4a', '#7a3d8f', '#9a6b00', '#1e7b7b', '#a33a5c', '#4d5b1f'];
const signed = (n: number) => `${n >= 0 ? '+' : '−'}${formatDecimal(Math.abs(n))}`;

export function GroupBoard({ people, topics, input, divisions, groups: initialGroups, waitlist, outline, landmarks, publish, publishError }: Props) {
	const person = useMemo(() => new Map(people.map((p) => [p.id, p])), [people]);
	const topicTitle = useMemo(() => new Map(topics.map((t) => [t.slug, t.title])), [topics]);
	const reasons = useMemo(() => new Map(waitlist.map((w) => [w.id, w.reason])), [waitlist]);
	const [groups, setGroups] = useState(initialGroups);
	const [saved, setSaved] = useState(initialGroups);
	const [summary, setSummary] = useState(publish);
	const [refusal, setRefusal] = useState(publishError);
	const [message, setMessage] = useState('');
	const [busy, setBusy] = useState(false);
	// The answer to a save from the phone's bar (below) stands in the bar, which keeps the focus.
	const [barAnswer, setBarAnswer] = useState<string | null>(null);
	const barText = useRef<HTMLParagraphElement>(null);
	const board = useRef<HTMLDivElement>(null);
	// Saving and discarding turn their own buttons off, which drops the keyboard onto the page's body:
	// the status line with the answer takes the focus instead (each time, also for the same answer again).
	const statusLine = useRef<HTMLParagraphElement>(null);
	const [statusFocus, setStatusFocus] = useState(0);
	useEffect(() => {
		if (statusFocus > 0) statusLine.current?.focus();
	}, [statusFocus]);
	useStickyScrollPadding(board, { top: '.board-summary', bottom: '.board-savebar' });
	useEffect(() => {
		if (barAnswer) barText.current?.focus();
	}, [barAnswer]);
	// Swapping works only with JavaScript, and every row's list names every member of the other
	// groups: rendered after hydration, it stays out of the page's HTML (n² options at n members).
	const [hydrated, setHydrated] = useState(false);
	useEffect(() => setHydrated(true), []);
	const dragged = useRef<string | null>(null);
	// A move re-renders the member's row in another group; the keyboard stays on its control there.
	const refocus = useRef<string | null>(null);
	useEffect(() => {
		if (refocus.current) document.getElementById(refocus.current)?.focus();
		refocus.current = null;
	}, [groups]);

	const groupLabel = (index: number) => `Entwurf ${index + 1}`;
	const evaluate = (gs: BoardGroupView[]) => evaluateGroups(input, gs.map((g, i) => ({ topic: g.topic, members: g.members, key: g.id, label: groupLabel(i) })));
	const evaluation = useMemo(() => evaluate(groups), [groups]);
	const savedEvaluation = useMemo(() => evaluate(saved), [saved]);
	const placed = new Set(groups.flatMap((g) => g.members));
	/** The most wish points the placed people could bring: everyone in their first choice. */
	const bestFit = placed.size * (input.options?.weights?.fit?.[0] ?? DEFAULT_WEIGHTS.fit[0]);
	const waiting = people.filter((p) => !placed.has(p.id));
	const dirty = JSON.stringify(groups) !== JSON.stringify(saved);
	// Publishing, discarding or a new run work on the saved draft: leaving the page (which each of
	// those forms does) with unsaved moves asks first, so nothing goes out that the office did not save.
	useLeaveWarning(dirty, { question: 'Ihre Änderungen am Entwurf (Verschiebungen, festgehaltene Plätze) sind noch nicht gespeichert und gehen verloren, wenn Sie fortfahren. Zum Speichern wählen Sie „Abbrechen“ und dann „Entwurf speichern“. Ohne Speichern fortfahren?' });
	const where = (id: string) => groups.findIndex((g) => g.members.includes(id));

	function apply(next: BoardGroupView[], what: string) {
		const before = evaluate(groups);
		const after = evaluate(next);
		setGroups(next);
		const broken = after.violations.length > 0 ? ` Achtung: ${after.violations.map((v) => v.message).join(' ')}` : '';
		setBarAnswer(null);
		setMessage(`${what} Zielwert ${signed(after.objective.total - before.objective.total)}, jetzt ${formatDecimal(after.objective.total)}.${broken}`);
	}

	/** The partition with `id` moved to group index `to` (-1: waitlist); a seat given by hand is held, so a new run keeps it. */
	const withMove = (gs: BoardGroupView[], id: string, to: number): BoardGroupView[] =>
		gs.map((g, i) => ({
			...g,
			members: i === to ? (g.members.includes(id) ? g.members : [...g.members, id]) : g.members.filter((m) => m !== id),
			locked: i === to ? [...g.locked.filter((m) => m !== id), id] : g.locked.filter((m) => m !== id),
		}));

	/** Whether `id` may not go to group index `to`: without coordinates nothing about the seat could be checked (saveDraft refuses it too). */
	function unplaceable(id: string, to: number): boolean {
		const p = person.get(id);
		if (to < 0 || !p || (p.lat !== null && p.lon !== null)) return false;
		setMessage(`${p.name} hat keine Koordinaten und kann keine Gruppe bekommen; bitte prüfen Sie den Ort im Mitgliedsdatensatz.`);
		return true;
	}

	/** Moves `id` to the group `target` (or the waitlist); false when it did not move, and the status line says why. */
	function move(id: string, target: string): boolean {
		const from = where(id);
		const to = target === WAITLIST ? -1 : groups.findIndex((g) => g.id === target);
		const place = to < 0 ? 'auf der Warteliste' : `in ${groupLabel(to)}`;
		if (from === to) {
			setMessage(`${person.get(id)?.name ?? id} ist schon ${place}.`);
			return false;
		}
		if (unplaceable(id, to)) return false;
		refocus.current = `gruppe-${id}`;
		const next = withMove(groups, id, to);
		apply(next, `${person.get(id)?.name ?? id} ${to < 0 ? 'auf die Warteliste' : `in ${groupLabel(to)}`} verschoben${to < 0 ? '' : `, Platz fest${wholeGroupHeld(next, to)}`}.`);
		return true;
	}

	/** A note when every seat of group `index` is held now: a new run then leaves the group as it is. */
	const wholeGroupHeld = (gs: BoardGroupView[], index: number) =>
		index >= 0 && gs[index]!.locked.length === gs[index]!.members.length ? `; damit ist ${groupLabel(index)} ganz festgehalten und bleibt bei einer neuen Berechnung, wie sie ist` : '';

	/** Swaps the seats of `a` and `b`; false when nothing changed. */
	function swap(a: string, b: string): boolean {
		const ga = where(a);
		const gb = where(b);
		if (!b || ga === gb || unplaceable(a, gb) || unplaceable(b, ga)) return false;
		refocus.current = `tausch-${a}`;
		const next = withMove(withMove(groups, a, gb), b, ga);
		// Only a seat in a group is held; one of the two may have gone to the waiting list.
		const held = ga >= 0 && gb >= 0 ? ', Plätze fest' : ', Platz fest';
		apply(next, `${person.get(a)?.name ?? a} und ${person.get(b)?.name ?? b} getauscht${held}${wholeGroupHeld(next, gb)}${wholeGroupHeld(next, ga)}.`);
		return true;
	}

	/** Locks every seat of group `index`, or frees them all when all are locked already. */
	function toggleGroupLock(index: number) {
		const group = groups[index]!;
		const lock = group.locked.length < group.members.length;
		const next = groups.map((g, i) => (i === index ? { ...g, locked: lock ? [...g.members] : [] } : g));
		setGroups(next);
		setMessage(`${groupLabel(index)}: ${lock ? 'alle Plätze fest; eine neue Berechnung lässt die Gruppe, wie sie ist' : 'alle Plätze wieder frei'}.`);
	}

	function toggleLock(id: string) {
		const next = groups.map((g) => ({ ...g, locked: g.locked.includes(id) ? g.locked.filter((m) => m !== id) : g.members.includes(id) ? [...g.locked, id] : g.locked }));
		setGroups(next);
		setMessage(`${person.get(id)?.name ?? id}: Platz ${next.some((g) => g.locked.includes(id)) ? 'fest' : 'wieder frei'}.`);
	}

	function setTopic(groupId: string, topic: string) {
		apply(groups.map((g) => (g.id === groupId ? { ...g, topic } : g)), `Thema von ${groupLabel(groups.findIndex((g) => g.id === groupId))}: ${topicTitle.get(topic) ?? topic}.`);
	}

	/** Saves the board; `fromBar`: the answer also stands in the phone's bar, where the button was. */
	async function save(fromBar = false) {
		setBusy(true);
		const answer = (text: string) => {
			setMessage(text);
			if (fromBar) setBarAnswer(text);
			else setStatusFocus((n) => n + 1);
		};
		const sending = groups;
		try {
			const { data, error } = await actions.groups.saveBoard({ groups: sending.map((g) => ({ topic: g.topic, members: g.members, locked: g.locked })), basedOn: summary.draft });
			if (error) return answer(`Nicht gespeichert: ${error.message}`);
			showSaved(data, sending);
			answer('Entwurf gespeichert.');
		} catch {
			// No answer at all (the connection, a restarting server): the board keeps every move.
			answer('Nicht gespeichert: Der Server war nicht erreichbar. Ihre Änderungen sind noch hier; bitte versuchen Sie es gleich noch einmal.');
		} finally {
			setBusy(false);
		}
	}

	/** `sent`: the board as it was sent; what was moved while it was on its way stays, not saved yet. */
	function showSaved(data: PublishSummary, sent: typeof groups) {
		setSummary({ draft: data.draft, violations: data.violations, groups: data.groups, seated: data.seated });
		setRefusal(null); // it was about the draft saved before
		// An emptied group is not stored; the board drops it too, so its numbering matches a reload.
		const stored = sent.filter((g) => g.members.length > 0);
		setGroups((now) => (now === sent ? stored : now));
		setSaved(stored);
	}

	const onDrop = (target: string) => (event: DragEvent) => {
		event.preventDefault();
		if (dragged.current) move(dragged.current, target);
		dragged.current = null;
	};
	const onDropOnMember = (other: string) => (event: DragEvent) => {
		event.preventDefault();
		event.stopPropagation();
		if (dragged.current && dragged.current !== other) swap(dragged.current, other);
		dragged.current = null;
	};
	const enhance = (handler: () => void) => (event: SubmitEvent<HTMLFormElement>) => {
		event.preventDefault();
		handler();
	};
	/**
	 * A row's move or swap: the choice in its select `name` goes to `act`. When nothing happened
	 * (refused, or already there), the select shows the seat as it is again, not the refused choice.
	 */
	const choose = (name: string, act: (choice: string) => boolean, shown: string) => (event: SubmitEvent<HTMLFormElement>) => {
		event.preventDefault();
		const select = event.currentTarget.elements.namedItem(name) as HTMLSelectElement;
		if (!act(select.value)) select.value = shown;
	};

	const map = projector(outline, 420);
	const outlinePath = outline.map((p, i) => `${i === 0 ? 'M' : 'L'}${map.project(p).x.toFixed(1)},${map.project(p).y.toFixed(1)}`).join(' ') + ' Z';

	function memberRow(id: string, groupIndex: number) {
		const p = person.get(id);
		if (!p) return null;
		const group = groups[groupIndex];
		const fit = group ? evaluation.groups[groupIndex]?.breakdown.members.find((m) => m.id === id) : undefined;
		const locked = group?.locked.includes(id) ?? false;
		return (
			<li
				key={id}
				className="board-member"
				draggable
				onDragStart={() => (dragged.current = id)}
				onDragOver={(e) => e.preventDefault()}
				onDrop={onDropOnMember(id)}
			>
				<div className="board-member__who">
					<strong>{p.organizationName}</strong>
					<span>
						{p.name} · {p.industryCode} {p.industryLabel} · {p.town}
					</span>
					{fit && (
						<span className={fit.rank ? 'badge' : 'badge badge--warn'}>
							{fit.rank ? `${fit.rank}. Wahl` : 'kein Wunschthema'} · im Mittel {Math.round(fit.meanDistanceKm)} km zu den anderen
						</span>
					)}
					{p.colleagues.length > 0 && (
						<span className="hint">
							Gleiches Unternehmen wie {p.colleagues.map((c) => `${c.name} (${where(c.id) < 0 ? 'Warteliste' : groupLabel(where(c.id))})`).join(', ')}
						</span>
					)}
					{!group && reasons.get(id) && <span className="hint">{reasons.get(id)}</span>}
				</div>
				<form method="POST" action={String(actions.groups.moveMember)} onSubmit={choose('target', (target) => move(id, target), group?.id ?? WAITLIST)} className="board-member__move">
					<input type="hidden" name="userId" value={id} />
					<label>
						<span className="visually-hidden">Gruppe für {p.name}</span>
						{/* Keyed by the seat, so after a move (or its undoing) it shows where the member is. */}
						<select key={group?.id ?? WAITLIST} id={`gruppe-${id}`} name="target" defaultValue={group?.id ?? WAITLIST}>
							{groups.map((g, i) => (
								<option key={g.id} value={g.id}>
									{groupLabel(i)}
								</option>
							))}
							<option value={WAITLIST}>Warteliste</option>
						</select>
					</label>
					<button type="submit" className="link-button">
						Verschieben<span className="visually-hidden">: {p.name}</span>
					</button>
				</form>
				{hydrated && (
					<form className="board-member__swap" onSubmit={choose('other', (other) => swap(id, other), '')}>
						<label>
							<span className="visually-hidden">{p.name} tauschen mit</span>
							<select key={group?.id ?? WAITLIST} id={`tausch-${id}`} name="other" defaultValue="">
								<option value="">Tauschen mit …</option>
								{groups.map((g, i) =>
									i === groupIndex ? null : (
										<optgroup key={g.id} label={groupLabel(i)}>
											{g.members.map((m) => (
												<option key={m} value={m}>
													{person.get(m)?.organizationName ?? m}
												</option>
											))}
										</optgroup>
									),
								)}
							</select>
						</label>
						<button type="submit" className="link-button">
							Tauschen<span className="visually-hidden">: {p.name}</span>
						</button>
					</form>
				)}
				{group && (
					<form method="POST" action={String(actions.groups.setLock)} onSubmit={enhance(() => toggleLock(id))}>
						<input type="hidden" name="userId" value={id} />
						{!locked && <input type="hidden" name="locked" value="true" />}
						{/* A toggle keeps its name; whether it is on, aria-pressed says, and global.css shows (a ticked chip). */}
						<button type="submit" className="link-button" aria-pressed={locked}>
							Platz festhalten
							<span className="visually-hidden">: {p.name}</span>
						</button>
					</form>
				)}
			</li>
		);
	}

	return (
		<>
			<div className="board" ref={board}>
				<div className="board-summary" aria-labelledby="board-summary-heading">
					{/* Under the page's "Entwurf" heading, like the draft groups below it. */}
					<h3 id="board-summary-heading">Zielwert {formatDecimal(evaluation.objective.total)}</h3>
					<p>
						{dirty ? <>Änderung gegenüber gespeichert: {signed(evaluation.objective.total - savedEvaluation.objective.total)} · </> : null}
						Je höher, desto besser (vergleichbar bei denselben Mitgliedern): Wunschpunkte {formatDecimal(evaluation.objective.fit)} von höchstens {formatDecimal(bestFit)} · Paare aus derselben WZ-Abteilung:{' '}
						{evaluation.objective.sameDivisionPairs} · Abstände aller Paare zusammen: {formatCount(Math.round(evaluation.objective.distanceKm))} km · Paare, die
						schon einmal in einer Gruppe saßen: {evaluation.objective.avoidedPairs}
					</p>
					{evaluation.violations.length > 0 && (
						// Focusable: on a wide screen the list scrolls within a few lines (global.css), and keyboards must reach the rest.
						<ul className="form-message form-message--error" tabIndex={0} aria-label="Regelverstöße im Entwurf">
							{evaluation.violations.map((v, i) => (
								<li key={i}>{v.message}</li>
							))}
						</ul>
					)}
					<p className="status-line" role="status" aria-live="polite" ref={statusLine} tabIndex={-1}>
						{message}
					</p>
					<div className="toolbar">
						<button type="button" className="button" disabled={!dirty || busy} onClick={() => save()}>
							Entwurf speichern
						</button>
						<button
							type="button"
							className="button button--quiet"
							disabled={!dirty || busy}
							onClick={() => {
								apply(saved, 'Änderungen verworfen.');
								setStatusFocus((n) => n + 1);
							}}
						>
							Änderungen verwerfen
						</button>
					</div>
				</div>

				<ul className="board-groups">
					{groups.map((g, i) => {
						const breakdown = evaluation.groups[i]?.breakdown;
						const violations = evaluation.violations.filter((v) => v.group === i);
						return (
							<li key={g.id} className="card board-group" onDragOver={(e) => e.preventDefault()} onDrop={onDrop(g.id)} aria-labelledby={`gruppe-${g.id}`}>
								<h3 id={`gruppe-${g.id}`}>
									<span className={`board-dot board-dot--${i % COLORS.length}`} aria-hidden="true">
										{i + 1}
									</span>{' '}
									{groupLabel(i)}: {topicTitle.get(g.topic) ?? g.topic}
								</h3>
								<form method="POST" action={String(actions.groups.setGroupLock)} onSubmit={enhance(() => toggleGroupLock(i))}>
									<input type="hidden" name="groupId" value={g.id} />
									{g.locked.length < g.members.length && <input type="hidden" name="locked" value="true" />}
									<button type="submit" className="link-button" aria-pressed={g.members.length > 0 && g.locked.length === g.members.length}>
										Ganze Gruppe festhalten<span className="visually-hidden">: {groupLabel(i)}</span>
									</button>
								</form>
								<label>
									Thema<span className="visually-hidden"> von {groupLabel(i)}</span>{' '}
									<select value={g.topic} onChange={(e) => setTopic(g.id, e.target.value)}>
										{topics.map((t) => (
											<option key={t.slug} value={t.slug}>
												{t.title}
											</option>
										))}
									</select>
								</label>
								{breakdown && (
									<p className="meta">
										{g.members.length} Mitglieder · Zielwert {formatDecimal(breakdown.objective.total)} (Wunschpunkte {formatDecimal(breakdown.objective.fit)}, Paare
										aus derselben WZ-Abteilung {breakdown.objective.sameDivisionPairs}, Abstände aller Paare {formatCount(Math.round(breakdown.objective.distanceKm))} km) · zwischen zwei
										Betrieben im Mittel {Math.round(breakdown.meanDistanceKm)} km, höchstens {Math.round(breakdown.maxDistanceKm)} km · Branchen:{' '}
										{/* " · ", not "; ": some divisions' own names hold a semicolon (70: "…; Unternehmensberatung"). */}
										{[...new Set(breakdown.industries.map((x) => divisions[x.division] ?? x.division))].join(' · ')}
									</p>
								)}
								{violations.length > 0 && (
									<ul className="board-violations">
										{violations.map((v, k) => (
											<li key={k}>{v.message}</li>
										))}
									</ul>
								)}
								<ul className="board-members">{g.members.map((id) => memberRow(id, i))}</ul>
							</li>
						);
					})}
					<li className="card board-group board-group--wait" onDragOver={(e) => e.preventDefault()} onDrop={onDrop(WAITLIST)} aria-labelledby="gruppe-warteliste">
						<h3 id="gruppe-warteliste">Warteliste ({waiting.length})</h3>
						<ul className="board-members">{waiting.map((p) => memberRow(p.id, -1))}</ul>
					</li>
				</ul>

				<figure className="board-map">
					<svg viewBox={`0 0 ${map.width} ${map.height}`} role="img" aria-labelledby="karte-titel">
						<title id="karte-titel">Karte: Standorte der Mitglieder je Gruppe</title>
						<path d={outlinePath} className="board-map__outline" />
						{landmarks.map((town) => {
							const { x, y } = map.project(town);
							return (
								<g key={town.name} className="board-map__town" aria-hidden="true">
									<circle cx={x} cy={y} r={2} />
									<text x={x} y={y - 9} textAnchor="middle">
										{town.name.replace(/\/.*$/, '')}
									</text>
								</g>
							);
						})}
						{groups.flatMap((g, i) =>
							g.members.map((id) => {
								const p = person.get(id);
								if (!p || p.lat === null || p.lon === null) return null;
								const { x, y } = map.project({ lat: p.lat, lon: p.lon });
								return (
									<g key={id}>
										<circle cx={x} cy={y} r={7} fill={COLORS[i % COLORS.length]} />
										<text x={x} y={y + 3.5} textAnchor="middle" className="board-map__label">
											{i + 1}
										</text>
										<title>{`${p.organizationName}, ${p.town} (${groupLabel(i)})`}</title>
									</g>
								);
							}),
						)}
					</svg>
					<figcaption className="meta">
						Umriss Thüringens aus den Postleitzahl-Orten genähert (ohne Kartendienst), grau einige Städte zur Orientierung. Zahlen = Entwurfsnummer.
					</figcaption>
				</figure>
				{/* On a phone the summary above is thousands of pixels away after a move; this bar stays at the screen's foot while there is something to save, and then with the answer to its save (global.css shows it only there). */}
				{(dirty || barAnswer) && (
					<div className="board-savebar">
						<p ref={barText} tabIndex={-1}>
							{barAnswer ?? (
								<>
									Nicht gespeichert · Zielwert {signed(evaluation.objective.total - savedEvaluation.objective.total)}
									{/* One break is named (the list is far above on a phone); several are counted. */}
									{evaluation.violations.length > 0 && <> · {evaluation.violations.length === 1 ? `Regelverstoß: ${evaluation.violations[0]!.message}` : `${evaluation.violations.length} Regelverstöße`}</>}
								</>
							)}
						</p>
						{dirty && (
							<button type="button" className="button" disabled={busy} onClick={() => save(true)}>
								Entwurf speichern
							</button>
						)}
					</div>
				)}
			</div>
			{/* Outside the board, so its sticky summary does not cover the publish form and its messages. */}
			<PublishDraft summary={summary} error={refusal} unsaved={dirty} />
		</>
	);
}
