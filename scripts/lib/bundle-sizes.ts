/**
 * Sizes of the built renderer from Vite's manifest (out/renderer/.vite/manifest.json): what the
 * first screen loads, and what each lazily loaded screen adds on its first visit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The fields of a Vite manifest chunk used here. */
export interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  css?: string[];
}

export type Manifest = Record<string, ManifestChunk>;

export interface Size {
  raw: number;
  gzip: number;
}

export interface ChunkGroup {
  /** The chunk's module name (the screen's file name), e.g. DashboardPage. */
  name: string;
  /** The files it loads, static imports included. */
  files: string[];
}

export interface BundleReport {
  initial: { js: string[]; css: string[] };
  /** Per dynamically imported chunk, the files it loads that the first screen did not. */
  lazy: ChunkGroup[];
}

/** The manifest keys a chunk loads: itself and its static imports, transitively. */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`The manifest names a chunk it does not describe: ${key}`);
  seen.add(key);
  for (const imported of chunk.imports ?? []) closure(manifest, imported, seen);
  return seen;
}

export function analyseManifest(manifest: Manifest): BundleReport {
  const entries = Object.keys(manifest).filter((key) => manifest[key]!.isEntry);
  if (entries.length !== 1) throw new Error(`Expected one entry chunk in the manifest, found ${entries.length}`);
  const initialKeys = closure(manifest, entries[0]!);
  const filesOf = (keys: Iterable<string>, kind: 'js' | 'css') =>
    [...keys].flatMap((key) => (kind === 'js' ? [manifest[key]!.file] : (manifest[key]!.css ?? []))).filter((file) => file.endsWith(`.${kind}`));
  const initialJs = filesOf(initialKeys, 'js');
  const initialCss = new Set(filesOf(initialKeys, 'css'));
  const lazy = Object.keys(manifest)
    .filter((key) => manifest[key]!.isDynamicEntry)
    .map((key) => {
      const keys = [...closure(manifest, key)].filter((k) => !initialKeys.has(k));
      const files = [...filesOf(keys, 'js'), ...filesOf(keys, 'css').filter((file) => !initialCss.has(file))];
      return { name: manifest[key]!.name ?? key, files: [...new Set(files)] };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { initial: { js: initialJs, css: [...initialCss] }, lazy };
}

/** Bytes on disk and gzip (level 9), summed over `files` under `dir`. */
export function sizeOf(dir: string, files: readonly string[]): Size {
  return files.reduce(
    (total, file) => {
      const bytes = readFileSync(join(dir, file));
      return { raw: total.raw + bytes.length, gzip: total.gzip + gzipSync(bytes, { level: 9 }).length };
    },
    { raw: 0, gzip: 0 },
  );
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}
