/**
 * CSV for German spreadsheets (Excel, LibreOffice with German settings): `;` between cells,
 * UTF-8 with byte-order mark so umlauts survive, CRLF line ends, RFC 4180 quoting. Cells that
 * a spreadsheet would run as a formula (= + - @ tab CR at the start) get a leading apostrophe;
 * `parseCsv` removes exactly that guard again, so export and import round-trip without loss.
 */

export const BOM = '\uFEFF';
const SEPARATOR = ';';
const FORMULA_START = /^'*[=+\-@\t\r]/;

export type Cell = string | number | boolean | null | undefined | readonly string[];

/** Lists (e.g. ranked interests) go into one cell, separated by " | ". */
export const LIST_SEPARATOR = ' | ';

function cellText(value: Cell): string {
	if (value === null || value === undefined) return '';
	if (Array.isArray(value)) return value.join(LIST_SEPARATOR);
	return String(value);
}

export function escapeCell(value: Cell): string {
	let text = cellText(value);
	if (FORMULA_START.test(text)) text = `'${text}`;
	return /[";\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<T>(rows: readonly T[], columns: readonly { header: string; value: (row: T) => Cell }[]): string {
	const lines = [columns.map((c) => escapeCell(c.header)).join(SEPARATOR)];
	for (const row of rows) lines.push(columns.map((c) => escapeCell(c.value(row))).join(SEPARATOR));
	return BOM + lines.join('\r\n') + '\r\n';
}

/**
 * Reads what `toCsv` wrote (and RFC 4180 CSV in general) into rows of strings. `separator`: `;`
 * as ours; a file from elsewhere may use `,` or a tab (lib/forms/member-import.ts tells which).
 */
export function parseCsv(text: string, separator: string = SEPARATOR): string[][] {
	const source = text.startsWith(BOM) ? text.slice(1) : text;
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	let wasQuoted = false;
	const endCell = () => {
		row.push(!wasQuoted && cell === '' ? '' : cell.replace(/^'(?='*[=+\-@\t\r])/, ''));
		cell = '';
		wasQuoted = false;
	};
	for (let i = 0; i < source.length; i++) {
		const ch = source[i]!;
		if (quoted) {
			if (ch === '"' && source[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"') {
			quoted = true;
			wasQuoted = true;
		} else if (ch === separator) endCell();
		// CRLF, LF, or a CR alone (Excel's "CSV (Macintosh)"); ours quotes every cell with a line break in it.
		else if (ch === '\r') {
			endCell();
			rows.push(row);
			row = [];
			if (source[i + 1] === '\n') i++;
		} else if (ch === '\n') {
			endCell();
			rows.push(row);
			row = [];
		} else cell += ch;
	}
	if (cell !== '' || row.length > 0) {
		endCell();
		rows.push(row);
	}
	return rows;
}
