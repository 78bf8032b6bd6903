// One labelled text field of a dialog: the active one highlighted with a cursor and its hint;
// long values wrap.
import { Text } from 'ink';
import { sanitize } from '../../util/sanitize.js';

export function Field({
  label,
  value,
  active,
  hint,
}: {
  label: string;
  value: string;
  active: boolean;
  hint?: string;
}) {
  return (
    <Text wrap="wrap">
      <Text
        color={active ? 'cyan' : undefined}
        bold={active}
      >{`${active ? '▶' : ' '} ${label.padEnd(20)} `}</Text>
      <Text inverse={active}>{sanitize(value, 500) || ' '}</Text>
      {active ? <Text color="cyan">▏</Text> : null}
      {hint && active ? <Text dimColor>{`  ${hint}`}</Text> : null}
    </Text>
  );
}
