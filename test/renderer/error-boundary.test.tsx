import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from '../../src/renderer/src/app/ErrorBoundary';

let shouldThrow = true;

function Fragile() {
  if (shouldThrow) throw new Error('Synthetic render failure');
  return <p>Recovered screen</p>;
}

describe('ErrorBoundary', () => {
  it('shows what failed and a way out instead of a white screen, and can recover', () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <MantineProvider>
        <ErrorBoundary>
          <Fragile />
        </ErrorBoundary>
      </MantineProvider>,
    );
    expect(screen.getByRole('heading', { name: 'Something went wrong on this screen' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('Synthetic render failure');
    expect(screen.getByText('Synthetic render failure')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reload Waypoint' })).toBeTruthy();

    shouldThrow = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('Recovered screen')).toBeTruthy();
    consoleError.mockRestore();
  });
});
