// What the logs pane can ask of the running log sources (previous logs of a crashed
// container). Set by the backend when the Kubernetes source starts; absent otherwise.
export interface LogsControl {
  /** `kubectl logs --previous` of one container: its last lines, or throws with the reason. */
  previous(pod: { namespace: string; name: string; container: string }): Promise<string[]>;
}

let control: LogsControl | undefined;

export function setLogsControl(c: LogsControl | undefined): void {
  control = c;
}

export function getLogsControl(): LogsControl | undefined {
  return control;
}
