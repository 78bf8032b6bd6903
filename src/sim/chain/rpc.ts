// The dev chain's JSON-RPC 2.0: single calls and batches, notifications (no id, no answer),
// the standard errors (-32700 parse error, -32600 invalid request, -32601 unknown method,
// -32602 invalid params), and the read methods a console and ethers' JsonRpcProvider use:
// eth_chainId, net_version, net_listening, net_peerCount, web3_clientVersion, eth_blockNumber,
// eth_getBlockByNumber / eth_getBlockByHash (tags and hex numbers), eth_gasPrice,
// eth_maxPriorityFeePerGas, eth_feeHistory and eth_syncing. Transactions are listed by hash
// only (there are no accounts or state to execute them against).
import { createHash } from 'node:crypto';
import { nextBaseFee, type Block, type Blocks } from './blocks.js';

export interface RpcState {
  blocks: Blocks;
  peers: number;
}

interface Call {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

type Answer = { jsonrpc: '2.0'; id: unknown } & ({ result: unknown } | { error: RpcFault });

interface RpcFault {
  code: number;
  message: string;
}

class Fault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const CLIENT_VERSION = 'warroom-devchain/1.0';
export const PRIORITY_FEE = 1_000_000_000n; // 1 gwei
const EMPTY_UNCLES = '0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347';
const EMPTY_BLOOM = `0x${'0'.repeat(512)}`;
const MAX_FEE_HISTORY = 1024;

const hex = (n: number | bigint) => `0x${n.toString(16)}`;
const root = (b: Block, what: string) =>
  `0x${createHash('sha256').update(`${b.hash}\0${what}`).digest('hex')}`;

function blockJson(b: Block): Record<string, unknown> {
  return {
    number: hex(b.number),
    hash: b.hash,
    parentHash: b.parentHash,
    nonce: '0x0000000000000000',
    mixHash: root(b, 'mix'),
    sha3Uncles: EMPTY_UNCLES,
    logsBloom: EMPTY_BLOOM,
    transactionsRoot: root(b, 'transactions'),
    stateRoot: root(b, 'state'),
    receiptsRoot: root(b, 'receipts'),
    miner: b.miner,
    difficulty: '0x0',
    totalDifficulty: '0x0',
    extraData: '0x',
    size: hex(b.size),
    gasLimit: hex(b.gasLimit),
    gasUsed: hex(b.gasUsed),
    timestamp: hex(b.timestamp),
    baseFeePerGas: hex(b.baseFeePerGas),
    transactions: b.transactions,
    uncles: [],
  };
}

/** A block tag or hex number as a height (undefined: beyond the head or forgotten is fine). */
function height(s: RpcState, tag: unknown): number {
  const head = s.blocks.head.number;
  switch (tag) {
    case 'latest':
    case 'pending':
    case undefined:
      return head;
    case 'earliest':
      return 0;
    case 'safe':
      return Math.max(0, head - 32);
    case 'finalized':
      return Math.max(0, head - 64);
  }
  if (typeof tag === 'string' && /^0x[0-9a-f]+$/i.test(tag)) return Number.parseInt(tag, 16);
  if (typeof tag === 'number' && Number.isSafeInteger(tag) && tag >= 0) return tag;
  throw new Fault(-32602, `invalid block number or tag: ${JSON.stringify(tag)}`);
}

function feeHistory(s: RpcState, params: unknown[]) {
  const raw = params[0];
  const count = typeof raw === 'string' ? Number.parseInt(raw, 16) : Number(raw);
  if (!Number.isSafeInteger(count) || count < 1) throw new Fault(-32602, 'invalid block count');
  const newest = Math.min(height(s, params[1]), s.blocks.head.number);
  const percentiles = params[2];
  const blocks: Block[] = [];
  for (let n = newest; n >= 0 && blocks.length < Math.min(count, MAX_FEE_HISTORY); n--) {
    const b = s.blocks.byNumber(n);
    if (!b) break;
    blocks.unshift(b);
  }
  if (!blocks.length) throw new Fault(-32602, 'no blocks in that range');
  const last = blocks[blocks.length - 1]!;
  return {
    oldestBlock: hex(blocks[0]!.number),
    baseFeePerGas: [...blocks.map((b) => hex(b.baseFeePerGas)), hex(nextBaseFee(last))],
    gasUsedRatio: blocks.map((b) => b.gasUsed / b.gasLimit),
    ...(Array.isArray(percentiles)
      ? { reward: blocks.map(() => percentiles.map(() => hex(PRIORITY_FEE))) }
      : {}),
  };
}

const methods: Record<string, (s: RpcState, params: unknown[]) => unknown> = {
  eth_chainId: (s) => hex(s.blocks.chainId),
  net_version: (s) => String(s.blocks.chainId),
  net_listening: () => true,
  net_peerCount: (s) => hex(s.peers),
  web3_clientVersion: () => CLIENT_VERSION,
  eth_syncing: () => false,
  eth_blockNumber: (s) => hex(s.blocks.head.number),
  eth_getBlockByNumber: (s, p) => {
    const b = s.blocks.byNumber(height(s, p[0]));
    return b ? blockJson(b) : null;
  },
  eth_getBlockByHash: (s, p) => {
    const h = p[0];
    if (typeof h !== 'string' || !/^0x[0-9a-f]{64}$/i.test(h)) throw new Fault(-32602, 'invalid block hash');
    const b = s.blocks.byHash(h);
    return b ? blockJson(b) : null;
  },
  eth_gasPrice: (s) => hex(nextBaseFee(s.blocks.head) + PRIORITY_FEE),
  eth_maxPriorityFeePerGas: () => hex(PRIORITY_FEE),
  eth_feeHistory: feeHistory,
};

function answer(s: RpcState, c: Call): Answer | undefined {
  const id = c && typeof c === 'object' && 'id' in c ? c.id : undefined;
  const fail = (code: number, message: string): Answer => ({
    jsonrpc: '2.0',
    id: id ?? null,
    error: { code, message },
  });
  if (!c || typeof c !== 'object' || Array.isArray(c) || c.jsonrpc !== '2.0' || typeof c.method !== 'string')
    return fail(-32600, 'invalid request');
  const notification = !('id' in c);
  const fn = Object.hasOwn(methods, c.method) ? methods[c.method] : undefined;
  let out: Answer;
  if (!fn) out = fail(-32601, `the method ${c.method} does not exist/is not available`);
  else if (c.params !== undefined && !Array.isArray(c.params)) out = fail(-32602, 'params must be an array');
  else {
    try {
      out = { jsonrpc: '2.0', id, result: fn(s, (c.params as unknown[] | undefined) ?? []) };
    } catch (err) {
      out = err instanceof Fault ? fail(err.code, err.message) : fail(-32603, String(err));
    }
  }
  return notification ? undefined : out;
}

/** Answers one request body; undefined when there is nothing to send (only notifications). */
export function handleRpc(s: RpcState, body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
  }
  if (Array.isArray(parsed)) {
    if (!parsed.length)
      return JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'empty batch' } });
    const out = parsed.map((c) => answer(s, c as Call)).filter((a) => a !== undefined);
    return out.length ? JSON.stringify(out) : undefined;
  }
  const a = answer(s, parsed as Call);
  return a ? JSON.stringify(a) : undefined;
}
