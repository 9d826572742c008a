import { describe, expect, it } from 'vitest';
import { convexHull, landmarks, projector, THURINGIA_LANDMARKS, THURINGIA_OUTLINE } from '../../src/lib/geo/outline.ts';

describe('the office map of Thuringia', () => {
	it('draws the hull of the points, not every point', () => {
		const square = [
			{ lat: 0, lon: 0 },
			{ lat: 0, lon: 2 },
			{ lat: 2, lon: 2 },
			{ lat: 2, lon: 0 },
			{ lat: 1, lon: 1 },
		];
		const hull = convexHull(square);
		expect(hull).toHaveLength(4);
		expect(hull).not.toContainEqual({ lat: 1, lon: 1 });
	});

	it('puts a town with several postcodes at the mean of its places and leaves out a name it does not know', () => {
		const places = [
			{ town: 'Erfurt', lat: 50, lon: 11 },
			{ town: 'Erfurt', lat: 51, lon: 12 },
			{ town: 'Jena', lat: 50.9, lon: 11.6 },
		];
		expect(landmarks(['Erfurt', 'Atlantis', 'Jena'], places)).toEqual([
			{ name: 'Erfurt', lat: 50.5, lon: 11.5 },
			{ name: 'Jena', lat: 50.9, lon: 11.6 },
		]);
	});

	it('knows every orientation town it draws, and each lies inside the drawn outline', () => {
		expect(THURINGIA_LANDMARKS.map((town) => town.name)).toContain('Erfurt');
		expect(THURINGIA_LANDMARKS).toHaveLength(12);
		const map = projector(THURINGIA_OUTLINE, 420);
		for (const town of THURINGIA_LANDMARKS) {
			const { x, y } = map.project(town);
			expect(x, town.name).toBeGreaterThan(0);
			expect(x, town.name).toBeLessThan(map.width);
			expect(y, town.name).toBeGreaterThan(0);
			expect(y, town.name).toBeLessThan(map.height);
		}
	});
});
