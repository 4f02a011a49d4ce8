/**
 * What the test suite needs from the operating system, installed when it can be (Debian as root)
 * and named precisely when it cannot.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './chromium';
import { findPostgresBin, POSTGRES_APT_PACKAGE } from './postgres';

interface SystemDep {
  what: string;
  present: () => boolean;
  aptPackages: string[];
}

const DEPS: SystemDep[] = [
  { what: `Chromium (${CHROMIUM_PATH})`, present: () => existsSync(CHROMIUM_PATH), aptPackages: ['chromium'] },
  // The server tests start a throwaway PostgreSQL cluster (initdb, pg_ctl).
  { what: 'PostgreSQL server (initdb, pg_ctl)', present: () => findPostgresBin() !== null, aptPackages: [POSTGRES_APT_PACKAGE] },
];

function canApt(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

/** Returns the list of missing things it could not install (empty when all is present). */
export function ensureSystemDeps(): string[] {
  const missing = DEPS.filter((dep) => !dep.present());
  if (missing.length === 0) return [];
  if (canApt()) {
    const packages = missing.flatMap((dep) => dep.aptPackages);
    console.log(`[setup] installing ${packages.join(', ')} with apt-get`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  }
  return DEPS.filter((dep) => !dep.present()).map((dep) => `${dep.what}: install the Debian/Ubuntu package(s) ${dep.aptPackages.join(', ')}`);
}
