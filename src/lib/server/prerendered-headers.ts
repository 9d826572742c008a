/**
 * Per-page headers of the prerendered pages (their content security policy with the hashes of
 * exactly that page's scripts and styles), from the `_headers.json` the Node adapter writes
 * with `staticHeaders: true`. The adapter's own lookup matches paths by substring and misses
 * pages without a trailing slash in the manifest, so `scripts/serve.ts` uses this exact one.
 */
import { pageFolder } from './http-headers.ts';

export type HeaderMap = ReadonlyMap<string, Record<string, string>>;

interface HeadersJsonEntry {
	pathname: string;
	headers: { key: string; value: string }[];
}

export function parsePrerenderedHeaders(entries: HeadersJsonEntry[]): HeaderMap {
	return new Map(
		entries.map((entry) => [pageFolder(entry.pathname), Object.fromEntries(entry.headers.map((h) => [h.key, h.value]))]),
	);
}

/** Headers of the page at `path`, or null when it is not a prerendered page. */
export function prerenderedHeadersFor(map: HeaderMap, path: string): Record<string, string> | null {
	return map.get(pageFolder(path)) ?? null;
}

/** For HTML answers that have no policy of their own (the 404 page served for any unknown path). */
export function fallbackHeaders(map: HeaderMap): Record<string, string> | null {
	return map.get('/404/') ?? null;
}
