// The console configuration the action tests run against: the Kubernetes simulator (with a
// maintenance manifest and a ConfigMap), a test database, a private Redis and the CloudFront
// simulator. Shared by the actions end-to-end test and the keystroke fuzz test.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ACTIONS_NS = 'web3-marketplace';
export const ACTIONS_DIST = 'E2SIMDIST0001';

export function writeActionsConfig(
  dir: string,
  o: { kubeconfig: string; pgUrl: string; redisUrl: string; cdnEndpoint: string },
): string {
  const manifest = join(dir, 'maintenance.yaml');
  writeFileSync(
    manifest,
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: maintenance-page\n  namespace: ${ACTIONS_NS}\ndata:\n  enabled: "true"\n`,
  );
  const cfg = join(dir, 'warroom.yaml');
  writeFileSync(
    cfg,
    [
      'kubernetes:',
      `  kubeconfig: ${o.kubeconfig}`,
      `  namespaces: [${ACTIONS_NS}]`,
      `  maintenanceManifest: ${manifest}`,
      `  configMap: ${ACTIONS_NS}/app-config`,
      'postgres:',
      `  url: ${o.pgUrl}`,
      '  longQuerySeconds: 1',
      '  idleInTransactionSeconds: 1',
      'redis:',
      `  url: ${o.redisUrl}/0`,
      '  keyPrefix: "cache:"',
      'actions:',
      '  scale: { min: 0, max: 10 }',
      '  cdn:',
      `    distributionId: ${ACTIONS_DIST}`,
      `    endpoint: ${o.cdnEndpoint}`,
      '    region: us-east-1',
      '',
    ].join('\n'),
  );
  return cfg;
}
