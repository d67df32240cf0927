// The inbox list with 10,000 conversations (issue: "smooth with 10,000 conversations, paged API"):
// first page, the handover queue oldest first, a search by phone, and paging deep with the cursor.
import { sql } from 'drizzle-orm';
import type { Platform } from '../../server/platform.ts';
import { expectOk, latencies, latencyResult, type BenchResult } from './measure.ts';

const CONVERSATIONS = 10_000;
const SAMPLES = 100;

export async function benchInboxList(platform: Platform, cookie: string): Promise<BenchResult[]> {
  await seedConversations(platform, CONVERSATIONS);
  const get = (query: string) => fetch(`${platform.url}/api/conversations?${query}`, { headers: { cookie } });

  const firstPage = await latencies(SAMPLES, async () => {
    const body = (await expectOk(await get('limit=50'), 'first page')) as { items: unknown[] };
    if (body.items.length !== 50) throw new Error(`first page had ${body.items.length} conversations`);
  });
  const queue = await latencies(SAMPLES, async () => {
    await expectOk(await get('state=human&order=waiting&limit=50'), 'handover queue');
  });
  const search = await latencies(SAMPLES, async (i) => {
    const body = (await expectOk(await get(`q=${encodeURIComponent(phoneOf((i * 97) % CONVERSATIONS).slice(3))}`), 'search')) as { items: unknown[] };
    if (body.items.length < 1) throw new Error('search by phone found nothing');
  });
  let cursor: string | null = null;
  const deepPages = await latencies(40, async () => {
    const body = (await expectOk(await get(`limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`), 'paging')) as { nextCursor: string | null };
    cursor = body.nextCursor;
  });
  return [
    latencyResult(`list, first page of ${CONVERSATIONS} conversations`, firstPage, 150),
    latencyResult('list, handover queue oldest first', queue, 150),
    latencyResult('list, search by phone', search, 200),
    latencyResult('list, 200 a page through 8,000 rows', deepPages, 250),
  ];
}

function phoneOf(i: number): string {
  return `+3461${String(i).padStart(7, '0')}`;
}

/** Patients and conversations in bulk (SQL, not the API: the seed is not what is measured). */
async function seedConversations(platform: Platform, count: number): Promise<void> {
  const clinic = (await platform.ctx.db.execute(sql`select id from clinics order by created_at limit 1`)).rows[0] as { id: string };
  const channel = await platform.ctx.repos.channels.ensureSimulator(clinic.id);
  await platform.ctx.db.execute(sql`
    with new_patients as (
      insert into patients (clinic_id, first_name, last_name, phones)
      select ${clinic.id}::uuid, 'Paciente', 'Prueba ' || n, array['+3461' || lpad(n::text, 7, '0')]
      from generate_series(0, ${count - 1}) as n
      returning id, phones
    )
    insert into conversations (clinic_id, patient_id, channel_id, state, handover_reason, handover_at, unread_count, last_message_at, last_message_preview)
    select ${clinic.id}::uuid, id, ${channel.id}::uuid,
      (array['human', 'bot', 'closed'])[1 + (abs(hashtext(id::text)) % 3)],
      'new_conversation', now() - (abs(hashtext(id::text)) % 100000) * interval '1 second',
      abs(hashtext(id::text)) % 3, now() - (abs(hashtext(id::text)) % 100000) * interval '1 second', 'Hola, quería preguntar por mi cita'
    from new_patients`);
}
