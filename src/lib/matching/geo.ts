/**
 * Great-circle distances. Every distance in the matching goes through `chordKm`, so the engine,
 * `evaluateGroups` and the benchmarks agree to the last bit.
 */
import type { Location } from './types.ts';

/** Mean Earth radius in km, the value most tools use for the haversine formula. */
export const EARTH_RADIUS_KM = 6371;

const RAD = Math.PI / 180;

/** Unit vector of a location on the sphere. */
export function unitVector(location: Location): [number, number, number] {
	const lat = location.lat * RAD;
	const lon = location.lon * RAD;
	return [Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)];
}

/**
 * Great-circle km between two unit vectors. The haversine of the central angle is a quarter
 * of the squared chord, so this is the haversine formula without its trigonometric calls.
 */
export function chordKm(ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
	const dx = ax - bx;
	const dy = ay - by;
	const dz = az - bz;
	const half = Math.sqrt(dx * dx + dy * dy + dz * dz) / 2;
	return 2 * EARTH_RADIUS_KM * Math.asin(half < 1 ? half : 1);
}

/** Great-circle (haversine) distance in km. */
export function haversineKm(a: Location, b: Location): number {
	const [ax, ay, az] = unitVector(a);
	const [bx, by, bz] = unitVector(b);
	return chordKm(ax, ay, az, bx, by, bz);
}
