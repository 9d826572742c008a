/**
 * HTML allows one element with `autofocus` per page. A refused form marks its error summary, its
 * message or its first field with an error, a form that went through its success message;
 * whichever of them renders first on the page claims it (within one form that is document
 * order), the others stay without.
 */
const claimed = new WeakSet<object>();

/** True for the first caller per request (`Astro.locals` is one object per request). */
export function claimAutofocus(locals: object): boolean {
	if (claimed.has(locals)) return false;
	claimed.add(locals);
	return true;
}
