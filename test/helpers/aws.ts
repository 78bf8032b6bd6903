// The AWS side of the simulator tests: the AWS CLI to run (the real one, if installed) with an
// environment that reaches only the simulator (fixed keys, no config or credentials file, no
// instance metadata, no pager), and the simulator's keys for SDK clients and the environment.
import { execFileSync } from 'node:child_process';

export const SIM_CREDENTIALS = { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' };

/** An SDK client's options for a simulator at `endpoint`: its keys, one attempt. */
export function simClientOptions(endpoint: string, region: string) {
  return { endpoint, region, credentials: SIM_CREDENTIALS, maxAttempts: 1 };
}

/** Keys and region in the environment, for clients that read them there (the CloudFront tests). */
export const SIM_AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIASIMULATOR',
  AWS_SECRET_ACCESS_KEY: 'sim-secret',
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
};

/** The first of `bins` whose `--version` answers and matches `version`; undefined: none. */
export function findAwsCli(bins: string[], version = /^aws-cli\//): string | undefined {
  for (const bin of bins) {
    try {
      if (version.test(execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: 'pipe' }))) return bin;
    } catch {
      // the next one
    }
  }
  return undefined;
}

/** The CLI's environment for `region`, with `extra` added. */
export function awsCliEnv(region: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    AWS_ACCESS_KEY_ID: SIM_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SIM_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: '/nonexistent/aws-config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    ...extra,
  };
}
