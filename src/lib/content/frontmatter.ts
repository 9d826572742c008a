/**
 * The YAML between the `---` lines at the top of a content file, read as Astro's own reader does:
 * a byte-order mark and blank lines before the first `---` are fine. Undefined without one.
 * Shared by the server's topic list and the build's notices, which read files without Astro.
 */
export const frontmatterOf = (text: string): string | undefined =>
	/^\s*---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text.replace(/^\uFEFF/, ''))?.[1];
