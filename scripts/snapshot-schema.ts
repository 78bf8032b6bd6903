// Writes docs/snapshot.schema.json from the zod schema of `warroom snapshot --json`.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { snapshotSchema } from '../src/commands/snapshot-schema.ts';

writeFileSync('docs/snapshot.schema.json', JSON.stringify(z.toJSONSchema(snapshotSchema), null, 2) + '\n');
