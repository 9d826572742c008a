/**
 * Zod's own messages in German, for every schema of the process once this is imported (the
 * actions import it through src/actions/define.ts). Every field a person fills in has a message
 * of ours; hidden fields and values only a tampered form sends fall back to zod's, and those
 * should not be English either.
 */
import { z } from 'astro/zod';

z.config(z.locales.de());
