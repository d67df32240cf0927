// Who is really asking: the socket's address, or what the configured proxies in front of us say (X-Forwarded-For),
// walked like Express's `trust proxy` (proxy-addr): from the socket inwards, each trusted hop's word is taken for
// the next one, and the first untrusted address is the client. Anything a client writes in the header itself is
// only read when a trusted proxy passed it on, so rotating the header from outside changes nothing.
import { BlockList, isIP } from 'node:net';
import type { Request } from 'express';
import type { TrustProxy } from '../../config/env.ts';

/** `(request) => address`, with the trust compiled once. */
export function clientAddress(trust: TrustProxy): (request: Request) => string {
  const trusts = compileTrust(trust);
  return (request) => {
    const socketAddress = plain(request.socket.remoteAddress ?? '');
    const forwarded = String(request.headers['x-forwarded-for'] ?? '')
      .split(',')
      .slice(-MAX_HOPS)
      .map((entry) => plain(entry.trim()))
      .filter(Boolean)
      .reverse();
    const hops = [socketAddress, ...forwarded];
    for (let index = 0; index < hops.length - 1; index++) {
      if (!trusts(hops[index] ?? '', index)) return hops[index] ?? '';
    }
    return hops[hops.length - 1] ?? '';
  };
}

/** No real chain of proxies is this long; a longer header is someone padding it. */
const MAX_HOPS = 20;

const NAMED_RANGES: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

function compileTrust(trust: TrustProxy): (address: string, hop: number) => boolean {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  const proxies = new BlockList();
  for (const entry of trust.flatMap((name) => NAMED_RANGES[name] ?? [name])) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) proxies.addAddress(address, family);
    else proxies.addSubnet(address, Number(prefix), family);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && proxies.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}
