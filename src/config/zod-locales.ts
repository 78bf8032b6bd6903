// zod's locales, as the bundle carries them: English only. zod's classic API re-exports all of
// its 64 locales (`z.locales`), 368 KB of the 772 KB config chunk that every start loaded and
// none of ours uses; its messages are English by default (issue 15, start-up). The bundle routes
// zod's `../locales/index.js` here (scripts/bundle-options.mjs, `shimsPlugin`).
export { default as en } from 'zod/v4/locales/en.js';
