import { useEffect, useState } from 'react';
import { Alert, Button, CloseButton, Group, List, Loader, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { checkScanFile, checkScanFiles, fileSize, MAX_SCAN_FILE_BYTES, mebibytes, SCAN_EXTENSIONS, SCAN_TYPES, ScanError, type ScanFile } from '../../../../shared/part2';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';
import { errorText, sharedText } from '../../i18n/shared';

/** What a scan is kept with: a paper consent, or the written revocation of one. */
type Paper = 'consent' | 'revocation';

/** A file as listed: its name, kind and size. */
const describeFile = (f: ScanFile) => st('part2.ConsentScan.file', { fileName: f.name, kind: sharedText(SCAN_TYPES[f.type].label), size: fileSize(f.bytes.byteLength) });

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
      (error: unknown) => live && setLoaded({ error: errorText(error) }),
    );
    return () => {
      live = false;
      urls.forEach((url) => URL.revokeObjectURL(url));
    };
  }, [part2, scanRef]);
  return loaded;
}

/** The scanned pages of a paper consent or revocation: images shown, every file can be saved as a copy. */
export function ConsentScan({ scanRef, of = 'consent', printing = false }: { scanRef: string; of?: Paper; printing?: boolean }) {
  const { bridge } = useServices();
  const loaded = useScan(scanRef);
  const [saved, setSaved] = useState<string | null>(null);
  if (loaded === null) return <Loader size="sm" aria-label={st('part2.ConsentScan.opening')} />;
  if ('error' in loaded)
    return (
      <Alert color="yellow" role="status">
        {loaded.error}
      </Alert>
    );
  const save = async (f: ScanFile) => {
    const result = await bridge.saveFile({ suggestedName: f.name, mimeType: f.type, data: f.bytes as Uint8Array<ArrayBuffer>, filters: [{ name: sharedText(SCAN_TYPES[f.type].label), extensions: f.type === 'application/pdf' ? ['pdf'] : f.type === 'image/png' ? ['png'] : ['jpg', 'jpeg'] }] });
    setSaved(result.saved ? st('part2.ConsentScan.saved', { fileName: f.name }) : null);
  };
  return (
    <Stack gap="xs">
      {loaded.files.map((f, i) => (
        <Stack key={`${f.name}-${i}`} gap={4}>
          <Group gap="xs">
            <Text size="sm">{describeFile(f)}</Text>
            {!printing && (
              <Button size="compact-xs" variant="default" leftSection={<IconDownload size={12} aria-hidden />} onClick={() => void save(f)}>
                {st('part2.ConsentScan.saveACopy')}
              </Button>
            )}
          </Group>
          {f.type === 'application/pdf' ? (
            <Text size="sm" c="dimmed">
              {printing ? st(`part2.ConsentScan.pdfKeptWith.${of}`, { fileName: f.name }) : st('part2.ConsentScan.pdfSaveToOpen')}
            </Text>
          ) : (
            <img src={f.url} alt={st(`part2.ConsentScan.pageOf.${of}`, { page: i + 1 })} style={{ maxWidth: '100%', border: '1px solid var(--mantine-color-gray-3)' }} />
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

/**
 * The scanned pages of a paper consent or a written revocation, as they are being recorded: picked
 * from disk one file at a time, checked at once, listed with their sizes.
 */
export function ScanPicker({ id, of = 'consent', files, error, onChange }: { id: string; of?: Paper; files: ScanFile[]; error: string | undefined; onChange: (files: ScanFile[]) => void }) {
  const { bridge } = useServices();
  const [problem, setProblem] = useState<string | null>(null);
  const pick = async () => {
    setProblem(null);
    try {
      const picked = await bridge.openFile({ filters: [{ name: st('part2.ConsentScan.fileKinds'), extensions: SCAN_EXTENSIONS }], maxBytes: MAX_SCAN_FILE_BYTES });
      if (!picked.opened) return;
      const next = [...files, checkScanFile(picked.name, picked.data)];
      checkScanFiles(next);
      onChange(next);
    } catch (failure) {
      const message = errorText(failure);
      // The bridge's own limit speaks in bytes: say it as the scan's rule does.
      setProblem(failure instanceof ScanError ? errorText(failure) : /larger than/.test(message) ? st('part2.ConsentScan.tooLarge', { limit: mebibytes(MAX_SCAN_FILE_BYTES) }) : st('part2.ConsentScan.unreadable', { message }));
    }
  };
  const shown = problem ?? error;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Button size="compact-sm" variant="default" onClick={() => void pick()} aria-invalid={shown !== undefined} aria-describedby={shown !== undefined ? `${id}-error` : undefined}>
          {st('part2.ConsentScan.addAPage')}
        </Button>
        <Text size="xs" c="dimmed">
          {st('part2.ConsentScan.accepted', { limit: mebibytes(MAX_SCAN_FILE_BYTES) })}
        </Text>
      </Group>
      {files.length > 0 && (
        <List size="sm" aria-label={st(`part2.ConsentScan.toKeepWith.${of}`)}>
          {files.map((f, i) => (
            <List.Item key={`${f.name}-${i}`}>
              <Group gap={4} wrap="nowrap">
                {describeFile(f)}
                <CloseButton size="sm" aria-label={st('part2.ConsentScan.remove', { fileName: f.name })} onClick={() => onChange(files.filter((_, j) => j !== i))} />
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      {shown !== undefined && (
        <Text size="sm" c="red.9" id={`${id}-error`} role="alert">
          {shown}
        </Text>
      )}
    </Stack>
  );
}
