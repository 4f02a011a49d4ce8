/** Server configuration from environment variables (documented in docs/SERVER.md). */
import { z } from 'zod';

const envSchema = z
  .object({
    DATABASE_URL: z.string().optional(),
    WAYPOINT_DATA_DIR: z.string().default('./server-data'),
    WAYPOINT_REGISTRATION_SECRET: z.string().min(16, 'use at least 16 characters').max(256).optional(),
    HOST: z.string().default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
    TLS_CERT_FILE: z.string().optional(),
    TLS_KEY_FILE: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    WAYPOINT_CORS_ORIGINS: z.string().optional(),
  })
  .refine((env) => (env.TLS_CERT_FILE === undefined) === (env.TLS_KEY_FILE === undefined), { message: 'set both TLS_CERT_FILE and TLS_KEY_FILE, or neither' });

export type ServerConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv) {
  // An empty variable means unset, as in most shells' `VAR= command`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) throw new Error(`Invalid configuration: ${result.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`).join('; ')}`);
  const { WAYPOINT_CORS_ORIGINS, ...rest } = result.data;
  return {
    ...rest,
    corsOrigins: (WAYPOINT_CORS_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  };
}
