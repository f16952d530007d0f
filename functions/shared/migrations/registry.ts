/** The table migrations ops can run (`npm run migrate -- <id>`, docs/operations.md), by id. */
import { emailIndexHmac } from './email-index';
import { keyAgeQueueBackfill } from './key-age-queue';
import { openTimelineBackfill } from './open-timeline';
import type { TableMigration } from './runner';

export const MIGRATIONS: ReadonlyArray<TableMigration> = [openTimelineBackfill, keyAgeQueueBackfill, emailIndexHmac];

export const migrationById = (id: string): TableMigration | undefined => MIGRATIONS.find((m) => m.id === id);
