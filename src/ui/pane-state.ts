// A pane's state at a glance, for the layout, the status board and the pane's tab: whether it
// is configured, its level (a source error or the pane's own problem → problem), the symbol
// and a few words with the count, and the rows it wants. Pure: from the store's state.
import type { PaneDef } from '../panes/types.js';
import { summaries } from '../panes/summary.js';
import { effectiveStatus, type AppState, type Effective, type SourceState } from '../store/store.js';
import { FRAME_ROWS, type LayoutPane, type PaneLevel } from './layout.js';
import { toneSymbol, type Tone } from './tone.js';

export interface PaneState {
  id: string;
  configured: boolean;
  level: PaneLevel;
  tone: Tone;
  symbol: string;
  /** e.g. `3 failing`, `ERROR`, `connecting`. */
  text: string;
  /** Rows wanted, frame included. */
  want: number;
}

const RANK: Record<Effective, number> = { error: 0, stale: 1, connecting: 2, ok: 3, unconfigured: 4 };
const LEVEL_TONE: Record<PaneLevel, Tone> = { problem: 'bad', warn: 'warn', ok: 'ok' };

/** Short names for the status board and narrow places. */
export const SHORT_TITLE: Record<string, string> = {
  deployments: 'Deploy',
  postgres: 'PG',
  timeline: 'Timeline',
};

/**
 * The states of a pane's sources that count as configured: the primary source before it has
 * reported anything counts (it is connecting); a secondary one (RDS beside Postgres, the CDN
 * beside health) only once it has reported, so that a pane is not "connecting" forever on a
 * source nobody configured.
 */
export function configuredStates(states: readonly (SourceState | undefined)[]): (SourceState | undefined)[] {
  return states.filter((x, i) => (x ? x.status !== 'unconfigured' : i === 0));
}

export function paneState(def: PaneDef, s: AppState, now: number): PaneState {
  const states = configuredStates(def.sources.map((id) => s.sources[id]));
  const configured = def.sources.length === 0 || states.length > 0;
  if (!configured)
    return {
      id: def.id,
      configured,
      level: 'ok',
      tone: 'muted',
      symbol: '·',
      text: 'not configured',
      want: 4,
    };
  let worst: Effective = 'ok';
  for (const x of states) {
    const e = effectiveStatus(x, now);
    if (RANK[e] < RANK[worst]) worst = e;
  }
  const sum = summaries[def.id]?.(s);
  const want = FRAME_ROWS + (sum?.rows ?? 2);
  if (worst === 'error')
    return { id: def.id, configured, level: 'problem', tone: 'bad', symbol: '✖', text: 'ERROR', want };
  if (!sum)
    return {
      id: def.id,
      configured,
      level: 'ok',
      tone: 'info',
      symbol: toneSymbol.info,
      text: 'connecting',
      want,
    };
  const level: PaneLevel = worst === 'stale' && sum.level === 'ok' ? 'warn' : sum.level;
  const tone = LEVEL_TONE[level];
  const text = worst === 'stale' ? `STALE · ${sum.text}` : sum.text;
  return { id: def.id, configured, level, tone, symbol: toneSymbol[tone], text, want };
}

/** `1 Pods ✖ 3 failing`: the pane's status board entry. */
export function boardEntry(def: PaneDef, index: number, st: PaneState): string {
  const num = index < 9 ? String(index + 1) : index === 9 ? '0' : ' ';
  return `${num} ${SHORT_TITLE[def.id] ?? def.title} ${st.symbol} ${st.text}`;
}

/** The layout's view of a pane. */
export function layoutPane(def: PaneDef, index: number, st: PaneState, weight?: number): LayoutPane {
  return {
    id: def.id,
    configured: st.configured,
    level: st.level,
    want: st.want,
    label: boardEntry(def, index, st).length,
    ...(def.wide ? { wide: true } : {}),
    ...(weight !== undefined ? { weight } : {}),
  };
}
