import { useEffect, useState } from 'react';
import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { fileSize, SCAN_TYPES, type ScanFile } from '../../../../shared/part2';
import { useServices } from '../../app/services';

type Loaded = { files: (ScanFile & { url: string })[] } | { error: string } | null;

/**
 * A scan's files, opened and given object URLs for as long as the component shows them. Images
 * show in the page; a PDF cannot (the app's content policy allows no frames or objects), so it is
 * saved as a file for the system's PDF viewer, which prints it.
 */
export function useScan(scanRef: string | undefined): Loaded {
  const { part2 } = useServices();
  const [loaded, setLoaded] = useState<Loaded>(null);
  useEffect(() => {
    if (scanRef === undefined) return undefined;
    let urls: string[] = [];
    let live = true;
    part2.scan(scanRef).then(
      (files) => {
        if (!live) return;
        const shown = files.map((f) => ({ ...f, url: URL.createObjectURL(new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: f.type })) }));
        urls = shown.map((f) => f.url);
        setLoaded({ files: shown });
      },
      (error: unknown) => live && setLoaded({ error: (error as Error).message }),
    );
    return () => {
      live = false;
      urls.forEach((url) => URL.revokeObjectURL(url));
    };
  }, [part2, scanRef]);
  return loaded;
}

/** The scanned pages of a paper consent: images shown, every file can be saved as a copy. */
export function ConsentScan({ scanRef, printing = false }: { scanRef: string; printing?: boolean }) {
  const { bridge } = useServices();
  const loaded = useScan(scanRef);
  const [saved, setSaved] = useState<string | null>(null);
  if (loaded === null) return <Loader size="sm" aria-label="Opening the scanned pages" />;
  if ('error' in loaded)
    return (
      <Alert color="yellow" role="status">
        {loaded.error}
      </Alert>
    );
  const save = async (f: ScanFile) => {
    const result = await bridge.saveFile({ suggestedName: f.name, mimeType: f.type, data: f.bytes as Uint8Array<ArrayBuffer>, filters: [{ name: SCAN_TYPES[f.type].label, extensions: f.type === 'application/pdf' ? ['pdf'] : f.type === 'image/png' ? ['png'] : ['jpg', 'jpeg'] }] });
    setSaved(result.saved ? `Saved ${f.name}` : null);
  };
  return (
    <Stack gap="xs">
      {loaded.files.map((f, i) => (
        <Stack key={`${f.name}-${i}`} gap={4}>
          <Group gap="xs">
            <Text size="sm">
              {f.name} ({SCAN_TYPES[f.type].label}, {fileSize(f.bytes.byteLength)})
            </Text>
            {!printing && (
              <Button size="compact-xs" variant="default" leftSection={<IconDownload size={12} aria-hidden />} onClick={() => void save(f)}>
                Save a copy
              </Button>
            )}
          </Group>
          {f.type === 'application/pdf' ? (
            <Text size="sm" c="dimmed">
              {printing ? `Scanned PDF kept with the consent: ${f.name} (print it from a saved copy).` : 'A PDF: save a copy to open or print it.'}
            </Text>
          ) : (
            <img src={f.url} alt={`Scanned page ${i + 1} of the paper consent`} style={{ maxWidth: '100%', border: '1px solid var(--mantine-color-gray-3)' }} />
          )}
        </Stack>
      ))}
      {saved && (
        <Text size="sm" role="status">
          {saved}
        </Text>
      )}
    </Stack>
  );
}
