declare namespace App {
	interface Locals {
		user: import('./lib/server/auth-session.ts').SessionUser | null;
		authSession: import('./lib/server/auth-session.ts').AuthSession | null;
	}
}

/** True only under `astro dev` (astro.config.mjs, devServerFlag); unlike import.meta.env.DEV, no environment variable changes it. */
declare const __DEV_SERVER__: boolean;
