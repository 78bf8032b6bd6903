// The frame around every pane: border, number, title, and the state of its sources with the
// age of their data, so that stale data is never mistaken for live. When a pane has nothing
// to show yet it says why: not configured (and the key that would enable it), connecting,
// or the error in words.
import { Box, Text } from 'ink';
import { memo } from 'react';
import type { PaneDef } from '../panes/types.js';
import { effectiveStatus, type Effective, type SourceState } from '../store/store.js';
import { age } from '../util/format.js';
import { sanitize } from '../util/sanitize.js';
import { useAppStore, useClockNow, useNowDerived } from './hooks.js';
import { toneColor, toneSymbol, type Tone } from './tone.js';
import { configuredStates } from './pane-state.js';

const rank: Record<Effective, number> = { error: 0, stale: 1, connecting: 2, ok: 3, unconfigured: 4 };
const tones: Record<Effective, Tone> = {
  error: 'bad',
  stale: 'warn',
  connecting: 'info',
  ok: 'ok',
  unconfigured: 'muted',
};

export function statusText(s: SourceState | undefined, eff: Effective, now: number): string {
  const dataAge = s?.fetchedAt !== undefined ? age(now - s.fetchedAt) : undefined;
  switch (eff) {
    case 'ok':
      // Fresh data (not yet stale) under a minute old says only "live": its age in seconds would
      // redraw the title every second for nothing (issue 15). A slow source shows its minutes.
      return s?.fetchedAt !== undefined && now - s.fetchedAt >= 60_000 ? `live ${dataAge}` : 'live';
    case 'stale':
      return `STALE ${dataAge} old`;
    case 'connecting':
      return dataAge ? `reconnecting · data ${dataAge} old` : 'connecting…';
    case 'error':
      return dataAge ? `ERROR · data ${dataAge} old` : 'ERROR';
    case 'unconfigured':
      return 'not configured';
  }
}

/** The worst state among a pane's configured sources, and the source that has it. */
function worst(states: (SourceState | undefined)[], now: number) {
  let best: { s: SourceState | undefined; eff: Effective } | undefined;
  for (const s of states) {
    const eff = effectiveStatus(s, now);
    if (!best || rank[eff] < rank[best.eff]) best = { s, eff };
  }
  return best ?? { s: undefined, eff: 'ok' as Effective };
}

/** The title line: re-renders when its status text changes (data age, going stale), not every tick. */
function PaneTitle({
  def,
  num,
  focused,
  width,
  states,
}: {
  def: PaneDef;
  num: string;
  focused: boolean;
  width: number;
  states: (SourceState | undefined)[];
}) {
  const pick = (now: number) => {
    const configured = configuredStates(states);
    return configured.length ? worst(configured, now) : worst(states, now);
  };
  useNowDerived((now) => {
    const { s, eff } = pick(now);
    return `${eff} ${statusText(s, eff, now)}`;
  });
  const now = useClockNow();
  const configured = configuredStates(states);
  const { s, eff } = pick(now);
  const hasData = configured.some((x) => x?.data !== undefined);
  const tone = tones[eff];
  const err = s?.error ? sanitize(s.error, 300) : undefined;
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate" bold={focused} inverse={focused}>
        {`${focused ? '▶' : ' '}${num} ${def.title} `}
      </Text>
      {def.sources.length ? (
        <Text wrap="truncate" color={toneColor[tone]}>
          {` ${toneSymbol[tone]} ${statusText(s, eff, now)}${err && eff === 'error' && hasData ? `: ${err}` : ''}`}
        </Text>
      ) : null}
    </Box>
  );
}

export function PaneHost({
  def,
  index,
  width,
  height,
  focused,
}: {
  def: PaneDef;
  index: number;
  width: number;
  height: number;
  focused: boolean;
}) {
  // Narrow selection: one source state per source id; identity changes only on its updates.
  const s0 = useAppStore((st) => (def.sources[0] ? st.sources[def.sources[0]] : undefined));
  const s1 = useAppStore((st) => (def.sources[1] ? st.sources[def.sources[1]] : undefined));
  const states = def.sources.length > 1 ? [s0, s1] : def.sources.length ? [s0] : [];
  const configured = configuredStates(states);
  const unconfigured = def.sources.length > 0 && configured.length === 0;
  const hasData = def.sources.length === 0 || configured.some((x) => x?.data !== undefined);
  const failing = configured.find((x) => x?.status === 'error');
  const hint = states.find((x) => x?.hint)?.hint;
  const num = index < 9 ? String(index + 1) : index === 9 ? '0' : ' ';
  const innerW = Math.max(0, width - 2);
  const innerH = Math.max(0, height - 3);
  const Body = def.component;
  return (
    <Box
      width={width}
      height={height}
      flexDirection="column"
      borderStyle={focused ? 'double' : 'single'}
      borderColor={focused ? 'cyan' : 'gray'}
      overflow="hidden"
    >
      <PaneTitle def={def} num={num} focused={focused} width={innerW} states={states} />
      {unconfigured ? (
        <Box flexDirection="column" width={innerW} height={innerH}>
          <Text dimColor wrap="truncate">{`${def.title} is not configured.`}</Text>
          <Text wrap="wrap">{`Enable it with ${hint ?? 'its section in warroom.yaml'}.`}</Text>
        </Box>
      ) : !hasData ? (
        <Box flexDirection="column" width={innerW} height={innerH}>
          {failing ? (
            <Text color="red" wrap="wrap">{`✖ ${sanitize(failing.error ?? 'error', 300)}`}</Text>
          ) : (
            <Text dimColor wrap="truncate">
              {'◆ connecting…'}
            </Text>
          )}
        </Box>
      ) : (
        <MemoBody Body={Body} width={innerW} height={innerH} focused={focused} />
      )}
    </Box>
  );
}

/** Pane bodies re-render on their own data, not when the frame around them does. */
const MemoBody = memo(function MemoBody({
  Body,
  ...p
}: {
  Body: PaneDef['component'];
  width: number;
  height: number;
  focused: boolean;
}) {
  return <Body {...p} />;
});
