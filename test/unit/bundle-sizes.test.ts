import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { analyseManifest, sizeOf, type Manifest } from '../../scripts/lib/bundle-sizes';

/** The shape Vite writes: an entry, its shared chunk, two screens sharing a chunk of their own, a chart behind one of them. */
const MANIFEST: Manifest = {
  'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_vendor.js'], css: ['assets/index.css'], src: 'index.html' },
  '_vendor.js': { file: 'assets/vendor.js', name: 'vendor' },
  '_NumberInput.js': { file: 'assets/NumberInput.js', name: 'NumberInput', imports: ['index.html'] },
  'src/features/settings/SettingsPage.tsx': { file: 'assets/SettingsPage.js', name: 'SettingsPage', isDynamicEntry: true, imports: ['index.html', '_NumberInput.js'] },
  'src/features/reports/ReportsPage.tsx': { file: 'assets/ReportsPage.js', name: 'ReportsPage', isDynamicEntry: true, imports: ['index.html', '_NumberInput.js', '_vendor.js'] },
  'src/features/measures/TrendLines.tsx': { file: 'assets/TrendLines.js', name: 'TrendLines', isDynamicEntry: true, imports: ['index.html'], css: ['assets/TrendLines.css', 'assets/index.css'] },
};

describe('bundle sizes from the Vite manifest', () => {
  it('counts the entry and its static imports as initial, and per lazy chunk only what it adds', () => {
    const report = analyseManifest(MANIFEST);
    expect(report.initial).toEqual({ js: ['assets/index.js', 'assets/vendor.js'], css: ['assets/index.css'] });
    expect(report.lazy).toEqual([
      { name: 'ReportsPage', files: ['assets/ReportsPage.js', 'assets/NumberInput.js'] },
      { name: 'SettingsPage', files: ['assets/SettingsPage.js', 'assets/NumberInput.js'] },
      // CSS already loaded at start is not counted again.
      { name: 'TrendLines', files: ['assets/TrendLines.js', 'assets/TrendLines.css'] },
    ]);
  });

  it('refuses a manifest without exactly one entry, or naming a chunk it does not describe', () => {
    expect(() => analyseManifest({ a: { file: 'a.js' } })).toThrow('Expected one entry chunk in the manifest, found 0');
    expect(() => analyseManifest({ 'index.html': { file: 'i.js', isEntry: true, imports: ['_gone.js'] } })).toThrow('does not describe: _gone.js');
  });

  describe('sizeOf', () => {
    let dir = '';
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('sums the bytes on disk and gzipped', () => {
      dir = mkdtempSync(join(tmpdir(), 'waypoint-bundle-'));
      const a = Buffer.from('const a = 1;\n'.repeat(200));
      const b = Buffer.from('export default "b";\n');
      writeFileSync(join(dir, 'a.js'), a);
      writeFileSync(join(dir, 'b.js'), b);
      const size = sizeOf(dir, ['a.js', 'b.js']);
      expect(size.raw).toBe(a.length + b.length);
      expect(size.gzip).toBe(gzipSync(a, { level: 9 }).length + gzipSync(b, { level: 9 }).length);
      expect(size.gzip).toBeLessThan(size.raw);
    });
  });
});
