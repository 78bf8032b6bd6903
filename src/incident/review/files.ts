// The Markdown review's charts on disk: `-o review.md` → `review-charts/<chart>.svg` beside it
// (a private folder and files, like every export), linked from the text by relative paths.
import { basename, dirname, extname, join } from 'node:path';
import { privateDir, writePrivateFile } from '../../util/private-files.js';
import type { RenderedChart } from './charts.js';

/** The charts folder of a review file: its path, and its name as the review links it. */
export function chartsDirOf(review: string): { path: string; link: string } {
  const link = `${basename(review, extname(review))}-charts`;
  return { path: join(dirname(review), link), link };
}

/** Writes each chart as `<dir>/<chart>.svg` (0600 in a 0700 folder). */
export function writeCharts(dir: string, charts: RenderedChart[]): void {
  privateDir(dir);
  for (const c of charts) writePrivateFile(join(dir, c.file), c.svg);
}
