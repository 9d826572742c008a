/**
 * A list of rows as one JSON value built by SQLite. Every row a query returns passes through
 * the libSQL client, which builds an object with two properties per column, and through
 * drizzle, which maps it again; for the two lists of the member dashboard (the group's members
 * and its meetings) that took longer than SQLite took to find them (`npm run bench:profile`).
 * As one cell of JSON the list costs one `JSON.parse`.
 *
 * Fields are named as in a drizzle select, columns or typed `sql`, and each value comes back
 * through the field's own drizzle mapping (timestamps as dates, flags as booleans), so a list
 * read this way has the types and values the same select would have had: for text, integers up
 * to 2^53, timestamps and flags. JSON cannot carry the rest faithfully (reals keep 15 digits,
 * larger integers are rounded, blobs fail), so real, blob and bigint columns are refused.
 *
 * The decoder of a typed `sql` is drizzle's, not in its public types: `decoderOf` reads it, and
 * `jsonList` checks every field has one when the query is built, so a drizzle update that moves
 * it fails at the first build of the query, not on a member's page.
 */
import { Column, is, sql, SQL, type DriverValueDecoder, type GetColumnData } from 'drizzle-orm';

export type JsonFields = Record<string, Column | SQL>;

/** What a field reads as; a column from an outer join may be null whatever its schema says: use `sql<T | null>` for it. */
export type JsonRow<F extends JsonFields> = {
	[K in keyof F]: F[K] extends SQL<infer T> ? T : F[K] extends Column ? GetColumnData<F[K]> : never;
};

/** Keys go into the SQL text; they come from code, and this keeps it that way. */
const SAFE_KEY = /^[A-Za-z][A-Za-z0-9]*$/;

/** Column types JSON would change (see above). */
const UNFAITHFUL = /Real|Blob|BigInt|Numeric/;

function jsonObject(fields: JsonFields): SQL {
	const pairs = Object.entries(fields).map(([key, value]) => {
		if (!SAFE_KEY.test(key)) throw new Error(`Ungeeigneter Feldname für json_object: ${key}`);
		if (is(value, Column) && UNFAITHFUL.test(value.columnType)) throw new Error(`${key}: Spalten vom Typ ${value.columnType} gibt JSON nicht unverändert wieder.`);
		if (typeof decoderOf(value)?.mapFromDriverValue !== 'function') throw new Error(`${key}: drizzle hat keine Zuordnung für dieses Feld (mehr); siehe json-rows.ts.`);
		return sql`'${sql.raw(key)}', ${value}`;
	});
	return sql`json_object(${sql.join(pairs, sql`, `)})`;
}

/**
 * `json_group_array` of the fields, in the given order: an aggregate, so the query around it
 * returns one row per group of its GROUP BY (one row without), with '[]' when nothing matched.
 */
export function jsonList(fields: JsonFields, orderBy: SQL | Column): SQL<string> {
	return sql<string>`json_group_array(${jsonObject(fields)} ORDER BY ${orderBy})`;
}

/** The mapping drizzle itself applies to a selected field (an `sql` keeps its decoder internal). */
function decoderOf(field: Column | SQL): DriverValueDecoder<unknown, unknown> | undefined {
	return is(field, Column) ? field : (field as unknown as { decoder?: DriverValueDecoder<unknown, unknown> }).decoder;
}

/**
 * Each field set's keys with their decoders, found once: drizzle's `is()` walks prototypes, too
 * slow to ask for every value of every row (field sets are module constants, so this stays small).
 */
const readers = new WeakMap<JsonFields, [string, DriverValueDecoder<unknown, unknown>][]>();

function readerOf(fields: JsonFields) {
	let reader = readers.get(fields);
	if (!reader) {
		reader = Object.entries(fields).map(([key, field]) => [key, decoderOf(field)!]);
		readers.set(fields, reader);
	}
	return reader;
}

/** Reads a list built by `jsonList` with the same fields. */
export function readJsonList<F extends JsonFields>(fields: F, json: string | null | undefined): JsonRow<F>[] {
	if (!json) return [];
	const reader = readerOf(fields);
	return (JSON.parse(json) as Record<string, unknown>[]).map((raw) => {
		const row: Record<string, unknown> = {};
		for (const [key, decoder] of reader) {
			const value = raw[key] ?? null;
			row[key] = value === null ? null : decoder.mapFromDriverValue(value);
		}
		return row as JsonRow<F>;
	});
}
