/**
 * The publish form under the group board. It speaks of the saved draft (the one publishing
 * sends out): how many get a mail, which rules it breaks, and it carries the draft's version as
 * the confirmation. The board hands it a new summary after every save, so what the office ticks
 * is what it sees. A plain form: without JavaScript it posts like any other.
 */
import { actions } from 'astro:actions';
import type { PublishSummary } from '../../lib/server/matching-board.ts';

interface Props {
	summary: PublishSummary;
	/** Why the last attempt to publish was refused, if it was. */
	error: string | null;
	/** The board has moves that are not saved: they do not go out. */
	unsaved: boolean;
}

const members = (n: number) => (n === 1 ? '1 Mitglied' : `${n} Mitglieder`);
const groups = (n: number) => (n === 1 ? '1 Gruppe' : `${n} Gruppen`);

export function PublishDraft({ summary, error, unsaved }: Props) {
	const broken = summary.violations.length > 0;
	return (
		<section aria-labelledby="publish-heading">
			<h3 id="publish-heading">Veröffentlichen</h3>
			<p>
				Beim Veröffentlichen bekommen die Gruppen ihre Namen (Fokusgruppe A, B, …); {members(summary.seated)} in {groups(summary.groups)} {summary.seated === 1 ? 'erhält' : 'erhalten'} eine E-Mail, und das
				Portal zeigt jedem seine Gruppe. Veröffentlicht wird der <strong>gespeicherte</strong> Entwurf; das lässt sich nicht zurücknehmen.
			</p>
			{unsaved && <p className="notice">Ihre letzten Änderungen am Entwurf sind noch nicht gespeichert; veröffentlicht würde der gespeicherte Stand.</p>}
			{broken && (
				<div className="notice" role="note">
					<p>Der gespeicherte Entwurf verletzt Regeln:</p>
					<ul>
						{summary.violations.map((message) => (
							<li key={message}>{message}</li>
						))}
					</ul>
				</div>
			)}
			{error && (
				<div className="form-message form-message--error" role="alert">
					<p>{error}</p>
				</div>
			)}
			{/* Keyed by the draft's version: a tick given for one saved draft is gone when another is saved. */}
			<form key={summary.draft} className="form" method="POST" action={`${actions.groups.publish}#publish-heading`} aria-labelledby="publish-heading">
				<input type="hidden" name="draft" value={summary.draft} />
				<div className="check">
					<input type="checkbox" id="publish-checked" name="checked" required />
					<label htmlFor="publish-checked">Ich habe den gespeicherten Entwurf geprüft; {members(summary.seated)} {summary.seated === 1 ? 'erhält' : 'erhalten'} jetzt eine E-Mail.</label>
				</div>
				{broken && (
					<div className="check">
						<input type="checkbox" id="publish-despite" name="despiteRules" required />
						<label htmlFor="publish-despite">Trotz der genannten Regelverstöße so veröffentlichen.</label>
					</div>
				)}
				<div className="toolbar">
					<button className="button" type="submit">
						Entwurf veröffentlichen
					</button>
				</div>
			</form>
		</section>
	);
}
