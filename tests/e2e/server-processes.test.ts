/**
 * The server as `npm start` runs it on a machine with several cores: one primary and
 * WEB_CONCURRENCY workers on one port. Connections spread over the workers, a session holds on
 * all of them, a worker that dies is replaced while the others answer, and stopping the server
 * ends every process. Also the entry's own file serving (the adapter runs in middleware mode):
 * folders, conditional requests, HEAD, hidden files and malformed addresses. And the check that
 * keeps a production server from serving a build made for another address.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createClient } from '@libsql/client';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isBuildCurrent } from '../../scripts/lib/build-stamp.ts';
import { demoMember, login, postForm } from '../helpers/http.ts';
import { startMailSink, waitForMail } from '../helpers/mail-sink.ts';
import { freePort, startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer;

beforeAll(async () => {
	// Exactly what `npm start` runs. It would rebuild a stale dist/ under the other test servers'
	// feet, so a stale build stops here (npm test always builds first).
	if (!isBuildCurrent()) throw new Error('dist/ ist älter als die Quellen: erst `npm run build`.');
	server = await startServer({ WEB_CONCURRENCY: '2' }, { script: 'scripts/start.ts' });
});
afterAll(async () => {
	await server?.stop();
});

/** The pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
	const children: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const status = readFileSync(`/proc/${entry}/status`, 'utf8');
			if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) === pid) children.push(Number(entry));
		} catch {
			// the process ended while we looked
		}
	}
	return children.sort((x, y) => x - y);
}

const isAlive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/**
 * A request on a connection of its own, so the primary hands each one to the next worker. The
 * path goes out exactly as written (no URL normalisation: `..` and `//` stay).
 */
function request(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
	const { hostname, port } = new URL(server.baseURL);
	return new Promise((resolve, reject) => {
		const req = http.request({ host: hostname, port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => (body += chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
		});
		req.on('error', reject);
		req.end(options.body);
	});
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Zeitüberschreitung: ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

describe('several server processes on one port', () => {
	test('the primary starts two workers and announces the address once', async () => {
		await waitFor(() => childrenOf(server.process.pid!).length === 2, 'zwei Server-Prozesse');
		expect(server.output().match(/Netzwerkforum läuft auf/g)).toHaveLength(1);
		// With what it runs: address, database, how mail leaves, whether proxy headers count.
		expect(server.output()).toMatch(/Adresse http:\/\/127\.0\.0\.1:\d+ · Datenbank \/\S+e2e\.db · E-Mail nur Ablage \S+outbox\/ · Proxy-Kopfzeilen ignoriert/);
		// Workers run scripts/serve.ts, not `npm start`'s build check again; the database is
		// prepared (and the demo loaded) once, by the primary.
		expect(server.output().match(/Build ist aktuell|Baue die Website/g)).toHaveLength(1);
		expect(server.output().match(/Demo-Daten geladen|Demo-Modus:/g)).toHaveLength(1);
		expect(server.output()).toContain('(2 Server-Prozesse)');
	});

	test('a session is valid on every worker', async () => {
		const cookie = await login(server.baseURL, demoMember(1));
		const answers = await Promise.all(Array.from({ length: 12 }, () => request('/portal/', { headers: { cookie } })));
		expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
		expect(answers.every((a) => a.body.includes('Guten Tag'))).toBe(true);
	});

	test('a worker that dies is replaced, and the other one answers meanwhile', async () => {
		const [victim, survivor] = childrenOf(server.process.pid!);
		process.kill(victim!, 'SIGKILL');
		await waitFor(() => !isAlive(victim!), 'Prozess beendet');
		const during = await Promise.all(Array.from({ length: 6 }, () => request('/')));
		expect(during.map((a) => a.status)).toEqual(Array(6).fill(200));
		await waitFor(() => childrenOf(server.process.pid!).length === 2, 'Ersatzprozess');
		const now = childrenOf(server.process.pid!);
		expect(now).toContain(survivor);
		expect(now).not.toContain(victim);
		expect(server.output()).toContain('wird ersetzt');
	});
});

describe('built files, served by the entry', () => {
	test('a page answers at its folder with and without the slash, with its own policy', async () => {
		for (const path of ['/kontakt/', '/kontakt', '/kontakt/index.html']) {
			const answer = await request(path);
			expect(answer.status, path).toBe(200);
			expect(answer.headers['content-type'], path).toMatch(/^text\/html/);
			expect(answer.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
			expect(answer.body).toContain('<html lang="de"');
		}
	});

	test('conditional GET answers 304, HEAD answers without a body', async () => {
		const first = await request('/impressum/');
		expect(first.headers.etag).toBeTruthy();
		const again = await request('/impressum/', { headers: { 'if-none-match': first.headers.etag! } });
		expect(again.status).toBe(304);
		expect(again.body).toBe('');
		const head = await request('/impressum/', { method: 'HEAD' });
		expect(head.status).toBe(200);
		expect(head.body).toBe('');
		expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength(first.body));
	});

	test('build assets are cached for good, everything else is revalidated', async () => {
		const asset = /\/_astro\/[^"']+\.css/.exec((await request('/')).body)?.[0];
		expect(asset, 'die Startseite verweist auf eine CSS-Datei').toBeTruthy();
		const answer = await request(asset!);
		expect(answer.status).toBe(200);
		expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
		expect((await request('/')).headers['cache-control']).toBe('public, max-age=0');
	});

	test('the built error page, fetched as a file, carries its policy', async () => {
		const answer = await request('/404.html');
		expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
	});

	test('unknown paths, paths out of the folder and writes to a page get the 404 page', async () => {
		for (const path of ['/gibt-es-nicht/', '/_astro/../../package.json', '/../package.json']) {
			const answer = await request(path);
			expect(answer.status, path).toBe(404);
			expect(answer.headers['content-security-policy'], path).toBeTruthy();
		}
		const write = await request('/kontakt/', { method: 'POST', headers: { origin: server.baseURL } });
		expect(write.status).toBe(404);
	});

	test('a personal page keeps its no-store however its address is written', async () => {
		const cookie = await login(server.baseURL, demoMember(2));
		// Astro decodes a path until it stops changing, so the header choice must too: /%2570ortal/ is /portal/.
		for (const path of ['/portal/', '/portal', '/p%6Frtal/', '//portal/', `${server.baseURL}/portal/`, '/%2570ortal/', '/%252570ortal/']) {
			const answer = await request(path, { headers: { cookie } });
			expect(answer.headers['cache-control'], path).toBe('no-store');
		}
	});

	test('a body larger than 1 MB is refused before it is read, chunked or not; the server keeps serving', async () => {
		const form = { 'content-type': 'application/x-www-form-urlencoded', origin: server.baseURL };
		const declared = await request('/portal/anmelden/?_action=auth.login', { method: 'POST', headers: { ...form, 'content-length': String(2 * 1024 * 1024) } }).catch((error: unknown) => error);
		// Refused at once (413), or the connection closed while the client was still sending: either way nothing was read.
		if (!(declared instanceof Error)) expect((declared as Answer).status).toBe(413);
		const chunked = await request('/portal/anmelden/?_action=auth.login', { method: 'POST', headers: { ...form, 'transfer-encoding': 'chunked' }, body: `email=a%40b.de&password=${'x'.repeat(2 * 1024 * 1024)}` });
		expect(chunked.status).toBe(413);
		expect(chunked.body).toBe('Diese Anfrage ist zu groß. Bitte kürzen Sie Ihre Eingaben.');
		expect((await request('/portal/anmelden/')).status).toBe(200);
	});

	test('a malformed address gets 400 with a German sentence', async () => {
		const answer = await request('/%E0%A4%A/');
		expect(answer.status).toBe(400);
		expect(answer.body).toBe('Diese Adresse ist ungültig kodiert.');
	});
});

describe('npm start on another port', () => {
	test('without SITE_URL, the mails link to the port it runs on', async () => {
		const sink = await startMailSink(mkdtempSync(join(tmpdir(), 'netzwerkforum-mail-')));
		const other = await startServer({ SITE_URL: '', SMTP_URL: sink.url }, { script: 'scripts/start.ts' });
		try {
			const email = demoMember(3);
			const requested = await postForm(other.baseURL, '/_actions/auth.requestPasswordReset/', { email });
			expect(requested.status).toBe(200);
			const mail = await waitForMail(sink.dir, email, /Neues Passwort/);
			expect(mail.text).toContain(`http://localhost:${new URL(other.baseURL).port}/portal/passwort-zuruecksetzen/`);
		} finally {
			await other.stop();
			await sink.stop();
		}
	});
});

describe('stopping', () => {
	test('SIGTERM to the primary ends every worker, and the database file alone then holds every change', async () => {
		const workers = childrenOf(server.process.pid!);
		expect(workers).toHaveLength(2);
		// A write just before the stop: a sign-in stores a session.
		await login(server.baseURL, demoMember(9));
		await server.stop();
		expect(server.process.exitCode).toBe(0);
		// Once, by the primary: the log says why the server ended.
		expect(server.output().match(/Netzwerkforum hält an \(SIGTERM\); laufende Anfragen haben noch bis zu 5 s\./g)).toHaveLength(1);
		await waitFor(() => workers.every((pid) => !isAlive(pid)), 'alle Prozesse beendet');
		// Copied without its -wal file, as someone moving the server might copy it.
		const alone = join(mkdtempSync(join(tmpdir(), 'netzwerkforum-copy-')), 'copy.db');
		copyFileSync(join(server.dir, 'e2e.db'), alone);
		const copy = createClient({ url: `file:${alone}` });
		try {
			const sessions = await copy.execute({ sql: 'SELECT count(*) AS n FROM auth_session s JOIN user u ON u.id = s.user_id WHERE u.email = ?', args: [demoMember(9)] });
			expect(Number(sessions.rows[0]!.n)).toBeGreaterThan(0);
		} finally {
			copy.close();
		}
	});
});

describe('a server in one process', () => {
	test('says so when SIGTERM stops it', async () => {
		const single = await startServer();
		await single.stop();
		expect(single.process.exitCode).toBe(0);
		expect(single.output()).toContain('Netzwerkforum hält an (SIGTERM); laufende Anfragen haben noch bis zu 5 s.');
	});
});

describe('a primary that is killed', () => {
	test('takes its workers with it, so none keeps the port', async () => {
		const killed = await startServer({ WEB_CONCURRENCY: '2' });
		try {
			await waitFor(() => childrenOf(killed.process.pid!).length === 2, 'zwei Server-Prozesse');
			const workers = childrenOf(killed.process.pid!);
			process.kill(killed.process.pid!, 'SIGKILL');
			await waitFor(() => workers.every((pid) => !isAlive(pid)), 'Server-Prozesse beendet');
			await expect(fetch(`${killed.baseURL}/`)).rejects.toThrow();
		} finally {
			await killed.stop();
		}
	});
});

describe('a port that is taken', () => {
	test('stops the server at once with a German reason, instead of replacing its workers five times', async () => {
		const taken = http.createServer();
		const port = await freePort();
		await new Promise<void>((listening) => taken.listen(port, '127.0.0.1', listening));
		try {
			const dir = mkdtempSync(join(tmpdir(), 'netzwerkforum-port-'));
			const env: NodeJS.ProcessEnv = { ...process.env, DEMO: '1', HOST: '127.0.0.1', PORT: String(port), WEB_CONCURRENCY: '2', DATABASE_URL: `file:${join(dir, 'x.db')}`, OUTBOX_DIR: join(dir, 'outbox') };
			const run = spawnSync(process.execPath, [resolve('scripts/serve.ts')], { env, encoding: 'utf8', timeout: 30_000 });
			expect(run.status, run.stderr).toBe(1);
			expect(run.stderr).toContain(`✗ Server konnte nicht starten: 127.0.0.1:${port} ist schon belegt (läuft der Server schon, oder ein anderes Programm auf diesem Port?)`);
			expect(run.stdout + run.stderr).not.toContain('wird ersetzt');
		} finally {
			taken.close();
		}
	});
});

describe('a build for another address', () => {
	test('the production server refuses to start under a public address the build was not made for', async () => {
		// The test build is made without SITE_URL, so for http://localhost:4321.
		const dir = mkdtempSync(join(tmpdir(), 'netzwerkforum-site-'));
		const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', SITE_URL: 'https://netzwerkforum.example.de', DATABASE_URL: `file:${join(dir, 'x.db')}`, PORT: String(await freePort()), WEB_CONCURRENCY: '1' };
		delete env.DEMO;
		// Started from another folder, as a service manager may: the check reads the dist/ it serves.
		const run = spawnSync(process.execPath, [resolve('scripts/serve.ts')], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('Dieser Build wurde für http://localhost:4321 gebaut');
		expect(run.stderr).toContain('den Server mit SITE_URL=http://localhost:4321 starten');
		expect(run.stderr).toContain('SITE_URL=https://netzwerkforum.example.de npm run build');
		expect(run.stdout).not.toContain('Netzwerkforum läuft auf');
		// Refused before the database was opened: no new, empty database left behind (for a service user to trip over).
		expect(existsSync(join(dir, 'x.db'))).toBe(false);
		expect(run.stderr).not.toContain('Neue, leere Datenbank');
	});
});
