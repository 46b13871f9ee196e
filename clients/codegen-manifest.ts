/**
 * A codegen plugin that writes a client's persisted-operation manifest in Apollo's format from the
 * same documents the client preset types (see `persisted.ts` for why both agree on every id).
 */
import type { PluginFunction } from '@graphql-codegen/plugin-helpers';
import type { DocumentNode } from 'graphql';
import { manifestOf } from './persisted';

export const plugin: PluginFunction = (_schema, documents) =>
  `${JSON.stringify(manifestOf(documents.flatMap((d) => (d.document ? [d.document as DocumentNode] : []))), null, 2)}\n`;
