// Dialogs of the incident feature, one file each, registered by id (opened by setting `ui.modal`).
import type { ComponentType } from 'react';
import type { OverlayProps } from '../overlays.js';
import { DeclareDialog } from './DeclareDialog.js';
import { MenuDialog } from './MenuDialog.js';
import { NoteDialog } from './NoteDialog.js';
import { ResumeDialog } from './ResumeDialog.js';
import { UpdateDialog } from './UpdateDialog.js';

export const overlays: Record<string, ComponentType<OverlayProps>> = {
  'incident.declare': DeclareDialog,
  'incident.menu': MenuDialog,
  'incident.note': NoteDialog,
  'incident.update': UpdateDialog,
  'incident.resume': ResumeDialog,
};
