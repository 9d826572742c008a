/**
 * A drawing outline of Thuringia for the office's map: the convex hull of every Thuringian
 * postcode place in src/data. No map tiles, no third party; an approximation, labelled as such.
 */
import data from '../../data/thuringia-places.json' with { type: 'json' };

export interface Point {
	lat: number;
	lon: number;
}

const cross = (o: Point, a: Point, b: Point) => (a.lon - o.lon) * (b.lat - o.lat) - (a.lat - o.lat) * (b.lon - o.lon);

/** Andrew's monotone chain; returns the hull counter-clockwise without repeating the first point. */
export function convexHull(points: readonly Point[]): Point[] {
	const sorted = [...points].sort((a, b) => a.lon - b.lon || a.lat - b.lat);
	if (sorted.length < 3) return sorted;
	const lower: Point[] = [];
	for (const p of sorted) {
		while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0) lower.pop();
		lower.push(p);
	}
	const upper: Point[] = [];
	for (const p of [...sorted].reverse()) {
		while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0) upper.pop();
		upper.push(p);
	}
	return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

export const THURINGIA_OUTLINE: readonly Point[] = convexHull(data.places.map((p: { lat: number; lon: number }) => ({ lat: p.lat, lon: p.lon })));

export interface Landmark extends Point {
	name: string;
}

/**
 * Towns by name, each at the mean of its postcode places (Erfurt has fourteen), for a map's
 * orientation. A name the data does not know is left out rather than guessed.
 */
export function landmarks(names: readonly string[], places: readonly { town: string; lat: number; lon: number }[] = data.places): Landmark[] {
	return names.flatMap((name) => {
		const own = places.filter((p) => p.town === name);
		if (own.length === 0) return [];
		const mean = (pick: (p: Point) => number) => own.reduce((sum, p) => sum + pick(p), 0) / own.length;
		return [{ name, lat: mean((p) => p.lat), lon: mean((p) => p.lon) }];
	});
}

/** Without place names the office saw coloured dots in a grey shape; these give it bearings. */
export const THURINGIA_LANDMARKS: readonly Landmark[] = landmarks(['Nordhausen', 'Mühlhausen', 'Eisenach', 'Gotha', 'Erfurt', 'Weimar', 'Jena', 'Gera', 'Altenburg', 'Suhl', 'Saalfeld/Saale', 'Sonneberg']);

/**
 * Projects to SVG coordinates in a box of the given width; east–west distances are shrunk by
 * cos(latitude) so the shape is not stretched at 51° north.
 */
export function projector(bounds: readonly Point[], width: number, padding = 10) {
	const lats = bounds.map((p) => p.lat);
	const lons = bounds.map((p) => p.lon);
	const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
	const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
	const scale = (width - 2 * padding) / ((maxLon - minLon) * kx);
	const height = Math.ceil((maxLat - minLat) * scale + 2 * padding);
	return {
		width,
		height,
		project: (p: Point) => ({ x: padding + (p.lon - minLon) * kx * scale, y: padding + (maxLat - p.lat) * scale }),
	};
}
