// Dialogs of the incident feature, registered by id (opened by setting `ui.modal`).
import type { ComponentType } from 'react';
import type { OverlayProps } from '../overlays.js';
import { DeclareDialog, MenuDialog, NoteDialog, ResumeDialog, UpdateDialog } from './dialogs.js';

export const overlays: Record<string, ComponentType<OverlayProps>> = {
  'incident.declare': DeclareDialog,
  'incident.menu': MenuDialog,
  'incident.note': NoteDialog,
  'incident.update': UpdateDialog,
  'incident.resume': ResumeDialog,
};
