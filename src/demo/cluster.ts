// The drill's cluster: the marketplace services in web3-marketplace (behind the ingress-nginx
// controller: api.linkdao.io → backend, linkdao.io → frontend) as if they had been running for a while, with the env a responder reads to fix the drills (the feature flag,
// the database pool, the primary and fallback chain RPC), and the scenarios' rules (faults,
// usage, log lines) combined into the simulator's hooks: the first rule that answers wins.
import type { ExitLogRule, FaultRule, KubeSim, UsageRule } from '../sim/kube/index.js';
import { marketplace } from '../sim/kube/generate.js';
import { ingressNginx, marketplaceIngress } from '../sim/kube/ingress-nginx.js';
import type { PodLogs } from './logs.js';

export const NAMESPACE = 'web3-marketplace';
export const GOOD_BACKEND = 'ghcr.io/web3-marketplace/backend:1.8.2';

export interface ClusterEndpoints {
  primaryRpc: string;
  fallbackRpc: string;
  redis?: { url: string; prefix: string };
  pgUrl?: string;
}

/** The backend's and the worker's env: what the services are configured with. */
export function serviceEnv(e: ClusterEndpoints): {
  backend: Record<string, string>;
  worker: Record<string, string>;
} {
  const stores: Record<string, string> = {};
  if (e.pgUrl) stores.DATABASE_HOST = '127.0.0.1';
  if (e.redis) {
    // Host and port only: a configured REDIS_URL may carry a password.
    const r = new URL(e.redis.url);
    stores.REDIS_HOST = r.hostname;
    stores.REDIS_PORT = r.port || '6379';
    stores.REDIS_KEY_PREFIX = e.redis.prefix;
  }
  return {
    backend: {
      NODE_ENV: 'production',
      DB_POOL_SIZE: '20',
      ETH_RPC_URL: e.primaryRpc,
      ETH_RPC_FALLBACK_URL: e.fallbackRpc,
      FEATURE_PRICE_ORACLE_ENABLED: 'true',
      PRICE_ORACLE_TIMEOUT_MS: '3000',
      ...stores,
    },
    worker: { NODE_ENV: 'production', ...stores },
  };
}

export function populate(kube: KubeSim, e: ClusterEndpoints): void {
  const c = kube.cluster;
  // Created as if they had been running for a while: pods straight to Running, no start-up noise.
  c.instant = true;
  try {
    const env = serviceEnv(e);
    marketplace(c, NAMESPACE, { image: GOOD_BACKEND, env: env.backend }, { env: env.worker });
    // The ingress controller in its namespace, the Services and the Ingresses in front of them.
    ingressNginx(c);
    marketplaceIngress(c, NAMESPACE);
    c.reconcile();
    c.reconcile();
  } finally {
    c.instant = false;
  }
}

export interface ScenarioRules {
  addLogs(gen: PodLogs): () => void;
  addFault(rule: FaultRule): () => void;
  addUsage(rule: UsageRule): () => void;
  /** A dying container's last lines; none by default (a scenario's own lines say why). */
  addExitLogs(rule: ExitLogRule): () => void;
  /** Every scenario's lines for a running container. */
  lines: PodLogs;
}

function list<T>(items: T[]) {
  return (x: T) => {
    items.push(x);
    return () => {
      const i = items.indexOf(x);
      if (i >= 0) items.splice(i, 1);
    };
  };
}

/** Installs the rules' hooks on the simulated cluster. */
export function scenarioRules(kube: KubeSim): ScenarioRules {
  const gens: PodLogs[] = [];
  const faults: FaultRule[] = [];
  const usages: UsageRule[] = [];
  const exits: ExitLogRule[] = [];
  // A scenario's rule must not break the simulator.
  const each = <A extends unknown[], R>(fns: ((...a: A) => R)[], ...a: A): R[] =>
    fns.flatMap((f) => {
      try {
        return [f(...a)];
      } catch {
        return [];
      }
    });
  kube.cluster.setFaultRule((pod, dep) => each(faults, pod, dep).find((v) => v) ?? null);
  kube.cluster.setUsage((pod) => each(usages, pod).find((v) => v) ?? null);
  kube.cluster.setExitLog((pod, container, reason, now) => each(exits, pod, container, reason, now).flat());
  return {
    addLogs: list(gens),
    addFault: list(faults),
    addUsage: list(usages),
    addExitLogs: list(exits),
    lines: (pod, container, now) => each(gens, pod, container, now).flat(),
  };
}
