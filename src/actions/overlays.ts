// Dialogs of the action palette, registered by id (ui.modal names the open one).
import type { ComponentType } from 'react';
import type { OverlayProps } from '../ui/overlays.js';
import { Busy } from './Busy.js';
import { Confirm } from './Confirm.js';
import { Form } from './Form.js';
import { Output } from './Output.js';
import { Palette } from './Palette.js';

export const overlays: Record<string, ComponentType<OverlayProps>> = {
  palette: Palette,
  'action-params': Form,
  'action-busy': Busy,
  confirm: Confirm,
  'action-output': Output,
};
