// kubectl sends a few built-in requests (SelfSubjectAccessReview from `kubectl auth can-i`) as
// Kubernetes protobuf ("k8s\0" + runtime.Unknown). This decodes just enough of the wire format
// to read an access review; answers go back as JSON, which kubectl also accepts.
type Fields = Map<number, (Buffer | number)[]>;

function varint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++]!;
    result += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return [result, pos];
    shift += 7;
  }
}

function fields(buf: Buffer): Fields {
  const out: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p1] = varint(buf, pos);
    pos = p1;
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: Buffer | number;
    if (wire === 0) {
      [value, pos] = varint(buf, pos);
    } else if (wire === 2) {
      const [len, p2] = varint(buf, pos);
      value = buf.subarray(p2, p2 + len);
      pos = p2 + len;
    } else if (wire === 1) {
      value = buf.subarray(pos, pos + 8);
      pos += 8;
    } else if (wire === 5) {
      value = buf.subarray(pos, pos + 4);
      pos += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    const list = out.get(field) ?? [];
    list.push(value);
    out.set(field, list);
  }
  return out;
}

function str(f: Fields, n: number): string | undefined {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? v.toString('utf8') : undefined;
}

function msg(f: Fields, n: number): Fields | undefined {
  const v = f.get(n)?.[0];
  return Buffer.isBuffer(v) ? fields(v) : undefined;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export function isProtobuf(contentType: string | undefined): boolean {
  return !!contentType && contentType.startsWith('application/vnd.kubernetes.protobuf');
}

/** Decodes a protobuf SelfSubjectAccessReview into its JSON shape (spec only). */
export function decodeAccessReview(body: Buffer): any {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new Error('missing protobuf envelope');
  const unknown = fields(body.subarray(4));
  const raw = unknown.get(2)?.[0];
  if (!Buffer.isBuffer(raw)) throw new Error('empty protobuf object');
  const review = fields(raw);
  const spec = msg(review, 2);
  const ra = spec && msg(spec, 1);
  const nra = spec && msg(spec, 2);
  const out: any = { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: {} };
  if (ra) {
    out.spec.resourceAttributes = Object.fromEntries(
      (['namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'] as const)
        .map((k, i) => [k, str(ra, i + 1)])
        .filter(([, v]) => v !== undefined),
    );
  }
  if (nra) out.spec.nonResourceAttributes = { path: str(nra, 1), verb: str(nra, 2) };
  return out;
}
