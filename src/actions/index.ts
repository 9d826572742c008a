/** Every write from the browser goes through one of these actions. */
import { auth } from './auth.ts';

export const server = { auth };
