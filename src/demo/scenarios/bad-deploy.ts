// A bad deploy: backend 1.9.0 crash-loops on start (a config refactor reads a key that no
// longer exists), the ingress sends some traffic to the flapping pods and 5xx spike. Only pods
// running the bad image crash, so `kubectl rollout undo` (or setting the image back) heals it.
import { NAMESPACE } from '../environment.js';
import { imageOf, json, type Scenario } from '../scenario.js';

export const BAD_IMAGE = 'ghcr.io/web3-marketplace/backend:1.9.0';

export function crashLines(now: Date): string[] {
  const ts = now.toISOString();
  return [
    json({
      level: 'error',
      ts,
      msg: 'uncaught exception, exiting',
      error: "TypeError: Cannot read properties of undefined (reading 'priceFeeds')",
      version: '1.9.0',
    }),
    "TypeError: Cannot read properties of undefined (reading 'priceFeeds')",
    '    at loadConfig (/app/dist/config/index.js:42:31)',
    '    at bootstrap (/app/dist/server.js:17:18)',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  ];
}

export const scenario: Scenario = {
  name: 'bad-deploy',
  title: 'Bad deploy: backend 1.9.0 crash-loops, API errors spike',
  summary: 'backend 1.9.0 is rolling out; its pods crash-loop (CrashLoopBackOff) and the API answers 5xx',
  mitigation: 'roll back the backend deployment to the previous revision (kubectl rollout undo)',
  start(env) {
    const offFault = env.addFault((pod) => (imageOf(pod) === BAD_IMAGE ? 'CrashLoopBackOff' : null));
    const offLogs = env.addLogs((pod, _c, now) => (imageOf(pod) === BAD_IMAGE ? crashLines(now) : []));
    const offCheck = env.api.addCheck('api', () => {
      const bad = env.podsOf('backend').filter((p) => imageOf(p) === BAD_IMAGE).length;
      return bad
        ? `5xx from ${bad} backend pod${bad === 1 ? '' : 's'} on 1.9.0 (CrashLoopBackOff)`
        : undefined;
    });
    env.after(2000, () => {
      if (imageOf(env.deployment('backend')) !== BAD_IMAGE)
        env.kube.cluster.updateDeploymentImage(
          NAMESPACE,
          'backend',
          BAD_IMAGE,
          'deploy backend 1.9.0 (price feed config refactor)',
        );
    });
    return () => {
      offFault();
      offLogs();
      offCheck();
    };
  },
};
