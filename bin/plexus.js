#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so that a clone needs no build step before `npm start`.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
