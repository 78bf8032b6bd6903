// The recording file (`<state>/incidents/<ID>.rec`, beside the journal): a magic line, then one
// frame per recorded second. A frame is length-prefixed and checked, so a torn tail (a crash in
// the middle of a write) loses that frame only, and a damaged frame is skipped up to the next
// keyframe. Layout (big-endian):
//
//   "WRREC1\n"                                 7 bytes, once
//   u32 length | u32 crc32(payload) | payload  per frame; payload = raw DEFLATE of the frame JSON
//
// The frame JSON: `{t, k?, s}`: t the moment (epoch ms), k 1 on a keyframe (every source whole;
// sources not in it are gone), s per source id either null (the source went away) or
// `{m?, d?}`: m the source's state without its data (status, fetchedAt, error, …; present when
// it changed), d the data's delta against the previous frame (src/incident/recording/delta.ts).
import { crc32, deflateRaw, inflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SourceState } from '../../store/store.js';
import { incidentsDir } from '../journal.js';
import type { Delta } from './delta.js';

export const MAGIC = Buffer.from('WRREC1\n', 'latin1');
export const FRAME_HEADER = 8;
/** A frame larger than this is damage, not data (a keyframe of 20,000 pods is far below). */
export const MAX_FRAME = 256 * 1024 * 1024;

export const recordingPath = (state: string, id: string): string => join(incidentsDir(state), `${id}.rec`);

/** A source's state without its data, as recorded. */
export type SourceMeta = Omit<SourceState, 'data'>;

export interface SourceFrame {
  m?: SourceMeta;
  d?: Delta;
}

export interface Frame {
  t: number;
  k?: 1;
  s: Record<string, SourceFrame | null>;
}

const deflate = promisify(deflateRaw);

/**
 * One frame's bytes: header and compressed payload (compression runs on libuv's thread pool);
 * `json` is the size before compression (for the benchmark).
 */
export async function encodeFrame(frame: Frame): Promise<{ bytes: Buffer; json: number }> {
  const json = Buffer.from(
    JSON.stringify(frame, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)),
  );
  const payload = await deflate(json, { level: 6 });
  const head = Buffer.alloc(FRAME_HEADER);
  head.writeUInt32BE(payload.length, 0);
  head.writeUInt32BE(crc32(payload), 4);
  return { bytes: Buffer.concat([head, payload]), json: json.length };
}

/** Where a frame sits in the file, and what it is; its payload is inflated when read. */
export interface FrameRef {
  t: number;
  keyframe: boolean;
  offset: number;
  length: number;
}

export interface FrameScan {
  frames: FrameRef[];
  /** What was wrong, if anything: a torn tail, damaged frames skipped. */
  problems: string[];
}

export function decodePayload(buf: Buffer, ref: Pick<FrameRef, 'offset' | 'length'>): Frame {
  const payload = buf.subarray(ref.offset + FRAME_HEADER, ref.offset + FRAME_HEADER + ref.length);
  return JSON.parse(inflateRawSync(payload).toString('utf8')) as Frame;
}

/**
 * Walks the frames of a recording in memory. Stops at a torn tail (the frame's length runs past
 * the end); a frame whose checksum or JSON is bad is skipped (reported), and so is every frame
 * up to the next keyframe, since their deltas apply to a state that is not known.
 */
export function scanFrames(buf: Buffer): FrameScan {
  const problems: string[] = [];
  const frames: FrameRef[] = [];
  if (buf.length < MAGIC.length || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    return { frames, problems: ['not a warroom recording (no WRREC1 header)'] };
  }
  let off = MAGIC.length;
  let lost = false;
  let lastT = -Infinity;
  while (off < buf.length) {
    if (off + FRAME_HEADER > buf.length) {
      problems.push(`torn tail at byte ${off}: ${buf.length - off} bytes of a frame header ignored`);
      break;
    }
    const length = buf.readUInt32BE(off);
    const crc = buf.readUInt32BE(off + 4);
    if (length > MAX_FRAME) {
      problems.push(`damaged frame length at byte ${off}: the rest of the recording is ignored`);
      break;
    }
    if (off + FRAME_HEADER + length > buf.length) {
      problems.push(`torn tail at byte ${off}: the last frame is incomplete and ignored`);
      break;
    }
    const ref = { t: 0, keyframe: false, offset: off, length };
    off += FRAME_HEADER + length;
    let frame: Frame;
    try {
      if (crc32(buf.subarray(ref.offset + FRAME_HEADER, off)) !== crc) throw new Error('checksum mismatch');
      frame = decodePayload(buf, ref);
      if (typeof frame.t !== 'number' || !frame.s || typeof frame.s !== 'object')
        throw new Error('not a frame');
    } catch (err) {
      problems.push(
        `damaged frame at byte ${ref.offset} (${(err as Error).message}): skipped to the next keyframe`,
      );
      lost = true;
      continue;
    }
    const keyframe = frame.k === 1;
    if (lost && !keyframe) continue;
    lost = false;
    // Time never goes back in a recording (a clock step back is clamped to the previous frame).
    lastT = Math.max(lastT, frame.t);
    frames.push({ ...ref, t: lastT, keyframe });
  }
  return { frames, problems };
}
