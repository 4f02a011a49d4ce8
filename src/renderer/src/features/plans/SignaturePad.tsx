import { useRef, useState } from 'react';
import { Button, Group, Stack, Text } from '@mantine/core';
import { st } from '../../i18n/staff';

/**
 * The client signs on the laptop's touchpad or screen. Pointer input only by nature; the plan
 * page offers "signed on paper" beside it for anyone who cannot use it.
 */
export function SignaturePad({ onSave }: { onSave: (pngDataUrl: string) => Promise<unknown> }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [empty, setEmpty] = useState(true);
  const context = () => canvas.current?.getContext('2d') ?? null;
  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - box.left) * e.currentTarget.width) / box.width, ((e.clientY - box.top) * e.currentTarget.height) / box.height] as const;
  };
  return (
    <Stack gap={4}>
      <Text size="sm">{st('plans.SignaturePad.clientSignature')}</Text>
      <canvas
        ref={canvas}
        width={480}
        height={120}
        role="img"
        aria-label={st('plans.SignaturePad.signatureAreaSignWithThe')}
        // Sized to a signature line, not to the card: the drawing scales with the box, so keep the ratio.
        style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, touchAction: 'none', width: 480, maxWidth: '100%', aspectRatio: '4 / 1', height: 'auto', background: 'white' }}
        onPointerDown={(e) => {
          const ctx = context();
          if (!ctx) return;
          drawing.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          ctx.lineWidth = 2;
          ctx.lineCap = 'round';
          ctx.beginPath();
          ctx.moveTo(...point(e));
        }}
        onPointerMove={(e) => {
          const ctx = context();
          if (!drawing.current || !ctx) return;
          ctx.lineTo(...point(e));
          ctx.stroke();
          setEmpty(false);
        }}
        onPointerUp={() => {
          drawing.current = false;
        }}
      />
      <Group gap="xs">
        <Button
          size="compact-sm"
          variant="default"
          onClick={() => {
            const c = canvas.current;
            c?.getContext('2d')?.clearRect(0, 0, c.width, c.height);
            setEmpty(true);
          }}
        >
          {st('plans.SignaturePad.clear')}
        </Button>
        <Button size="compact-sm" disabled={empty} onClick={() => void onSave(canvas.current!.toDataURL('image/png'))}>
          {st('plans.SignaturePad.saveTheClientSSignature')}
        </Button>
      </Group>
    </Stack>
  );
}
