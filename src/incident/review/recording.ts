// The seam between the review and the flight recorder (src/incident/recording/): an incident's
// samples are the moments of its recording, `<state>/incidents/<ID>.rec`, read with
// `readRecording` (each moment `{ t, sources }`, the store's shape, which is a ReviewSample).
// Without a recording there are no samples and the review draws the journal's marks only.
import { existsSync } from 'node:fs';
import { recordingPath } from '../recording/format.js';
import { readRecording } from '../recording/reader.js';
import type { ReviewSample } from './samples.js';
import { seriesFromRecording, type SeriesSet } from './series.js';

/** The recorded samples of an incident, oldest first; undefined when it has no recording. */
export function recordedSamples(
  state: string,
  id: string,
  onProblem?: (text: string) => void,
): AsyncIterable<ReviewSample> | undefined {
  const path = recordingPath(state, id);
  return existsSync(path) ? readRecording(path, { onProblem }) : undefined;
}

/** The incident's series from its recording, or undefined without one. */
export async function recordedSeries(
  state: string,
  id: string,
  onProblem?: (text: string) => void,
): Promise<SeriesSet | undefined> {
  const samples = recordedSamples(state, id, onProblem);
  return samples ? seriesFromRecording(samples) : undefined;
}
