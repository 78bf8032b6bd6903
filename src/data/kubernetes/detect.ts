// Cheap checks done at start-up for every run (no Kubernetes client loaded here).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Whether a kubeconfig or an in-cluster service account can be found without a config section. */
export function kubeconfigAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.KUBECONFIG) return true;
  if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) return true;
  return existsSync(join(env.HOME || homedir(), '.kube', 'config'));
}
