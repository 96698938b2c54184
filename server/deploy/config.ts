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
}

export class DeployConfigError extends Error {
  override name = 'DeployConfigError';
}

export function loadDeployConfig(file: string): DeployConfig {
  if (!existsSync(file)) return { file, retention: { ...DEFAULT_RETENTION } };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DeployConfigError(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(parsed)) throw new DeployConfigError(`${file}: expected a JSON object`);
  return { file, retention: parseRetention(parsed.retention, file) };
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
