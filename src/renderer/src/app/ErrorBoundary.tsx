import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ErrorScreen } from './ErrorScreen';

interface Props {
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/** Shows what failed and a way out instead of a white screen. Records stay saved: they never live only in the UI. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The message and stack only: props and state may hold patient data.
    console.error('[waypoint:ui] render failed:', error.name, error.message, info.componentStack ?? '');
  }

  override render(): ReactNode {
    if (this.state.error !== null) {
      return <ErrorScreen error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}
