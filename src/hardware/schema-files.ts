// The JSON Schema documents behind hw-specs/schemas/*.json, as the text those files must hold.
import { DeviceDescriptor, LinkDescriptor, SystemDescriptor } from './descriptor-schemas.js';

/** File name → JSON text (draft-07 with ajv's discriminator keyword). */
export function schemaFiles(): Record<string, string> {
  const doc = (s: object) =>
    JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...s }, null, 2) + '\n';
  return {
    'device.schema.json': doc(DeviceDescriptor),
    'link.schema.json': doc(LinkDescriptor),
    'system.schema.json': doc(SystemDescriptor),
  };
}
