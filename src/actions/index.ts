/** Every write from the browser goes through one of these actions. */
import { applications } from './applications.ts';
import { auth } from './auth.ts';
import { members } from './members.ts';

export const server = { auth, applications, members };
