#!/usr/bin/env node
// Draws the app icon (build/icon.png, 512x512 RGBA): a nabla (∇, the gradient)
// in PyTorch orange on a dark rounded square. Plain Node: pixels by hand, 4x4 supersampling, PNG via zlib.
// electron-builder derives the .icns/.ico and Linux sizes from this file.
//
//   node scripts/make-icon.mjs [out.png] [size]

import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const out = process.argv[2] ?? 'build/icon.png';
const size = Number(process.argv[3] ?? 512);
const SS = 4; // samples per axis per pixel

const BG = [0x1e, 0x1f, 0x29];
const FG = [0xee, 0x4c, 0x2c];

// Shapes in unit coordinates (0..1, y down).
const radius = 0.2;
function inRoundedSquare(x, y) {
  const m = 0.04; // margin, so the OS mask does not clip the corners
  const lo = m + radius;
  const hi = 1 - m - radius;
  if (x < m || x > 1 - m || y < m || y > 1 - m) return false;
  const cx = Math.min(Math.max(x, lo), hi);
  const cy = Math.min(Math.max(y, lo), hi);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

// Nabla: a downward triangle with a triangular hole (a thick outline).
function inTriangle(x, y, top, bottom, halfWidth) {
  if (y < top || y > bottom) return false;
  const t = (bottom - y) / (bottom - top); // 1 at the top edge, 0 at the apex
  return Math.abs(x - 0.5) <= halfWidth * t;
}
function inNabla(x, y) {
  const outer = inTriangle(x, y, 0.25, 0.79, 0.32);
  const inner = inTriangle(x, y, 0.335, 0.645, 0.19);
  return outer && !inner;
}

const rows = [];
for (let py = 0; py < size; py++) {
  const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
  for (let px = 0; px < size; px++) {
    let bg = 0;
    let fg = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const x = (px + (sx + 0.5) / SS) / size;
        const y = (py + (sy + 0.5) / SS) / size;
        if (!inRoundedSquare(x, y)) continue;
        bg++;
        if (inNabla(x, y)) fg++;
      }
    }
    const n = SS * SS;
    const alpha = bg / n;
    const f = bg ? fg / bg : 0;
    const o = 1 + px * 4;
    for (let c = 0; c < 3; c++) row[o + c] = Math.round(BG[c] * (1 - f) + FG[c] * f);
    row[o + 3] = Math.round(alpha * 255);
  }
  rows.push(row);
}

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(size, 0);
ihdr.writeUInt32BE(size, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`wrote ${out} (${size}x${size}, ${png.length} bytes)`);
