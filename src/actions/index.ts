/** Every write from the browser goes through one of these actions. */
import { applications } from './applications.ts';
import { auth } from './auth.ts';
import { groups } from './groups.ts';
import { meetings } from './meetings.ts';
import { memberImport } from './member-import.ts';
import { members } from './members.ts';
import { portal } from './portal.ts';
import { secondFactor } from './second-factor.ts';
import { team } from './team.ts';
import { topicQueue } from './topic-queue.ts';

export const server = { auth, applications, members, memberImport, groups, meetings, portal, secondFactor, team, topicQueue };
