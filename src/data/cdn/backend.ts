// CloudFront backend: the distribution of actions.cdn (the one the invalidation action acts
// on), its status and recent invalidations for the health pane. The SDK loads on start only.
import type { Backend } from '../backend.js';
import { CDN_SOURCE, cdnStatusSource } from './status.js';

export const backend: Backend = {
  id: 'cdn',
  sources: [CDN_SOURCE],
  hint: 'actions.cdn.distributionId in warroom.yaml',
  configured: (c) => !!c.actions?.cdn,
  async start({ config, hub }) {
    hub.add(cdnStatusSource(config.actions!.cdn!), 90_000);
  },
};
