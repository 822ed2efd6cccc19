import assert from "node:assert/strict";
import fc from "fast-check";
import { W, winnow } from "../../src/similarity";

/**
 * Winnowing keeps, in each window of W shingles, the smallest hash (rightmost on ties). The fast form keeps the
 * previous window's minimum while it stays in the window; the shares of text repeated (内容雷同) rest on exactly the
 * shingles kept, so it must keep the same ones as trying every window.
 */
function everyWindow(hashes: Uint32Array): { hash: number[]; pos: number[] } {
  const hash: number[] = [];
  const pos: number[] = [];
  const w = Math.min(W, hashes.length);
  let last = -1;
  for (let start = 0; hashes.length > 0 && start + w <= hashes.length; start++) {
    let min = start;
    for (let i = start + 1; i < start + w; i++) if (hashes[i] <= hashes[min]) min = i;
    if (min !== last) {
      hash.push(hashes[min]);
      pos.push(min);
      last = min;
    }
  }
  return { hash, pos };
}

describe("winnowing", () => {
  it("keeps the same shingles as trying every window, ties and short texts included", () => {
    const values = fc.oneof(
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: 0, max: 0xffffffff })
    );
    fc.assert(
      fc.property(fc.array(values, { maxLength: 80 }), (xs) => {
        const hashes = Uint32Array.from(xs);
        const kept = winnow(hashes);
        const want = everyWindow(hashes);
        assert.deepEqual([...kept.hash.subarray(0, kept.length)], want.hash);
        assert.deepEqual([...kept.pos.subarray(0, kept.length)], want.pos);
      }),
      { numRuns: 3000 }
    );
  });
});
