// An Amazon RDS simulator speaking the real RDS Query API (AWS query protocol, Version
// 2014-10-31: form-encoded POST `Action=…&Version=…`, XML answers) so that the real
// `aws rds …` CLI and @aws-sdk/client-rds talk to it with `--endpoint-url` / `endpoint`.
// Operations: DescribeDBInstances (DBInstanceIdentifier, Filters db-instance-id, MaxRecords,
// Marker; DBInstanceNotFound), DescribeEvents (SourceIdentifier/SourceType, StartTime/EndTime
// or Duration, EventCategories, MaxRecords, Marker) and DescribePendingMaintenanceActions.
// Errors have RDS's shapes (`<ErrorResponse>` with Code and HTTP status): DBInstanceNotFound,
// InvalidParameterValue, InvalidParameterCombination, AccessDenied, ExpiredToken, Throttling,
// InvalidAction. State is controlled programmatically: status, class, storage, Multi-AZ,
// pending modifications, maintenance and events. Storage used is not part of the RDS API (RDS
// reports it as the CloudWatch metric FreeStorageSpace); the simulator keeps it only to do what
// RDS does when storage runs out: a low-storage event, then status `storage-full`.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { listenLocal } from '../listen.js';
import { el, errorXml, fields, responseXml, type XmlNode } from './xml.js';
import { AwsError } from '../aws-error.js';

export const RDS_VERSION = '2014-10-31';
const GiB = 1024 ** 3;

export interface SimPendingValues {
  DBInstanceClass?: string;
  AllocatedStorage?: number;
  MultiAZ?: boolean;
  EngineVersion?: string;
  StorageType?: string;
  Iops?: number;
}

export interface SimDbInstance {
  id: string;
  engine: string;
  engineVersion: string;
  instanceClass: string;
  status: string;
  allocatedGiB: number;
  maxAllocatedGiB?: number;
  storageType: string;
  /** Bytes used (not in the RDS API: CloudWatch FreeStorageSpace = allocated − used). */
  usedBytes: number;
  multiAZ: boolean;
  availabilityZone: string;
  secondaryAvailabilityZone?: string;
  pending: SimPendingValues;
  address: string;
  port: number;
  createdAt: Date;
  dbName?: string;
  masterUsername: string;
  resourceId: string;
}

export interface SimRdsEvent {
  sourceIdentifier: string;
  sourceType: 'db-instance';
  message: string;
  categories: string[];
  date: Date;
}

export interface SimMaintenance {
  action: string;
  description: string;
  autoAppliedAfter?: Date;
  forcedApplyDate?: Date;
}

export interface SimRdsRequest {
  at: number;
  action: string;
  status: number;
  error?: string;
  accessKeyId?: string;
}

export type RdsFault = false | 'denied' | 'expired' | 'throttle';

export interface RdsSimOptions {
  region?: string;
  port?: number;
}

export type NewInstance = Partial<Omit<SimDbInstance, 'id' | 'pending'>> & {
  id: string;
  pending?: SimPendingValues;
};

export interface RdsSim {
  endpoint: string;
  port: number;
  region: string;
  addInstance(i: NewInstance): SimDbInstance;
  instance(id: string): SimDbInstance | undefined;
  /** Changes an instance's state as is (no events); use setStatus / modify for RDS's events. */
  update(id: string, patch: Partial<Omit<SimDbInstance, 'id'>>): void;
  /** A new status, with the event RDS writes for it (or `message`). */
  setStatus(id: string, status: string, message?: string): void;
  /** A modification: pending values and status `modifying` now, applied by finishModify(). */
  modify(id: string, values: SimPendingValues): void;
  finishModify(id: string): void;
  /** Sets the storage used; at ≥ 90 % a low-storage event, at 100 % status storage-full. */
  setUsedStorage(id: string, bytes: number): void;
  addEvent(id: string, message: string, categories?: string[], date?: Date): void;
  addMaintenance(id: string, m: SimMaintenance): void;
  clearMaintenance(id: string): void;
  /** Every request answers AccessDenied / ExpiredToken / Throttling while set. */
  fault(f: RdsFault): void;
  requests: SimRdsRequest[];
  close(): Promise<void>;
}

const ACCOUNT = '123456789012';
const iso = (d: Date) => d.toISOString();

/** Members of a query-protocol list: `Prefix.1`, `Prefix.2`, … in order. */
function members(p: URLSearchParams, prefix: string): string[] {
  const out: [number, string][] = [];
  for (const [k, v] of p) {
    const m = new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(\\d+)$`).exec(k);
    if (m) out.push([Number(m[1]), v]);
  }
  return out.sort((a, b) => a[0] - b[0]).map((x) => x[1]);
}

/** `Filters.Filter.N.Name` / `Filters.Filter.N.Values.Value.M` as name → values. */
function filters(p: URLSearchParams): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, name] of p) {
    const m = /^Filters\.(?:Filter|member)\.(\d+)\.Name$/.exec(k);
    if (!m) continue;
    const values = [
      ...members(p, `Filters.Filter.${m[1]}.Values.Value`),
      ...members(p, `Filters.member.${m[1]}.Values.member`),
    ];
    if (!values.length) throw new AwsError('InvalidParameterValue', `Filter ${name} has no values.`);
    out.set(name, values);
  }
  return out;
}

function maxRecords(p: URLSearchParams): number {
  const raw = p.get('MaxRecords');
  if (raw === null) return 100;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 20 || n > 100)
    throw new AwsError(
      'InvalidParameterValue',
      `Invalid value ${raw} for MaxRecords. Must be between 20 and 100`,
    );
  return n;
}

function marker(p: URLSearchParams): number {
  const m = p.get('Marker');
  if (!m) return 0;
  const n = Number(Buffer.from(m, 'base64url').toString('utf8'));
  if (!Number.isInteger(n) || n < 0) throw new AwsError('InvalidParameterValue', 'The marker is invalid.');
  return n;
}
const nextMarker = (n: number) => Buffer.from(String(n)).toString('base64url');

function date(p: URLSearchParams, key: string): Date | undefined {
  const raw = p.get(key);
  if (raw === null) return undefined;
  const d = new Date(/^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : raw);
  if (Number.isNaN(d.getTime()))
    throw new AwsError('InvalidParameterValue', `Invalid value ${raw} for ${key}.`);
  return d;
}

/** RDS's own event for a status, when it writes one. */
function statusEvent(status: string): { message: string; categories: string[] } | undefined {
  switch (status) {
    case 'rebooting':
      return { message: 'DB instance shutdown', categories: ['availability'] };
    case 'available':
      return { message: 'DB instance restarted', categories: ['availability'] };
    case 'storage-full':
      return {
        message: 'Allocated storage has been exhausted. Allocate additional storage to resolve the issue.',
        categories: ['low storage'],
      };
    case 'stopped':
      return { message: 'DB instance stopped', categories: ['notification'] };
    case 'failed':
      return { message: 'The DB instance has failed.', categories: ['failure'] };
    default:
      return undefined;
  }
}

export async function startRdsSim(o: RdsSimOptions = {}): Promise<RdsSim> {
  const region = o.region ?? 'us-east-1';
  const instances = new Map<string, SimDbInstance>();
  const events: SimRdsEvent[] = [];
  const maintenance = new Map<string, SimMaintenance[]>();
  const requests: SimRdsRequest[] = [];
  const lowWarned = new Set<string>();
  let fault: RdsFault = false;

  const arn = (id: string) => `arn:aws:rds:${region}:${ACCOUNT}:db:${id}`;
  const get = (id: string) => {
    const i = instances.get(id);
    if (!i) throw new Error(`rds sim: no instance ${id}`);
    return i;
  };
  const addEvent = (id: string, message: string, categories: string[] = [], at = new Date()) => {
    events.push({ sourceIdentifier: id, sourceType: 'db-instance', message, categories, date: at });
    events.sort((a, b) => a.date.getTime() - b.date.getTime());
  };

  const instanceXml = (i: SimDbInstance): XmlNode[] =>
    fields({
      DBInstanceIdentifier: i.id,
      DBInstanceClass: i.instanceClass,
      Engine: i.engine,
      DBInstanceStatus: i.status,
      MasterUsername: i.masterUsername,
      DBName: i.dbName,
      Endpoint: fields({ Address: i.address, Port: i.port, HostedZoneId: 'Z2R2ITUGPM61AM' }),
      AllocatedStorage: i.allocatedGiB,
      InstanceCreateTime: iso(i.createdAt),
      PreferredBackupWindow: '03:00-03:30',
      BackupRetentionPeriod: 7,
      DBSecurityGroups: [],
      VpcSecurityGroups: [
        el(
          'VpcSecurityGroupMembership',
          fields({ VpcSecurityGroupId: 'sg-0a1b2c3d4e5f60718', Status: 'active' }),
        ),
      ],
      DBParameterGroups: [
        el(
          'DBParameterGroup',
          fields({
            DBParameterGroupName: `default.${i.engine}${i.engineVersion.split('.')[0]}`,
            ParameterApplyStatus: 'in-sync',
          }),
        ),
      ],
      AvailabilityZone: i.availabilityZone,
      PreferredMaintenanceWindow: 'sun:05:00-sun:05:30',
      PendingModifiedValues: fields({
        DBInstanceClass: i.pending.DBInstanceClass,
        AllocatedStorage: i.pending.AllocatedStorage,
        MultiAZ: i.pending.MultiAZ,
        EngineVersion: i.pending.EngineVersion,
        StorageType: i.pending.StorageType,
        Iops: i.pending.Iops,
      }),
      LatestRestorableTime: iso(new Date(Date.now() - 5 * 60_000)),
      MultiAZ: i.multiAZ,
      EngineVersion: i.engineVersion,
      AutoMinorVersionUpgrade: true,
      ReadReplicaDBInstanceIdentifiers: [],
      LicenseModel: 'postgresql-license',
      SecondaryAvailabilityZone: i.multiAZ ? i.secondaryAvailabilityZone : undefined,
      PubliclyAccessible: false,
      StorageType: i.storageType,
      DbInstancePort: 0,
      StorageEncrypted: true,
      DbiResourceId: i.resourceId,
      CACertificateIdentifier: 'rds-ca-rsa2048-g1',
      CopyTagsToSnapshot: true,
      MonitoringInterval: 0,
      DBInstanceArn: arn(i.id),
      IAMDatabaseAuthenticationEnabled: false,
      PerformanceInsightsEnabled: false,
      DeletionProtection: true,
      MaxAllocatedStorage: i.maxAllocatedGiB,
      TagList: [],
      BackupTarget: 'region',
    });

  const actions: Record<string, (p: URLSearchParams) => XmlNode[]> = {
    DescribeDBInstances(p) {
      const id = p.get('DBInstanceIdentifier');
      const f = filters(p);
      for (const name of f.keys())
        if (!['db-instance-id', 'engine', 'db-cluster-id', 'dbi-resource-id', 'domain'].includes(name))
          throw new AwsError('InvalidParameterValue', `Unrecognized filter name: ${name}.`);
      const limit = maxRecords(p);
      const start = marker(p);
      let all = [...instances.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
      if (id !== null) {
        const one = instances.get(id) ?? instances.get(id.split(':db:')[1] ?? '');
        if (!one) throw new AwsError('DBInstanceNotFound', `DBInstance ${id} not found.`, 404);
        all = [one];
      }
      const ids = f.get('db-instance-id');
      if (ids) all = all.filter((i) => ids.includes(i.id) || ids.includes(arn(i.id)));
      const engines = f.get('engine');
      if (engines) all = all.filter((i) => engines.includes(i.engine));
      const page = all.slice(start, start + limit);
      return fields({
        DBInstances: page.map((i) => el('DBInstance', instanceXml(i))),
        Marker: start + limit < all.length ? nextMarker(start + limit) : undefined,
      });
    },
    DescribeEvents(p) {
      const source = p.get('SourceIdentifier');
      const type = p.get('SourceType');
      if (source !== null && type === null)
        throw new AwsError(
          'InvalidParameterCombination',
          'SourceType must be specified if SourceIdentifier is specified.',
        );
      if (
        type !== null &&
        !['db-instance', 'db-parameter-group', 'db-security-group', 'db-snapshot', 'db-cluster'].includes(
          type,
        )
      )
        throw new AwsError('InvalidParameterValue', `Invalid value ${type} for SourceType.`);
      const duration = p.get('Duration') === null ? 60 : Number(p.get('Duration'));
      if (!Number.isFinite(duration) || duration < 0)
        throw new AwsError('InvalidParameterValue', 'Duration must be a non-negative number of minutes.');
      const end = date(p, 'EndTime') ?? new Date();
      const begin = date(p, 'StartTime') ?? new Date(end.getTime() - duration * 60_000);
      const cats = members(p, 'EventCategories.EventCategory');
      const limit = maxRecords(p);
      const start = marker(p);
      const all = events.filter(
        (e) =>
          (source === null || e.sourceIdentifier === source) &&
          (type === null || e.sourceType === type) &&
          e.date >= begin &&
          e.date <= end &&
          (!cats.length || e.categories.some((c) => cats.includes(c))),
      );
      const page = all.slice(start, start + limit);
      return fields({
        Events: page.map((e) =>
          el(
            'Event',
            fields({
              SourceIdentifier: e.sourceIdentifier,
              SourceType: e.sourceType,
              Message: e.message,
              EventCategories: e.categories.map((c) => el('EventCategory', c)),
              Date: iso(e.date),
              SourceArn: arn(e.sourceIdentifier),
            }),
          ),
        ),
        Marker: start + limit < all.length ? nextMarker(start + limit) : undefined,
      });
    },
    DescribePendingMaintenanceActions(p) {
      const resource = p.get('ResourceIdentifier');
      const ids = filters(p).get('db-instance-id');
      const chosen = [...instances.values()].filter(
        (i) =>
          (resource === null || resource === arn(i.id)) &&
          (!ids || ids.includes(i.id) || ids.includes(arn(i.id))) &&
          (maintenance.get(i.id)?.length ?? 0) > 0,
      );
      return fields({
        PendingMaintenanceActions: chosen.map((i) =>
          el(
            'ResourcePendingMaintenanceActions',
            fields({
              ResourceIdentifier: arn(i.id),
              PendingMaintenanceActionDetails: maintenance.get(i.id)!.map((m) =>
                el(
                  'PendingMaintenanceAction',
                  fields({
                    Action: m.action,
                    Description: m.description,
                    AutoAppliedAfterDate: m.autoAppliedAfter && iso(m.autoAppliedAfter),
                    ForcedApplyDate: m.forcedApplyDate && iso(m.forcedApplyDate),
                  }),
                ),
              ),
            }),
          ),
        ),
      });
    },
  };

  const record = (r: SimRdsRequest) => {
    requests.push(r);
    if (requests.length > 10_000) requests.splice(0, requests.length - 10_000);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const p = new URLSearchParams(
        req.method === 'POST' ? Buffer.concat(chunks).toString('utf8') : url.search.slice(1),
      );
      const action = p.get('Action') ?? '';
      const auth = String(req.headers.authorization ?? '');
      const accessKeyId = /Credential=([^/]+)\//.exec(auth)?.[1];
      const send = (status: number, xml: string, error?: string) => {
        record({ at: Date.now(), action, status, error, accessKeyId });
        res.writeHead(status, {
          'content-type': 'text/xml',
          'content-length': Buffer.byteLength(xml),
          'x-amzn-requestid': randomBytes(16).toString('hex'),
        });
        res.end(xml);
      };
      try {
        if (!auth.startsWith('AWS4-HMAC-SHA256'))
          throw new AwsError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403);
        if (fault === 'denied')
          throw new AwsError(
            'AccessDenied',
            `User: arn:aws:iam::${ACCOUNT}:user/warroom is not authorized to perform: rds:${action} on resource: arn:aws:rds:${region}:${ACCOUNT}:db:* because no identity-based policy allows the rds:${action} action`,
            403,
          );
        if (fault === 'expired')
          throw new AwsError('ExpiredToken', 'The security token included in the request is expired', 403);
        if (fault === 'throttle') throw new AwsError('Throttling', 'Rate exceeded', 400);
        const op = actions[action];
        if (!op || p.get('Version') !== RDS_VERSION)
          throw new AwsError(
            'InvalidAction',
            `Could not find operation ${action} for version ${p.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
          );
        send(200, responseXml(action, op(p)));
      } catch (err) {
        const e = err instanceof AwsError ? err : new AwsError('InternalFailure', 'internal error', 500);
        send(e.status, errorXml(e.code, e.message, e.status >= 500 ? 'Receiver' : 'Sender'), e.code);
      }
    });
  });
  const listening = await listenLocal(server, o.port ?? 0);

  const sim: RdsSim = {
    endpoint: listening.url,
    port: listening.port,
    region,
    addInstance(n) {
      const i: SimDbInstance = {
        engine: 'postgres',
        engineVersion: '16.4',
        instanceClass: 'db.t3.medium',
        status: 'available',
        allocatedGiB: 20,
        storageType: 'gp3',
        usedBytes: 0,
        multiAZ: false,
        availabilityZone: `${region}a`,
        secondaryAvailabilityZone: `${region}b`,
        address: `${n.id}.c9akciq32.${region}.rds.amazonaws.com`,
        port: 5432,
        createdAt: new Date(Date.now() - 90 * 86_400_000),
        masterUsername: 'postgres',
        resourceId: `db-${randomBytes(13).toString('hex').toUpperCase().slice(0, 26)}`,
        ...n,
        pending: { ...n.pending },
      };
      instances.set(i.id, i);
      return i;
    },
    instance: (id) => instances.get(id),
    update(id, patch) {
      Object.assign(get(id), patch);
    },
    setStatus(id, status, message) {
      const i = get(id);
      i.status = status;
      const ev = message ? { message, categories: ['notification'] } : statusEvent(status);
      if (ev) addEvent(id, ev.message, ev.categories);
    },
    modify(id, values) {
      const i = get(id);
      i.pending = { ...i.pending, ...values };
      i.status = 'modifying';
      if (values.DBInstanceClass)
        addEvent(id, 'Applying modification to database instance class', ['configuration change']);
      if (values.AllocatedStorage)
        addEvent(id, 'Applying modification to allocated storage', ['configuration change']);
      if (values.MultiAZ !== undefined)
        addEvent(
          id,
          `Applying modification to convert to a ${values.MultiAZ ? 'Multi-AZ' : 'Single-AZ'} DB instance`,
          ['configuration change'],
        );
    },
    finishModify(id) {
      const i = get(id);
      const v = i.pending;
      if (v.DBInstanceClass) {
        i.instanceClass = v.DBInstanceClass;
        addEvent(id, 'Finished applying modification to DB instance class', ['configuration change']);
      }
      if (v.AllocatedStorage) {
        i.allocatedGiB = v.AllocatedStorage;
        addEvent(id, 'Finished applying modification to allocated storage', ['configuration change']);
      }
      if (v.MultiAZ !== undefined) {
        i.multiAZ = v.MultiAZ;
        addEvent(
          id,
          `Finished applying modification to convert to a ${v.MultiAZ ? 'Multi-AZ' : 'Single-AZ'} DB instance`,
          ['configuration change'],
        );
      }
      if (v.EngineVersion) i.engineVersion = v.EngineVersion;
      if (v.StorageType) i.storageType = v.StorageType;
      i.pending = {};
      if (i.usedBytes < i.allocatedGiB * GiB) lowWarned.delete(id);
      i.status = i.usedBytes >= i.allocatedGiB * GiB ? 'storage-full' : 'available';
    },
    setUsedStorage(id, bytes) {
      const i = get(id);
      i.usedBytes = Math.max(0, bytes);
      const total = i.allocatedGiB * GiB;
      const free = Math.max(0, total - i.usedBytes);
      if (free <= 0) {
        if (i.status !== 'storage-full') sim.setStatus(id, 'storage-full');
      } else if (free < total * 0.1) {
        if (!lowWarned.has(id)) {
          lowWarned.add(id);
          addEvent(
            id,
            `The free storage capacity for DB instance: ${id} is low at ${Math.round((100 * free) / total)}% of the provisioned storage [Provisioned Storage: ${i.allocatedGiB} GB, Free Storage: ${(free / GiB).toFixed(2)} GB]. You may want to increase the provisioned storage to address this issue.`,
            ['low storage'],
          );
        }
        if (i.status === 'storage-full') i.status = 'available';
      } else {
        lowWarned.delete(id);
        if (i.status === 'storage-full') i.status = 'available';
      }
    },
    addEvent(id, message, categories, at) {
      addEvent(id, message, categories, at);
    },
    addMaintenance(id, m) {
      get(id);
      maintenance.set(id, [...(maintenance.get(id) ?? []), m]);
    },
    clearMaintenance(id) {
      maintenance.delete(id);
    },
    fault(f) {
      fault = f;
    },
    requests,
    close: () => listening.close(),
  };
  return sim;
}
