// The kubeconfig's credentials are secrets by value (issue 11): a static token, and the token an
// exec credential plugin hands out (as `aws eks get-token` does), are masked in every output once
// the connection has used them. Against the Kubernetes simulator, which checks the bearer token.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubeHttp, loadKube, type Target } from '../../src/data/kubernetes/client.js';
import { startKubeSim, type KubeSim } from '../../src/sim/kube/index.js';
import { errorText, redact } from '../../src/util/redact.js';
import { clearSecrets } from '../../src/util/secrets.js';

const TOKEN = 'kubeCanaryT0ken7f3a9c1e5b';
let sim: KubeSim;
let dir: string;

beforeAll(async () => {
  sim = await startKubeSim({ token: TOKEN });
  dir = mkdtempSync(join(tmpdir(), 'warroom-kube-secrets-'));
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => clearSecrets());

const target: Target = { verb: 'list', resource: 'namespaces' };

describe('kubeconfig credentials', () => {
  it('masks the static token of the current user as soon as the kubeconfig is loaded', () => {
    const kubeconfig = sim.writeKubeconfig(join(dir, 'static'), { token: TOKEN });
    loadKube({ kubeconfig });
    expect(redact(`seen ${TOKEN} in a log line`)).toBe('seen *** in a log line');
    expect(errorText(new Error(`401 for ${TOKEN}`))).toBe('401 for ***');
  });

  it('masks the token an exec plugin hands out, once a request used it', async () => {
    const plugin = join(dir, 'get-token.sh');
    writeFileSync(
      plugin,
      `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${TOKEN}"}}'\n`,
    );
    chmodSync(plugin, 0o755);
    const kubeconfig = join(dir, 'exec');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: sim, cluster: {"insecure-skip-tls-verify": true, server: "' + sim.url + '"}}]',
        'users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: "' +
          plugin +
          '", interactiveMode: Never}}}]',
        'contexts: [{name: sim, context: {cluster: sim, user: u}}]',
        'current-context: sim',
        '',
      ].join('\n'),
    );
    const http = new KubeHttp(loadKube({ kubeconfig }));
    expect(redact(TOKEN)).toBe(TOKEN); // not known before the plugin ran
    const list = await http.getJson<{ items: unknown[] }>(
      '/api/v1/namespaces',
      {},
      target,
      AbortSignal.timeout(10_000),
    );
    expect(list.items.length).toBeGreaterThan(0); // the simulator accepted the plugin's token
    expect(redact(`echoed ${TOKEN} back`)).toBe('echoed *** back');
  });
});
