// The incident part of the header. Filled in by the incident feature (src/incident/).
export function HeaderIncident(_p: { now: number }) {
  return null;
}
