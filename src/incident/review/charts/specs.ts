// The review's charts: which series each draws, on which axis, with which unit. The order is
// the order in the review.
import { GROUP_PREFIX, SERIES_KEYS as K } from '../series.js';

export type ChartId = 'errors' | 'pods' | 'health' | 'postgres' | 'redis' | 'chain';

export interface ChartSpec {
  id: ChartId;
  title: string;
  /** The left axis' unit. */
  unit: string;
  /** The right axis' unit, for a chart with two (Redis: MiB and evictions/s). */
  rightUnit?: string;
  /** Which axis a series goes on, or undefined when it is not this chart's. */
  axisOf(key: string): 'left' | 'right' | undefined;
  /** Limits drawn dashed (usable slots, maxmemory, the stall threshold). */
  dashed?: readonly string[];
  /** Whole numbers only on the left axis (counts). */
  counts?: boolean;
  /** The source that feeds it, for "not recorded" in the review. */
  source: string;
}

const among =
  (...keys: string[]) =>
  (k: string) =>
    keys.includes(k) ? ('left' as const) : undefined;

export const CHARTS: readonly ChartSpec[] = [
  {
    id: 'errors',
    title: 'Error rate by error group',
    unit: 'errors/min',
    axisOf: (k) =>
      k === K.errorsTotal || k === K.errorsOther || k.startsWith(GROUP_PREFIX) ? 'left' : undefined,
    counts: true,
    source: 'logs',
  },
  {
    id: 'pods',
    title: 'Failing pods and restarts',
    unit: 'pods / restarts',
    axisOf: among(K.podsFailing, K.podsRestarts),
    counts: true,
    source: 'Kubernetes pods',
  },
  {
    id: 'health',
    title: 'Health endpoints up',
    unit: 'endpoints',
    axisOf: among(K.healthUp, K.healthTotal),
    dashed: [K.healthTotal],
    counts: true,
    source: 'health checks',
  },
  {
    id: 'postgres',
    title: 'Postgres connections and blocked sessions',
    unit: 'sessions',
    axisOf: among(K.pgConnections, K.pgUsable, K.pgBlocked),
    dashed: [K.pgUsable],
    counts: true,
    source: 'PostgreSQL',
  },
  {
    id: 'redis',
    title: 'Redis memory and evictions',
    unit: 'MiB',
    rightUnit: 'evictions/s',
    axisOf: (k) =>
      k === K.redisMemory || k === K.redisMax ? 'left' : k === K.redisEvictions ? 'right' : undefined,
    dashed: [K.redisMax],
    source: 'Redis',
  },
  {
    id: 'chain',
    title: 'Chain head age',
    unit: 'seconds',
    axisOf: among(K.chainHeadAge, K.chainStall),
    dashed: [K.chainStall],
    source: 'chain RPC',
  },
];
