import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_RETENTION, type RetentionPolicy } from '../store/retention.ts';

/**
 * The running organisation's settings in helpflow.config.json (beside the `sources` that
 * `helpflow sync` reads): `retention`, and `oidc` for single sign-on. A missing file means the
 * defaults.
 *
 *   { "retention": { "days": 730, "auditDays": 730 } }
 */
export interface DeployConfig {
  file: string;
  retention: RetentionPolicy;
  /** Single sign-on, when configured. */
  oidc: OidcSettings | null;
  /**
   * Trust X-Forwarded-* from a reverse proxy (fastify's trustProxy: true, or the proxies'
   * addresses), so that the client's address and https are seen as the proxy saw them.
   */
  trustProxy: boolean | string;
}

/**
 * OpenID Connect sign-in (`"oidc"` in the file). The client secret is never in the file:
 * `clientSecretEnv` names the environment variable that holds it.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecretEnv: string | null;
  /** The address people open helpflow at (the callback is PUBLIC_URL/auth/callback); by
   * default the one each request came in on. */
  publicUrl: string | null;
  /** The ID token claim matched to the org chart's e-mail (a verified `email` by default). */
  claim: string;
  groupsClaim: string;
  adminGroups: string[];
  analystGroups: string[];
  adminEmails: string[];
  analystEmails: string[];
  sessionHours: number;
  scopes: string;
}

export const OIDC_DEFAULTS: Omit<OidcSettings, 'issuer' | 'clientId'> = {
  clientSecretEnv: null,
  publicUrl: null,
  claim: 'email',
  groupsClaim: 'groups',
  adminGroups: [],
  analystGroups: [],
  adminEmails: [],
  analystEmails: [],
  sessionHours: 8,
  scopes: 'openid email profile',
};

export class DeployConfigError extends Error {
  override name = 'DeployConfigError';
}

export function loadDeployConfig(file: string): DeployConfig {
  if (!existsSync(file)) {
    return { file, retention: { ...DEFAULT_RETENTION }, oidc: null, trustProxy: false };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DeployConfigError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(parsed)) throw new DeployConfigError(`${file}: expected a JSON object`);
  const trustProxy = parsed.trustProxy ?? false;
  if (!['boolean', 'string'].includes(typeof trustProxy)) {
    throw new DeployConfigError(
      `${file}, "trustProxy": expected true or the proxies' addresses ("10.0.0.1,10.0.0.2", CIDR ranges too)`,
    );
  }
  return {
    file,
    retention: parseRetention(parsed.retention, file),
    oidc: parsed.oidc === undefined ? null : parseOidc(parsed.oidc, file),
    trustProxy: trustProxy as boolean | string,
  };
}

/** Checks the `oidc` object of the file (or built from --oidc-issuer and --oidc-client-id). */
export function parseOidc(raw: unknown, file: string): OidcSettings {
  const where = (key: string) => `${file}, "oidc.${key}"`;
  if (!isObject(raw)) throw new DeployConfigError(`${file}, "oidc": expected an object`);
  const settings: Record<string, unknown> = { ...OIDC_DEFAULTS };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'clientSecret') {
      throw new DeployConfigError(
        `${where(key)}: secrets never go in the file: put it in an environment variable and name it in "clientSecretEnv"`,
      );
    }
    const expected = key in OIDC_DEFAULTS || key === 'issuer' || key === 'clientId';
    if (!expected) {
      throw new DeployConfigError(
        `${where(key)}: unknown field (expected issuer, clientId, ${Object.keys(OIDC_DEFAULTS).join(', ')})`,
      );
    }
    const wanted = Array.isArray((OIDC_DEFAULTS as Record<string, unknown>)[key])
      ? 'list'
      : key === 'sessionHours'
        ? 'number'
        : 'string';
    const ok =
      wanted === 'list'
        ? Array.isArray(value) && value.every((item) => typeof item === 'string')
        : wanted === 'number'
          ? typeof value === 'number' && value > 0
          : typeof value === 'string' && value.trim() !== '';
    if (!ok) {
      throw new DeployConfigError(
        `${where(key)}: expected ${wanted === 'list' ? 'a list of strings' : wanted === 'number' ? 'a number of hours > 0' : 'a non-empty string'}`,
      );
    }
    settings[key] = value;
  }
  for (const key of ['issuer', 'clientId']) {
    if (typeof settings[key] !== 'string') {
      throw new DeployConfigError(`${where(key)}: required to sign in with OpenID Connect`);
    }
  }
  try {
    new URL(settings.issuer as string);
  } catch {
    throw new DeployConfigError(`${where('issuer')}: "${String(settings.issuer)}" is not a URL`);
  }
  const lower = (list: unknown) => (list as string[]).map((item) => item.toLowerCase());
  settings.adminEmails = lower(settings.adminEmails);
  settings.analystEmails = lower(settings.analystEmails);
  return settings as unknown as OidcSettings;
}

function parseRetention(raw: unknown, file: string): RetentionPolicy {
  if (raw === undefined) return { ...DEFAULT_RETENTION };
  if (!isObject(raw)) throw new DeployConfigError(`${file}, "retention": expected an object`);
  const policy = { ...DEFAULT_RETENTION };
  for (const [key, value] of Object.entries(raw)) {
    if (key !== 'days' && key !== 'auditDays') {
      throw new DeployConfigError(
        `${file}, "retention.${key}": unknown field (expected days, auditDays)`,
      );
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new DeployConfigError(
        `${file}, "retention.${key}": expected a whole number of days (0 keeps everything)`,
      );
    }
    policy[key] = value;
  }
  return policy;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
