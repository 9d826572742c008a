/**
 * Geometry for large inputs: a space-filling curve to deal nearby participants into one group,
 * and nearest-neighbour lists that restrict which groups a participant is compared with (so one
 * improvement step costs the same at 100 and at 10,000 participants).
 */
import { EARTH_RADIUS_KM } from './geo.ts';

const RAD = Math.PI / 180;

/** Planar km coordinates (equirectangular around the mean latitude); close enough for ranking. */
export function planar(lat: Float64Array, lon: Float64Array): { x: Float64Array; y: Float64Array } {
	const n = lat.length;
	let meanLat = 0;
	for (let i = 0; i < n; i++) meanLat += lat[i]!;
	meanLat = n > 0 ? meanLat / n : 0;
	const k = Math.cos(meanLat * RAD) * EARTH_RADIUS_KM * RAD;
	const x = new Float64Array(n);
	const y = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		x[i] = lon[i]! * k;
		y[i] = lat[i]! * EARTH_RADIUS_KM * RAD;
	}
	return { x, y };
}

/** Position on a Hilbert curve over the bounding box (order 16): near on the curve = near on the map. */
export function hilbertIndex(x: Float64Array, y: Float64Array): Float64Array {
	const n = x.length;
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (let i = 0; i < n; i++) {
		minX = Math.min(minX, x[i]!);
		maxX = Math.max(maxX, x[i]!);
		minY = Math.min(minY, y[i]!);
		maxY = Math.max(maxY, y[i]!);
	}
	const side = 65535;
	const span = Math.max(maxX - minX, maxY - minY, 1e-9);
	const out = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let hx = Math.round(((x[i]! - minX) / span) * side);
		let hy = Math.round(((y[i]! - minY) / span) * side);
		let d = 0;
		for (let s = 32768; s > 0; s >>= 1) {
			const rx = (hx & s) > 0 ? 1 : 0;
			const ry = (hy & s) > 0 ? 1 : 0;
			d += s * s * ((3 * rx) ^ ry);
			if (ry === 0) {
				if (rx === 1) {
					hx = side - hx;
					hy = side - hy;
				}
				const t = hx;
				hx = hy;
				hy = t;
			}
		}
		out[i] = d;
	}
	return out;
}

/**
 * The `k` nearest members of `subset` for every member of `subset` (itself excluded), by planar
 * distance with ties broken by index; rows are padded with -1. Grid buckets keep it near-linear.
 */
export function nearest(x: Float64Array, y: Float64Array, subset: Int32Array, k: number): Int32Array {
	const m = subset.length;
	const out = new Int32Array(m * k).fill(-1);
	if (m < 2 || k === 0) return out;
	let minX = Infinity;
	let minY = Infinity;
	let maxX = -Infinity;
	let maxY = -Infinity;
	for (const i of subset) {
		minX = Math.min(minX, x[i]!);
		maxX = Math.max(maxX, x[i]!);
		minY = Math.min(minY, y[i]!);
		maxY = Math.max(maxY, y[i]!);
	}
	const area = Math.max((maxX - minX) * (maxY - minY), 1);
	const cell = Math.max(Math.sqrt((area * k) / m), 0.25);
	const gx = Math.min(Math.floor((maxX - minX) / cell) + 1, 4096);
	const gy = Math.min(Math.floor((maxY - minY) / cell) + 1, 4096);
	const cellOf = (i: number) =>
		Math.min(gx - 1, Math.floor((x[i]! - minX) / cell)) + gx * Math.min(gy - 1, Math.floor((y[i]! - minY) / cell));
	const start = new Int32Array(gx * gy + 1);
	for (const i of subset) start[cellOf(i) + 1]!++;
	for (let c = 0; c < gx * gy; c++) start[c + 1]! += start[c]!;
	const fillAt = start.slice();
	const bucket = new Int32Array(m);
	for (const i of subset) bucket[fillAt[cellOf(i)]!++] = i;

	const bestD = new Float64Array(k);
	const bestI = new Int32Array(k);
	for (let a = 0; a < m; a++) {
		const i = subset[a]!;
		const cx = Math.min(gx - 1, Math.floor((x[i]! - minX) / cell));
		const cy = Math.min(gy - 1, Math.floor((y[i]! - minY) / cell));
		let found = 0;
		const consider = (j: number) => {
			if (j === i) return;
			const dx = x[j]! - x[i]!;
			const dy = y[j]! - y[i]!;
			const d = dx * dx + dy * dy;
			if (found === k && (d > bestD[k - 1]! || (d === bestD[k - 1]! && j > bestI[k - 1]!))) return;
			let at = found < k ? found++ : k - 1;
			while (at > 0 && (bestD[at - 1]! > d || (bestD[at - 1]! === d && bestI[at - 1]! > j))) {
				bestD[at] = bestD[at - 1]!;
				bestI[at] = bestI[at - 1]!;
				at--;
			}
			bestD[at] = d;
			bestI[at] = j;
		};
		const maxRing = Math.max(gx, gy);
		for (let r = 0; r <= maxRing; r++) {
			for (let yy = cy - r; yy <= cy + r; yy++) {
				if (yy < 0 || yy >= gy) continue;
				const edge = yy === cy - r || yy === cy + r;
				for (let xx = cx - r; xx <= cx + r; xx += edge ? 1 : 2 * r) {
					if (xx >= 0 && xx < gx) {
						const c = xx + gx * yy;
						for (let b = start[c]!; b < start[c + 1]!; b++) consider(bucket[b]!);
					}
					if (r === 0) break;
				}
			}
			// Every point outside ring r is at least r cells away.
			if (found === k && r * cell * (r * cell) >= bestD[k - 1]!) break;
		}
		for (let b = 0; b < found; b++) out[a * k + b] = bestI[b]!;
	}
	return out;
}
