import { describe, expect, it } from 'vitest';
import { edgeNeighbours, type GridCell } from './neighbours.ts';

/**
 * Cells laid out as ST_HexagonGrid lays them (flat top, origin 0,0): column i is centred at
 * x = 1.5·s·i, row j at y = √3·s·j, half a row higher in odd columns.
 */
function grid(size: number, columns: number[], rows: number[]): GridCell[] {
  const cells: GridCell[] = [];
  for (const i of columns) {
    for (const j of rows) {
      const odd = Math.abs(i % 2) === 1;
      cells.push({ i, j, x: 1.5 * size * i, y: Math.sqrt(3) * size * (j + (odd ? 0.5 : 0)) });
    }
  }
  return cells;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

/** Neighbour ids of the cell with id `id`, sorted. */
function neighboursOf(cells: GridCell[], size: number, id: string): string[] {
  const lists = edgeNeighbours(cells, size);
  const k = cells.findIndex((c) => `${c.i}:${c.j}` === id);
  return lists[k]!.map((n) => `${cells[n]!.i}:${cells[n]!.j}`).sort();
}

describe('edgeNeighbours', () => {
  const s = 250;
  const cells = grid(s, range(0, 4), range(0, 4));

  it('gives an interior cell in an even column exactly its 6 edge neighbours', () => {
    // Column 2 (even) row 2 is centred at (750, 866.03); the centres √3·250 = 433.01 m away are
    // rows 1 and 3 of its own column, and rows 1 and 2 of columns 1 and 3 (those sit half a row higher).
    expect(neighboursOf(cells, s, '2:2')).toEqual(['1:1', '1:2', '2:1', '2:3', '3:1', '3:2']);
  });

  it('gives an interior cell in an odd column exactly its 6 edge neighbours', () => {
    // Column 3 (odd) row 2 sits half a row up: rows 2 and 3 of columns 2 and 4 touch it.
    expect(neighboursOf(cells, s, '3:2')).toEqual(['2:2', '2:3', '3:1', '3:3', '4:2', '4:3']);
  });

  it('gives every interior cell 6 and border cells fewer, symmetrically', () => {
    const lists = edgeNeighbours(cells, s);
    cells.forEach((cell, k) => {
      const interior = cell.i > 0 && cell.i < 4 && cell.j > 0 && cell.j < 4;
      if (interior) expect(lists[k], `${cell.i}:${cell.j}`).toHaveLength(6);
      else expect(lists[k]!.length, `${cell.i}:${cell.j}`).toBeLessThan(6);
      for (const n of lists[k]!) expect(lists[n]).toContain(k);
    });
    // Corner 0:0 (even column, bottom): only 0:1 above and 1:0 up to the right.
    expect(neighboursOf(cells, s, '0:0')).toEqual(['0:1', '1:0']);
  });

  it('leaves out cells that are not in the list (outside the study area)', () => {
    const holed = cells.filter((c) => !(c.i === 1 && c.j === 2));
    expect(neighboursOf(holed, s, '2:2')).toEqual(['1:1', '2:1', '2:3', '3:1', '3:2']);
  });

  it('works for negative columns and with centres a few millimetres off', () => {
    const shifted = grid(100, range(-3, -1), range(-3, -1)).map((c) => ({ ...c, x: c.x + 0.003, y: c.y - 0.002 }));
    // Column −2 (even) row −2: rows −3 and −2 of columns −3 and −1, and rows −3 and −1 of its own.
    expect(neighboursOf(shifted, 100, '-2:-2')).toEqual(['-1:-2', '-1:-3', '-2:-1', '-2:-3', '-3:-2', '-3:-3']);
  });
});
