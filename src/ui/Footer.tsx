// The footer: the focused pane's keys, most important first (what Enter does, the actions
// with their risk, none on a backend that is not configured), then the global ones; whole keys
// only — what does not fit is left out, never cut in half, and `? help` is always there. Or a
// flash message.
import { Box, Text } from 'ink';
import { bindingsFor, commandFor, keyLabel, type Binding } from './keymap.js';
import { useAppStore } from './hooks.js';
import { toneColor } from './tone.js';
import { refusedByConfig, unconfiguredAction } from '../actions/keys.js';
import type { Config } from '../config/schema.js';

const RISK_TAG = { safe: '', disruptive: ' [disruptive]', destructive: ' [destructive]' } as const;
const GLOBALS = ['palette.open', 'pane.zoom', 'layout.mode', 'focus.next', 'app.quit'];
const SEP = ' · ';

/** `enter describe the pod`, `K delete keys [destructive]`. */
export function footerItem(b: Binding, refused = false): string {
  const desc =
    b.short ??
    b.description
      .replace(/ \[[^\]]+\]$/, '')
      .split(' (')[0]!
      .toLowerCase();
  // Actions that read-only mode refuses are marked before anyone presses them.
  return `${keyLabel(b)} ${refused ? '✖ refused: ' : ''}${desc}${b.risk ? RISK_TAG[b.risk] : ''}`;
}

/** The footer's items for a pane scope, most important first. */
export function footerItems(
  scope: string,
  list: boolean,
  refused: (command: string) => boolean = () => false,
  absent: (command: string) => boolean = () => false,
): string[] {
  const own = bindingsFor(scope).filter((b) => !absent(b.command));
  const enter = own.filter((b) => b.keys.includes('enter'));
  const actions = own.filter((b) => b.risk && !enter.includes(b));
  const rest = own.filter((b) => !enter.includes(b) && !actions.includes(b));
  const listKeys = list ? bindingsFor('list').filter((b) => b.command === 'list.filter') : [];
  // A global key the pane binds itself (Enter in pods) is the pane's: not listed for the global.
  const globals = GLOBALS.flatMap((c) => bindingsFor('global').filter((b) => b.command === c)).flatMap(
    (b) => {
      const keys = b.keys.filter((k) => !commandFor(scope, k));
      return keys.length ? [{ ...b, keys }] : [];
    },
  );
  return [...enter, ...actions, ...rest, ...listKeys, ...globals].map((b) =>
    footerItem(b, refused(b.command)),
  );
}

/** Whole items that fit in `width` (one leading space), `? help` always last. */
export function packFooter(items: readonly string[], width: number, help = '? help'): string {
  const room = width - 1;
  const out: string[] = [];
  let used = help.length;
  for (const it of items) {
    const add = it.length + SEP.length;
    if (used + add > room) continue;
    out.push(it);
    used += add;
  }
  return [...out, help].join(SEP).slice(0, Math.max(0, room));
}

/** The footer line: the flash when there is one, else the items that fit. */
export function FooterLine({ width, items }: { width: number; items: readonly string[] }) {
  const flash = useAppStore((s) => s.ui.flash);
  if (flash) {
    const tone = flash.tone === 'error' ? 'bad' : flash.tone === 'warn' ? 'warn' : 'info';
    return (
      <Box width={width} height={1}>
        <Text wrap="truncate" color={toneColor[tone]}>{` ${flash.text}`}</Text>
      </Box>
    );
  }
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate" dimColor>{` ${packFooter(items, width)}`}</Text>
    </Box>
  );
}

export function Footer({ width, scope, list }: { width: number; scope: string; list: boolean }) {
  const config = useAppStore((s) => s.slices.config as Config | undefined);
  const configured = useAppStore((s) => s.slices.backends);
  const items = footerItems(
    scope,
    list,
    (c) => refusedByConfig(c, config),
    (c) => unconfiguredAction(c, configured),
  );
  return <FooterLine width={width} items={items} />;
}
