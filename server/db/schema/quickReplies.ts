// Quick replies (canned responses): a clinic's ready-made answers, typed as /shortcut in the composer.
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { clinics } from './clinic.ts';
import { createdAt, id, updatedAt } from './columns.ts';

export const quickReplies = pgTable(
  'quick_replies',
  {
    id: id(),
    clinicId: uuid('clinic_id')
      .notNull()
      .references(() => clinics.id, { onDelete: 'cascade' }),
    /** Typed after "/" in the composer: lowercase letters, digits and dashes. */
    shortcut: text('shortcut').notNull(),
    title: text('title').notNull(),
    /** Handlebars with the template merge fields. */
    body: text('body').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('quick_replies_shortcut_key').on(t.clinicId, t.shortcut), index('quick_replies_clinic_idx').on(t.clinicId)],
);
