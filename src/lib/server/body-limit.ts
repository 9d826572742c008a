/**
 * The largest request body the server reads, for every route. Forms here are a few kilobytes;
 * the group board's JSON for thousands of members stays well below. Without a limit the Node
 * adapter would read up to 1 GB per request, and pages that show a refused form again read the
 * body once more: a few such requests from anyone would exhaust a worker's memory.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
