import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// happy-dom has `navigator.locks === null`: broadcast-channel takes that for the Web Locks API and
// throws inside RxDB's leader election, so a schema migration waits forever. Without it, the
// election runs over BroadcastChannel messages, as in a browser with no Web Locks.
Object.defineProperty(globalThis.navigator, 'locks', { value: undefined, configurable: true });

afterEach(() => cleanup());
