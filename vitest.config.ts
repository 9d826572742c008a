/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

// Two projects, run as separate steps by `npm test` (scripts/test.ts):
// unit and integration (real libSQL files, real migrations) run before the build; e2e runs
// against the built server in real Chromium.
export default getViteConfig(
	{
		test: {
			environment: 'node',
			projects: [
				{
					extends: true,
					test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
				},
				{
					extends: true,
					test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 30_000 },
				},
				{
					extends: true,
					test: {
						name: 'e2e',
						include: ['tests/e2e/**/*.test.ts'],
						globalSetup: ['tests/e2e/global-setup.ts'],
						testTimeout: 60_000,
						hookTimeout: 120_000,
					},
				},
			],
		},
	},
	{ devToolbar: { enabled: false } },
);
