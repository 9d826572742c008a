/**
 * One server module owns each table group (architecture.md): db/schema.ts names it in the header
 * above the tables, and no other code writes them. Checked for the tables of meetings and what
 * hangs off them, which live in three modules that call into each other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const tsFilesIn = (dir: string): string[] =>
	readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? tsFilesIn(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : [],
	);

/** The module named in the `// ── module.ts ──` header above each table of db/schema.ts. */
function ownersInSchema(): Map<string, string> {
	const owners = new Map<string, string>();
	let owner: string | null = null;
	for (const line of readFileSync('db/schema.ts', 'utf8').split('\n')) {
		owner = /^\/\/ ── ([\w-]+\.ts) /.exec(line)?.[1] ?? owner;
		const table = /^export const (\w+) = sqliteTable\(/.exec(line)?.[1];
		if (table && owner) owners.set(table, owner);
	}
	return owners;
}

/** The files of src/ and scripts/ that insert into, update or delete from `table`. */
const writersOf = (table: string) =>
	[...tsFilesIn('src'), ...tsFilesIn('scripts')].filter((file) => new RegExp(`\\.(insert|update|delete)\\(${table}\\)`).test(readFileSync(file, 'utf8')));

test.each([
	['meeting', 'src/lib/server/meetings.ts'],
	['meetingReply', 'src/lib/server/meetings.ts'],
	['reminderSent', 'src/lib/server/reminders.ts'],
	['calendarFeed', 'src/lib/server/calendar-feeds.ts'],
])('%s is written by %s alone, the module db/schema.ts names for it', (table, module) => {
	expect(ownersInSchema().get(table)).toBe(module.split('/').at(-1));
	expect(writersOf(table)).toEqual([module]);
});
