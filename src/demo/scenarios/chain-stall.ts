// The chain RPC stalls: the primary endpoint stops producing blocks, payment confirmations
// time out. Pods whose ETH_RPC_URL is the fallback endpoint see blocks again, so switching
// the deployment to the fallback heals it; otherwise the primary recovers by itself after
// about 90 seconds.
import { json, type Scenario } from '../scenario.js';

export const STALL_MS = 90_000;

export const scenario: Scenario = {
  name: 'chain-stall',
  title: 'Payments failing: chain RPC stalled',
  summary: 'the primary chain RPC stops producing blocks; payment confirmations time out',
  mitigation:
    'point the backend at the fallback RPC (kubectl set env deployment/backend ETH_RPC_URL=<fallback>) or wait for the primary to recover (~90 s)',
  details: (env) => `fallback RPC ${env.chains.fallback.url}`,
  start(env) {
    const primary = env.chains.primary;
    let stalledAt: number | undefined;
    const affected = (pod: any) =>
      stalledAt !== undefined &&
      pod?.metadata?.labels?.app === 'backend' &&
      (env.envOf(pod, 'ETH_RPC_URL') ?? primary.url) === primary.url;
    const offLogs = env.addLogs((pod, _c, now) => {
      if (!affected(pod)) return [];
      const age = Math.max(1, Math.round((now.getTime() - stalledAt!) / 1000));
      return [
        json({
          level: 'error',
          ts: now.toISOString(),
          msg: `payment confirmation timeout: no new block for ${age}s`,
          order: Math.floor(Math.random() * 1e6),
          rpc: new URL(primary.url).host,
        }),
      ];
    });
    const offCheck = env.api.addCheck('api', () => {
      const n = env.podsOf('backend').filter(affected).length;
      return n
        ? `payments: confirmations timing out on ${n} backend pod${n === 1 ? '' : 's'} (chain RPC stalled)`
        : undefined;
    });
    const cancels: (() => void)[] = [];
    cancels.push(
      env.after(2000, () => {
        void primary.stall().catch(() => undefined);
        stalledAt = Date.now();
        cancels.push(
          env.after(STALL_MS, () => {
            primary.resume();
            stalledAt = undefined;
          }),
        );
      }),
    );
    return () => {
      for (const c of cancels) c();
      if (stalledAt !== undefined) primary.resume();
      stalledAt = undefined;
      offLogs();
      offCheck();
    };
  },
};
