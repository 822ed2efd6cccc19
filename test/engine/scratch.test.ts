import assert from "node:assert/strict";
import { Scratch } from "../../src/scratch";

/**
 * The reader borrows arrays as long as the text from one report to the next (src/scratch.ts). What one report left in
 * them must not reach the next: a mask left over would hide the next report's numbers.
 */
describe("arrays lent from one report to the next", () => {
  it("a view asked zeroed is zeroed, whatever the last borrower wrote", () => {
    const s = new Scratch((n) => new Uint8Array(n));
    s.take(50).fill(7);
    assert.deepEqual([...s.take(40)], new Array(40).fill(0));
    assert.equal(s.take(4000).length, 4000);
  });
});
