/**
 * Requests start in the order they arrived, one per turn of the event loop.
 *
 * Why: Node (libuv 1.52 here) accepts one new connection per turn of its event loop. When a
 * server answers every waiting request within the turn that read them, a turn under load lasts as
 * long as all those answers together (70 requests of 1.3 ms each are a tenth of a second), so a
 * busy process accepted only a few new connections a second (`strace -e accept4` on a loaded
 * server shows one per turn). Visitors who connected later waited seconds before their first byte
 * was even read, while those already connected went on being served: at 200 connections answers
 * were cut off by the load generator's 10 s timeout, in a bare Node server as much as in ours
 * (`npm run bench:tail` runs both, without and with this queue). Started one per turn, the turns
 * are short, a waiting connection is accepted between two requests, and every request waits only
 * for those that came before it.
 *
 * A request whose client has gone while it waited is not started: under overload this is work
 * for nobody. Nothing is capped here; concurrency comes from requests that wait on I/O (a libSQL
 * server on the network, hashing on the thread pool) while the next ones start.
 */

export interface QueuedRequest {
	/** Runs the request; called once, in the order of `admit`. */
	start: () => void;
	/** Whether the client is gone (its socket destroyed); such a request is dropped unstarted. */
	isGone: () => boolean;
}

/** Returns `admit`, which queues a request to start in a later turn of the event loop. */
export function createRequestQueue(): (request: QueuedRequest) => void {
	const waiting: QueuedRequest[] = [];
	let scheduled = false;

	// setImmediate runs after the poll phase, in which libuv reads the sockets and accepts a connection.
	const schedule = () => {
		if (scheduled) return;
		scheduled = true;
		setImmediate(startNext);
	};
	function startNext() {
		scheduled = false;
		let request: QueuedRequest | undefined;
		while ((request = waiting.shift()) && request.isGone());
		try {
			request?.start();
		} finally {
			// Also after a request that threw: the ones behind it must not wait for the next arrival.
			if (waiting.length > 0) schedule();
		}
	}

	return (request) => {
		waiting.push(request);
		schedule();
	};
}
