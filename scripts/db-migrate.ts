/** `npm run db:migrate`: brings the database (DATABASE_URL, default db/netzwerkforum.db) to the current schema. */
import { migrate, setupFromEnv } from './lib/setup.ts';

const { config, db } = setupFromEnv();
await migrate(config, db);
console.log(`✓ Datenbank ist auf dem neuesten Stand (${config.databaseUrl.replace(/\/\/[^@]*@/, '//…@')})`);
db.$client.close();
