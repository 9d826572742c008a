/** Helpers for pages that render a form posted to an action without JavaScript. */

/** Field names whose values are never echoed back into a page. */
const NEVER_REFILLED = /pass|token|honeypot/i;

/**
 * What the visitor submitted, so a form shown again after an error keeps every entry.
 * Astro's action handler reads a clone of the request, so the body is still available here. This reads a
 * clone too: @astrojs/react clones the request again when it renders an island (React form state), and
 * a request whose body was consumed can no longer be cloned.
 */
export async function submittedValues(request: Request): Promise<Record<string, string>> {
	if (request.method !== 'POST') return {};
	try {
		const form = await request.clone().formData();
		const values: Record<string, string> = {};
		for (const [name, value] of form) {
			if (typeof value === 'string' && !NEVER_REFILLED.test(name)) values[name] = value;
		}
		return values;
	} catch {
		return {};
	}
}
