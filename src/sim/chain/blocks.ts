// The dev chain's blocks: a genesis block, then one block per mine() with a number, a hash
// over its contents, the parent's hash, a wall-clock timestamp, some transfer transactions
// (gas used), a 30M gas limit and an EIP-1559 base fee that follows how full the parent was.
// Blocks are kept up to a bound; older ones are forgotten (answered as unknown).
import { createHash } from 'node:crypto';
import { mulberry32, type Rng } from '../rng.js';

export interface Block {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: number;
  miner: string;
  gasLimit: number;
  gasUsed: number;
  baseFeePerGas: bigint;
  transactions: string[];
  size: number;
}

export const GAS_LIMIT = 30_000_000;
const TRANSFER_GAS = 21_000;
const INITIAL_BASE_FEE = 1_000_000_000n; // 1 gwei
const MAX_BLOCKS = 10_000;
export const ZERO_HASH = `0x${'0'.repeat(64)}`;

const sha = (...parts: (string | number)[]) =>
  `0x${createHash('sha256').update(parts.join('\0')).digest('hex')}`;

/** EIP-1559: the base fee moves by up to 1/8 towards keeping blocks half full. */
export function nextBaseFee(parent: Pick<Block, 'baseFeePerGas' | 'gasUsed' | 'gasLimit'>): bigint {
  const target = BigInt(parent.gasLimit / 2);
  const used = BigInt(parent.gasUsed);
  const base = parent.baseFeePerGas;
  if (used === target) return base;
  if (used > target) {
    const delta = (base * (used - target)) / target / 8n;
    return base + (delta > 0n ? delta : 1n);
  }
  return base - (base * (target - used)) / target / 8n;
}

export class Blocks {
  private readonly list: Block[] = [];
  private readonly rng: Rng;

  constructor(
    readonly chainId: number,
    readonly miner: string,
    seed = 1,
    now = Date.now(),
  ) {
    this.rng = mulberry32(seed);
    this.list.push(this.block(0, ZERO_HASH, now, INITIAL_BASE_FEE, []));
  }

  get head(): Block {
    return this.list[this.list.length - 1]!;
  }

  /** Adds the next block, stamped `now` (never before its parent). */
  mine(now = Date.now()): Block {
    const parent = this.head;
    const n = parent.number + 1;
    // 40 to 180 transactions (transfers to contract calls), about half the gas limit on average.
    const count = 40 + Math.floor(this.rng() * 140);
    const gas = Array.from({ length: count }, () => TRANSFER_GAS + Math.floor(this.rng() * 230_000));
    const hashes = gas.map((g, i) => sha(this.chainId, n, 'tx', i, g, this.rng()));
    const ts = Math.max(Math.floor(now / 1000), parent.timestamp);
    const used = Math.min(
      GAS_LIMIT,
      gas.reduce((a, b) => a + b, 0),
    );
    const b = this.block(n, parent.hash, ts * 1000, nextBaseFee(parent), hashes, used);
    this.list.push(b);
    if (this.list.length > MAX_BLOCKS) this.list.splice(0, this.list.length - MAX_BLOCKS);
    return b;
  }

  byNumber(n: number): Block | undefined {
    const first = this.list[0]!.number;
    return this.list[n - first];
  }

  byHash(hash: string): Block | undefined {
    const h = hash.toLowerCase();
    return this.list.find((b) => b.hash === h);
  }

  private block(
    n: number,
    parentHash: string,
    nowMs: number,
    baseFee: bigint,
    txs: string[],
    gasUsed = 0,
  ): Block {
    const timestamp = Math.floor(nowMs / 1000);
    return {
      number: n,
      hash: sha(this.chainId, n, parentHash, timestamp, txs.length),
      parentHash,
      timestamp,
      miner: this.miner,
      gasLimit: GAS_LIMIT,
      gasUsed,
      baseFeePerGas: baseFee,
      transactions: txs,
      size: 600 + txs.length * 110,
    };
  }
}
