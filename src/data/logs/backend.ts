// The logs backend: one pipeline (src/data/logs/pipeline/) fed by two sources — every
// container of the configured deployments/selectors (`logs.k8s`, followed like stern) and the
// configured CloudWatch log groups (`logs.cloudwatch`, followed like `aws logs tail --follow`).
// Each source is started only when its part of the config is present.
import type { Backend } from '../backend.js';
import { LogsHub } from './hub.js';
import { compilePatterns } from './pipeline/level.js';
import { LOGS_CLOUDWATCH, LOGS_K8S } from './types.js';
import { setLogsControl } from './control.js';

const K8S_HINT = 'kubernetes.deployments or kubernetes.selectors in warroom.yaml';
const CW_HINT = 'cloudwatch.logGroups in warroom.yaml';

function k8sConfigured(c: Parameters<Backend['configured']>[0]): boolean {
  return !!(c.kubernetes?.deployments?.length || c.kubernetes?.selectors?.length);
}
function cwConfigured(c: Parameters<Backend['configured']>[0]): boolean {
  return !!c.cloudwatch?.logGroups.length;
}

export const backend: Backend = {
  id: 'logs',
  sources: [LOGS_K8S, LOGS_CLOUDWATCH],
  hint: 'kubernetes.deployments or cloudwatch.logGroups in warroom.yaml',
  configured: (c) => k8sConfigured(c) || cwConfigured(c),
  async start({ config, hub }) {
    const logs = new LogsHub({
      bufferLines: config.logs?.bufferLines,
      maxFingerprints: config.logs?.maxFingerprints,
      errorPatterns: compilePatterns(config.logs?.errorPatterns),
      // Off the UI thread (issue 15); WARROOM_LOGS_INGEST=inline keeps it on it (benchmarks).
      worker: process.env.WARROOM_LOGS_INGEST === 'inline' ? undefined : {},
    });
    if (cwConfigured(config)) {
      const { cloudwatchSource } = await import('./cloudwatch.js');
      hub.add(cloudwatchSource(config.cloudwatch!, logs), 20_000);
    } else hub.unconfigured(LOGS_CLOUDWATCH, CW_HINT);
    if (k8sConfigured(config)) {
      const { k8sLogsSource } = await import('./k8s.js');
      const src = k8sLogsSource(config.kubernetes!, logs);
      setLogsControl({ previous: (pod) => src.previous(pod) });
      hub.add(src, 20_000);
    } else hub.unconfigured(LOGS_K8S, K8S_HINT);
  },
};
