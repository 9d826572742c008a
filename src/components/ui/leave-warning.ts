/**
 * While an island holds changes not yet saved, leaving the page (a link, a reload, another form on
 * the page) makes the browser ask first, so nothing is lost without a word.
 */
import { useEffect } from 'react';

export function useLeaveWarning(unsaved: boolean): void {
	useEffect(() => {
		if (!unsaved) return;
		const ask = (event: BeforeUnloadEvent) => event.preventDefault();
		window.addEventListener('beforeunload', ask);
		return () => window.removeEventListener('beforeunload', ask);
	}, [unsaved]);
}
