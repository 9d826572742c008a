/**
 * Signed-in portal pages, kept per session and served again while nothing in the database has
 * changed since they were rendered.
 *
 * A page is kept under its session and address together with the database's change count
 * (`data_version`, raised by a trigger on every table for every row written: db/client.ts). A
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
 * What it is for: a page looked at again (reload, back, the next tab) costs a query instead of a
 * render; under `npm run bench:load` it is the difference between the two tables it prints.
 * Each server process keeps its own pages (LRU, bounded by count and bytes). PAGE_CACHE=off
 * switches it off.
 */
import type { APIContext, MiddlewareNext } from 'astro';
import { eq } from 'drizzle-orm';
import { dataVersion } from '../../../db/schema.ts';
import { preparedQuery } from './db.ts';

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

/** Least recently used first (a Map keeps insertion order; a hit moves its page to the end). */
export class PageStore {
	readonly #pages = new Map<string, KeptPage>();
	#bytes = 0;

	constructor(
		readonly maxPages = MAX_PAGES,
		readonly maxBytes = MAX_BYTES,
		readonly freshMs = FRESH_MS,
	) {}

	get size(): number {
		return this.#pages.size;
	}

	get bytes(): number {
		return this.#bytes;
	}

	/** The page kept under `key` at `version`, not older than freshMs at `now`; a stale one goes. */
	get(key: string, version: number, now: number): KeptPage | null {
		const page = this.#pages.get(key);
		if (!page) return null;
		this.#drop(key);
		if (page.version !== version || now - page.renderedAt >= this.freshMs) return null;
		this.#add(key, page);
		return page;
	}

	set(key: string, page: KeptPage): void {
		this.#drop(key);
		if (page.body.byteLength > this.maxBytes) return;
		this.#add(key, page);
		for (const oldest of this.#pages.keys()) {
			if (this.#pages.size <= this.maxPages && this.#bytes <= this.maxBytes) break;
			this.#drop(oldest);
		}
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

const currentVersion = preparedQuery((db) =>
	db
		.select({ version: dataVersion.version })
		.from(dataVersion)
		.where(eq(dataVersion.id, 1))
		.prepare(),
);

/** The database's change count now. */
export async function currentDataVersion(): Promise<number> {
	return (await (await currentVersion()).get())?.version ?? 0;
}

/** Whether a request may be answered from the cache: a page view in the portal of a signed-in session. */
export function mayUseCache(ctx: Pick<APIContext, 'request' | 'url'>, sessionId: string | undefined): sessionId is string {
	return sessionId !== undefined && ctx.request.method === 'GET' && ctx.url.pathname.startsWith('/portal/');
}

const isWholePage = (response: Response) => response.status === 200 && (response.headers.get('content-type') ?? '').startsWith('text/html');

/**
 * The kept page for this session and address, or the page rendered by `next`, kept for the next
 * request when it qualifies. The count is read before rendering: a write during the render
 * leaves the page under the older count, where no request will find it.
 */
export async function cachedOrRendered(ctx: APIContext, next: MiddlewareNext, sessionId: string, now = Date.now()): Promise<Response> {
	const version = await currentDataVersion();
	const key = `${sessionId} ${ctx.url.pathname}${ctx.url.search}`;
	const kept = store.get(key, version, now);
	if (kept) return new Response(kept.body, { status: 200, headers: kept.headers });

	const cookiesBefore = [...ctx.cookies.headers()].length;
	const response = await next();
	if (!isWholePage(response) || [...ctx.cookies.headers()].length !== cookiesBefore || response.headers.has('set-cookie')) return response;
	const body = new Uint8Array(await response.arrayBuffer());
	const headers = [...response.headers];
	store.set(key, { version, renderedAt: now, headers, body });
	return new Response(body, { status: 200, statusText: response.statusText, headers });
}
