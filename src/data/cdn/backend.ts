// CloudFront backend: the distribution of actions.cdn (the one the invalidation action acts
// on), its status and recent invalidations for the health pane. The SDK loads on start only.
import { oneSourceBackend } from '../backend.js';
import { CDN_SOURCE, cdnStatusSource } from './status.js';

export const backend = oneSourceBackend(
  { id: 'cdn', source: CDN_SOURCE, hint: 'actions.cdn.distributionId in warroom.yaml' },
  (c) => c.actions?.cdn,
  (cdn) => [cdnStatusSource(cdn), 90_000],
);
