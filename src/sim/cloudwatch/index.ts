// A CloudWatch Logs simulator: a real HTTP server speaking the AWS JSON 1.1 protocol
// (`X-Amz-Target: Logs_20140328.<Operation>`, `application/x-amz-json-1.1`) so that the real
// `aws` CLI and @aws-sdk/client-cloudwatch-logs talk to it with `--endpoint-url` / `endpoint`.
// Operations: CreateLogGroup, CreateLogStream, PutLogEvents, DescribeLogGroups,
// DescribeLogStreams, FilterLogEvents (interleaved, paginated, startTime/endTime inclusive,
// filter patterns, stream names/prefix), GetLogEvents. Errors have AWS's shapes (HTTP 400,
// `__type` and `message`): ResourceNotFoundException, ResourceAlreadyExistsException,
// InvalidParameterException, ThrottlingException, ExpiredTokenException,
// UnrecognizedClientException. Faults are switched on programmatically (throttle the next N
// calls, expire credentials, enforce AWS's ~5 FilterLogEvents/s per account).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { compileFilter } from './filter.js';
import { AwsError } from '../aws-error.js';

export interface SimEvent {
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
  eventId: string;
}

interface Stream {
  name: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes: number;
}

interface Group {
  name: string;
  creationTime: number;
  streams: Map<string, Stream>;
  events: SimEvent[];
  sorted: boolean;
  storedBytes: number;
}

export interface SimRequest {
  at: number;
  operation: string;
  logGroupName?: string;
  status: number;
  error?: string;
  /** The access key id that signed it (from the Authorization header). */
  accessKeyId?: string;
}

export interface CloudWatchSimOptions {
  port?: number;
  host?: string;
  region?: string;
  /** Events per FilterLogEvents page (AWS: up to 10,000 or 1 MB); default 1000. */
  pageSize?: number;
  /** Enforce AWS's FilterLogEvents quota: at most N calls in any 1 s (shared by all groups). */
  filterRateLimit?: number;
}

export type CredentialFault = false | 'expired' | 'invalid';

export interface CloudWatchSim {
  endpoint: string;
  port: number;
  region: string;
  /** Appends events (creating the group and stream when missing); returns their ids. */
  putEvents(
    group: string,
    stream: string,
    messages: (string | { timestamp?: number; message: string })[],
  ): string[];
  createGroup(group: string): void;
  deleteGroup(group: string): void;
  /** The next `n` calls (any operation) answer ThrottlingException. */
  throttle(n: number): void;
  /** Every call answers ExpiredTokenException (true/'expired') or UnrecognizedClientException ('invalid'). */
  expireCredentials(on: boolean | 'expired' | 'invalid'): void;
  /** Every request seen, oldest first (bounded to the last 10,000). */
  requests: SimRequest[];
  events(group: string): SimEvent[];
  close(): Promise<void>;
}

const PREFIX = 'Logs_20140328.';
const MAX_REQUESTS = 10_000;

export async function startCloudWatchSim(o: CloudWatchSimOptions = {}): Promise<CloudWatchSim> {
  const region = o.region ?? 'us-east-1';
  const pageSize = o.pageSize ?? 1000;
  const groups = new Map<string, Group>();
  const requests: SimRequest[] = [];
  const filterTimes: number[] = [];
  let throttleNext = 0;
  let creds: CredentialFault = false;
  let eventCounter = 0;
  const account = '123456789012';

  const group = (name: unknown): Group => {
    if (typeof name !== 'string' || !name)
      throw new AwsError('InvalidParameterException', 'logGroupName is required');
    const g = groups.get(name);
    if (!g) throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
    return g;
  };
  const groupName = (b: Record<string, unknown>): unknown => {
    const id = b.logGroupIdentifier;
    if (typeof id === 'string' && id)
      return id.startsWith('arn:') ? id.split(':log-group:')[1]?.replace(/:\*$/, '') : id;
    return b.logGroupName;
  };
  const createGroup = (name: string) => {
    if (!groups.has(name))
      groups.set(name, {
        name,
        creationTime: Date.now(),
        streams: new Map(),
        events: [],
        sorted: true,
        storedBytes: 0,
      });
  };
  const createStream = (g: Group, name: string) => {
    if (!g.streams.has(name)) g.streams.set(name, { name, creationTime: Date.now(), storedBytes: 0 });
    return g.streams.get(name)!;
  };
  const append = (g: Group, streamName: string, evs: { timestamp?: number; message: string }[]): string[] => {
    const s = createStream(g, streamName);
    const now = Date.now();
    const ids: string[] = [];
    for (const e of evs) {
      const ts = Math.floor(e.timestamp ?? now);
      // AWS event ids are long decimal strings; ours: timestamp, then a counter.
      const eventId = `${String(ts).padStart(16, '0')}${String(++eventCounter).padStart(20, '0')}`;
      const prev = g.events[g.events.length - 1];
      if (prev && prev.timestamp > ts) g.sorted = false;
      g.events.push({
        logStreamName: streamName,
        timestamp: ts,
        message: e.message,
        ingestionTime: now,
        eventId,
      });
      const bytes = Buffer.byteLength(e.message) + 26;
      s.storedBytes += bytes;
      g.storedBytes += bytes;
      s.firstEventTimestamp = Math.min(s.firstEventTimestamp ?? ts, ts);
      s.lastEventTimestamp = Math.max(s.lastEventTimestamp ?? ts, ts);
      s.lastIngestionTime = now;
      ids.push(eventId);
    }
    return ids;
  };
  const sortedEvents = (g: Group) => {
    if (!g.sorted) {
      g.events.sort((a, b) => a.timestamp - b.timestamp || (a.eventId < b.eventId ? -1 : 1));
      g.sorted = true;
    }
    return g.events;
  };
  const token = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const untoken = (t: unknown): Record<string, unknown> => {
    if (typeof t !== 'string') return {};
    try {
      return JSON.parse(Buffer.from(t, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.');
    }
  };
  const arn = (name: string) => `arn:aws:logs:${region}:${account}:log-group:${name}`;

  const ops: Record<string, (b: Record<string, unknown>) => unknown> = {
    CreateLogGroup(b) {
      const name = b.logGroupName;
      if (typeof name !== 'string' || !name)
        throw new AwsError('InvalidParameterException', 'logGroupName is required');
      if (groups.has(name))
        throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
      createGroup(name);
      return {};
    },
    DeleteLogGroup(b) {
      group(b.logGroupName);
      groups.delete(b.logGroupName as string);
      return {};
    },
    CreateLogStream(b) {
      const g = group(b.logGroupName);
      const name = b.logStreamName;
      if (typeof name !== 'string' || !name)
        throw new AwsError('InvalidParameterException', 'logStreamName is required');
      if (g.streams.has(name))
        throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
      createStream(g, name);
      return {};
    },
    PutLogEvents(b) {
      const g = group(b.logGroupName);
      const sname = b.logStreamName as string;
      if (!g.streams.has(sname))
        throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
      const evs = (b.logEvents as { timestamp: number; message: string }[] | undefined) ?? [];
      if (!evs.length) throw new AwsError('InvalidParameterException', 'logEvents must not be empty');
      append(g, sname, evs);
      return { nextSequenceToken: String(eventCounter).padStart(56, '0') };
    },
    DescribeLogGroups(b) {
      const prefix = (b.logGroupNamePrefix as string | undefined) ?? '';
      const pattern = (b.logGroupNamePattern as string | undefined) ?? '';
      const limit = Math.min(50, Number(b.limit ?? 50));
      const start = Number(untoken(b.nextToken).offset ?? 0);
      const all = [...groups.values()]
        .filter((g) => g.name.startsWith(prefix) && (!pattern || g.name.includes(pattern)))
        .sort((a, b2) => (a.name < b2.name ? -1 : 1));
      const page = all.slice(start, start + limit);
      return {
        logGroups: page.map((g) => ({
          logGroupName: g.name,
          creationTime: g.creationTime,
          metricFilterCount: 0,
          arn: `${arn(g.name)}:*`,
          logGroupArn: arn(g.name),
          storedBytes: g.storedBytes,
          logGroupClass: 'STANDARD',
        })),
        ...(start + limit < all.length ? { nextToken: token({ offset: start + limit }) } : {}),
      };
    },
    DescribeLogStreams(b) {
      const g = group(groupName(b));
      const prefix = (b.logStreamNamePrefix as string | undefined) ?? '';
      const limit = Math.min(50, Number(b.limit ?? 50));
      const start = Number(untoken(b.nextToken).offset ?? 0);
      let all = [...g.streams.values()].filter((s) => s.name.startsWith(prefix));
      all =
        b.orderBy === 'LastEventTime'
          ? all.sort((a, c) => (a.lastEventTimestamp ?? 0) - (c.lastEventTimestamp ?? 0))
          : all.sort((a, c) => (a.name < c.name ? -1 : 1));
      if (b.descending) all.reverse();
      const page = all.slice(start, start + limit);
      return {
        logStreams: page.map((s) => ({
          logStreamName: s.name,
          creationTime: s.creationTime,
          firstEventTimestamp: s.firstEventTimestamp,
          lastEventTimestamp: s.lastEventTimestamp,
          lastIngestionTime: s.lastIngestionTime,
          arn: `${arn(g.name)}:log-stream:${s.name}`,
          storedBytes: s.storedBytes,
        })),
        ...(start + limit < all.length ? { nextToken: token({ offset: start + limit }) } : {}),
      };
    },
    FilterLogEvents(b) {
      if (o.filterRateLimit) {
        const now = Date.now();
        while (filterTimes.length && filterTimes[0]! <= now - 1000) filterTimes.shift();
        if (filterTimes.length >= o.filterRateLimit)
          throw new AwsError('ThrottlingException', 'Rate exceeded');
        filterTimes.push(now);
      }
      const g = group(groupName(b));
      if (b.logStreamNames && b.logStreamNamePrefix)
        throw new AwsError(
          'InvalidParameterException',
          'logStreamNames and logStreamNamePrefix are mutually exclusive',
        );
      let match;
      try {
        match = compileFilter(b.filterPattern as string | undefined);
      } catch {
        throw new AwsError('InvalidParameterException', 'Invalid filter pattern');
      }
      const names = b.logStreamNames as string[] | undefined;
      const prefix = b.logStreamNamePrefix as string | undefined;
      const startTime = b.startTime === undefined ? -Infinity : Number(b.startTime);
      const endTime = b.endTime === undefined ? Infinity : Number(b.endTime);
      const limit = Math.max(1, Math.min(10_000, Number(b.limit ?? 10_000), pageSize));
      const evs = sortedEvents(g);
      // The token pins the position and the snapshot length so pages never skip or repeat.
      const t = untoken(b.nextToken);
      let i = Number(t.index ?? 0);
      if (!t.index) {
        // binary search for the first event at or after startTime
        let lo = 0;
        let hi = evs.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (evs[mid]!.timestamp < startTime) lo = mid + 1;
          else hi = mid;
        }
        i = lo;
      }
      const out: SimEvent[] = [];
      let bytes = 0;
      for (; i < evs.length && out.length < limit && bytes < 1_000_000; i++) {
        const e = evs[i]!;
        if (e.timestamp > endTime) {
          i = evs.length;
          break;
        }
        if (names && !names.includes(e.logStreamName)) continue;
        if (prefix && !e.logStreamName.startsWith(prefix)) continue;
        if (!match(e.message)) continue;
        out.push(e);
        bytes += e.message.length + 26;
      }
      const streams = [...g.streams.keys()].filter(
        (n) => (!names || names.includes(n)) && (!prefix || n.startsWith(prefix)),
      );
      return {
        events: out,
        searchedLogStreams: streams.map((n) => ({ logStreamName: n, searchedCompletely: true })),
        ...(i < evs.length && (out.length >= limit || bytes >= 1_000_000)
          ? { nextToken: token({ index: i }) }
          : {}),
      };
    },
    GetLogEvents(b) {
      const g = group(groupName(b));
      const sname = b.logStreamName as string;
      if (!g.streams.has(sname))
        throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
      const startTime = b.startTime === undefined ? -Infinity : Number(b.startTime);
      const endTime = b.endTime === undefined ? Infinity : Number(b.endTime);
      const evs = sortedEvents(g)
        .filter((e) => e.logStreamName === sname && e.timestamp >= startTime && e.timestamp < endTime)
        .slice(0, Math.min(10_000, Number(b.limit ?? 10_000)));
      return {
        events: evs.map((e) => ({
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestionTime,
        })),
        nextForwardToken: `f/${String(eventCounter).padStart(56, '0')}`,
        nextBackwardToken: `b/${String(eventCounter).padStart(56, '0')}`,
      };
    },
  };

  const record = (r: SimRequest) => {
    requests.push(r);
    if (requests.length > MAX_REQUESTS) requests.splice(0, requests.length - MAX_REQUESTS);
  };

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(PREFIX) ? target.slice(PREFIX.length) : target;
      const auth = String(req.headers.authorization ?? '');
      const accessKeyId = /Credential=([^/]+)\//.exec(auth)?.[1];
      let body: Record<string, unknown> = {};
      const send = (status: number, payload: unknown, error?: string) => {
        const text = JSON.stringify(payload);
        record({
          at: Date.now(),
          operation,
          logGroupName: typeof groupName(body) === 'string' ? (groupName(body) as string) : undefined,
          status,
          error,
          accessKeyId,
        });
        res.writeHead(status, {
          'content-type': 'application/x-amz-json-1.1',
          'content-length': Buffer.byteLength(text),
          'x-amzn-requestid': randomUUID(),
          ...(error ? { 'x-amzn-errortype': `${error}:` } : {}),
        });
        res.end(text);
      };
      const fail = (e: AwsError) => send(e.status, { __type: e.code, message: e.message }, e.code);
      try {
        if (req.method !== 'POST') throw new AwsError('UnknownOperationException', 'POST only', 404);
        try {
          const raw = Buffer.concat(chunks).toString('utf8');
          body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        } catch {
          throw new AwsError('SerializationException', 'Request body is not valid JSON');
        }
        if (!auth.startsWith('AWS4-HMAC-SHA256'))
          throw new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
        if (creds === 'expired')
          throw new AwsError(
            'ExpiredTokenException',
            'The security token included in the request is expired',
          );
        if (creds === 'invalid')
          throw new AwsError(
            'UnrecognizedClientException',
            'The security token included in the request is invalid.',
          );
        if (throttleNext > 0) {
          throttleNext--;
          throw new AwsError('ThrottlingException', 'Rate exceeded');
        }
        const op = ops[operation];
        if (!op) throw new AwsError('UnknownOperationException', `Unknown operation ${target}`);
        send(200, op(body));
      } catch (err) {
        fail(
          err instanceof AwsError ? err : new AwsError('ServiceUnavailableException', 'internal error', 500),
        );
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((r) => server.listen(o.port ?? 0, host, r));
  const port = (server.address() as AddressInfo).port;

  return {
    endpoint: `http://${host}:${port}`,
    port,
    region,
    putEvents(g, stream, messages) {
      createGroup(g);
      return append(
        groups.get(g)!,
        stream,
        messages.map((m) => (typeof m === 'string' ? { message: m } : m)),
      );
    },
    createGroup,
    deleteGroup(g) {
      groups.delete(g);
    },
    throttle(n) {
      throttleNext = n;
    },
    expireCredentials(on) {
      creds = on === true ? 'expired' : on;
    },
    requests,
    events(g) {
      const x = groups.get(g);
      return x ? [...sortedEvents(x)] : [];
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** Feeds a generator's lines into groups at a steady rate (for the demo); returns a stop function. */
export function feedSim(
  sim: CloudWatchSim,
  groupsAndStreams: { group: string; stream: string }[],
  linesPerSecond: number,
  next: () => string[],
): () => void {
  const everyMs = 200;
  const perTick = Math.max(1, Math.round((linesPerSecond * everyMs) / 1000));
  let k = 0;
  const timer = setInterval(() => {
    for (let i = 0; i < perTick; i++) {
      const gs = groupsAndStreams[k++ % groupsAndStreams.length]!;
      const ts = Date.now();
      sim.putEvents(
        gs.group,
        gs.stream,
        next().map((message) => ({ timestamp: ts, message })),
      );
    }
  }, everyMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
