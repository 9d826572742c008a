/**
 * The forms of the own account page that members (/portal/profil/) and the office
 * (/koordination/konto/) share: password, sessions, authenticator app. Each section component
 * shows its own messages; the page needs the outcomes for its redirect and the error's status.
 * Setting up the app and renewing its recovery codes answer without a redirect: the codes are
 * shown once, in that answer, and do not belong in an address bar or a history.
 */
import type { AstroGlobal } from 'astro';
import { actions } from 'astro:actions';

export function accountForms(astro: Pick<AstroGlobal, 'getActionResult'>) {
	const password = astro.getActionResult(actions.portal.changePassword);
	const endOne = astro.getActionResult(actions.portal.endSession);
	const endOthers = astro.getActionResult(actions.portal.endOtherSessions);
	const enable = astro.getActionResult(actions.secondFactor.enable);
	const remove = astro.getActionResult(actions.secondFactor.remove);
	const renew = astro.getActionResult(actions.secondFactor.renewRecoveryCodes);
	return {
		/** The outcome of whichever account form went through, for redirectAfterSuccess; else nothing. */
		outcomes: [
			password?.data && `passwort-${password.data.endedSessions}`,
			endOne?.data && `beendet-${endOne.data.ended}`,
			endOthers?.data && `beendet-${endOthers.data.ended}`,
			remove?.data && 'app-entfernt',
		],
		/** The HTTP status of a refused account form, if one was refused. */
		refusedStatus: [password, endOne, endOthers, enable, remove, renew].find((r) => r?.error)?.error?.status,
	};
}
