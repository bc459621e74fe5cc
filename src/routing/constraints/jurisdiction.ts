/**
 * Jurisdiction allow and deny lists. A model's jurisdiction is its provider's (`provider.jurisdiction`:
 * an ISO country code, `local`, or `unknown`). Lists accept ISO codes, `local`, and the group `EU`
 * (the 27 member states). Every policy must be satisfied: a header can narrow what a key or route allows,
 * never widen it. An allow list excludes `unknown` (fail closed).
 */
import { GatewayError } from '../../errors.js';
import type { JurisdictionPolicy } from './types.js';

export const EU_MEMBERS: readonly string[] = Object.freeze([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

/** The request header a client may send to narrow jurisdictions, e.g. `US,FR` or `!CN` or `EU,!DE`. */
export const JURISDICTION_HEADER = 'x-switchyard-jurisdictions';

/** ISO 3166-1 alpha-2, plus XK (Kosovo, in common use). `UK` is not one: the United Kingdom is GB. */
const ISO_CODES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
    'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
    'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
    'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
    'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
    'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW'
  ).split(' '),
);
const SPECIAL = new Set(['LOCAL', 'UNKNOWN', 'EU']);

/**
 * True when `code` is an accepted list entry (ISO alpha-2, `local`, `unknown`, `EU`). A made-up code such
 * as `UK` would match no provider, so an allow list holding it silently excludes the country it meant.
 */
export function isJurisdictionCode(code: string): boolean {
  const u = code.toUpperCase();
  return ISO_CODES.has(u) || SPECIAL.has(u);
}

/** Upper-cases and expands `EU` into its members. */
export function expandCodes(codes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const c of codes) {
    const u = c.trim().toUpperCase();
    if (u === 'EU') for (const m of EU_MEMBERS) out.add(m);
    else if (u) out.add(u);
  }
  return [...out];
}

/** A normalised policy (codes expanded), or undefined when both lists are empty. */
export function makePolicy(source: string, allow?: readonly string[], deny?: readonly string[]): JurisdictionPolicy | undefined {
  const a = allow && allow.length > 0 ? expandCodes(allow) : undefined;
  const d = deny && deny.length > 0 ? expandCodes(deny) : undefined;
  if (!a && !d) return undefined;
  return Object.freeze({ source, ...(a ? { allow: Object.freeze(a) } : {}), ...(d ? { deny: Object.freeze(d) } : {}) });
}

/**
 * Parses `x-switchyard-jurisdictions`: codes separated by commas or spaces; `!CN` or `-CN` denies, a bare
 * code allows. Throws a 400 GatewayError on a malformed entry.
 */
export function parseJurisdictionHeader(value: string | string[] | undefined): JurisdictionPolicy | undefined {
  if (value === undefined) return undefined;
  const { allow, deny } = splitJurisdictionList(Array.isArray(value) ? value.join(',') : value, (raw) => {
    throw new GatewayError(
      'SY_ERR_INVALID_REQUEST',
      `header ${JURISDICTION_HEADER}: "${raw.slice(0, 32)}" is not a jurisdiction (use ISO country codes, local or EU; prefix ! to deny, e.g. "US,FR" or "!CN")`,
      null,
    );
  });
  return makePolicy('header', allow, deny);
}

/**
 * The list syntax of the header and of `keys --jurisdictions`: codes separated by commas or spaces;
 * `!CN` or `-CN` denies, a bare code allows. `onBad` is called with an entry that is not a code (when given).
 */
export function splitJurisdictionList(text: string, onBad?: (raw: string) => void): { allow: string[]; deny: string[] } {
  const allow: string[] = [];
  const deny: string[] = [];
  for (const raw of text.split(/[\s,]+/)) {
    if (!raw) continue;
    const negated = raw.startsWith('!') || raw.startsWith('-');
    const code = negated ? raw.slice(1) : raw;
    if (onBad && !isJurisdictionCode(code)) onBad(raw);
    (negated ? deny : allow).push(code);
  }
  return { allow, deny };
}

/** Why `jurisdiction` violates one of `policies`, or undefined when every policy allows it. */
export function jurisdictionViolation(jurisdiction: string, policies: readonly JurisdictionPolicy[]): string | undefined {
  if (policies.length === 0) return undefined;
  const j = (jurisdiction || 'unknown').toUpperCase();
  for (const p of policies) {
    if (p.deny?.includes(j)) return `${j} denied by ${p.source}`;
    if (p.allow && !p.allow.includes(j)) return `${j} not allowed by ${p.source}`;
  }
  return undefined;
}
