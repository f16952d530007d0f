/**
 * A client's subject key (`TENANT#<id>` / `SUBJECTKEY#<clientId>`): the key audit entries about the client
 * seal personal values under (crypto/subject-keys.ts), wrapped under the salon's data key. Created in the
 * client's own create transaction (or on the first audited write of a client from before subject keys),
 * never changed, deleted by the client's erasure: that deletion is what makes those entries unreadable.
 */
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { subjectKeyKey } from '../db/keys';
import { TABLE } from '../db/table';
import { type Step, step } from '../db/transact';
import type { FieldCipher } from '../crypto/fields';
import { SubjectSealer, newSubjectKey, unwrapSubjectKey, wrapSubjectKey } from '../crypto/subject-keys';
import { type Item, str } from './codec';

export { subjectKeyKey };

const E = 'subjectKey';

/** A new subject's key and the step that stores it (refused if the client already has one). */
export function newSubjectKeyStep(
  table: string,
  cipher: FieldCipher,
  tenantId: string,
  clientId: string,
  now: string,
  taken?: () => Error | undefined,
): { sealer: SubjectSealer; step: Step } {
  const key = newSubjectKey();
  return {
    sealer: new SubjectSealer(tenantId, clientId, key),
    step: step(
      'subjectKey',
      {
        Put: {
          TableName: table,
          Item: {
            ...subjectKeyKey(tenantId, clientId),
            [TABLE.entityAttribute]: E,
            clientId,
            wrappedKey: wrapSubjectKey(cipher, clientId, key),
            createdAt: now,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      taken,
    ),
  };
}

/** The sealer of a stored key item. */
export function sealerOf(item: Item, cipher: FieldCipher, tenantId: string): SubjectSealer {
  const clientId = str(item, E, 'clientId');
  return new SubjectSealer(tenantId, clientId, unwrapSubjectKey(cipher, clientId, str(item, E, 'wrappedKey')));
}

/** One consistent Get: the client's key item, or undefined (a client from before subject keys, or erased). */
export async function readSubjectKey(
  db: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  clientId: string,
): Promise<Item | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: subjectKeyKey(tenantId, clientId), ConsistentRead: true }));
  return subjectKeyItem(out.Item);
}

/** The item if it is a subject key (read with other items, as by a BatchGet), else undefined. */
export const subjectKeyItem = (item: Item | undefined): Item | undefined =>
  item?.[TABLE.entityAttribute] === E ? item : undefined;

/** The key destroyed (crypto-shredding); deleting an absent key is no failure, so a resumed erasure repeats it. */
export const subjectKeyDelete = (table: string, tenantId: string, clientId: string): Step =>
  step('subjectKey', { Delete: { TableName: table, Key: subjectKeyKey(tenantId, clientId) } });
