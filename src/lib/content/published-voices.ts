/**
 * Whether this build shows any member voice. A build for the real site leaves out voices whose
 * consent is pending (voices.ts); with none left, /stimmen/ would be an empty page in the main
 * navigation, so the header, the footer and the sitemap leave it out. Read from the files as
 * topic-list.ts reads the topics, since the header renders on demand too (no astro:content there).
 */
import { voiceConsentOf, voicesForSite } from './voices.ts';

// Bundled as text at build time; the files do not change while the server runs.
const files = import.meta.glob<string>('../../content/testimonials/*.yaml', { query: '?raw', import: 'default', eager: true });
const consents = Object.values(files).map(voiceConsentOf);

/** `site`: Astro.site, the address the build is for (import.meta.env.SITE would follow a stray SITE variable). */
export const hasPublishedVoices = (site: URL | undefined) => voicesForSite(consents, site).shown.length > 0;
