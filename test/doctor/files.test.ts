import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTmpDirs } from '../helpers/tmp.js';
import { configSchema } from '../../src/config/schema.js';
import { runDoctor } from '../../src/doctor/index.js';
import { Journal } from '../../src/incident/journal.js';
import { privateDir, writePrivateFile } from '../../src/util/private-files.js';

const tmp = useTmpDirs('files');
const mode = (p: string) => statSync(p).mode & 0o777;

describe('private files', () => {
  it('creates directories 0700 and files 0600 whatever the umask, narrowing an existing file', () => {
    const old = process.umask(0o000);
    try {
      const base = tmp();
      privateDir(join(base, 'a', 'b'));
      expect(mode(join(base, 'a'))).toBe(0o700);
      expect(mode(join(base, 'a', 'b'))).toBe(0o700);
      const f = join(base, 'export.md');
      writeFileSync(f, 'old', { mode: 0o644 });
      writePrivateFile(f, 'new');
      expect(mode(f)).toBe(0o600);
      const state = join(base, 'state');
      const j = Journal.create(state, 'me', {
        title: 't',
        severity: 'SEV2',
        impact: '',
        startedAt: new Date().toISOString(),
      });
      expect(mode(join(state, 'incidents'))).toBe(0o700);
      expect(mode(j.path)).toBe(0o600);
      j.close();
    } finally {
      process.umask(old);
    }
  });
  it('doctor warns when an existing state directory is readable by others', async () => {
    const state = tmp();
    chmodSync(state, 0o755);
    const config = configSchema.parse({ incident: { stateDir: state } });
    const warn = (await runDoctor(config)).find((r) => r.backend === 'files')!;
    expect(warn.level).toBe('warn');
    expect(warn.detail).toContain('readable by others');
    expect(warn.fix).toBe(`chmod -R go-rwx ${state}`);
    chmodSync(state, 0o700);
    const ok = (await runDoctor(config)).find((r) => r.backend === 'files')!;
    expect(ok.level).toBe('ok');
  });
});
