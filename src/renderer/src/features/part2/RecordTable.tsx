import type { ReactNode } from 'react';
import { Table, Text, type TableProps } from '@mantine/core';

export interface Column<T> {
  header: ReactNode;
  /** The header's tooltip (a short header's full name). */
  title?: string;
  cell: (row: T) => ReactNode;
  /** A cell's tooltip, e.g. a rating's notes. */
  cellTitle?: (row: T) => string | undefined;
}

/**
 * The substance-use history tables on the chart (ASAM assessments, drug screens, their trend): one
 * row per record, column headers with scope, and a plain line when there is nothing yet.
 */
export function RecordTable<T>({ label, columns, rows, rowKey, empty, ...table }: { label: string; columns: readonly Column<T>[]; rows: readonly T[]; rowKey: (row: T) => string; empty?: string } & Pick<TableProps, 'mt' | 'verticalSpacing'>) {
  if (rows.length === 0)
    return empty === undefined ? null : (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  return (
    <Table aria-label={label} verticalSpacing={2} {...table}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((c, i) => (
            <Table.Th key={i} scope="col" title={c.title}>
              {c.header}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={rowKey(row)}>
            {columns.map((c, i) => (
              <Table.Td key={i} title={c.cellTitle?.(row)}>
                {c.cell(row)}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
