// `?`: every key binding, generated from the one keymap, grouped by scope. An overlay sized to
// its lines; when they do not fit, j/k and PgUp/PgDn scroll (the title says where you are).
import { Text } from 'ink';
import { useState } from 'react';
import { bindingsByScope, commandFor, keyLabel, scopeTitle } from './keymap.js';
import { useKeys } from './keys.js';
import { Frame } from './dialog/Frame.js';

export interface HelpLine {
  text: string;
  head?: boolean;
}

const RISK_TAG = { safe: '', disruptive: ' [disruptive]', destructive: ' [destructive]' } as const;

export function helpLines(): HelpLine[] {
  const lines: HelpLine[] = [];
  for (const { scope, bindings } of bindingsByScope()) {
    lines.push({ text: scope === 'global' ? 'Everywhere' : `In ${scopeTitle(scope)}`, head: true });
    for (const b of bindings) {
      const desc = b.risk ? `${b.description.replace(/ \[[^\]]+\]$/, '')}${RISK_TAG[b.risk]}` : b.description;
      lines.push({ text: `  ${keyLabel(b).padEnd(16)} ${desc}` });
    }
  }
  return lines;
}

export function Help({ width, height, onClose }: { width: number; height: number; onClose: () => void }) {
  const lines = helpLines();
  const [top, setTop] = useState(0);
  const bodyH = Math.max(1, height - 3);
  const maxTop = Math.max(0, lines.length - bodyH);
  const start = Math.min(top, maxTop);
  useKeys('dialog', (ev) => {
    const own = commandFor('dialog.help', ev.name);
    if (own === 'help.close') {
      onClose();
      return true;
    }
    const to = (n: number) => setTop(Math.max(0, Math.min(maxTop, n)));
    switch (commandFor('list', ev.name)) {
      case 'list.down':
        to(start + 1);
        break;
      case 'list.up':
        to(start - 1);
        break;
      case 'list.pageDown':
        to(start + bodyH);
        break;
      case 'list.pageUp':
        to(start - bodyH);
        break;
      case 'list.top':
        to(0);
        break;
      case 'list.bottom':
        to(maxTop);
        break;
    }
    if (own === 'help.pageDown') to(start + bodyH);
    return true;
  });
  const more = lines.length > bodyH;
  const title = more
    ? `Keys — ? or Esc to close · j/k PgUp/PgDn scroll · ${start + 1}-${Math.min(lines.length, start + bodyH)} of ${lines.length}`
    : 'Keys — ? or Esc to close';
  return (
    <Frame width={width} height={height} title={title} color="cyan" titleWrap="truncate">
      {lines.slice(start, start + bodyH).map((l, j) => (
        <Text key={j} wrap="truncate" bold={l.head} color={l.head ? 'cyan' : undefined}>
          {l.text}
        </Text>
      ))}
    </Frame>
  );
}
