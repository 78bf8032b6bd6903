// A CloudFront simulator speaking the real REST-XML protocol (API 2020-05-31) for the calls
// the action palette makes: CreateInvalidation, GetInvalidation, ListInvalidations and
// GetDistribution (its Status settable: Deployed / InProgress). Tested with
// @aws-sdk/client-cloudfront and `aws cloudfront … --endpoint-url` (test/actions/cloudfront.test.ts,
// test/sim/cloudfront-status.test.ts).
// It records every mutating request (for the fuzz test), can deny requests (403), and
// completes an invalidation after it has been read `completeAfterReads` times.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';

const NS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';

export interface SimInvalidation {
  id: string;
  distributionId: string;
  paths: string[];
  callerReference: string;
  createTime: string;
  status: 'InProgress' | 'Completed';
  reads: number;
}

export interface CloudFrontSimOptions {
  distributions?: string[];
  completeAfterReads?: number;
}

export interface CloudFrontSim {
  endpoint: string;
  port: number;
  invalidations: SimInvalidation[];
  /** Every mutating request received (method, path), including denied ones. */
  mutations(): { method: string; path: string; at: string }[];
  /** Answer 403 AccessDenied to every request while on. */
  deny(on?: boolean): void;
  addDistribution(id: string): void;
  /** A distribution's Status: `InProgress` while a configuration change deploys. */
  setDistributionStatus(id: string, status: 'Deployed' | 'InProgress'): void;
  close(): Promise<void>;
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
function xmlUnescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? xmlUnescape(m[1]!) : undefined;
}

function invalidationXml(inv: SimInvalidation, root = 'Invalidation'): string {
  const items = inv.paths.map((p) => `<Path>${xmlEscape(p)}</Path>`).join('');
  return (
    `<${root}${root === 'Invalidation' ? ` xmlns="${NS}"` : ''}><Id>${inv.id}</Id><Status>${inv.status}</Status>` +
    `<CreateTime>${inv.createTime}</CreateTime><InvalidationBatch><Paths><Quantity>${inv.paths.length}</Quantity>` +
    `<Items>${items}</Items></Paths><CallerReference>${xmlEscape(inv.callerReference)}</CallerReference>` +
    `</InvalidationBatch></${root}>`
  );
}

function errorXml(code: string, message: string, type = 'Sender'): string {
  return (
    `<?xml version="1.0"?><ErrorResponse xmlns="${NS}"><Error><Type>${type}</Type><Code>${code}</Code>` +
    `<Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

export async function startCloudFrontSim(opts: CloudFrontSimOptions = {}): Promise<CloudFrontSim> {
  const distributions = new Set(opts.distributions ?? ['E2SIMDIST0001']);
  const statuses = new Map<string, string>();
  const invalidations: SimInvalidation[] = [];
  const mutations: { method: string; path: string; at: string }[] = [];
  let denied = false;
  let lastModified = new Date(Date.now() - 86_400_000);
  const completeAfter = opts.completeAfterReads ?? 1;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://sim');
      const send = (status: number, xml: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, {
          'content-type': 'text/xml',
          'x-amz-request-id': randomUUID(),
          ...headers,
        });
        res.end(xml.startsWith('<?xml') ? xml : `<?xml version="1.0"?>${xml}`);
      };
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        mutations.push({ method: req.method ?? '?', path: url.pathname, at: new Date().toISOString() });
      }
      if (denied) {
        send(
          403,
          errorXml('AccessDenied', 'User is not authorized to perform: cloudfront:CreateInvalidation'),
        );
        return;
      }
      const m = /^\/2020-05-31\/distribution\/([^/]+)(?:\/(invalidation)(?:\/([^/]+))?)?\/?$/.exec(
        url.pathname,
      );
      if (!m) {
        send(404, errorXml('InvalidURI', `no such resource ${url.pathname}`));
        return;
      }
      const distId = decodeURIComponent(m[1]!);
      if (!distributions.has(distId)) {
        send(404, errorXml('NoSuchDistribution', 'The specified distribution does not exist.'));
        return;
      }
      if (!m[2]) {
        if (req.method !== 'GET') return send(405, errorXml('MethodNotAllowed', 'method not allowed'));
        const etag = `E${randomBytes(6).toString('hex').toUpperCase()}`;
        return send(
          200,
          `<Distribution xmlns="${NS}"><Id>${distId}</Id><ARN>arn:aws:cloudfront::123456789012:distribution/${distId}</ARN>` +
            `<Status>${statuses.get(distId) ?? 'Deployed'}</Status><LastModifiedTime>${lastModified.toISOString()}</LastModifiedTime>` +
            `<InProgressInvalidationBatches>${invalidations.filter((i) => i.distributionId === distId && i.status === 'InProgress').length}</InProgressInvalidationBatches>` +
            `<DomainName>${distId.toLowerCase()}.cloudfront.net</DomainName></Distribution>`,
          { etag },
        );
      }
      if (m[3]) {
        if (req.method !== 'GET') return send(405, errorXml('MethodNotAllowed', 'method not allowed'));
        const inv = invalidations.find((i) => i.id === m[3] && i.distributionId === distId);
        if (!inv)
          return send(404, errorXml('NoSuchInvalidation', 'The specified invalidation does not exist.'));
        inv.reads++;
        if (inv.reads >= completeAfter) inv.status = 'Completed';
        return send(200, invalidationXml(inv));
      }
      if (req.method === 'GET') {
        // Newest first, as CloudFront lists them; MaxItems honoured (no Marker paging here).
        const maxItems = Math.max(1, Math.min(100, Number(url.searchParams.get('MaxItems') ?? 100) || 100));
        const all = invalidations.filter((i) => i.distributionId === distId).reverse();
        const mine = all.slice(0, maxItems);
        const items = mine
          .map(
            (i) =>
              `<InvalidationSummary><Id>${i.id}</Id><CreateTime>${i.createTime}</CreateTime><Status>${i.status}</Status></InvalidationSummary>`,
          )
          .join('');
        return send(
          200,
          `<InvalidationList xmlns="${NS}"><Marker></Marker><MaxItems>${maxItems}</MaxItems><IsTruncated>${all.length > mine.length}</IsTruncated>` +
            `<Quantity>${mine.length}</Quantity>${mine.length ? `<Items>${items}</Items>` : ''}</InvalidationList>`,
        );
      }
      if (req.method !== 'POST') return send(405, errorXml('MethodNotAllowed', 'method not allowed'));
      const paths = [...body.matchAll(/<Path>([\s\S]*?)<\/Path>/g)].map((x) => xmlUnescape(x[1]!));
      const qty = Number(tag(body, 'Quantity') ?? NaN);
      const callerReference = tag(body, 'CallerReference') ?? '';
      if (!callerReference || !paths.length || qty !== paths.length) {
        return send(
          400,
          errorXml('InvalidArgument', 'Paths/Quantity and CallerReference are required and must agree.'),
        );
      }
      if (paths.some((p) => !p.startsWith('/'))) {
        return send(400, errorXml('InvalidArgument', 'Every path must begin with a slash (/).'));
      }
      const same = invalidations.find(
        (i) => i.distributionId === distId && i.callerReference === callerReference,
      );
      if (same) {
        if (same.paths.join('\n') !== paths.join('\n'))
          return send(
            409,
            errorXml('InvalidationBatchAlreadyExists', 'CallerReference already used with other paths.'),
          );
        return send(201, invalidationXml(same), {
          location: `http://127.0.0.1:${port}/2020-05-31/distribution/${distId}/invalidation/${same.id}`,
        });
      }
      const inv: SimInvalidation = {
        id: `I${randomBytes(7).toString('hex').toUpperCase()}`,
        distributionId: distId,
        paths,
        callerReference,
        createTime: new Date().toISOString(),
        status: 'InProgress',
        reads: 0,
      };
      invalidations.push(inv);
      send(201, invalidationXml(inv), {
        location: `http://127.0.0.1:${port}/2020-05-31/distribution/${distId}/invalidation/${inv.id}`,
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    invalidations,
    mutations: () => [...mutations],
    deny(on = true) {
      denied = on;
    },
    addDistribution(id) {
      distributions.add(id);
    },
    setDistributionStatus(id, status) {
      statuses.set(id, status);
      lastModified = new Date();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
