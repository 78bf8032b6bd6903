// The shell: owns the layout, global keys, exit, and the one stdin listener. What a console
// adds to it comes in as `features` (src/ui/features.ts): the live console (App.tsx) mounts the
// action and incident roots and their dialogs; a replay (src/ui/replay/) mounts its own and no
// action at all, so nothing here imports the action runner.
import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { writeFileSync } from 'node:fs';
import { paneById, panes, paneIds } from '../panes/registry.js';
import { helpLines } from './Help.js';
import { placeHelp, placeOverlay } from './overlay-place.js';
import { focusable, layoutConfig, paneNumber, paneStates } from './pane-order.js';
import { layoutPane, type PaneState } from './pane-state.js';
import { FoldedLine, StatusBoard } from './StatusBoard.js';
import type { AppStore } from '../store/store.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { Help } from './Help.js';
import { StoreContext, useAppStore, useStoreAndNow, useStoreApi } from './hooks.js';
import { commandFor } from './keymap.js';
import { KeyContext, KeyDispatcher, keyName, splitChunk, useKeys, type KeyEvent } from './keys.js';
import {
  CHROME_ROWS,
  computeLayout,
  defaultMode,
  MIN_COLS,
  MIN_ROWS,
  type LayoutMode,
  type Rect,
} from './layout.js';
import { PaneHost } from './PaneHost.js';
import { FeaturesContext, type ConsoleFeatures } from './features.js';
import { At } from './At.js';

export interface ShellProps {
  store: AppStore;
  onQuit: () => void;
  /** Fixed size for tests (ink-testing-library has no real terminal). */
  size?: { columns: number; rows: number };
}

function setUi(
  store: AppStore,
  patch: Partial<AppStore extends { getState(): infer S } ? (S extends { ui: infer U } ? U : never) : never>,
) {
  store.setState((s) => ({ ui: { ...s.ui, ...patch } }));
}

type Ui = AppStore extends { getState(): infer S } ? (S extends { ui: infer U } ? U : never) : never;

/** The mode shown: zoom, the user's choice (`m` or ui.layout.mode), or by terminal size. */
function effectiveMode(ui: Ui, configured: LayoutMode | undefined, cols: number, rows: number): LayoutMode {
  if (ui.zoomed) return 'zoom';
  return ui.mode ?? configured ?? defaultMode(cols, rows);
}

function GlobalKeys({ onQuit, size }: { onQuit: () => void; size?: ShellProps['size'] }) {
  const store = useStoreApi();
  const { exit } = useApp();
  const win = useWindowSize();
  const { overlays } = useContext(FeaturesContext);
  useKeys('global', (ev) => {
    const cmd = commandFor('global', ev.name);
    const st = store.getState();
    const ui = st.ui;
    switch (cmd) {
      case 'app.quit':
        onQuit();
        exit();
        return true;
      case 'focus.next':
      case 'focus.prev': {
        const ids = focusable(st, Date.now());
        const i = ids.indexOf(ui.focus);
        const n = ids.length;
        const next = i < 0 ? 0 : (i + (cmd === 'focus.next' ? 1 : n - 1)) % n;
        setUi(store, { focus: ids[next]!, focusChosen: true, flash: undefined });
        return true;
      }
      case 'focus.pane': {
        const idx = ev.name === '0' ? 9 : Number(ev.name) - 1;
        if (paneIds[idx]) setUi(store, { focus: paneIds[idx], focusChosen: true, flash: undefined });
        return true;
      }
      case 'pane.zoom':
        setUi(store, { zoomed: !ui.zoomed });
        return true;
      case 'layout.mode': {
        const cols = size?.columns ?? win.columns;
        const rows = size?.rows ?? win.rows;
        const cur = effectiveMode(ui, layoutConfig(st)?.mode, cols, rows);
        if (cur === 'grid') setUi(store, { mode: 'board', zoomed: false });
        else if (cur === 'board') setUi(store, { zoomed: true });
        else setUi(store, { mode: 'grid', zoomed: false });
        return true;
      }
      case 'app.help':
        setUi(store, { help: !ui.help });
        return true;
      case 'app.back':
        if (ui.help) setUi(store, { help: false });
        else if (ui.zoomed) setUi(store, { zoomed: false });
        else if (ui.flash) setUi(store, { flash: undefined });
        return true;
      case 'palette.open':
        if (overlays.palette) setUi(store, { modal: 'palette' });
        return true;
    }
    return false;
  });
  return null;
}

/** Every pane's state, as one string so that the body re-renders only when one changes. */
function usePaneStates(): PaneState[] {
  const key = useStoreAndNow((s, now) => JSON.stringify(paneStates(s, now)));
  return useMemo(() => JSON.parse(key) as PaneState[], [key]);
}

/** A dialog over the panes: a blank rectangle, then the dialog drawn in it. */
function OverlayAt({ rect, children }: { rect: Rect; children: ReactNode }) {
  const blank = ' '.repeat(rect.width);
  return (
    <>
      <At rect={rect} flexDirection="column">
        {Array.from({ length: rect.height }, (_, i) => (
          <Text key={i}>{blank}</Text>
        ))}
      </At>
      <At rect={rect}>{children}</At>
    </>
  );
}

function Body({ width, height }: { width: number; height: number }) {
  const store = useStoreApi();
  const { overlays, Badge, Footer: FooterOf = Footer } = useContext(FeaturesContext);
  const ui = useAppStore((s) => s.ui);
  const configuredMode = useAppStore((s) => layoutConfig(s)?.mode);
  const weights = useAppStore((s) => layoutConfig(s)?.weights);
  const modal = ui.modal;
  const states = usePaneStates();
  const byId = useMemo(() => new Map(states.map((p) => [p.id, p])), [states]);
  // Until the user picks a pane, focus the first configured one (not "Pods is not configured").
  const firstConfigured = states.find((p) => p.configured)?.id;
  const focusOk = byId.get(ui.focus)?.configured ?? false;
  useEffect(() => {
    if (!ui.focusChosen && !focusOk && firstConfigured && firstConfigured !== ui.focus)
      setUi(store, { focus: firstConfigured });
  }, [store, ui.focusChosen, focusOk, firstConfigured, ui.focus]);
  // Drawn at once with the pane it is about to be (no frame of "Pods is not configured").
  const focus = !ui.focusChosen && !focusOk && firstConfigured ? firstConfigured : ui.focus;
  const mode = effectiveMode(ui, configuredMode, width, height);
  const layout = computeLayout(
    width,
    height,
    states.map((st) =>
      layoutPane(paneById.get(st.id)!, paneNumber(st.id), st, weights?.[st.id as keyof typeof weights]),
    ),
    focus,
    mode,
  );
  const overlayRect = useAppStore((s) =>
    s.ui.modal ? JSON.stringify(placeOverlay(s.ui.modal, s, width, Math.max(0, height - CHROME_ROWS))) : '',
  );
  useFirstFrameMark();
  if (layout.kind === 'too-small') {
    return (
      <Box width={width} height={height} flexDirection="column" justifyContent="center" alignItems="center">
        <Text bold color="yellow">
          ▲ Enlarge the terminal
        </Text>
        <Text>{`warroom needs at least ${MIN_COLS}x${MIN_ROWS}; this one is ${width}x${height}.`}</Text>
        <Text dimColor>q quits</Text>
      </Box>
    );
  }
  const bodyH = layout.rows;
  const Overlay = modal ? overlays[modal] : undefined;
  const focusedDef = paneById.get(focus) ?? panes[0]!;
  const rect = overlayRect ? (JSON.parse(overlayRect) as Rect) : undefined;
  const helpRect = ui.help ? placeHelp(helpLines().length, width, bodyH) : undefined;
  return (
    <Box width={width} height={height} flexDirection="column">
      <Header
        width={width}
        badge={Badge ? <Badge.View width={width} /> : undefined}
        badgeCells={Badge?.cells(width)}
      />
      <Box width={width} height={bodyH} position="relative" overflow="hidden">
        {layout.board ? (
          <StatusBoard board={layout.board} states={byId} defs={paneById} focus={focus} />
        ) : null}
        {layout.boxes.map((b) => (
          <At key={b.id} rect={b}>
            <PaneHost
              def={paneById.get(b.id)!}
              index={paneNumber(b.id)}
              width={b.width}
              height={b.height}
              focused={b.id === focus}
            />
          </At>
        ))}
        {layout.folded ? <FoldedLine folded={layout.folded} defs={paneById} /> : null}
        {Overlay && rect ? (
          <OverlayAt key={`modal:${modal}`} rect={rect}>
            <Overlay width={rect.width} height={rect.height} />
          </OverlayAt>
        ) : helpRect ? (
          <OverlayAt key="help" rect={helpRect}>
            <Help
              width={helpRect.width}
              height={helpRect.height}
              onClose={() => setUi(store, { help: false })}
            />
          </OverlayAt>
        ) : null}
      </Box>
      <FooterOf width={width} scope={focusedDef.scope} list={!!focusedDef.list} />
    </Box>
  );
}

/** Benchmark hook: records when the first complete frame was on screen (bench/startup.bench.ts). */
function useFirstFrameMark() {
  useEffect(() => {
    const file = process.env.WARROOM_BENCH_FIRST_FRAME;
    if (file) writeFileSync(file, String(Date.now()));
  }, []);
}

function Sized({ size }: { size?: ShellProps['size'] }) {
  const win = useWindowSize();
  const columns = size?.columns ?? win.columns;
  const rows = size?.rows ?? win.rows;
  return <Body width={columns} height={rows} />;
}

export function Shell({ store, onQuit, size, features }: ShellProps & { features: ConsoleFeatures }) {
  const dispatcher = useMemo(() => new KeyDispatcher(), []);
  // Keys split from one chunk are offered one at a time, each after the screen has rendered
  // the previous one's effect (handlers read the state of the last render: ^U then text must
  // not append the text to the old value; a key that opens a dialog sends the rest to it).
  // Later input queues behind them, in order.
  const queue = useRef<KeyEvent[]>([]);
  const offer = (evs: KeyEvent[]) => {
    const idle = queue.current.length === 0;
    queue.current.push(...evs);
    if (!idle) return;
    const pump = () => {
      const ev = queue.current[0];
      if (!ev) return;
      try {
        dispatcher.dispatch(ev);
      } finally {
        queue.current.shift();
        if (queue.current.length) setTimeout(pump, 0);
      }
    };
    pump();
  };
  useInput((input, key) => {
    // Keys typed fast (or over a slow SSH link) can arrive as one chunk: outside dialogs,
    // dispatch them one by one so that none is lost or read as an unknown multi-character
    // key. A dialog's text field takes the chunk whole (a paste).
    // A control key in the chunk (^U then text, text then Enter) is split out too: ink reads
    // such a chunk as one unknown key, and the text would be lost.
    const plain =
      !key.ctrl && !key.meta && !key.escape && !key.return && !key.tab && !key.backspace && !key.delete;
    const chars = [...input];
    if (plain && chars.length > 1) {
      const control = /[\x00-\x1f\x7f]/.test(input);
      if (control || !dispatcher.dialogOpen()) {
        offer(splitChunk(input, dispatcher.dialogOpen()));
        return;
      }
    }
    offer([{ name: keyName(input, key), input, key }]);
  });
  return (
    <StoreContext.Provider value={store}>
      <KeyContext.Provider value={dispatcher}>
        <FeaturesContext.Provider value={features}>
          <GlobalKeys onQuit={onQuit} size={size} />
          {features.roots.map((Root, i) => (
            <Root key={i} />
          ))}
          <Sized size={size} />
        </FeaturesContext.Provider>
      </KeyContext.Provider>
    </StoreContext.Provider>
  );
}
