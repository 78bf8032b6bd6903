// The kubelet's timestamp at the start of a line (`GET …/log?timestamps=true`: RFC 3339 with
// nanoseconds in UTC, `2026-11-23T11:14:50.123456789Z `), read straight from the bytes: the
// byte pipeline takes the line's time from it and keeps only the rest as the line's text.
// Integer arithmetic on the digits, no decoding and no allocation per line.

const d = (buf: Buffer, i: number): number => {
  const c = buf[i]! - 48;
  return c >= 0 && c <= 9 ? c : NaN;
};
const d2 = (buf: Buffer, i: number) => d(buf, i) * 10 + d(buf, i + 1);

/** Days from 1970-01-01 to the given civil date (proleptic Gregorian; H. Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, day: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Where the text after the timestamp starts (set by k8sTimeAt when it finds one). */
export let k8sTextStart = 0;

/**
 * Epoch ms of a `YYYY-MM-DDTHH:MM:SS[.fraction]Z ` prefix of buf[start, end), or NaN when the
 * line does not start with one (then `k8sTextStart` is not set). Other zones are left to
 * parseK8sTimestamp (the kubelet writes UTC).
 */
export function k8sTimeAt(buf: Buffer, start: number, end: number): number {
  if (end - start < 21 || buf[start + 4] !== 45 || buf[start + 7] !== 45 || buf[start + 10] !== 84)
    return NaN;
  if (buf[start + 13] !== 58 || buf[start + 16] !== 58) return NaN;
  const y = d2(buf, start) * 100 + d2(buf, start + 2);
  const ms0 =
    (daysFromCivil(y, d2(buf, start + 5), d2(buf, start + 8)) * 86_400 +
      d2(buf, start + 11) * 3600 +
      d2(buf, start + 14) * 60 +
      d2(buf, start + 17)) *
    1000;
  let i = start + 19;
  let frac = 0;
  if (buf[i] === 46) {
    i++;
    const f0 = i;
    while (i < end && buf[i]! >= 48 && buf[i]! <= 57) {
      if (i - f0 < 3) frac = frac * 10 + buf[i]! - 48;
      i++;
    }
    if (i === f0) return NaN;
    for (let k = i - f0; k < 3; k++) frac *= 10;
  }
  if (buf[i] !== 90 /* Z */ || buf[i + 1] !== 32 || Number.isNaN(ms0)) return NaN;
  k8sTextStart = i + 2;
  return ms0 + frac;
}
