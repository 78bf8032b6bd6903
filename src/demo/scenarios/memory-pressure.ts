// Memory pressure: the order worker's working set grows past its 512Mi limit under the
// evening's order volume and its pods are OOMKilled (exit 137) again and again. Healing comes
// from the real spec: 4 or more replicas (the load spreads) or a memory limit of 1Gi or more.
import { bytes, json, type Scenario } from '../scenario.js';

export const MIN_REPLICAS = 4;
export const MIN_LIMIT = 1024 ** 3;

function podLimit(pod: any): number {
  return bytes(pod?.spec?.containers?.[0]?.resources?.limits?.memory) ?? 0;
}

export const scenario: Scenario = {
  name: 'memory-pressure',
  title: 'Memory pressure: worker pods OOMKilled',
  summary: 'the order worker runs out of memory: pods OOMKilled (exit 137), orders queue up',
  mitigation: `scale the worker out to ${MIN_REPLICAS}+ replicas, or raise its memory limit to 1Gi`,
  start(env) {
    let on = false;
    const pressured = (pod: any, dep: any): boolean =>
      on &&
      pod?.metadata?.labels?.app === 'worker' &&
      (dep?.spec?.replicas ?? 0) < MIN_REPLICAS &&
      podLimit(pod) < MIN_LIMIT;
    const offFault = env.addFault((pod, dep) => (pressured(pod, dep) ? 'OOMKilled' : null));
    const offUsage = env.addUsage((pod) => {
      if (pod?.metadata?.labels?.app !== 'worker') return null;
      const limit = podLimit(pod) || 512 * 1024 ** 2;
      const dep = env.deployment('worker');
      const hot = pressured(pod, dep);
      return { cpuMillis: hot ? 940 : 180, memoryBytes: Math.round(limit * (hot ? 0.99 : 0.45)) };
    });
    const offLogs = env.addLogs((pod, container, now) => {
      const ts = now.toISOString();
      if (container === 'worker' && pressured(pod, env.deployment('worker')))
        return [
          `${ts} WARN  [worker] heap used 498Mi of 512Mi limit, GC taking 1840ms`,
          'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
        ];
      if (
        container === 'backend' &&
        on &&
        env.podsOf('worker').some((p) => pressured(p, env.deployment('worker')))
      )
        return [
          json({
            level: 'error',
            ts,
            msg: 'order queue backlog growing: no active consumers',
            queue: 'orders',
            consumers: 0,
          }),
        ];
      return [];
    });
    const offCheck = env.api.addCheck('api', () => {
      const dep = env.deployment('worker');
      const hot = env.podsOf('worker').filter((p) => pressured(p, dep)).length;
      return hot
        ? `orders: worker OOMKilled (${hot} pod${hot === 1 ? '' : 's'}), queue backlog growing`
        : undefined;
    });
    env.after(2000, () => {
      on = true;
    });
    return () => {
      on = false;
      offFault();
      offUsage();
      offLogs();
      offCheck();
    };
  },
};
