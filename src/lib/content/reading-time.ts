/** Reading time from an MDX source, so editors never type it in. */

// A calm reading pace for German non-fiction; German words are long, so stay below the
// 230 wpm often quoted for English.
export const WORDS_PER_MINUTE = 200;

/** Strips frontmatter, imports/exports, tags, link targets and Markdown syntax, then counts words. */
export function countWords(mdx: string): number {
	const text = mdx
		.replace(/^---[\s\S]*?\n---/, ' ')
		.replace(/^\s*(import|export)\s.*$/gm, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/\]\([^)]*\)/g, ' ')
		.replace(/[#*_>`~|[\]-]/g, ' ');
	return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Whole minutes, at least one. */
export function readingMinutes(mdx: string): number {
	return Math.max(1, Math.ceil(countWords(mdx) / WORDS_PER_MINUTE));
}
