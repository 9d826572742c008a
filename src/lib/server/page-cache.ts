/**
 * Signed-in portal pages, kept per session and served again while nothing in the database has
 * changed since they were rendered.
 *
 * A page is kept under its session and address together with the database's change count
 * (`data_version`, raised by a trigger on every table a page shows for every row written:
 * db/client.ts; the rate limit counters, which no page shows, are not counted). A
 * later request is answered from the cache only at the same count, so any write by anyone (an
 * answer, the office, the reminders script, another server process) makes every kept page
 * stale at once. Time is the one other input: the dashboard sorts meetings by the clock and the
 * layout says how long the session has left, so a page is served at most FRESH_MS after it was
 * rendered.
 *
 * Per session, never shared: what one member sees is never served to another, not even to
 * the same person's other session. The session is validated before the cache is asked, so an
 * ended or deactivated session never reaches a kept page. Only what a GET renders as a whole
 * HTML page with status 200 is kept, and not when the page set a cookie (that would not happen
 * again when the page is served from here).
 *
 * What it is for: a page looked at again (reload, back, the next tab) while nobody wrote costs
 * the session check instead of a render. Any counted write empties it for everyone, a member's
 * hourly session refresh too (not a failed sign-in), so how often it hits depends on how quiet
 * the forum is; `npm run bench:load` prints the best case (one session, no writes) and the
 * worst (PAGE_CACHE=off, every view rendered).
 * Each server process keeps its own pages (LRU, bounded by count and bytes), none longer than it
 * could serve it: the pages hold personal data. PAGE_CACHE=off switches it off.
 */
import type { APIContext, MiddlewareNext } from 'astro';
import { sql } from 'drizzle-orm';
import { dataVersion } from '../../../db/schema.ts';

/** How long a kept page may be served: the clock's share of what a page shows (see above). */
export const FRESH_MS = 30 * 1000;
const MAX_PAGES = 500;
const MAX_BYTES = 16 * 1024 * 1024;

interface KeptPage {
	version: number;
	renderedAt: number;
	headers: [string, string][];
	body: Uint8Array<ArrayBuffer>;
}

/**
 * Least recently used first (a Map keeps insertion order; a hit moves its page to the end).
 * Pages hold personal data, so none stays longer than it could be served: a page of an older
 * count goes as soon as a newer count is seen (the count only grows), and a page older than
 * freshMs at the next store or sweep.
 */
export class PageStore {
	readonly #pages = new Map<string, KeptPage>();
	#bytes = 0;
	/** The highest change count seen: pages kept at a lower one can never be served again. */
	#latest = 0;
	readonly maxPages: number;
	readonly maxBytes: number;
	readonly freshMs: number;

	// Plain assignments, not parameter properties: Node's type stripping runs this file in scripts.
	constructor(maxPages = MAX_PAGES, maxBytes = MAX_BYTES, freshMs = FRESH_MS) {
		this.maxPages = maxPages;
		this.maxBytes = maxBytes;
		this.freshMs = freshMs;
	}

	get size(): number {
		return this.#pages.size;
	}

	get bytes(): number {
		return this.#bytes;
	}

	/** The page kept under `key` at `version`, not older than freshMs at `now` (a monotonic clock). */
	get(key: string, version: number, now: number): KeptPage | null {
		this.#seeVersion(version);
		const page = this.#pages.get(key);
		if (!page) return null;
		this.#drop(key);
		if (page.version !== version || now - page.renderedAt >= this.freshMs) return null;
		this.#add(key, page);
		return page;
	}

	set(key: string, page: KeptPage, now: number): void {
		this.#seeVersion(page.version);
		this.#drop(key);
		this.sweep(now);
		// Rendered before a newer count was seen elsewhere, or too large to keep: served never.
		if (page.version < this.#latest || page.body.byteLength > this.maxBytes) return;
		this.#add(key, page);
		for (const oldest of this.#pages.keys()) {
			if (this.#pages.size <= this.maxPages && this.#bytes <= this.maxBytes) break;
			this.#drop(oldest);
		}
	}

	/** Lets go of every page that can no longer be served at `now`. */
	sweep(now: number): void {
		for (const [key, page] of this.#pages) if (now - page.renderedAt >= this.freshMs) this.#drop(key);
	}

	#seeVersion(version: number): void {
		if (version <= this.#latest) return;
		this.#latest = version;
		for (const [key, page] of this.#pages) if (page.version < version) this.#drop(key);
	}

	#add(key: string, page: KeptPage): void {
		this.#pages.set(key, page);
		this.#bytes += page.body.byteLength;
	}

	#drop(key: string): void {
		const page = this.#pages.get(key);
		if (!page) return;
		this.#pages.delete(key);
		this.#bytes -= page.body.byteLength;
	}
}

const store = new PageStore();
/** A quiet server lets go of its pages too: swept every freshMs once the first page is kept. */
let sweeping: ReturnType<typeof setInterval> | null = null;
const sweepNow = () => store.sweep(performance.now());

/**
 * The database's change count, as a column of another query: the session check reads it in the
 * same statement (auth-session.ts), so a page served from here costs no query of its own (and
 * no round trip more to a libSQL server).
 */
export const dataVersionNow = sql<number | null>`(SELECT ${dataVersion.version} FROM ${dataVersion} WHERE ${dataVersion.id} = 1)`.mapWith(Number);

/** Whether a signed-in request may be answered from the cache: a page view in the member portal. */
export function mayUseCache(ctx: Pick<APIContext, 'request' | 'url'>): boolean {
	return ctx.request.method === 'GET' && ctx.url.pathname.startsWith('/portal/');
}

const isWholePage = (response: Response) => response.status === 200 && (response.headers.get('content-type') ?? '').startsWith('text/html');
/** The cookies the response will set so far, as headers: a page that changed them is not kept. */
const cookieHeaders = (ctx: APIContext) => [...ctx.cookies.headers()].join('\n');

/**
 * The kept page for this session and address, or the page rendered by `next`, kept for the next
 * request when it qualifies. `version` is the change count read with the session, before
 * rendering: a write during the render leaves the page under the older count, where no request
 * will find it (the count only grows). Null (no count row): rendered, never kept.
 */
export async function cachedOrRendered(ctx: APIContext, next: MiddlewareNext, sessionId: string, version: number | null): Promise<Response> {
	if (version === null) return next();
	const key = `${sessionId} ${ctx.url.pathname}${ctx.url.search}`;
	// A monotonic clock: a wall clock set back would serve pages for as long as it jumped.
	const now = performance.now();
	const kept = store.get(key, version, now);
	if (kept) return new Response(kept.body, { status: 200, headers: kept.headers });

	const cookiesBefore = cookieHeaders(ctx);
	const response = await next();
	if (!isWholePage(response) || cookieHeaders(ctx) !== cookiesBefore || response.headers.has('set-cookie')) return response;
	const body = new Uint8Array(await response.arrayBuffer());
	const headers = [...response.headers];
	store.set(key, { version, renderedAt: now, headers, body }, now);
	sweeping ??= setInterval(sweepNow, FRESH_MS).unref();
	return new Response(body, { status: 200, statusText: response.statusText, headers });
}
