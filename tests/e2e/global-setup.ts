/**
 * One built server for the e2e run, in demo mode with its own database, sending mail over
 * real SMTP to a sink on loopback. Tests get the addresses through `inject()`.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startMailSink, type MailSink } from '../helpers/mail-sink.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer | undefined;
let sink: MailSink | undefined;

export async function setup(project: TestProject) {
	const dir = mkdtempSync(join(tmpdir(), 'netzwerkforum-e2e-'));
	sink = await startMailSink(join(dir, 'mail'));
	server = await startServer({ SMTP_URL: sink.url }, { dir });
	project.provide('baseURL', server.baseURL);
	project.provide('mailDir', sink.dir);
	project.provide('mailSinkURL', sink.url);
	project.provide('serverDir', dir);
}

export async function teardown() {
	await server?.stop();
	await sink?.stop();
}

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
		mailDir: string;
		mailSinkURL: string;
		serverDir: string;
	}
}
