import { describe } from 'vitest';
import { createLogger } from '../lib/logger';
import { MemoryStream } from './memory';
import { streamContract } from './stream.contract';

describe('stream contract on the in-process stream', () => {
  // Quiet: the contract's handlers throw on purpose; memory-stream.test.ts checks what is logged.
  streamContract(() => new MemoryStream({ logger: createLogger('memory-stream', 'silent') }));
});
