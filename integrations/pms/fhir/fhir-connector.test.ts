import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FhirStandIn } from '../../../test/stand-ins/fhir/fhir-stand-in.ts';
import type { PmsPage, PmsResource } from '../pms-connector.ts';
import { PmsConnectorError } from '../pms-connector-error.ts';
import { fhirConnector } from './fhir-connector.ts';

const BASIC = { username: 'pms-user', password: 'pms-pass-123' };
let standIn: FhirStandIn;

beforeAll(async () => {
  standIn = await FhirStandIn.start(BASIC);
  for (let i = 1; i <= 5; i++) standIn.put({ resourceType: 'Patient', id: `p${i}`, name: [{ given: [`Paciente ${i}`], family: 'Prueba' }] });
});
afterAll(() => standIn.close());

const connect = (config: Record<string, unknown>, fetchImpl?: typeof fetch) => fhirConnector.create(fhirConnector.configSchema.parse(config), fetchImpl ? { fetch: fetchImpl } : {});

async function collect<R extends PmsResource>(pages: AsyncIterable<PmsPage<R>>) {
  const all: PmsPage<R>[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('FHIR connector', () => {
  it('when basic auth is configured, then the connection test passes, and with a wrong password it fails as refused credentials', async () => {
    await expect(connect({ baseUrl: standIn.baseUrl, ...BASIC }).testConnection()).resolves.toBeUndefined();
    const refused = connect({ baseUrl: standIn.baseUrl, username: BASIC.username, password: 'wrong' }).testConnection();
    await expect(refused).rejects.toBeInstanceOf(PmsConnectorError);
    await expect(refused).rejects.toMatchObject({ status: 401, isAuthFailure: true });
  });

  it('when a search spans pages, then every next link is followed and the cursor is the newest lastUpdated', async () => {
    const pages = await collect(connect({ baseUrl: standIn.baseUrl, ...BASIC, pageSize: 2 }).pull('patients', { since: null }));
    expect(pages.map((page) => page.records.length)).toEqual([2, 2, 1]);
    expect(pages.at(-1)!.cursor).toBe(standIn.get('Patient', 'p5')!.meta!.lastUpdated);
  });

  it('when pulling since a cursor, then only later changes come back', async () => {
    const cursor = standIn.get('Patient', 'p5')!.meta!.lastUpdated!;
    standIn.change('Patient', 'p2', (patient) => ({ ...patient, name: [{ given: ['Cambiado'], family: 'Prueba' }] }));
    const pages = await collect(connect({ baseUrl: standIn.baseUrl, ...BASIC }).pull('patients', { since: cursor }));
    expect(pages.flatMap((page) => page.records)).toMatchObject([{ externalId: 'p2', firstName: 'Cambiado' }]);
  });

  it('when a next link points at another host, then the credentials are not sent there and the pull fails', async () => {
    const seen: string[] = [];
    const fakeNetwork: typeof fetch = async (input) => {
      const url = String(input);
      seen.push(url);
      const bundle = { resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'next', url: 'https://elsewhere.example/fhir/Patient?page=2' }], entry: [] };
      return new Response(JSON.stringify(bundle), { status: 200, headers: { 'content-type': 'application/fhir+json' } });
    };
    const pull = collect(connect({ baseUrl: 'https://pms.example/fhir', token: 'secret-token' }, fakeNetwork).pull('patients', { since: null }));
    await expect(pull).rejects.toThrow(/another host/);
    expect(seen).toEqual([expect.stringMatching(/^https:\/\/pms\.example\/fhir\/Patient\?/)]);
  });

  it('when the server is not FHIR R4, then the connection test says so', async () => {
    const stu3: typeof fetch = async () => new Response(JSON.stringify({ resourceType: 'CapabilityStatement', fhirVersion: '3.0.2' }), { status: 200 });
    await expect(connect({ baseUrl: 'https://old.example/fhir' }, stu3).testConnection()).rejects.toThrow(/not R4/);
  });
});
