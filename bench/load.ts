/**
 * autocannon for the load benchmarks (portal-load.ts, page-cache.ts): one run, and what they
 * read of its result. Not a benchmark itself.
 */
import autocannon from 'autocannon';

export interface LoadRun {
	requests: { average: number };
	latency: { p50: number; p99: number };
	errors: number;
	timeouts: number;
	non2xx: number;
	'2xx': number;
	'3xx'?: number;
}

export function runLoad(options: autocannon.Options): Promise<LoadRun> {
	return new Promise((resolve, reject) => {
		autocannon(options, (error, result) => (error ? reject(error) : resolve(result as unknown as LoadRun)));
	});
}
