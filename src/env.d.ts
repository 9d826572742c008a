declare namespace App {
	interface Locals {
		user: import('./lib/server/auth-session.ts').SessionUser | null;
		authSession: import('./lib/server/auth-session.ts').AuthSession | null;
	}
}
