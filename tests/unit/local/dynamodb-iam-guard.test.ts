import { describe, expect, it } from 'vitest';
import { isAllowed, leadingKeys } from '../../../local/emulators/dynamodb-iam-guard';

const key = (pk: string) => ({ PK: { S: pk }, SK: { S: 'X' } });

describe('local IAM guard: dynamodb:LeadingKeys as the tenant roles state it', () => {
  it.each([
    ['GetItem', { Key: key('TENANT#a') }, ['TENANT#a']],
    ['PutItem', { Item: key('TENANT#a') }, ['TENANT#a']],
    ['BatchGetItem', { RequestItems: { t: { Keys: [key('TENANT#a'), key('TENANT#b')] } } }, ['TENANT#a', 'TENANT#b']],
    [
      'BatchWriteItem',
      { RequestItems: { t: [{ PutRequest: { Item: key('TENANT#a') } }, { DeleteRequest: { Key: key('SLUG#x') } }] } },
      ['TENANT#a', 'SLUG#x'],
    ],
    [
      'TransactWriteItems',
      { TransactItems: [{ Put: { Item: key('TENANT#a') } }, { ConditionCheck: { Key: key('TENANT#b') } }] },
      ['TENANT#a', 'TENANT#b'],
    ],
    [
      'Query',
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :s)',
        ExpressionAttributeValues: { ':pk': { S: 'TENANT#a' }, ':s': { S: 'M' } },
      },
      ['TENANT#a'],
    ],
    [
      'Query',
      {
        IndexName: 'GSI1',
        KeyConditionExpression: '#p = :v',
        ExpressionAttributeNames: { '#p': 'GSI1PK' },
        ExpressionAttributeValues: { ':v': { S: 'USER#u' } },
      },
      ['USER#u'],
    ],
    ['Scan', {}, []],
  ])('%s reads its leading keys', (op, body, expected) => {
    expect(leadingKeys(op, body)).toEqual(expected);
  });

  it('allows only the tenant of the session tag, its prefixed keys, and no keyless or scanning request', () => {
    expect(isAllowed('GetItem', { Key: key('TENANT#a') }, 'a')).toBe(true);
    expect(
      isAllowed(
        'Query',
        {
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :v',
          ExpressionAttributeValues: { ':v': { S: 'TENANT#a#STAFF#1' } },
        },
        'a',
      ),
    ).toBe(true);
    expect(isAllowed('GetItem', { Key: key('TENANT#ab') }, 'a')).toBe(false);
    expect(isAllowed('GetItem', { Key: key('TENANT#b') }, 'a')).toBe(false);
    expect(
      isAllowed(
        'TransactWriteItems',
        { TransactItems: [{ Put: { Item: key('TENANT#a') } }, { Put: { Item: key('TENANT#b') } }] },
        'a',
      ),
    ).toBe(false);
    expect(isAllowed('Scan', {}, 'a')).toBe(false);
    expect(
      isAllowed('Query', { KeyConditionExpression: 'SK = :s', ExpressionAttributeValues: { ':s': { S: 'TENANT#a' } } }, 'a'),
    ).toBe(false);
    expect(isAllowed('DeleteTable', {}, 'a')).toBe(false);
  });
});

describe('local IAM guard: the audit log is append-only, as the tenant write role’s Deny states it', () => {
  const audit = key('TENANT#a#AUDIT');
  it.each([
    ['UpdateItem', { Key: audit }],
    ['DeleteItem', { Key: audit }],
    ['BatchWriteItem', { RequestItems: { t: [{ DeleteRequest: { Key: audit } }] } }],
    ['BatchWriteItem', { RequestItems: { t: [{ PutRequest: { Item: audit } }] } }],
    ['TransactWriteItems', { TransactItems: [{ Put: { Item: key('TENANT#a') } }, { Update: { Key: audit } }] }],
    ['TransactWriteItems', { TransactItems: [{ Delete: { Key: audit } }] }],
  ])('%s of an entry is refused', (op, body) => {
    expect(isAllowed(op, body, 'a')).toBe(false);
  });

  it.each([
    ['PutItem', { Item: audit }],
    ['TransactWriteItems', { TransactItems: [{ Update: { Key: key('TENANT#a') } }, { Put: { Item: audit } }] }],
    ['GetItem', { Key: audit }],
    ['UpdateItem', { Key: key('TENANT#a#AUDITS') }],
  ])('%s appending or reading is allowed', (op, body) => {
    expect(isAllowed(op, body, 'a')).toBe(true);
  });
});
