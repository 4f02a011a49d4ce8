import 'fake-indexeddb/auto';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

// happy-dom sets navigator.locks to null, where a browser has the Web Locks API or no property at
// all. broadcast-channel (the leader election of RxDB's schema migration) takes null for the API and
// throws, and the migration then never ends; without the property it elects over BroadcastChannel.
if ((navigator as { locks?: unknown }).locks === null) Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true });

afterEach(() => cleanup());
import '../../src/renderer/src/i18n/i18n';
