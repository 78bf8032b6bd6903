// The CloudFront lines of the health pane (tested in test/unit/aws-lines.test.ts): the
// distribution's status first (what `aws cloudfront get-distribution` says), then an API failure,
// then the newest invalidations with their status and paths.
import type { CdnSnapshot } from '../../data/cdn/status.js';
import type { Tone } from '../../ui/tone.js';
import { age } from '../../util/format.js';
import { sanitize } from '../../util/sanitize.js';

export interface CdnLine {
  text: string;
  tone: Tone;
}

export function cdnLines(snap: CdnSnapshot, now: number): CdnLine[] {
  const id = sanitize(snap.distributionId, 40);
  if (!snap.status)
    return [
      {
        text: `✖ CloudFront ${id}: ${sanitize(snap.error ?? 'not read yet', 300)}`,
        tone: snap.error ? 'bad' : 'muted',
      },
    ];
  const deployed = snap.status === 'Deployed';
  const out: CdnLine[] = [
    {
      text: [
        `${deployed ? '●' : '▲'} CloudFront ${id} ${sanitize(snap.status, 20)}${deployed ? '' : ' (changes deploying)'}`,
        `${snap.inProgressInvalidations ?? 0} invalidation${snap.inProgressInvalidations === 1 ? '' : 's'} in progress`,
        snap.domainName ? sanitize(snap.domainName, 80) : '',
      ]
        .filter(Boolean)
        .join(' · '),
      tone: deployed ? 'ok' : 'warn',
    },
  ];
  if (snap.error)
    out.push({
      text: `✖ CloudFront API${snap.readAt ? ` (status above as of ${age(now - snap.readAt)} ago)` : ''}: ${sanitize(snap.error, 300)}`,
      tone: 'bad',
    });
  for (const inv of snap.invalidations.slice(0, 2)) {
    const done = inv.status === 'Completed';
    const paths = (inv.paths ?? []).slice(0, 5).map((p) => sanitize(p, 80));
    const more = (inv.paths?.length ?? 0) > 5 ? ` +${inv.paths!.length - 5}` : '';
    out.push({
      text: `${done ? '·' : '▲'} invalidation ${sanitize(inv.id, 20)} ${sanitize(inv.status, 20)} ${age(now - inv.createdAt)} ago: ${paths.join(' ')}${more}`,
      tone: done ? 'muted' : 'warn',
    });
  }
  return out;
}
