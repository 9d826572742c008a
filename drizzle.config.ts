// drizzle-kit reads process.env directly (astro:env is not available here).
import { defineConfig } from 'drizzle-kit';

const url = process.env.DATABASE_URL ?? 'file:db/netzwerkforum.db';
const authToken = process.env.DATABASE_AUTH_TOKEN;

export default authToken
	? defineConfig({ dialect: 'turso', schema: './db/schema.ts', out: './db/migrations', dbCredentials: { url, authToken } })
	: defineConfig({ dialect: 'sqlite', schema: './db/schema.ts', out: './db/migrations', dbCredentials: { url } });
