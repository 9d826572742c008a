/**
 * The forms of the own account page that members (/portal/profil/) and the office
 * (/koordination/konto/) share: password, sessions, authenticator app. Each section component
 * shows its own messages; the page needs the outcomes for its redirect and the error's status.
 */
import type { AstroGlobal } from 'astro';
import { actions } from 'astro:actions';

/** The outcome of whichever account form went through, for redirectAfterSuccess; else nothing. */
export function accountOutcomes(astro: Pick<AstroGlobal, 'getActionResult'>): (string | false | undefined)[] {
	const password = astro.getActionResult(actions.portal.changePassword);
	const endOne = astro.getActionResult(actions.portal.endSession);
	const endOthers = astro.getActionResult(actions.portal.endOtherSessions);
	return [
		password?.data && `passwort-${password.data.endedSessions}`,
		endOne?.data && `beendet-${endOne.data.ended}`,
		endOthers?.data && `beendet-${endOthers.data.ended}`,
		astro.getActionResult(actions.secondFactor.enable)?.data && 'app-eingerichtet',
		astro.getActionResult(actions.secondFactor.remove)?.data && 'app-entfernt',
	];
}

/** The HTTP status of a refused account form, if one was refused. */
export function accountFormStatus(astro: Pick<AstroGlobal, 'getActionResult'>): number | undefined {
	const results = [actions.portal.changePassword, actions.portal.endSession, actions.portal.endOtherSessions, actions.secondFactor.enable, actions.secondFactor.remove].map((action) =>
		astro.getActionResult(action),
	);
	return results.find((r) => r?.error)?.error?.status;
}
