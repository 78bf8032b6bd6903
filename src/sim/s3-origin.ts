// A small S3-like origin for the CloudFront distribution of the drill: path-style object GETs
// (`GET /BUCKET/KEY`, as `curl https://BUCKET.s3.amazonaws.com/KEY` reaches a bucket) answered
// with S3's headers (ETag, x-amz-request-id, Last-Modified) and S3's XML errors (NoSuchKey,
// NoSuchBucket, AccessDenied). Only what the runbook's "test direct S3 access" needs: objects
// are set programmatically, and the bucket can be made to deny (a broken bucket policy).
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { listenLocal } from './listen.js';

export interface S3OriginSim {
  url: string;
  bucket: string;
  /** The URL of an object, path-style. */
  objectUrl(key: string): string;
  put(key: string, body: string, contentType?: string): void;
  remove(key: string): void;
  /** Every request answers 403 AccessDenied while on. */
  deny(on?: boolean): void;
  close(): Promise<void>;
}

interface S3Object {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startS3OriginSim(o: {
  bucket: string;
  objects?: Record<string, string>;
}): Promise<S3OriginSim> {
  const objects = new Map<string, S3Object>();
  let denied = false;
  const put = (key: string, body: string, contentType = 'text/html') => {
    const b = Buffer.from(body);
    objects.set(key, {
      body: b,
      contentType,
      etag: `"${createHash('md5').update(b).digest('hex')}"`,
      lastModified: new Date(),
    });
  };
  for (const [k, v] of Object.entries(o.objects ?? {})) put(k, v);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://s3');
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const error = (status: number, code: string, message: string, extra = '') => {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escape(message)}</Message>${extra}<RequestId>${requestId}</RequestId></Error>`;
      res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
      res.end(req.method === 'HEAD' ? undefined : xml);
    };
    const [, bucket, ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    if (bucket !== o.bucket)
      return error(
        404,
        'NoSuchBucket',
        'The specified bucket does not exist',
        `<BucketName>${escape(bucket ?? '')}</BucketName>`,
      );
    if (denied) return error(403, 'AccessDenied', 'Access Denied');
    const obj = objects.get(key);
    if (!obj)
      return error(404, 'NoSuchKey', 'The specified key does not exist.', `<Key>${escape(key)}</Key>`);
    res.writeHead(200, {
      'content-type': obj.contentType,
      'content-length': obj.body.length,
      etag: obj.etag,
      'last-modified': obj.lastModified.toUTCString(),
      'x-amz-request-id': requestId,
      'accept-ranges': 'bytes',
      server: 'AmazonS3',
    });
    res.end(req.method === 'HEAD' ? undefined : obj.body);
  });
  const listening = await listenLocal(server);
  return {
    url: listening.url,
    bucket: o.bucket,
    objectUrl: (key) => `${listening.url}/${o.bucket}/${key.split('/').map(encodeURIComponent).join('/')}`,
    put,
    remove: (key) => void objects.delete(key),
    deny(on = true) {
      denied = on;
    },
    close: listening.close,
  };
}
