import { Alert, Button, Code, Group, Text, TextInput } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { useServices } from '../../app/services';

interface Props {
  practiceName: string;
  code: string;
  confirm: string;
  onConfirmChange: (value: string) => void;
}

/**
 * The recovery code, shown once, to print on paper or write down. Paper only: this screen offers
 * no way to save it as a file, because a PDF of it would sit on the laptop it unlocks.
 */
export function RecoverySheet({ practiceName, code, confirm, onConfirmChange }: Props) {
  const { bridge } = useServices();
  return (
    <>
      <div className="print-area">
        <Text className="print-only" fw={700}>
          Waypoint recovery code — {practiceName}
        </Text>
        <Code block fz="xl" ta="center" role="group" aria-label="Recovery code" data-testid="recovery-code">
          {code}
        </Code>
        <Alert color="orange" mt="xs" role="note" title="Keep this code on paper, away from this laptop">
          Anyone who has this code and this laptop can open every record. Print it or write it down, and keep the paper locked
          away (a safe, or with the practice owner). Do not save it as a PDF, photograph it or keep it in an email, a document or
          a cloud folder.
        </Alert>
      </div>
      <Group>
        <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => void bridge.printOnPaper()}>
          Print on paper
        </Button>
      </Group>
      <TextInput
        label="Type the recovery code to confirm you have it"
        value={confirm}
        onChange={(e) => onConfirmChange(e.currentTarget.value)}
        autoComplete="off"
        spellCheck={false}
        required
      />
    </>
  );
}
