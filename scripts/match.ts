/**
 * `npm run --silent match -- <eingabe.json>` (or `-` for stdin): forms focus groups and prints the
 * result as JSON on stdout, nothing else. Errors go to stderr in German: exit code 2 for a wrong
 * call, 1 for unreadable or invalid input (with file position or field path). When stderr is a
 * terminal, a long run shows its progress there. The input contract is the zod schema in
 * src/lib/matching/schema.ts.
 */
import { readFileSync } from 'node:fs';
import { MatchInputError, matchParticipants, parseMatchInput, type Progress } from '../src/lib/matching/index.ts';

const USAGE = 'Aufruf: npm run --silent match -- <eingabe.json>   (oder „-“ für die Standardeingabe)';

function fail(message: string, exitCode = 1): never {
	process.stderr.write(`${message}\n`);
	process.exit(exitCode);
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
	process.stdout.write(`${USAGE}\nLiest Teilnehmende und Optionen als JSON und gibt die vorgeschlagenen Fokusgruppen als JSON aus.\n`);
	process.exit(0);
}
if (args.length !== 1) fail(args.length === 0 ? `Keine Eingabedatei angegeben.\n${USAGE}` : `Genau eine Eingabedatei erwartet.\n${USAGE}`, 2);
const path = args[0]!;
const name = path === '-' ? 'der Standardeingabe' : path;

let text: string;
try {
	text = readFileSync(path === '-' ? 0 : path, 'utf8').replace(/^\uFEFF/, '');
} catch (error) {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'ENOENT') fail(`Datei nicht gefunden: ${path}`);
	if (code === 'EISDIR') fail(`${path} ist ein Verzeichnis, keine Datei.`);
	if (code === 'EACCES') fail(`Keine Leseberechtigung für ${path}.`);
	fail(`${path} lässt sich nicht lesen: ${(error as Error).message}`);
}

let data: unknown;
try {
	data = JSON.parse(text);
} catch {
	const where = locateJsonError(text);
	if (!where) fail(`Ungültiges JSON in ${name}.`);
	const before = text.slice(0, where.pos);
	const line = before.split('\n').length;
	const column = where.pos - before.lastIndexOf('\n');
	fail(`Ungültiges JSON in ${name}, Zeile ${line}, Spalte ${column} (Zeichen ${where.pos}): ${where.message}.`);
}

const parsed = parseMatchInput(data);
if (!parsed.ok) fail(`Ungültige Eingabe in ${name}:\n${parsed.errors.map((e) => `  – ${e}`).join('\n')}`);

const onProgress = process.stderr.isTTY ? progressLine() : undefined;
try {
	const result = matchParticipants(parsed.input, { onProgress });
	process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} catch (error) {
	if (error instanceof MatchInputError) fail(`Ungültige Eingabe in ${name}: ${error.message}`);
	throw error;
}

/** "Optimiere: 42 %", rewritten in place; cleared at the end. */
function progressLine(): (progress: Progress) => void {
	let shown = -1;
	return ({ phase, done, total }) => {
		if (phase === 'done') {
			if (shown >= 0) process.stderr.write('\r\x1b[K');
			return;
		}
		const percent = Math.floor((100 * done) / total);
		if (percent === shown) return;
		shown = percent;
		process.stderr.write(`\r\x1b[K${phase === 'construct' ? 'Baue Startlösung' : 'Optimiere'}: ${percent} %`);
	};
}

/**
 * Where and why JSON.parse failed, in German. V8's messages are English and some carry no
 * position, so a small validator walks the text itself.
 */
function locateJsonError(source: string): { pos: number; message: string } | null {
	let i = 0;
	const stop = (message: string): never => {
		throw { pos: i, message };
	};
	const end = () => i >= source.length;
	const space = () => {
		while (!end() && ' \t\n\r'.includes(source[i]!)) i++;
	};
	const string = () => {
		i++;
		for (;;) {
			if (end()) stop('Text ohne schließendes Anführungszeichen');
			const c = source[i]!;
			if (c === '"') {
				i++;
				return;
			}
			if (c === '\\') {
				const next = source[i + 1];
				if (next === 'u') {
					if (!/^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) stop('Ungültige \\u-Escape-Sequenz');
					i += 6;
				} else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
				else stop('Ungültige Escape-Sequenz');
			} else if (c < ' ') stop('Steuerzeichen (z. B. Zeilenumbruch) innerhalb eines Textes');
			else i++;
		}
	};
	const value = (): void => {
		space();
		if (end()) stop('Unerwartetes Ende der Datei');
		const c = source[i]!;
		if (c === '{' || c === '[') {
			const close = c === '{' ? '}' : ']';
			i++;
			space();
			if (source[i] === close) {
				i++;
				return;
			}
			for (;;) {
				space();
				if (c === '{') {
					if (end()) stop('Unerwartetes Ende der Datei');
					if (source[i] !== '"') stop('Feldname in doppelten Anführungszeichen erwartet (überzähliges Komma?)');
					string();
					space();
					if (source[i] !== ':') stop('Doppelpunkt nach dem Feldnamen erwartet');
					i++;
				}
				value();
				space();
				if (source[i] === ',') {
					i++;
					continue;
				}
				if (source[i] === close) {
					i++;
					return;
				}
				stop(end() ? 'Unerwartetes Ende der Datei' : `Komma oder „${close}“ erwartet`);
			}
		}
		if (c === '"') return string();
		const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
		number.lastIndex = i;
		if (number.exec(source)) {
			i = number.lastIndex;
			return;
		}
		for (const literal of ['true', 'false', 'null'])
			if (source.startsWith(literal, i)) {
				i += literal.length;
				return;
			}
		stop(`Unerwartetes Zeichen „${c}“`);
	};
	try {
		value();
		space();
		if (!end()) stop('Weitere Zeichen nach dem Ende des JSON');
		return null;
	} catch (error) {
		if (typeof error === 'object' && error !== null && 'pos' in error) return error as { pos: number; message: string };
		throw error;
	}
}
