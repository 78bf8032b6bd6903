// Mounted once by the shell: the action feature's key handling (filled in by the palette).
export function ActionsRoot() {
  return null;
}
