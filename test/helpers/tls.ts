// A self-signed certificate for 127.0.0.1, written into a test's own directory with the openssl
// CLI (the servers under test read files: redis-server's --tls-cert-file, NODE_EXTRA_CA_CERTS).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface CertFiles {
  cert: string;
  key: string;
}

export function selfSignedCertFiles(dir: string): CertFiles {
  const files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      files.key,
      '-out',
      files.cert,
    ],
    { stdio: 'ignore' },
  );
  return files;
}
