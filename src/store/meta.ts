// Facts about this session that the header shows (set once at start-up, updated by backends
// that learn them, e.g. the Kubernetes context actually in use).
export interface Meta {
  context?: string;
  namespace?: string;
  readOnly: boolean;
  production?: boolean;
  /** A drill banner (demo mode): the text says what it is. */
  banner?: string;
  version: string;
  /** The header clock shows seconds (ui.clockSeconds); by default minutes, so idle is quiet. */
  clockSeconds?: boolean;
}
export const META = 'meta';
