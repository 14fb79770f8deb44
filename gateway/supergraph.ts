import { readFileSync } from 'node:fs';
import { supergraphPath } from './compose';

/** The checked-in supergraph: the gateway's only source of schema (no introspection at start). */
export function loadSupergraphSdl(path = supergraphPath): string {
  return readFileSync(path, 'utf8');
}
