// Dialogs that take over the body of the screen (palette, confirmations, incident forms).
// `ui.modal` in the store names the open one; each feature registers its own.
import type { ComponentType } from 'react';
import { overlays as actionOverlays } from '../actions/overlays.js';
import { overlays as incidentOverlays } from './incident/overlays.js';

export interface OverlayProps {
  width: number;
  height: number;
}

export const overlays: Record<string, ComponentType<OverlayProps>> = {
  ...actionOverlays,
  ...incidentOverlays,
};
