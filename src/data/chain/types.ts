// The chain snapshot the chain source publishes (source id 'chain') and the pane shows.

export interface ChainHead {
  chainId: number;
  height: number;
  hash: string;
  /** Block timestamp, epoch ms. */
  timestampMs: number;
  /** `false`, or the node's sync progress. */
  syncing: false | { current?: number; highest?: number };
  /** Undefined when the node does not answer net_peerCount. */
  peers?: number;
  gasPriceGwei?: number;
  baseFeeGwei?: number;
  latencyMs: number;
  /** The block hash at the reference height the source asked for (divergence check). */
  ref?: { height: number; hash: string };
}

export interface ChainEndpointState {
  name: string;
  /** For display: scheme://host[:port] (path and query only with showPath, secrets masked). */
  url: string;
  kind: 'http' | 'ws';
  status: 'connecting' | 'ok' | 'error';
  /** The last failure in words (kept with the last good head). */
  error?: string;
  failures: number;
  /** When the last good answer arrived (epoch ms). */
  okAt?: number;
  head?: ChainHead;
  /** now − head timestamp when published (ms). */
  headAgeMs?: number;
  /** Blocks behind the highest head among healthy endpoints. */
  lag?: number;
}

export type ChainAlertKind = 'down' | 'chainId' | 'stalled' | 'diverged' | 'lagging' | 'syncing';

export interface ChainAlert {
  level: 'warn' | 'bad';
  kind: ChainAlertKind;
  endpoint?: string;
  text: string;
}

export interface ChainSnapshot {
  at: number;
  /** The chain ID every endpoint must answer: from config, or the first one seen. */
  expectedChainId?: number;
  chainIdFrom: 'config' | 'first answer';
  blockTimeSeconds: number;
  /** Head older than this is stalled (blockTime × stallMultiple). */
  stallAfterMs: number;
  endpoints: ChainEndpointState[];
  highest?: number;
  /** Age of the highest head (ms). */
  highestAgeMs?: number;
  /** Highest head height over recent publishes. */
  history: number[];
  /** Seconds per block between successive new highest heads (oldest first), for a sparkline. */
  blockIntervals: number[];
  alerts: ChainAlert[];
}
