import { Alert, Button, Code, Group, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPrinter } from '@tabler/icons-react';
import { z } from 'zod';
import { normaliseRecoveryCode } from '../../../../shared/crypto';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';

interface Props {
  practiceName: string;
  code: string;
  /** The confirmation field's props from the form (`getInputProps`), validated by `confirmsCode`. */
  confirmProps: ReturnType<UseFormReturnType<{ confirm: string }>['getInputProps']>;
}

/** The schema of the typed confirmation: the same code as `code`, however it was spaced or cased. */
export const confirmsCode = (code: string) =>
  z.string().refine((typed) => normaliseRecoveryCode(typed) !== null && normaliseRecoveryCode(typed) === normaliseRecoveryCode(code), st('vault.RecoverySheet.doesNotMatch'));

/**
 * The recovery code, shown once, to print on paper or write down. Paper only: this screen offers
 * no way to save it as a file, because a PDF of it would sit on the laptop it unlocks.
 */
export function RecoverySheet({ practiceName, code, confirmProps }: Props) {
  const { bridge } = useServices();
  return (
    <>
      <div className="print-area">
        <Text className="print-only" fw={700}>
          {st('vault.RecoverySheet.title', { practiceName })}
        </Text>
        <Code block fz="xl" ta="center" role="group" aria-label={st('vault.RecoverySheet.recoveryCode')} data-testid="recovery-code">
          {code}
        </Code>
        <Alert color="orange" mt="xs" role="note" title={st('vault.RecoverySheet.keepOnPaper')}>
          {st('vault.RecoverySheet.keepOnPaperExplained')}
        </Alert>
      </div>
      <Group>
        <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => void bridge.printOnPaper()}>
          {st('vault.RecoverySheet.printOnPaper')}
        </Button>
      </Group>
      <TextInput label={st('vault.RecoverySheet.typeTheCode')} autoComplete="off" spellCheck={false} required {...confirmProps} />
    </>
  );
}
