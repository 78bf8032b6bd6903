// What a console adds to the shell (Shell.tsx): roots mounted once (key handlers, flows), the
// dialogs `ui.modal` can name, a header badge and the footer. The live console's set is in
// App.tsx (actions, incident); the replay's in src/ui/replay/ (no action, no backend).
import { createContext, type ComponentType } from 'react';
import type { OverlayProps } from './overlays.js';

export interface FooterProps {
  width: number;
  scope: string;
  list: boolean;
}

export interface ConsoleFeatures {
  roots: ComponentType[];
  overlays: Record<string, ComponentType<OverlayProps>>;
  /**
   * Drawn in the header after the banner (the replay's REPLAY and its time), given the width;
   * `cells`: the most it takes at that width, which the incident's line leaves it.
   */
  Badge?: { View: ComponentType<{ width: number }>; cells: (width: number) => number };
  /** The footer (default: the focused pane's keys, src/ui/Footer.tsx). */
  Footer?: ComponentType<FooterProps>;
}

export const FeaturesContext = createContext<ConsoleFeatures>({ roots: [], overlays: {} });
