import { Badge, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconClockHour4, IconX } from '@tabler/icons-react';
import { WEEK_STATUSES, type WeekStatus } from '../../../../shared/hours';
import { st } from '../../i18n/staff';
import { sharedText } from '../../i18n/shared';

const LOOK: Record<WeekStatus, { label: string; color: string; Icon: typeof IconCheck }> = {
  met: { label: st('reports.WeekStatusBadge.met'), color: 'teal', Icon: IconCheck },
  'on-track': { label: st('reports.WeekStatusBadge.onTrack'), color: 'blue', Icon: IconClockHour4 },
  'at-risk': { label: st('reports.WeekStatusBadge.atRisk'), color: 'orange', Icon: IconAlertTriangle },
  short: { label: st('reports.WeekStatusBadge.short'), color: 'red', Icon: IconX },
};

/** A week's status in words and an icon, never by colour alone; and how many sessions still lack attendance. */
export function WeekStatusBadge({ status, unrecorded = 0 }: { status: WeekStatus; unrecorded?: number }) {
  const { label, color, Icon } = LOOK[status];
  return (
    <Group gap={6} wrap="nowrap">
      <Badge color={color} variant="light" leftSection={<Icon size={12} aria-hidden />} title={sharedText(WEEK_STATUSES[status])} style={{ flexShrink: 0 }}>
        {label}
      </Badge>
      {unrecorded > 0 && (
        <Text size="xs" c="dimmed">
          {st('reports.WeekStatusBadge.notRecorded', { count: unrecorded })}
        </Text>
      )}
    </Group>
  );
}
