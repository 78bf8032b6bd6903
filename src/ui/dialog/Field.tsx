// One labelled text field of a dialog: the active one highlighted with a cursor and its hint;
// long values wrap.
import { Text } from 'ink';
import { sanitize } from '../../util/sanitize.js';
import { textRows } from './rows.js';

interface FieldProps {
  label: string;
  value: string;
  active: boolean;
  hint?: string;
}

/** Rows the field takes in a dialog frame of `width` columns (it wraps as one text). */
export function fieldRows({ label, value, active, hint }: FieldProps, width: number): number {
  const text = `${active ? '▶' : ' '} ${label.padEnd(20)} ${sanitize(value, 500) || ' '}${active ? '▏' : ''}${hint && active ? `  ${hint}` : ''}`;
  return textRows([text], width);
}

export function Field({ label, value, active, hint }: FieldProps) {
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
