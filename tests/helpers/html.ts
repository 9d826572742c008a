/**
 * Finds markup that came from input: elements our templates never write, inline event
 * handlers, and inline scripts that are not Astro's own. Parses the page like a browser would
 * (htmlparser2), so text inside attribute values is not mistaken for markup.
 */
import { Parser } from 'htmlparser2';

/** Every element the templates write (svg, path, circle: icons; rect: the QR code of the app setup; dialog: the warning before a session ends). */
const TEMPLATE_TAGS = new Set(
	(
		'html head meta title link style script body a svg circle path header nav ul ol li form label input button main div ' +
		'h1 h2 h3 h4 p section span strong em dl dt dd table caption thead tbody tr th td footer br fieldset legend select ' +
		'option textarea datalist figure figcaption time article aside noscript mark small details summary rect dialog'
	).split(' '),
);

export function injectedMarkup(html: string): string[] {
	const problems: string[] = [];
	let inScript = false;
	let scriptText = '';
	const parser = new Parser(
		{
			onopentag(name, attributes) {
				if (!TEMPLATE_TAGS.has(name)) problems.push(`<${name}>`);
				for (const attribute of Object.keys(attributes)) {
					if (attribute.startsWith('on')) problems.push(`<${name} ${attribute}>`);
				}
				if (name === 'script') {
					inScript = true;
					scriptText = '';
				}
			},
			ontext(text) {
				if (inScript) scriptText += text;
			},
			onclosetag(name) {
				if (name === 'script') {
					inScript = false;
					if (/alert|prompt\(|confirm\(|document\.cookie/.test(scriptText)) problems.push(`<script>${scriptText.slice(0, 40)}`);
				}
			},
		},
		{ decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
	);
	parser.write(html);
	parser.end();
	return problems;
}
