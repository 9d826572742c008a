/**
 * While an island holds changes not yet saved, leaving the page (a link, a reload, another form on
 * the page) makes the browser ask first, so nothing is lost without a word.
 *
 * The browser's own question names nothing ("Leave site?"). With `otherForms`, a form of the page
 * outside the island (one the island does not answer itself) asks in the island's words instead,
 * and the browser does not ask a second time when the answer is yes.
 */
import { useEffect } from 'react';

export function useLeaveWarning(unsaved: boolean, otherForms?: { question: string }): void {
	useEffect(() => {
		if (!unsaved) return;
		// A yes counts for the one leaving it was given for, which starts right after it: the next unload.
		let agreed = false;
		const ask = (event: BeforeUnloadEvent) => {
			if (!agreed) event.preventDefault();
			agreed = false;
		};
		// Bubbling to the document: the island's own forms have been answered (and prevented) by then.
		const askBeforeSubmit = (event: SubmitEvent) => {
			if (!otherForms || event.defaultPrevented || !(event.target instanceof HTMLFormElement)) return;
			// A form sent into another window leaves nothing behind, and one that closes a dialog (the
			// session's notice) leaves nothing at all: asking there would also leave a yes standing
			// for the next real leaving.
			const target = event.submitter?.getAttribute('formtarget') ?? event.target.target;
			if (target && target !== '_self') return;
			const method = event.submitter?.getAttribute('formmethod') ?? event.target.getAttribute('method');
			if (method?.toLowerCase() === 'dialog') return;
			if (window.confirm(otherForms.question)) agreed = true;
			else event.preventDefault();
		};
		window.addEventListener('beforeunload', ask);
		document.addEventListener('submit', askBeforeSubmit);
		return () => {
			window.removeEventListener('beforeunload', ask);
			document.removeEventListener('submit', askBeforeSubmit);
		};
	}, [unsaved, otherForms?.question]);
}
