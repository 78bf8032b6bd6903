// Query parameters as the API server parses them: booleans with Go's strconv.ParseBool (1, t,
// T, TRUE, true, True / 0, f, F, FALSE, false, False; anything else is a 400), so every client's
// spelling works: kubectl and client-node send `true`, the Python client `True`.
import { errors } from './status.js';

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** A boolean query parameter; absent or empty is false. */
export function queryBool(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null || v === '') return false;
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw errors.badRequest(
    `invalid value for ${name}: strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`,
  );
}
