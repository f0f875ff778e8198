/*
 * Edge neighbours in a hexagon grid, found from the hexagons' centres. In a regular tiling of
 * hexagons with edge s, two hexagons share an edge exactly when their centres are √3·s apart;
 * the next nearest centres are 3·s apart (a shared corner's neighbours are farther still).
 * ST_HexagonGrid numbers hexagons by column i and row j, and an edge neighbour is always within
 * one column and one row, so the candidates are the 8 around (i, j) and the distance decides:
 * no parity rule for odd and even columns to get wrong.
 */

export interface GridCell {
  i: number;
  j: number;
  /** Centre, in metres (EPSG:31370). */
  x: number;
  y: number;
}

/** Centres closer than this fraction of s to √3·s are edge neighbours (the gap to the next is 1.27·s). */
const TOLERANCE = 0.01;

/** For every cell, the indices of its edge neighbours among `cells` (cells outside the list are no neighbours). */
export function edgeNeighbours(cells: readonly GridCell[], size: number): number[][] {
  const index = new Map<string, number>();
  cells.forEach((cell, k) => index.set(`${cell.i}:${cell.j}`, k));
  const adjacent = Math.sqrt(3) * size;
  return cells.map((cell) => {
    const found: number[] = [];
    for (let di = -1; di <= 1; di++) {
      for (let dj = -1; dj <= 1; dj++) {
        if (di === 0 && dj === 0) continue;
        const k = index.get(`${cell.i + di}:${cell.j + dj}`);
        if (k === undefined) continue;
        const other = cells[k]!;
        const distance = Math.hypot(other.x - cell.x, other.y - cell.y);
        if (Math.abs(distance - adjacent) <= TOLERANCE * size) found.push(k);
      }
    }
    return found;
  });
}
