// One connection per Kubernetes context: the kubeconfig loaded once, one raw HTTP client (its
// credential gate runs exec plugins one at a time) and the typed API clients (loaded on first
// use), shared by the sources, the logs follower, the operations and doctor. A connection is
// keyed by the kubeconfig file (and its modification time, so an edited or rewritten kubeconfig
// is read again) and the context asked for.
import { statSync } from 'node:fs';
import { delimiter } from 'node:path';
import type {
  AppsV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  VersionApi,
} from '@kubernetes/client-node';
import { KubeHttp, loadKube, type KubeTarget } from './client.js';

export interface KubeConnectionOptions {
  kubeconfig?: string;
  context?: string;
}

export interface TypedApis {
  apps: AppsV1Api;
  core: CoreV1Api;
  authz: AuthorizationV1Api;
  version: VersionApi;
  /** Any kind by apiVersion/kind (manifests). */
  objects: KubernetesObjectApi;
}

export class KubeConnection {
  readonly http: KubeHttp;
  private apis?: Promise<TypedApis>;
  constructor(readonly target: KubeTarget) {
    this.http = new KubeHttp(target);
  }

  get context(): string {
    return this.target.context;
  }

  /**
   * The typed clients, made on first use. They load the package index (the generated models
   * and API classes, ~15 MB of bundle) only then: the sources and logs use `http` alone.
   */
  typed(): Promise<TypedApis> {
    const kc = this.target.kc;
    this.apis ??= import('@kubernetes/client-node').then((k) => ({
      apps: kc.makeApiClient(k.AppsV1Api),
      core: kc.makeApiClient(k.CoreV1Api),
      authz: kc.makeApiClient(k.AuthorizationV1Api),
      version: kc.makeApiClient(k.VersionApi),
      objects: k.KubernetesObjectApi.makeApiClient(kc),
    }));
    // A failed load (not expected: it is in the bundle) is tried again on the next use.
    this.apis.catch(() => (this.apis = undefined));
    return this.apis;
  }
}

const connections = new Map<string, KubeConnection>();

function keyOf(o: KubeConnectionOptions): string {
  const file = o.kubeconfig ?? process.env.KUBECONFIG ?? '';
  let stamp = '';
  try {
    const st = statSync(file.split(delimiter)[0] || '.kube-none');
    stamp = `${st.mtimeMs}:${st.size}`;
  } catch {
    // no such file (in-cluster, or the default path): loadKube says what is missing
  }
  return `${file}|${stamp}|${o.context ?? ''}`;
}

/** The shared connection for a kubeconfig and context (loaded on first use; throws in words). */
export function kubeConnection(o: KubeConnectionOptions): KubeConnection {
  const key = keyOf(o);
  let c = connections.get(key);
  if (!c) {
    c = new KubeConnection(loadKube(o));
    connections.set(key, c);
  }
  return c;
}
