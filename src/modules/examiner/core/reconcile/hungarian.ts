// Kuhn-Munkres (Hungarian) assignment with potentials, O(n^2 m) for an n x m cost matrix with n <= m.
import { assert } from '../../../../kernel/index.js';

/**
 * Minimum-cost assignment of every row to a distinct column of a dense row-major cost matrix
 * (Kuhn 1955; Munkres 1957; this is the shortest-augmenting-path form with row and column
 * potentials, Jonker-Volgenant style). Returns, per row, its column. Requires rows <= cols.
 */
export function hungarian(cost: Float64Array, rows: number, cols: number): Int32Array {
  assert(rows <= cols, 'hungarian needs rows <= cols');
  assert(cost.length === rows * cols, 'cost matrix size mismatch');
  const u = new Float64Array(rows + 1);
  const v = new Float64Array(cols + 1);
  const p = new Int32Array(cols + 1); // p[j]: 1-based row assigned to column j, 0 when free
  const way = new Int32Array(cols + 1);
  const minv = new Float64Array(cols + 1);
  const used = new Uint8Array(cols + 1);
  for (let i = 1; i <= rows; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Number.POSITIVE_INFINITY);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0] as number;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= cols; j++) {
        if (used[j] === 1) continue;
        const cur = (cost[(i0 - 1) * cols + (j - 1)] as number) - (u[i0] as number) - (v[j] as number);
        if (cur < (minv[j] as number)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number;
          j1 = j;
        }
      }
      for (let j = 0; j <= cols; j++) {
        if (used[j] === 1) {
          u[p[j] as number] = (u[p[j] as number] as number) + delta;
          v[j] = (v[j] as number) - delta;
        } else {
          minv[j] = (minv[j] as number) - delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0] as number;
      p[j0] = p[j1] as number;
      j0 = j1;
    } while (j0 !== 0);
  }
  const assignment = new Int32Array(rows).fill(-1);
  for (let j = 1; j <= cols; j++) if ((p[j] as number) > 0) assignment[(p[j] as number) - 1] = j - 1;
  return assignment;
}
