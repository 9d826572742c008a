/**
 * Browser side of /suche/: runs Pagefind over the site's own index and renders results with
 * title, excerpt and a topic filter. `?q=` in the address is the source of truth, so the header
 * form, reloads and shared links all land on the same results.
 */

import { MAX_SHOWN, hasCloseMatch, relevantResults, statusText } from './search-results.ts';

interface PagefindResultData {
	url: string;
	excerpt: string;
	meta: { title?: string };
}

interface Pagefind {
	init(): Promise<void>;
	search(
		term: string | null,
		options?: { filters?: Record<string, { any: string[] }> },
	): Promise<{ results: { data(): Promise<PagefindResultData> }[] }>;
	filters(): Promise<Record<string, Record<string, number>>>;
}

const TOPIC_FILTER = 'Thema';
const PAGEFIND_URL = '/pagefind/pagefind.js';

async function loadPagefind(): Promise<Pagefind> {
	const pagefind = (await import(/* @vite-ignore */ PAGEFIND_URL)) as Pagefind;
	await pagefind.init();
	return pagefind;
}

function resultItem(doc: Document, data: PagefindResultData): HTMLLIElement {
	const item = doc.createElement('li');
	const heading = doc.createElement('h2');
	const link = doc.createElement('a');
	link.href = data.url;
	link.textContent = data.meta.title ?? data.url;
	heading.append(link);
	const excerpt = doc.createElement('p');
	// Pagefind escapes the page text itself and only adds <mark> around the hits.
	excerpt.innerHTML = data.excerpt;
	item.append(heading, excerpt);
	return item;
}

/**
 * A topic's checkbox. The count (pages of the topic) is shown only while no word is searched:
 * Pagefind's counts for a word include the short-prefix matches the page drops, so they would
 * promise pages the list does not show.
 */
function filterCheckbox(doc: Document, value: string, count: number): { label: HTMLLabelElement; showCount: (shown: boolean) => void } {
	const label = doc.createElement('label');
	const box = doc.createElement('input');
	box.type = 'checkbox';
	box.name = 'thema';
	box.value = value;
	const text = doc.createTextNode('');
	label.append(box, text);
	const showCount = (shown: boolean) => {
		text.data = shown ? ` ${value} (${count})` : ` ${value}`;
	};
	showCount(true);
	return { label, showCount };
}

export async function startSearchPage(doc: Document): Promise<void> {
	const form = doc.querySelector<HTMLFormElement>('[data-search-form]');
	const input = form?.querySelector<HTMLInputElement>('input[name="q"]');
	const status = doc.querySelector<HTMLElement>('[data-search-status]');
	const results = doc.querySelector<HTMLOListElement>('[data-search-results]');
	const filters = doc.querySelector<HTMLFieldSetElement>('[data-search-filters]');
	const filterList = doc.querySelector<HTMLElement>('[data-filter-list]');
	const elsewhere = doc.querySelector<HTMLElement>('[data-search-elsewhere]');
	if (!form || !input || !status || !results || !filters || !filterList || !elsewhere) return;

	let pagefind: Pagefind;
	try {
		pagefind = await loadPagefind();
	} catch {
		status.textContent = 'Die Suche ist gerade nicht verfügbar. Bitte laden Sie die Seite neu.';
		return;
	}

	const topicCounts = (await pagefind.filters())[TOPIC_FILTER] ?? {};
	const checkboxes = Object.entries(topicCounts)
		.sort(([a], [b]) => a.localeCompare(b, 'de'))
		.map(([topic, count]) => filterCheckbox(doc, topic, count));
	filterList.append(...checkboxes.map((c) => c.label));
	filters.hidden = checkboxes.length === 0;

	const selectedTopics = () =>
		[...filterList.querySelectorAll<HTMLInputElement>('input:checked')].map((box) => box.value);

	let latest = 0;
	async function run(): Promise<void> {
		const term = input!.value.trim();
		const topics = selectedTopics();
		const ticket = ++latest;
		const url = new URL(location.href);
		if (term) url.searchParams.set('q', term);
		else url.searchParams.delete('q');
		history.replaceState(null, '', url);
		for (const checkbox of checkboxes) checkbox.showCount(!term);

		elsewhere!.hidden = true;
		if (!term && topics.length === 0) {
			results!.replaceChildren();
			status!.textContent = '';
			return;
		}
		status!.textContent = 'Suche läuft …';
		const options = topics.length > 0 ? { filters: { [TOPIC_FILTER]: { any: topics } } } : {};
		const search = await pagefind.search(term || null, options);
		// A newer search started meanwhile (also when this one finds nothing): its answer stands.
		if (ticket !== latest) return;
		// Each result's data is a request of its own, so they are read MAX_SHOWN at a time. With a
		// search word, Pagefind's fallbacks to a short prefix are dropped (search-results.ts), and
		// reading stops once more than MAX_SHOWN real hits are found; a topic alone has no fallbacks.
		const found: PagefindResultData[] = [];
		let read = 0;
		while (read < search.results.length && found.length <= MAX_SHOWN) {
			const batch = await Promise.all(search.results.slice(read, read + MAX_SHOWN).map((r) => r.data()));
			if (ticket !== latest) return;
			read += batch.length;
			found.push(...(term ? relevantResults(batch, term) : batch));
			if (!term) break;
		}
		const count = term ? found.length : search.results.length;
		results!.replaceChildren(...found.slice(0, MAX_SHOWN).map((d) => resultItem(doc, d)));
		const onlyAlike = term !== '' && count > 0 && !hasCloseMatch(found.map((d) => d.excerpt), term);
		status!.textContent = statusText({ term, found: count, complete: !term || read === search.results.length, onlyAlike });
		elsewhere!.hidden = count > 0;
	}

	form.addEventListener('submit', (event) => {
		event.preventDefault();
		void run();
	});
	filterList.addEventListener('change', () => void run());
	// The address's word, unless something was typed while the search loaded: that stays.
	if (input.value.trim() === '') input.value = new URL(location.href).searchParams.get('q') ?? '';
	await run();
}
