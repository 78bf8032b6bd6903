// Dialogs of the action palette (palette, confirm), registered by id.
import type { ComponentType } from 'react';
import type { OverlayProps } from '../ui/overlays.js';

export const overlays: Record<string, ComponentType<OverlayProps>> = {};
