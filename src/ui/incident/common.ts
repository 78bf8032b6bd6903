// What the incident dialogs share: the console's controller, opening and closing them, the flash.
import type { AppStore } from '../../store/store.js';
import { controllerFor, IncidentController, optionsFromConfig } from '../../incident/controller.js';
import type { Config } from '../../config/schema.js';

/** The console's controller; created from the config slice if start-up did not (tests). */
export function ensureController(store: AppStore): IncidentController {
  const c = controllerFor(store);
  if (c) return c;
  const config = (store.getState().slices.config as Config | undefined) ?? {};
  return new IncidentController(store, optionsFromConfig(config as Config));
}

export function closeModal(store: AppStore): void {
  store.setState((s) => ({ ui: { ...s.ui, modal: undefined } }));
}
export function openModal(store: AppStore, modal: string): void {
  store.setState((s) => ({ ui: { ...s.ui, modal, flash: undefined } }));
}
export function flash(store: AppStore, text: string, tone: 'info' | 'warn' | 'error' = 'info') {
  store.setState((s) => ({ ui: { ...s.ui, flash: { text, tone, at: Date.now() } } }));
}
