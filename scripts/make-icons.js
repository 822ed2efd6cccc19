#!/usr/bin/env node
/**
 * Draws the add-in's icons and writes them as PNG files into assets/.
 *
 * Run: `npm run icons` (or `node scripts/make-icons.js`). Uses only Node's built-in zlib, so it runs anywhere
 * Node runs. The output is deterministic: running it again gives byte-identical files.
 *
 * Motifs (all share one base: a small spreadsheet table with a green header row):
 *   icon     — table + blue check mark   (add-in icon, ribbon group)   16, 32, 64, 80 px
 *   insert   — table + green plus        (插入模板)                     16, 32, 80 px
 *   validate — table + blue check mark   (校验)                         16, 32, 80 px
 *   clear    — table + red-orange cross  (清除标记)                     16, 32, 80 px
 *   pane     — table + blue side panel   (打开面板)                     16, 32, 80 px
 *
 * 16/32/80 are the sizes Office requires for ribbon icons; 32 (IconUrl) and 64 (HighResolutionIconUrl) are the
 * sizes Office expects for the add-in icon itself.
 */
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

// Office palette.
const EXCEL_GREEN = [0x21, 0x73, 0x46];
const EXCEL_GREEN_LIGHT = [0xe3, 0xf1, 0xe8];
const GRID_GRAY = [0x8a, 0xa8, 0x96];
const OFFICE_BLUE = [0x00, 0x78, 0xd4];
const CLEAR_RED = [0xc4, 0x3e, 0x1c];
const WHITE = [0xff, 0xff, 0xff];

// ---------------------------------------------------------------------------------------------------------------
// PNG encoding (RGBA, 8 bits per channel, no interlace).

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type "None"
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// A tiny rasteriser. Shapes are given in "design units" on a 16 × 16 grid and scaled to the target size.
// Axis-aligned rectangles are snapped to whole pixels (crisp grid lines at 16 px); strokes and discs are
// anti-aliased by 4 × 4 supersampling.

class Canvas {
  constructor(size) {
    this.size = size;
    this.scale = size / 16;
    this.px = Buffer.alloc(size * size * 4); // transparent
  }

  /** Source-over blend of colour `rgb` with coverage `alpha` (0..1) into pixel (x, y). */
  blend(x, y, rgb, alpha) {
    if (x < 0 || y < 0 || x >= this.size || y >= this.size || alpha <= 0) return;
    const i = (y * this.size + x) * 4;
    const a0 = this.px[i + 3] / 255;
    const a = Math.min(1, alpha);
    const out = a + a0 * (1 - a);
    for (let c = 0; c < 3; c++) {
      const v = out === 0 ? 0 : (rgb[c] * a + this.px[i + c] * a0 * (1 - a)) / out;
      this.px[i + c] = Math.round(v);
    }
    this.px[i + 3] = Math.round(out * 255);
  }

  /** Filled rectangle from (x0, y0) to (x1, y1) in design units, snapped to pixels. */
  rect(x0, y0, x1, y1, rgb) {
    const s = this.scale;
    const px0 = Math.round(x0 * s),
      py0 = Math.round(y0 * s);
    const px1 = Math.max(px0 + 1, Math.round(x1 * s)),
      py1 = Math.max(py0 + 1, Math.round(y1 * s));
    for (let y = py0; y < py1; y++) for (let x = px0; x < px1; x++) this.blend(x, y, rgb, 1);
  }

  /** Anti-aliased shape given by an inside(x, y) test in design units. */
  fillShape(inside, rgb) {
    const n = 4;
    const s = this.scale;
    for (let y = 0; y < this.size; y++) {
      for (let x = 0; x < this.size; x++) {
        let hits = 0;
        for (let sy = 0; sy < n; sy++) {
          for (let sx = 0; sx < n; sx++) {
            if (inside((x + (sx + 0.5) / n) / s, (y + (sy + 0.5) / n) / s)) hits++;
          }
        }
        this.blend(x, y, rgb, hits / (n * n));
      }
    }
  }

  /** Polyline stroke of width `w` (design units) with round joins and caps. */
  stroke(points, w, rgb) {
    const r = w / 2;
    this.fillShape((x, y) => {
      for (let i = 0; i + 1 < points.length; i++) {
        if (distToSegment(x, y, points[i], points[i + 1]) <= r) return true;
      }
      return false;
    }, rgb);
  }

  disc(cx, cy, r, rgb) {
    this.fillShape((x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r, rgb);
  }
}

function distToSegment(x, y, [ax, ay], [bx, by]) {
  const dx = bx - ax,
    dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

// ---------------------------------------------------------------------------------------------------------------
// Motifs.

/** The table: 3 columns × 4 rows, green frame and header row; the badge sits over its lower-right corner. */
function drawTable(c, { right = 14 } = {}) {
  const l = 1,
    t = 1.5,
    b = 14.5;
  const line = Math.max(1 / c.scale, 0.75); // at least one pixel
  c.rect(l, t, right, b, WHITE);
  c.rect(l, t, right, t + 3, EXCEL_GREEN); // header row
  c.rect(l, t + 3, l + (right - l) / 3, b, EXCEL_GREEN_LIGHT); // label column tint
  // Inner grid lines.
  for (const fy of [t + 3 + (b - t - 3) / 3, t + 3 + (2 * (b - t - 3)) / 3])
    c.rect(l, fy, right, fy + line, GRID_GRAY);
  for (const fx of [l + (right - l) / 3, l + (2 * (right - l)) / 3])
    c.rect(fx, t + 3, fx + line, b, GRID_GRAY);
  // Frame.
  c.rect(l, t, right, t + line, EXCEL_GREEN);
  c.rect(l, b - line, right, b, EXCEL_GREEN);
  c.rect(l, t, l + line, b, EXCEL_GREEN);
  c.rect(right - line, t, right, b, EXCEL_GREEN);
}

function badge(c, rgb) {
  c.disc(11.5, 11.5, 4.5, WHITE); // halo separates badge from the grid
  c.disc(11.5, 11.5, 3.9, rgb);
}

const MOTIFS = {
  icon(c) {
    drawTable(c);
    badge(c, OFFICE_BLUE);
    c.stroke(
      [
        [9.6, 11.6],
        [11.0, 13.0],
        [13.5, 10.2],
      ],
      1.25,
      WHITE
    );
  },
  validate(c) {
    MOTIFS.icon(c);
  },
  insert(c) {
    drawTable(c);
    badge(c, EXCEL_GREEN);
    c.stroke(
      [
        [11.5, 9.4],
        [11.5, 13.6],
      ],
      1.3,
      WHITE
    );
    c.stroke(
      [
        [9.4, 11.5],
        [13.6, 11.5],
      ],
      1.3,
      WHITE
    );
  },
  clear(c) {
    drawTable(c);
    badge(c, CLEAR_RED);
    c.stroke(
      [
        [10.0, 10.0],
        [13.0, 13.0],
      ],
      1.25,
      WHITE
    );
    c.stroke(
      [
        [13.0, 10.0],
        [10.0, 13.0],
      ],
      1.25,
      WHITE
    );
  },
  pane(c) {
    drawTable(c, { right: 10.5 });
    // A task pane docked on the right.
    c.rect(11, 1.5, 15, 14.5, OFFICE_BLUE);
    c.rect(11.75, 4.5, 14.25, 5.5, WHITE);
    c.rect(11.75, 7, 14.25, 8, WHITE);
    c.rect(11.75, 9.5, 13.5, 10.5, WHITE);
  },
};

const SIZES = {
  icon: [16, 32, 64, 80],
  insert: [16, 32, 80],
  validate: [16, 32, 80],
  clear: [16, 32, 80],
  pane: [16, 32, 80],
};

function render(name, size) {
  const c = new Canvas(size);
  MOTIFS[name](c);
  return encodePng(size, size, c.px);
}

function main() {
  const outDir = path.resolve(__dirname, "..", "assets");
  fs.mkdirSync(outDir, { recursive: true });
  for (const [name, sizes] of Object.entries(SIZES)) {
    for (const size of sizes) {
      const file = path.join(outDir, `${name}-${size}.png`);
      fs.writeFileSync(file, render(name, size));
      console.log(`wrote ${path.relative(process.cwd(), file)} (${size}×${size})`);
    }
  }
}

if (require.main === module) main();

module.exports = { encodePng, render, SIZES };
