/** Server configuration from environment variables (documented in docs/SERVER.md). */
import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_DEVICE_LIMITS, type DeviceLimits } from './limits';

/** The packaged desktop app's origin (its privileged `app://` scheme): answered by default. */
export const DESKTOP_APP_ORIGIN = 'app://waypoint';

const LOOPBACK_HOSTS = new Set(['localhost', '::1']);
const isLoopback = (host: string): boolean => LOOPBACK_HOSTS.has(host) || (isIP(host) === 4 && host.startsWith('127.'));

const databaseUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '' && url.pathname.length > 1;
    } catch {
      return false;
    }
  },
  { message: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/database (or leave it unset for the embedded database)' },
);

const envSchema = z
  .object({
    DATABASE_URL: databaseUrl.optional(),
    WAYPOINT_DATA_DIR: z.string().default('./server-data'),
    WAYPOINT_REGISTRATION_SECRET: z.string().min(16, 'use at least 16 characters').max(256).optional(),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
    TLS_CERT_FILE: z.string().optional(),
    TLS_KEY_FILE: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    WAYPOINT_CORS_ORIGINS: z.string().optional(),
    WAYPOINT_UPDATES_DIR: z.string().optional(),
    WAYPOINT_DEVICE_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(DEFAULT_DEVICE_LIMITS.requestsPerMinute),
    WAYPOINT_DEVICE_CONCURRENT_REQUESTS: z.coerce.number().int().min(1).default(DEFAULT_DEVICE_LIMITS.concurrentRequests),
    WAYPOINT_DEVICE_STREAMS: z.coerce.number().int().min(1).default(DEFAULT_DEVICE_LIMITS.streams),
    /** How long start-up waits for PostgreSQL before giving up (a service manager restarts it). */
    WAYPOINT_DB_WAIT_SECONDS: z.coerce.number().int().min(0).max(86_400).default(120),
  })
  .refine((env) => (env.TLS_CERT_FILE === undefined) === (env.TLS_KEY_FILE === undefined), { message: 'set both TLS_CERT_FILE and TLS_KEY_FILE, or neither' })
  .refine((env) => env.WAYPOINT_REGISTRATION_SECRET !== undefined || isLoopback(env.HOST), {
    path: ['WAYPOINT_REGISTRATION_SECRET'],
    message: 'required when HOST is not a loopback address: without it the first caller to register would own the server',
  });

export type ServerConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv) {
  // An empty variable means unset, as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) throw new Error(`Invalid configuration: ${result.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`).join('; ')}`);
  const { WAYPOINT_CORS_ORIGINS, WAYPOINT_DEVICE_REQUESTS_PER_MINUTE, WAYPOINT_DEVICE_CONCURRENT_REQUESTS, WAYPOINT_DEVICE_STREAMS, ...rest } = result.data;
  const deviceLimits: DeviceLimits = { requestsPerMinute: WAYPOINT_DEVICE_REQUESTS_PER_MINUTE, concurrentRequests: WAYPOINT_DEVICE_CONCURRENT_REQUESTS, streams: WAYPOINT_DEVICE_STREAMS };
  const listed = (WAYPOINT_CORS_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  // Every file:// page and sandboxed frame sends `Origin: null`: answering it would answer them all.
  if (listed.includes('null')) throw new Error('Invalid configuration: WAYPOINT_CORS_ORIGINS: "null" cannot be allowed (any local file or sandboxed page sends it); the desktop app uses app://waypoint, allowed by default');
  return { ...rest, deviceLimits, corsOrigins: [...new Set([DESKTOP_APP_ORIGIN, ...listed])] };
}
