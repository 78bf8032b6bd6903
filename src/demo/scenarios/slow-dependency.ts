// Elevated error rate from a slow dependency: the price oracle the backend calls for every
// listing answers in 3+ s; requests time out and return 500. Pods started with
// FEATURE_PRICE_ORACLE_ENABLED=false skip the oracle, so `kubectl set env ... =false` heals
// once the new pods have rolled out.
import { json, type Scenario } from '../scenario.js';

export const FLAG = 'FEATURE_PRICE_ORACLE_ENABLED';

export const scenario: Scenario = {
  name: 'slow-dependency',
  title: 'Elevated error rate: price oracle timing out',
  summary: 'the price-oracle dependency answers in 3+ s; backend requests time out and return 500',
  mitigation: `turn the feature flag off: kubectl set env deployment/backend ${FLAG}=false`,
  start(env) {
    let slow = false;
    const affected = (pod: any) =>
      slow && pod?.metadata?.labels?.app === 'backend' && env.envOf(pod, FLAG) !== 'false';
    const offLogs = env.addLogs((pod, _c, now) => {
      if (!affected(pod)) return [];
      const ts = now.toISOString();
      const n = 1 + Math.floor(Math.random() * 3);
      return Array.from({ length: n }, () =>
        json({
          level: 'error',
          ts,
          msg: 'upstream price-oracle timed out after 3000ms',
          method: 'GET',
          path: '/api/listings',
          status: 500,
          duration_ms: 3000 + Math.floor(Math.random() * 200),
          pod: pod.metadata.name,
        }),
      );
    });
    const offCheck = env.api.addCheck('api', () => {
      const n = env.podsOf('backend').filter(affected).length;
      return n
        ? `price-oracle: upstream timed out after 3000ms on ${n} backend pod${n === 1 ? '' : 's'} (500s)`
        : undefined;
    });
    env.after(2000, () => {
      slow = true;
    });
    return () => {
      slow = false;
      offLogs();
      offCheck();
    };
  },
};
