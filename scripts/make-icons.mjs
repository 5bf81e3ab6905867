// Draws Rapport's app icons (web/icons/icon-*.png) with no dependency: two overlapping rings, a
// connection becoming a relationship, white on the accent blue. The PNGs are committed; run
// `node scripts/make-icons.mjs` again only to change the design (web/icons/icon.svg is the same
// drawing as a vector, keep the two in step).
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [0x2f, 0x5b, 0xd3];
const WHITE = [0xff, 0xff, 0xff];

/** Coverage (0..1) of the white mark at a point of the 512-unit design grid. */
function mark(x, y) {
  const ring = (cx) => Math.abs(Math.hypot(x - cx, y - 256) - 104) <= 26;
  return ring(196) || ring(316);
}

/** Whether a point is inside the rounded square (full square when `maskable`). */
function inside(x, y, maskable) {
  if (maskable) return true;
  const r = 112;
  const dx = Math.max(r - x, 0, x - (512 - r));
  const dy = Math.max(r - y, 0, y - (512 - r));
  return dx * dx + dy * dy <= r * r;
}

function render(size, maskable) {
  const scale = 512 / size;
  // In a maskable icon the mark must stay inside the central 80 % "safe zone".
  const shrink = maskable ? 0.8 : 1;
  const samples = 4;
  const rows = [];
  for (let py = 0; py < size; py++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let px = 0; px < size; px++) {
      let bg = 0;
      let fg = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) * scale;
          const y = (py + (sy + 0.5) / samples) * scale;
          if (!inside(x, y, maskable)) continue;
          bg++;
          const mx = 256 + (x - 256) / shrink;
          const my = 256 + (y - 256) / shrink;
          if (mark(mx, my)) fg++;
        }
      }
      const n = samples * samples;
      const t = bg === 0 ? 0 : fg / bg;
      const at = 1 + px * 4;
      for (let c = 0; c < 3; c++) row[at + c] = Math.round(BLUE[c] * (1 - t) + WHITE[c] * t);
      row[at + 3] = Math.round((255 * bg) / n);
    }
    rows.push(row);
  }
  return png(size, Buffer.concat(rows));
}

function crc32(buffer) {
  let crc = ~0;
  for (const byte of buffer) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size, raw) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
]) {
  writeFileSync(new URL(`../web/icons/${name}`, import.meta.url), render(size, maskable));
  console.log(`web/icons/${name}`);
}
