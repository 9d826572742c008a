/**
 * A Pwned Passwords range API on loopback for tests: answers `GET <url><prefix>` as the real
 * one does (upper-case SHA-1 suffixes with counts, CRLF lines, with the padding entries of
 * count 0 the real one adds on `Add-Padding: true`) for the passwords it is given, and records
 * every request it gets. `mode` makes it fail: an error status, or no answer at all.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';

export interface FakeRangeApi {
	/** Ends in `/`, like BREACHED_PASSWORDS_URL. */
	url: string;
	requests: { path: string; headers: http.IncomingHttpHeaders }[];
	mode: 'answer' | 'error' | 'silent';
	close: () => Promise<void>;
}

const sha1 = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex').toUpperCase();

export async function startFakeRangeApi(breached: Record<string, number>): Promise<FakeRangeApi> {
	const known = Object.entries(breached).map(([password, count]) => [sha1(password), count] as const);
	const api: FakeRangeApi = { url: '', requests: [], mode: 'answer', close: async () => {} };
	const server = http.createServer((req, res) => {
		api.requests.push({ path: req.url ?? '', headers: req.headers });
		if (api.mode === 'silent') return; // closed by close()
		if (api.mode === 'error') {
			res.writeHead(503).end();
			return;
		}
		const prefix = (req.url ?? '').split('/').pop()!.toUpperCase();
		const lines = known.filter(([hash]) => hash.startsWith(prefix)).map(([hash, count]) => `${hash.slice(5)}:${count}`);
		if (req.headers['add-padding'] === 'true') lines.push(`${'0'.repeat(35)}:0`, `${'F'.repeat(35)}:0`);
		res.writeHead(200, { 'Content-Type': 'text/plain' }).end(lines.join('\r\n'));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	api.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/range/`;
	api.close = () =>
		new Promise((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return api;
}
