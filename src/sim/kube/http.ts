// HTTP plumbing shared by the simulator's routes: JSON (or text) answers, request bodies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, errors } from './status.js';

/** 404 as the API server words it for a path it does not serve. */
export const notFound = () =>
  new HttpError(404, 'NotFound', 'the server could not find the requested resource');

export function send(res: ServerResponse, code: number, body: unknown, type = 'application/json'): void {
  const s = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(s),
    'Cache-Control': 'no-cache, private',
  });
  res.end(s);
}

export function readRaw(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readRaw(req)).toString('utf8');
}

export function parseJson(text: string): any {
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw errors.badRequest(`error decoding request body: ${(err as Error).message}`);
  }
}
