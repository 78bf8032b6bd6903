// The one way untrusted text reaches the screen: ink's <Text> with its string passed through
// sanitize() (escape sequences, controls, bidi and zero-width characters made visible, secrets
// masked, giant strings cut). Table, Lines and the panes' segment rows draw through it.
import { Text, type TextProps } from 'ink';
import { sanitize } from '../util/sanitize.js';

export function SafeText({ children, max, ...props }: TextProps & { children: string; max?: number }) {
  return (
    <Text wrap="truncate" {...props}>
      {sanitize(children, max)}
    </Text>
  );
}
