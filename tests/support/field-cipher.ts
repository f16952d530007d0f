/** A salon's field cipher with a random data key, for unit tests of codecs (no KMS). */
import { randomBytes } from 'node:crypto';
import { FieldCipher } from '../../functions/shared/crypto/fields';

export const testCipher = (tenantId = 't'): FieldCipher =>
  new FieldCipher({ tenantId, current: 1, versions: new Map([[1, randomBytes(32)]]) });
