// Headless Chromium (Debian's `chromium`, installed by scripts/ensure-chromium.sh) for tests of
// HTML output: a screenshot of a page as decoded pixels, and counts of pixels of a colour.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from 'fast-png';

export const CHROMIUM = '/usr/bin/chromium';

/** Chromium's path, installing it first when it is missing; or why it cannot be had. */
export function ensureChromium(): { ok: true } | { ok: false; why: string } {
  if (!existsSync(CHROMIUM)) {
    const r = spawnSync(
      'bash',
      [fileURLToPath(new URL('../../scripts/ensure-chromium.sh', import.meta.url))],
      {
        encoding: 'utf8',
      },
    );
    if (!existsSync(CHROMIUM))
      return {
        ok: false,
        why: `chromium could not be installed: ${(r.stderr || r.error?.message || '').trim()}`,
      };
  }
  return { ok: true };
}

export interface Pixels {
  width: number;
  height: number;
  /** RGB of pixel (x, y). */
  at(x: number, y: number): [number, number, number];
}

/** A screenshot of `url` at the given window size (no network, a fresh profile). */
export function screenshot(url: string, width: number, height: number): Pixels {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-chromium-'));
  try {
    const png = join(dir, 'shot.png');
    execFileSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--no-first-run',
        '--hide-scrollbars',
        '--force-device-scale-factor=1',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--window-size=${width},${height}`,
        `--screenshot=${png}`,
        url,
      ],
      // A guard against a hung browser only: nothing here measures time.
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 },
    );
    const img = decode(readFileSync(png));
    const ch = img.channels;
    const scale = img.depth === 16 ? 257 : 1;
    return {
      width: img.width,
      height: img.height,
      at: (x, y) => {
        const i = (y * img.width + x) * ch;
        return [img.data[i]! / scale, img.data[i + 1]! / scale, img.data[i + 2]! / scale];
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hex = (c: string): [number, number, number] => [
  parseInt(c.slice(1, 3), 16),
  parseInt(c.slice(3, 5), 16),
  parseInt(c.slice(5, 7), 16),
];

/** How many pixels (within a region) are this colour, give or take `tolerance` per channel. */
export function countColour(
  p: Pixels,
  colour: string,
  region: { x0?: number; y0?: number; x1?: number; y1?: number } = {},
  tolerance = 10,
): number {
  const [r, g, b] = hex(colour);
  let n = 0;
  for (let y = region.y0 ?? 0; y < (region.y1 ?? p.height); y++)
    for (let x = region.x0 ?? 0; x < (region.x1 ?? p.width); x++) {
      const [pr, pg, pb] = p.at(x, y);
      if (Math.abs(pr - r) <= tolerance && Math.abs(pg - g) <= tolerance && Math.abs(pb - b) <= tolerance)
        n++;
    }
  return n;
}
