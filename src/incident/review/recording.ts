// The seam between the review and the flight recorder (src/incident/recording/, written on its
// own branch): where an incident's recorded samples come from. Until a reader is plugged in
// there is no recording, and the review draws the journal's marks only.
import type { ReviewSample } from './samples.js';
import { seriesFromRecording, type SeriesSet } from './series.js';

/** The recording of an incident as samples, oldest first; undefined when there is none. */
export type RecordingReader = (state: string, id: string) => AsyncIterable<ReviewSample> | undefined;

let reader: RecordingReader | undefined;

export function setRecordingReader(r: RecordingReader | undefined): void {
  reader = r;
}

/** The incident's series from its recording, or undefined without one. */
export async function recordedSeries(state: string, id: string): Promise<SeriesSet | undefined> {
  const samples = reader?.(state, id);
  return samples ? seriesFromRecording(samples) : undefined;
}
