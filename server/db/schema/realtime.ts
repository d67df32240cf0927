// Large socket.io events crossing instances through the Postgres adapter are parked here (its documented table).
import { bigserial, customType, pgTable } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const socketIoAttachments = pgTable('socket_io_attachments', {
  id: bigserial('id', { mode: 'number' }).unique(),
  createdAt: createdAt(),
  payload: bytea('payload'),
});
