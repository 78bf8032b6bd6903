// Redraws the README's review charts (docs/review/*.svg) from a real bad-deploy drill on the
// demo environment: `npx tsx scripts/review-docs.ts` (about a minute and a half; needs what
// the drill needs: the simulators start in-process, PostgreSQL and Redis on localhost are used
// when reachable). The drill is sampled like the flight recorder samples the console, and the
// charts are the ones `warroom export -o review.md` writes beside the review.
import { mkdirSync, writeFileSync } from 'node:fs';
import { reviewCharts } from '../src/incident/review/charts.ts';
import { seriesFromSamples } from '../src/incident/review/series.ts';
import { drillReview } from '../test/helpers/review-drill.ts';

// After the recovery, a minute more: the error rate (errors in the last 60 s) drains to 0.
const drill = await drillReview({ afterMs: 65_000 });
try {
  const rc = reviewCharts(drill.state, seriesFromSamples(drill.samples));
  mkdirSync('docs/review', { recursive: true });
  for (const c of rc.charts) writeFileSync(`docs/review/${c.file}`, c.svg);
  console.log(`docs/review: ${rc.charts.map((c) => c.file).join(', ')} from ${rc.samples} samples`);
} finally {
  drill.cleanup();
}
process.exit(0);
