/**
 * Ranking up to three topics, as an enhancement of the plain form the page renders itself (its
 * id in `plainForm`): three ranked selects, which is what shows until this island has mounted,
 * and forever without JavaScript. Rendered in the browser only (`client:only`): its server
 * output would be nothing but that form, and React rendering it on every request cost about a
 * quarter of the page's CPU time (bench/cpu-per-request.ts). Once mounted, the island hides the
 * plain form (unless it came back with errors) and shows a list that works with mouse and touch
 * (drag the grip), and with the keyboard alone (buttons "Nach oben", "Nach unten", "Entfernen",
 * "Hinzufügen"; focus stays on the control used). Every change is announced in a live region.
 * Saving posts the same fields (interest1..3) to the same action as the plain form.
 */
import { actions } from 'astro:actions';
import { refusalText } from '../../lib/forms/refusal.ts';
import { useEffect, useLayoutEffect, useRef, useState, type SubmitEvent } from 'react';
import { useLeaveWarning } from '../ui/leave-warning.ts';

const NOT_SAVED = 'Das Speichern hat nicht geklappt. Bitte prüfen Sie Ihre Verbindung und versuchen Sie es noch einmal.';

export interface TopicOption {
	value: string;
	label: string;
}

interface Props {
	/** Every topic, in the site's order. */
	topics: TopicOption[];
	/** The member's saved ranking, first choice first. */
	initial: string[];
	max?: number;
	/** The id of the page's plain form, which this island replaces once it runs. */
	plainForm: string;
}

type Control = 'up' | 'down' | 'remove' | 'add';

/** The topics the plain form's selects show, in order, each once; null without the form. */
function shownIn(form: HTMLElement | null, topics: TopicOption[], max: number): string[] | null {
	if (!form) return null;
	const known = new Set(topics.map((t) => t.value));
	const values = [...form.querySelectorAll('select')].map((select) => select.value).filter((value) => known.has(value));
	return [...new Set(values)].slice(0, max);
}

export function InterestRanking({ topics, initial, max = 3, plainForm }: Props) {
	// Rendered in the browser only, so the page is there to ask. A plain form that came back with
	// errors (posted before this island ran) stays, with its messages and the values typed.
	const [replacesForm] = useState(() => !document.getElementById(plainForm)?.querySelector('[aria-invalid="true"]'));
	// What the plain form shows when the island starts: the saved ranking, what a refused form sent,
	// or what was chosen there before the island loaded. Taken over, unsaved where it differs.
	const [chosen, setChosen] = useState<string[]>(() => {
		const shown = shownIn(document.getElementById(plainForm), topics, max);
		const known = new Set(topics.map((t) => t.value));
		// The same as saved, topics no longer offered aside: the saved ranking as it is.
		return !shown || shown.join() === initial.filter((id) => known.has(id)).join() ? initial : shown;
	});
	const [saved, setSaved] = useState<string[]>(initial);
	const [announcement, setAnnouncement] = useState('');
	const [error, setError] = useState<string | null>(null);
	const [busy, setBusy] = useState(false);
	const [dragging, setDragging] = useState<string | null>(null);
	const [focusTarget, setFocusTarget] = useState<string | null>(null);
	const controls = useRef(new Map<string, HTMLButtonElement>());
	const rows = useRef(new Map<string, HTMLLIElement>());

	const heading = useRef<HTMLHeadingElement>(null);

	// Before the first paint with the list, so the page never shows both or neither.
	useLayoutEffect(() => {
		const plain = document.getElementById(plainForm);
		if (!replacesForm || !plain) return;
		const hadFocus = plain.contains(document.activeElement);
		plain.hidden = true;
		// Focus inside the form would fall back to the page's start; it goes to the list instead.
		if (hadFocus) heading.current?.focus();
		return () => {
			plain.hidden = false;
		};
	}, [plainForm, replacesForm]);
	useEffect(() => {
		if (!focusTarget) return;
		controls.current.get(focusTarget)?.focus();
		setFocusTarget(null);
	}, [focusTarget]);

	// While a topic is dragged, the window follows the pointer: the row moves in the DOM as it is
	// reordered, which would end a capture on the grip itself.
	useEffect(() => {
		if (!dragging) return;
		const slug = dragging;
		const move = (event: globalThis.PointerEvent) => {
			let target = chosen.length - 1;
			for (const [i, s] of chosen.entries()) {
				const box = rows.current.get(s)?.getBoundingClientRect();
				if (box && event.clientY < box.top + box.height / 2) {
					target = i;
					break;
				}
			}
			if (target !== chosen.indexOf(slug)) {
				const next = chosen.filter((s) => s !== slug);
				next.splice(target, 0, slug);
				setChosen(next);
			}
		};
		const end = () => {
			setDragging(null);
			const label = topics.find((t) => t.value === slug)?.label ?? slug;
			setAnnouncement(`${label} ist jetzt auf Platz ${chosen.indexOf(slug) + 1}.`);
		};
		window.addEventListener('pointermove', move);
		window.addEventListener('pointerup', end);
		window.addEventListener('pointercancel', end);
		return () => {
			window.removeEventListener('pointermove', move);
			window.removeEventListener('pointerup', end);
			window.removeEventListener('pointercancel', end);
		};
	}, [dragging, chosen, topics]);

	// Leaving with an order not yet saved would lose it without a word: the browser asks first.
	const dirty = chosen.join() !== saved.join();
	// Only while the list is shown: a plain form left standing with its errors warns for itself.
	useLeaveWarning(dirty && replacesForm);

	if (!replacesForm) return null;

	const title = (slug: string) => topics.find((t) => t.value === slug)?.label ?? slug;
	// A repeated sentence is still a new announcement: alternate an invisible difference.
	const announce = (text: string) => setAnnouncement((previous) => (previous === text ? `${text}\u00a0` : text));
	const ref = (control: Control, slug: string) => (element: HTMLButtonElement | null) => {
		if (element) controls.current.set(`${control}:${slug}`, element);
		else controls.current.delete(`${control}:${slug}`);
	};
	const full = chosen.length >= max;
	const available = topics.filter((t) => !chosen.includes(t.value));

	function moveTo(slug: string, to: number, control: Control) {
		const from = chosen.indexOf(slug);
		if (to < 0 || to >= chosen.length || to === from) {
			announce(`${title(slug)} ist schon auf Platz ${from + 1}.`);
			return;
		}
		const next = chosen.filter((s) => s !== slug);
		next.splice(to, 0, slug);
		setChosen(next);
		announce(`${title(slug)} ist jetzt auf Platz ${to + 1}.`);
		setFocusTarget(`${control}:${slug}`);
	}

	function add(slug: string) {
		if (full) {
			announce(`Sie haben schon ${max} Themen gewählt. Entfernen Sie zuerst eines.`);
			return;
		}
		setChosen([...chosen, slug]);
		announce(`${title(slug)} hinzugefügt, jetzt auf Platz ${chosen.length + 1}.`);
		setFocusTarget(`up:${slug}`);
	}

	function remove(slug: string) {
		setChosen(chosen.filter((s) => s !== slug));
		announce(`${title(slug)} entfernt.`);
		setFocusTarget(`add:${slug}`);
	}

	async function save(event: SubmitEvent<HTMLFormElement>) {
		event.preventDefault();
		if (busy) return;
		setBusy(true);
		setError(null);
		try {
			const { error: failure } = await actions.portal.saveInterests(new FormData(event.currentTarget));
			if (failure) {
				// A proxy's error page comes back as the message itself: not a sentence for anyone.
				const message = refusalText(failure);
				setError(message && !/<[a-z!/]/i.test(message) ? message : NOT_SAVED);
				return;
			}
			setSaved(chosen);
			announce('Ihre Themen sind gespeichert.');
		} catch {
			// The connection dropped: say so, and let the next click try again.
			setError(NOT_SAVED);
		} finally {
			setBusy(false);
		}
	}

	return (
		<form className="ranking" method="POST" action={String(actions.portal.saveInterests)} onSubmit={save}>
			<h2 id="ranking-chosen" ref={heading} tabIndex={-1}>
				Ihre Themen, das wichtigste zuerst
			</h2>
			{chosen.length === 0 ? (
				<p>Noch keine Themen gewählt. Fügen Sie unten bis zu {max} hinzu.</p>
			) : (
				<ol className="ranking-list" aria-labelledby="ranking-chosen">
					{chosen.map((slug, i) => (
						<li
							key={slug}
							ref={(element) => {
								if (element) rows.current.set(slug, element);
								else rows.current.delete(slug);
							}}
							className={dragging === slug ? 'ranking-item is-dragging' : 'ranking-item'}
						>
							<span
								className="ranking-grip"
								aria-hidden="true"
								title="Ziehen zum Verschieben"
								onPointerDown={(event) => {
									if (event.button !== 0) return;
									event.preventDefault();
									setDragging(slug);
								}}
							>
								⠿
							</span>
							<span className="ranking-title">
								<span className="ranking-rank">{i + 1}.</span> {title(slug)}
							</span>
							<span className="ranking-controls">
								<button type="button" ref={ref('up', slug)} className="button button--quiet" aria-disabled={i === 0 || undefined} onClick={() => moveTo(slug, i - 1, 'up')}>
									Nach oben<span className="visually-hidden">: {title(slug)}</span>
								</button>
								<button
									type="button"
									ref={ref('down', slug)}
									className="button button--quiet"
									aria-disabled={i === chosen.length - 1 || undefined}
									onClick={() => moveTo(slug, i + 1, 'down')}
								>
									Nach unten<span className="visually-hidden">: {title(slug)}</span>
								</button>
								<button type="button" ref={ref('remove', slug)} className="link-button" onClick={() => remove(slug)}>
									Entfernen<span className="visually-hidden">: {title(slug)}</span>
								</button>
							</span>
						</li>
					))}
				</ol>
			)}

			<h2 id="ranking-available">Weitere Themen</h2>
			{full && <p className="hint">Sie haben {max} Themen gewählt. Um ein anderes aufzunehmen, entfernen Sie zuerst eines.</p>}
			<ul className="ranking-available" aria-labelledby="ranking-available">
				{available.map((t) => (
					<li key={t.value}>
						<button type="button" ref={ref('add', t.value)} className="button button--quiet" aria-disabled={full || undefined} onClick={() => add(t.value)}>
							Hinzufügen<span className="visually-hidden">: {t.label}</span>
						</button>
						<span className="ranking-available-title">{t.label}</span>
					</li>
				))}
			</ul>

			{Array.from({ length: max }, (_, i) => (
				<input key={i} type="hidden" name={`interest${i + 1}`} value={chosen[i] ?? ''} />
			))}
			<p className="ranking-announcement" role="status">
				{announcement}
			</p>
			{error && (
				<div className="form-message form-message--error" role="alert">
					<p>{error}</p>
				</div>
			)}
			<p className="ranking-save">
				<button className="button" type="submit" aria-disabled={busy || undefined}>
					Themen speichern
				</button>{' '}
				{dirty && <span className="hint">Noch nicht gespeichert.</span>}
			</p>
		</form>
	);
}
