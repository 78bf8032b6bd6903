// The root: owns the layout, global keys, exit, and the one stdin listener.
import { Box, Text, useApp, useInput, useWindowSize } from 'ink';
import { useEffect, useMemo } from 'react';
import { writeFileSync } from 'node:fs';
import { paneById, panes, paneIds } from '../panes/registry.js';
import type { AppStore } from '../store/store.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { Help } from './Help.js';
import { StoreContext, useAppStore, useStoreApi } from './hooks.js';
import { commandFor } from './keymap.js';
import { KeyContext, KeyDispatcher, keyName, useKeys } from './keys.js';
import { computeLayout, MIN_COLS, MIN_ROWS } from './layout.js';
import { overlays } from './overlays.js';
import { PaneHost } from './PaneHost.js';
import { ActionsRoot } from '../actions/root.js';
import { IncidentRoot } from './incident/root.js';

export interface AppProps {
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

function GlobalKeys({ onQuit }: { onQuit: () => void }) {
  const store = useStoreApi();
  const { exit } = useApp();
  useKeys('global', (ev) => {
    const cmd = commandFor('global', ev.name);
    const ui = store.getState().ui;
    switch (cmd) {
      case 'app.quit':
        onQuit();
        exit();
        return true;
      case 'focus.next':
      case 'focus.prev': {
        const i = paneIds.indexOf(ui.focus);
        const n = paneIds.length;
        setUi(store, { focus: paneIds[(i + (cmd === 'focus.next' ? 1 : n - 1)) % n]!, flash: undefined });
        return true;
      }
      case 'focus.pane': {
        const idx = ev.name === '0' ? 9 : Number(ev.name) - 1;
        if (paneIds[idx]) setUi(store, { focus: paneIds[idx], flash: undefined });
        return true;
      }
      case 'pane.zoom':
        setUi(store, { zoomed: !ui.zoomed });
        return true;
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

/** Short tab labels so that every pane's tab fits in 80 columns. */
const TAB_LABEL: Record<string, string> = { deployments: 'Deploy', postgres: 'PG' };

function Body({ width, height }: { width: number; height: number }) {
  const focus = useAppStore((s) => s.ui.focus);
  const zoomed = useAppStore((s) => s.ui.zoomed);
  const help = useAppStore((s) => s.ui.help);
  const modal = useAppStore((s) => s.ui.modal);
  const layout = computeLayout(width, height, paneIds, focus, zoomed);
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
  const bodyH = height - 2;
  const Overlay = modal ? overlays[modal] : undefined;
  const focusedDef = paneById.get(focus) ?? panes[0]!;
  return (
    <Box width={width} height={height} flexDirection="column">
      <Header width={width} />
      {Overlay ? (
        <Overlay width={width} height={bodyH} />
      ) : help ? (
        <Help width={width} height={bodyH} />
      ) : layout.kind === 'tabs' ? (
        <Box flexDirection="column" width={width} height={bodyH}>
          <Box height={1} width={width}>
            {layout.tabs.map((id, i) => {
              const label = `${i < 9 ? i + 1 : 0} ${TAB_LABEL[id] ?? paneById.get(id)!.title}`;
              const on = id === layout.pane.id;
              return (
                <Text key={id} inverse={on} bold={on}>
                  {on ? `▶${label} ` : ` ${label}${i < layout.tabs.length - 1 ? '│' : ''}`}
                </Text>
              );
            })}
          </Box>
          <PaneHost
            def={paneById.get(layout.pane.id)!}
            index={paneIds.indexOf(layout.pane.id)}
            width={layout.pane.width}
            height={layout.pane.height}
            focused
          />
        </Box>
      ) : (
        <Box flexDirection="column" width={width} height={bodyH}>
          {layout.rows.map((row, r) => (
            <Box key={r} flexDirection="row" width={width} height={row.height}>
              {row.cells.map((c) => (
                <PaneHost
                  key={c.id}
                  def={paneById.get(c.id)!}
                  index={paneIds.indexOf(c.id)}
                  width={c.width}
                  height={c.height}
                  focused={c.id === focus}
                />
              ))}
            </Box>
          ))}
        </Box>
      )}
      <Footer width={width} scope={focusedDef.scope} list={!!focusedDef.list} />
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

function Sized({ size }: { size?: AppProps['size'] }) {
  const win = useWindowSize();
  const columns = size?.columns ?? win.columns;
  const rows = size?.rows ?? win.rows;
  return <Body width={columns} height={rows} />;
}

export function App({ store, onQuit, size }: AppProps) {
  const dispatcher = useMemo(() => new KeyDispatcher(), []);
  useInput((input, key) => {
    // Keys typed fast (or over a slow SSH link) can arrive as one chunk: outside dialogs,
    // dispatch them one by one so that none is lost or read as an unknown multi-character
    // key. A dialog's text field takes the chunk whole (a paste).
    const plain =
      !key.ctrl && !key.meta && !key.escape && !key.return && !key.tab && !key.backspace && !key.delete;
    const chars = [...input];
    if (plain && chars.length > 1 && !dispatcher.dialogOpen()) {
      for (const ch of chars)
        dispatcher.dispatch({ name: ch, input: ch, key: { ...key, shift: ch !== ch.toLowerCase() } });
      return;
    }
    dispatcher.dispatch({ name: keyName(input, key), input, key });
  });
  return (
    <StoreContext.Provider value={store}>
      <KeyContext.Provider value={dispatcher}>
        <GlobalKeys onQuit={onQuit} />
        <ActionsRoot />
        <IncidentRoot />
        <Sized size={size} />
      </KeyContext.Provider>
    </StoreContext.Provider>
  );
}
