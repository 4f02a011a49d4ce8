import { Button, Card, Group, Text, Title } from '@mantine/core';
import { IconListSearch } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';

/** Settings → the way to the audit trail, for administrators. */
export function AuditTrailSection() {
  const { vault } = useServices();
  if (vault.currentProfile().role !== 'administrator') return null;
  return (
    <Card withBorder component="section" aria-labelledby="audit-heading" maw={760}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={3} id="audit-heading" mb={4}>
            {st('audit.AuditTrailSection.auditTrail')}
          </Title>
          <Text size="sm" c="dimmed">
            {st('audit.AuditTrailSection.whoUnlockedOpenedChangedSigned')}
          </Text>
        </div>
        <Button component={Link} to="/settings/audit" variant="default" leftSection={<IconListSearch size={16} aria-hidden />}>
          {st('audit.AuditTrailSection.openTheAuditTrail')}
        </Button>
      </Group>
    </Card>
  );
}
