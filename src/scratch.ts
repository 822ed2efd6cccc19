/**
 * Typed arrays lent from one report to the next. Making one as long as a report's text is slow (a buffer outside V8's
 * heap, zeroed, that the collector must then account for: 1–5 µs for 2,000–6,000 entries, measured), and reading a
 * report made several. A borrower uses the view it gets only until it returns, and keeps no view of it.
 */
type Typed = Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

/**
 * Longer texts (262,144 characters and more: reports are a few thousand) get arrays of their own: a buffer lent is
 * kept for the rest of the run, at most about 4 MB for all of them.
 */
const MAX_KEPT = 1 << 18;

export class Scratch<T extends Typed> {
  private buffer: T;

  constructor(private readonly make: (n: number) => T) {
    this.buffer = make(0);
  }

  /** A view of n entries: zeroed, or as the last borrower left them when `zeroed` is false. */
  take(n: number, zeroed = true): T {
    if (n > MAX_KEPT) return this.make(n);
    if (this.buffer.length < n)
      this.buffer = this.make(Math.min(MAX_KEPT, Math.max(n, this.buffer.length * 2)));
    const view = this.buffer.subarray(0, n) as T;
    if (zeroed) view.fill(0);
    return view;
  }
}
