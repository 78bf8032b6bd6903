// The severities with their meanings and response times (declare and the menu's severity step),
// and what the picker's keys (severity.* in their scopes) make of the selected one.
import { Box, Text } from 'ink';
import { SEVERITIES, SEVERITY_IDS, sevLabel, type Naming, type Severity } from '../../incident/model.js';
import type { Command } from '../keymap.js';

/** The severity after a picker key: one up or down, or by number (1-4; 0-3 with P naming). */
export function pickSeverity(cmd: Command | undefined, key: string, current: Severity, naming: Naming) {
  const i = SEVERITY_IDS.indexOf(current);
  if (cmd === 'severity.up') return SEVERITY_IDS[Math.max(0, i - 1)]!;
  if (cmd === 'severity.down') return SEVERITY_IDS[Math.min(3, i + 1)]!;
  if (cmd !== 'severity.pick') return undefined;
  const n = Number(key) - (naming === 'P' ? 0 : 1);
  return SEVERITY_IDS[n];
}

export function SeverityTable({ selected, naming }: { selected: Severity; naming: 'SEV' | 'P' }) {
  return (
    <Box flexDirection="column">
      {SEVERITY_IDS.map((s, i) => {
        const info = SEVERITIES[s];
        const on = s === selected;
        return (
          <Text
            key={s}
            wrap="truncate"
            inverse={on}
            color={s === 'SEV1' ? 'red' : s === 'SEV2' ? 'yellow' : undefined}
          >
            {`   ${on ? '▶' : ' '} ${i + 1} ${sevLabel(s, naming).padEnd(16)} ${info.impact.padEnd(26)} respond: ${info.response[naming].padEnd(10)} e.g. ${info.examples}`}
          </Text>
        );
      })}
    </Box>
  );
}
