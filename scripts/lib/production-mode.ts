/**
 * Imported first by scripts/serve.ts: the built server runs its packages in production mode.
 * React (and any package that reads NODE_ENV) loads its development build otherwise, with
 * extra checks and owner stacks on every element: the interests page rendered at two thirds
 * of the rate it reaches in production mode (`npm run bench:load`). Nothing in the built site
 * itself reads NODE_ENV (Astro fixes its mode at build time). A value the operator set wins;
 * the test servers set it explicitly, since vitest sets `test`.
 */
process.env.NODE_ENV ??= 'production';
