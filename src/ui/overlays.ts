// Dialogs that take over the body of the screen (palette, confirmations, incident forms).
// `ui.modal` in the store names the open one. Features register theirs here.
import type { ComponentType } from 'react';

export interface OverlayProps {
  width: number;
  height: number;
}

export const overlays: Record<string, ComponentType<OverlayProps>> = {};
