// Where a webhook may go. A Plangate server sits inside the vendor's network: an endpoint URL must
// never make it call an internal service or a cloud metadata API (SSRF). The rules are checked when
// an endpoint is registered AND at every connect, in the HTTP agent's DNS lookup, so a name whose
// answer changed since registration (DNS rebinding) is caught before a byte is sent.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface AddressRules {
  /** Development only (PLANGATE_DEV=1): loopback addresses, and http to them, are allowed. */
  allowLoopback: boolean;
}

/** Resolves a host name to all its addresses (dns.lookup by default; tests may pass their own). */
export type HostResolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: HostResolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/** Cloud metadata services that some ranges below would not name on their own. */
const metadataAddresses = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200', '192.0.0.192']);

const MAX_URL_LENGTH = 2048;

/**
 * What kind of address it is when it may not be called ("a private address (10.0.0.7)"), or
 * undefined when it may. IPv4-mapped IPv6 counts as its IPv4.
 */
export function addressRefusal(address: string, rules: AddressRules): string | undefined {
  if (!ipaddr.isValid(address)) return `something that is not an IP address (${address})`;
  const ip = ipaddr.process(address);
  const text = ip.toString();
  if (metadataAddresses.has(text)) return `a cloud metadata address (${text})`;
  const range = ip.range();
  if (range === 'loopback') return rules.allowLoopback ? undefined : `a loopback address (${text})`;
  if (range !== 'unicast') return `${describe(range)} (${text})`;
  // Global unicast IPv6 is 2000::/3; anything else unnamed (IPv4-compatible ::a.b.c.d, ...) is refused.
  if (ip.kind() === 'ipv6' && !ip.match(ipaddr.parseCIDR('2000::/3')))
    return `an address outside global unicast (${text})`;
  return undefined;
}

function describe(range: string): string {
  const names: Record<string, string> = {
    private: 'a private address',
    linkLocal: 'a link-local address',
    carrierGradeNat: 'a carrier-grade NAT (CGNAT) address',
    uniqueLocal: 'a unique-local address',
    multicast: 'a multicast address',
    unspecified: 'the unspecified address',
    broadcast: 'the broadcast address',
    reserved: 'a reserved address',
  };
  return names[range] ?? `a special-purpose address (${range})`;
}

/** `localhost` and its subdomains are loopback by definition (RFC 6761). */
function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/** The URL's host as an IP address ("[::1]" -> "::1"), or undefined for a name. */
export function literalAddress(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) ? host : undefined;
}

/**
 * The parse-time rules (no DNS): an absolute https URL, or http to loopback in development; no
 * credentials; a literal address must itself be allowed. Returns the URL or why it is refused.
 */
export function parseEndpointUrl(raw: string, rules: AddressRules): { url: URL } | { problem: string } {
  if (raw.length > MAX_URL_LENGTH) return { problem: `must be at most ${MAX_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { problem: 'must be an absolute URL such as https://app.example.com/webhooks/plangate' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { problem: `must use https, not ${url.protocol.replace(/:$/, '')}` };
  if (url.username || url.password) return { problem: 'must not carry a user name or password' };
  if (url.hash) return { problem: 'must not have a #fragment' };
  const literal = literalAddress(url);
  if (url.protocol === 'http:') {
    const loopback = literal ? ipaddr.process(literal).range() === 'loopback' : isLocalhostName(url.hostname);
    if (!rules.allowLoopback || !loopback)
      return {
        problem: rules.allowLoopback
          ? 'must use https (http only to a loopback address such as 127.0.0.1 or localhost)'
          : 'must use https',
      };
  }
  if (literal) {
    const refusal = addressRefusal(literal, rules);
    if (refusal) return { problem: `may not point at ${refusal}` };
  } else if (isLocalhostName(url.hostname) && !rules.allowLoopback) {
    return { problem: `may not point at ${url.hostname}, a loopback name` };
  }
  return { url };
}

/**
 * The registration check: the parse-time rules, then every address the name resolves to now. A name
 * that does not resolve (yet) is accepted: it is checked again at each connect.
 */
export async function checkEndpointUrl(
  raw: string,
  rules: AddressRules,
  resolve: HostResolver = systemResolver,
): Promise<{ url: URL } | { problem: string }> {
  const parsed = parseEndpointUrl(raw, rules);
  if (!('url' in parsed) || literalAddress(parsed.url)) return parsed;
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(parsed.url.hostname);
  } catch {
    return parsed;
  }
  for (const { address } of addresses) {
    const refusal = addressRefusal(address, rules);
    if (refusal) return { problem: `may not point at ${parsed.url.hostname}: it resolves to ${refusal}` };
  }
  return parsed;
}

/** Raised at connect time when the URL's host (now) resolves to an address that is refused. */
export class RefusedAddressError extends Error {
  readonly code = 'EWEBHOOKREFUSEDADDRESS';
  constructor(message: string) {
    super(message);
    this.name = 'RefusedAddressError';
  }
}

/**
 * A `lookup` for http.request/net.connect that resolves with `resolve` and refuses the connection
 * when any address of the answer is not allowed (one bad answer is enough to distrust the name).
 */
export function guardedLookup(rules: AddressRules, resolve: HostResolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        const family = typeof options.family === 'number' ? options.family : 0;
        const usable = addresses.filter((a) => family === 0 || a.family === family);
        for (const { address } of addresses) {
          const refusal = addressRefusal(address, rules);
          if (refusal) return callback(new RefusedAddressError(`${hostname} resolves to ${refusal}`), '', 0);
        }
        const first = usable[0];
        if (!first) {
          const error = Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
          return callback(error, '', 0);
        }
        if (options.all) return (callback as (e: null, a: LookupAddress[]) => void)(null, usable);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
