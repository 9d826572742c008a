/**
 * Imported first by scripts/serve.ts: the built server runs its packages in production mode.
 * React (and any package that reads NODE_ENV) loads its development build otherwise, with
 * extra checks and owner stacks on every element: on the interests page its createElement was
 * the function with the most CPU time (`npm run bench:profile -- --path /portal/interessen/`).
 * Nothing in the built site
 * itself reads NODE_ENV (Astro fixes its mode at build time). A value the operator set wins;
 * the test servers set it explicitly, since vitest sets `test`.
 */
// An empty value counts as unset, as React reads it (anything but 'production' is development).
process.env.NODE_ENV ||= 'production';
