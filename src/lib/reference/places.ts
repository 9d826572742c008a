/**
 * Thuringian postcodes with town and coordinates, shipped in src/data/thuringia-places.json.
 * Used to place applicants on the map and to flag postcodes outside Thuringia for the office.
 */
import data from '../../data/thuringia-places.json' with { type: 'json' };

export interface Place {
	postcode: string;
	town: string;
	lat: number;
	lon: number;
}

const byPostcode = new Map<string, Place[]>();
for (const place of data.places) {
	byPostcode.set(place.postcode, [...(byPostcode.get(place.postcode) ?? []), place]);
}

const normalizeTown = (town: string) =>
	town
		.toLowerCase()
		.normalize('NFC')
		.replace(/\s*\(.*\)\s*/g, '')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();

/**
 * The place for a postcode in Thuringia: the entry whose town matches what was typed, else
 * the first town of that postcode (all lie within a few kilometres). Null outside Thuringia.
 */
export function findPlace(postcode: string, town: string): Place | null {
	const candidates = byPostcode.get(postcode);
	if (!candidates) return null;
	const wanted = normalizeTown(town);
	return candidates.find((p) => normalizeTown(p.town) === wanted) ?? candidates.find((p) => normalizeTown(p.town).startsWith(wanted.split(' ')[0] ?? '')) ?? candidates[0]!;
}
