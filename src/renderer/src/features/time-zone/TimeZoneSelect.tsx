import { useMemo } from 'react';
import { Select, type SelectProps } from '@mantine/core';

/** Every IANA zone the browser knows, searchable. */
export function TimeZoneSelect({ value, onChange, ...props }: Omit<SelectProps, 'data' | 'value' | 'onChange'> & { value: string; onChange: (zone: string) => void }) {
  const data = useMemo(() => {
    const zones = Intl.supportedValuesOf('timeZone');
    // The current value stays selectable even when the browser lists it under another name (UTC, Etc/UTC).
    return zones.includes(value) ? zones : [value, ...zones];
  }, [value]);
  return <Select searchable allowDeselect={false} {...props} data={data} value={value} onChange={(zone) => zone && onChange(zone)} />;
}
