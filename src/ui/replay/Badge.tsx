// The header's REPLAY badge: the recorded time shown, where it is in the recording, play/pause
// and speed: ` REPLAY 03:12:05 ▶ 4× +12m05s/45m00s ` (without the offsets below 100 columns).
import { Text } from 'ink';
import { REPLAY } from '../../incident/recording/player.js';
import { utcClock } from '../../util/format.js';
import { useSlice } from '../hooks.js';

/** `+12m05s` */
export function offsetText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}h${String(m).padStart(2, '0')}m${sec}s` : `${m}m${sec}s`;
}

/**
 * The most cells the badge takes at that width: ` REPLAY 03:12:05 ▶ 16× ` and, from 100 columns,
 * offsets of up to ten hours (`+9h59m59s/9h59m59s `).
 */
export const replayBadgeCells = (width: number) => 24 + (width >= 100 ? 20 : 0);

export function ReplayBadge({ width }: { width: number }) {
  const r = useSlice(REPLAY);
  if (!r) return null;
  const state = r.playing ? `▶ ${r.speed}×` : `⏸ ${r.speed}×`;
  return (
    <Text bold color="black" backgroundColor="magenta">
      {` REPLAY ${utcClock(r.t)} ${state} ${width >= 100 ? `+${offsetText(r.t - r.start)}/${offsetText(r.end - r.start)} ` : ''}`}
    </Text>
  );
}
