/**
 * The built files under dist/client, served by our entry (scripts/serve.ts) in front of the
 * Astro app. The adapter's own static handler looked up the disk on every request (an lstat,
 * a route match and a failed `send` before any on-demand page could render); the files never
 * change while the server runs, so they are listed once at start and every other path goes
 * straight to Astro.
 */
import { readdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import send from 'send';

/** URL path → file path relative to the client directory. */
export type StaticFiles = ReadonlyMap<string, string>;

/** Hidden files stay private, except the well-known locations meant to be fetched. */
const isPublic = (relativePath: string) =>
	relativePath.startsWith('.well-known/') || !relativePath.split('/').some((part) => part.startsWith('.'));

/**
 * Every file answers at its own path; a folder's index.html also at the folder, with and
 * without the trailing slash (the site's links carry one, typed addresses often do not).
 */
export function staticRoutes(relativePaths: Iterable<string>): StaticFiles {
	const routes = new Map<string, string>();
	for (const file of relativePaths) {
		if (!isPublic(file)) continue;
		routes.set(`/${file}`, file);
		if (file === 'index.html' || file.endsWith('/index.html')) {
			const folder = `/${file.slice(0, -'index.html'.length)}`;
			routes.set(folder, file);
			if (folder !== '/') routes.set(folder.slice(0, -1), file);
		}
	}
	return routes;
}

export function listStaticFiles(clientDir: string): StaticFiles {
	const files = readdirSync(clientDir, { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => relative(clientDir, join(entry.parentPath, entry.name)).split(sep).join('/'));
	return staticRoutes(files);
}

/**
 * Streams the file with ETag, Last-Modified and conditional and range requests (the `send`
 * package the adapter uses too). Calls `fallback` when the file vanished since the start.
 */
export function sendStaticFile(req: IncomingMessage, res: ServerResponse, clientDir: string, file: string, fallback: () => void): void {
	let started = false;
	// `send` takes a URL path and decodes it itself.
	const urlPath = `/${file.split('/').map(encodeURIComponent).join('/')}`;
	send(req, urlPath, { root: clientDir, dotfiles: 'allow', index: false })
		.on('file', () => (started = true))
		.on('error', (error: { status?: number }) => {
			if (!started) return fallback();
			res.statusCode = error.status ?? 500;
			res.end();
		})
		.pipe(res);
}
