/**
 * Starts the built platform (scripts/serve.ts, exactly what `npm start` serves) on a free
 * loopback port for the whole e2e run, and stops it afterwards.
 */
import type { TestProject } from 'vitest/node';
import { startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer | undefined;

export async function setup(project: TestProject) {
	server = await startServer();
	project.provide('baseURL', server.baseURL);
}

export async function teardown() {
	await server?.stop();
}

declare module 'vitest' {
	export interface ProvidedContext {
		baseURL: string;
	}
}
