-- Stores a batch of inbound messages in one round trip and one transaction: the patients of new numbers (under the
-- same per-number advisory lock as findOrCreateByPhone, taken in one order), their conversations, then every
-- message (skipping provider duplicates), its conversation's bookkeeping and its inbound job, in arrival order.
-- Called by server/modules/inbox/inboundBatch.repository.ts; the batch is a JSON array of rows.
CREATE OR REPLACE FUNCTION ingest_inbound_locate(batch jsonb)
RETURNS TABLE (ord int, patient_id uuid, conversation_id uuid)
LANGUAGE sql STABLE AS $$
  -- Per row, LATERAL with an aggregate (rather than ORDER BY … LIMIT 1, or a subquery the planner would flatten
  -- into a join of the whole batch with the clinic's conversations), so each look-up probes an index. The oldest
  -- patient holding the number wins, as in findOrCreateByPhone.
  SELECT k.ord, holder.id, c.id
  FROM jsonb_to_recordset(batch) AS k(ord int, clinic_id uuid, phone text, channel_id uuid)
  CROSS JOIN LATERAL (
    SELECT (array_agg(p.id ORDER BY p.created_at))[1] AS id FROM patients p WHERE p.clinic_id = k.clinic_id AND p.phones @> ARRAY[k.phone]
  ) AS holder
  CROSS JOIN LATERAL (
    SELECT min(c.id::text)::uuid AS id FROM conversations c WHERE c.clinic_id = k.clinic_id AND c.patient_id = holder.id AND c.channel_id = k.channel_id
  ) AS c
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION ingest_inbound_batch(batch jsonb)
RETURNS TABLE (ord int, message_id uuid, message_seq bigint, job_id uuid, conversation_id uuid, patient_created boolean)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
  located jsonb;
  missing jsonb;
  created_numbers text[] := '{}';
  created_conversations uuid[] := '{}';
BEGIN
  SELECT jsonb_agg(to_jsonb(l)) INTO located FROM ingest_inbound_locate(batch) AS l;
  SELECT jsonb_agg(b.row) INTO missing
  FROM jsonb_array_elements(batch) AS b(row)
  JOIN jsonb_to_recordset(located) AS l(ord int, patient_id uuid, conversation_id uuid) ON l.ord = (b.row ->> 'ord')::int
  WHERE l.conversation_id IS NULL;

  IF missing IS NOT NULL THEN
    -- New numbers: lock them (sorted, so two batches never wait on each other in a circle). Each statement below
    -- reads a fresh snapshot, so a patient another transaction created before we got its lock is seen, not doubled.
    PERFORM pg_advisory_xact_lock(h) FROM (
      SELECT DISTINCT hashtext('patient:' || m.clinic_id::text || ':' || m.phone) AS h
      FROM jsonb_to_recordset(missing) AS m(clinic_id uuid, phone text)
      ORDER BY 1
    ) AS ordered;

    WITH inserted AS (
      INSERT INTO patients (clinic_id, phones)
      SELECT DISTINCT l.clinic_id, ARRAY[l.phone]
      FROM (SELECT m.clinic_id, m.phone, f.patient_id FROM jsonb_to_recordset(missing) AS m(ord int, clinic_id uuid, phone text)
            JOIN ingest_inbound_locate(missing) AS f ON f.ord = m.ord) AS l
      WHERE l.patient_id IS NULL
      RETURNING clinic_id, phones[1] AS phone
    )
    SELECT coalesce(array_agg(clinic_id::text || '|' || phone), '{}') INTO created_numbers FROM inserted;

    -- Conversations that do not exist yet open waiting for a person, from their first message's time.
    WITH wanted AS (
      SELECT DISTINCT ON (m.clinic_id, f.patient_id, m.channel_id) m.clinic_id, f.patient_id, m.channel_id, m.created_at
      FROM jsonb_to_recordset(missing) AS m(ord int, clinic_id uuid, channel_id uuid, created_at timestamptz)
      JOIN ingest_inbound_locate(missing) AS f ON f.ord = m.ord
      WHERE f.conversation_id IS NULL
      ORDER BY m.clinic_id, f.patient_id, m.channel_id, m.ord
    ),
    inserted AS (
      INSERT INTO conversations (clinic_id, patient_id, channel_id, state, handover_reason, handover_at, last_message_at)
      SELECT clinic_id, patient_id, channel_id, 'human', 'new_conversation', created_at, created_at FROM wanted
      ON CONFLICT (clinic_id, patient_id, channel_id) DO NOTHING
      RETURNING id
    )
    SELECT coalesce(array_agg(id), '{}') INTO created_conversations FROM inserted;

    SELECT jsonb_agg(to_jsonb(l)) INTO located FROM ingest_inbound_locate(batch) AS l;
  END IF;

  RETURN QUERY
  WITH input AS (
    SELECT i.*, l.conversation_id AS conv_id,
      -- The message that opened a conversation created here: the first of the batch on it.
      (l.conversation_id = ANY (created_conversations) AND i.ord = min(i.ord) OVER (PARTITION BY l.conversation_id)) AS opens,
      (i.clinic_id::text || '|' || i.phone) = ANY (created_numbers) AS new_patient
    FROM jsonb_to_recordset(batch) AS i(
      ord int, id uuid, clinic_id uuid, phone text, channel_id uuid, channel_kind text, direction text, author text, text text,
      media jsonb, button_reply text, provider_message_id text, status text, meta jsonb, created_at timestamptz, preview text)
    JOIN jsonb_to_recordset(located) AS l(ord int, patient_id uuid, conversation_id uuid) ON l.ord = i.ord
  ),
  ins AS (
    INSERT INTO messages (id, clinic_id, conversation_id, channel_id, channel_kind, direction, author, text, media, button_reply, provider_message_id, status, meta, created_at)
    SELECT id, clinic_id, conv_id, channel_id, channel_kind, direction, author, text, media, button_reply, provider_message_id, status, meta, created_at
    FROM input ORDER BY ord
    ON CONFLICT DO NOTHING
    RETURNING id, seq
  ),
  stored AS (SELECT input.*, ins.seq FROM ins JOIN input USING (id)),
  touched AS (
    UPDATE conversations c SET
      last_message_at = GREATEST(c.last_message_at, t.last_at),
      last_message_preview = t.preview,
      unread_count = c.unread_count + t.inbound_count,
      last_inbound_at = GREATEST(c.last_inbound_at, t.last_inbound_at),
      updated_at = now()
    FROM (
      SELECT conv_id, max(created_at) AS last_at, (array_agg(preview ORDER BY seq DESC))[1] AS preview,
        count(*) FILTER (WHERE direction = 'in')::int AS inbound_count, max(created_at) FILTER (WHERE direction = 'in') AS last_inbound_at
      FROM stored GROUP BY conv_id
    ) AS t
    WHERE c.id = t.conv_id
  ),
  jobs AS (
    INSERT INTO inbound_jobs (clinic_id, conversation_id, message_id, new_conversation)
    SELECT clinic_id, conv_id, id, opens FROM stored ORDER BY seq
    RETURNING id, message_id
  )
  SELECT input.ord, stored.id, stored.seq, jobs.id, input.conv_id, input.new_patient
  FROM input
  LEFT JOIN stored ON stored.id = input.id
  LEFT JOIN jobs ON jobs.message_id = stored.id;
END;
$$;
