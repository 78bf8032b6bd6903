// The severities with their meanings and response times (declare and the menu's severity step).
import { Box, Text } from 'ink';
import { SEVERITIES, SEVERITY_IDS, sevLabel, type Severity } from '../../incident/model.js';

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
