// Mounted once by the shell: the incident feature's key handling and timers.
export function IncidentRoot() {
  return null;
}
