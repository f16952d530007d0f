import '../../../support/dynamodb-mock';
import { describe, expect, it } from 'vitest';
import { CorruptItemError } from '../../../../functions/shared/entities/codec';
import {
  apiCallsAdded,
  counterIncrement,
  METERED_COUNTERS,
  meteredCounts,
  newUsagePut,
  noMeteredCounts,
  smsSentAdded,
  usageCount,
} from '../../../../functions/shared/entities/usage';

describe('usage-counter entity', () => {
  it('reads a counter, absent (no item, or not counted yet) as the given default', () => {
    expect(usageCount({ appointments: 4 }, 'appointments')).toBe(4);
    expect(usageCount(undefined, 'appointments')).toBe(0);
    expect(usageCount({}, 'appointments', 10)).toBe(10);
  });

  it('refuses a counter that is not a number instead of reading NaN', () => {
    expect(() => usageCount({ clients: '3' }, 'clients')).toThrow(CorruptItemError);
    expect(() => usageCount({ clients: Number.NaN }, 'clients')).toThrow('clients');
  });

  it('bounds an increase by the limit, never a decrease or an unlimited plan', () => {
    const key = { PK: 'TENANT#t', SK: 'USAGE' };
    expect(counterIncrement(key, 'maxClients', 10, 1).Update).toMatchObject({
      ConditionExpression: 'attribute_not_exists(#c) OR #c <= :max',
      ExpressionAttributeNames: { '#c': 'clients' },
      ExpressionAttributeValues: { ':amount': 1, ':max': 9 },
    });
    expect(counterIncrement(key, 'maxClients', 10, -1).Update).not.toHaveProperty('ConditionExpression');
    expect(counterIncrement(key, 'maxUsers', -1, 1).Update).not.toHaveProperty('ConditionExpression');
  });

  it('writes a new salon’s totals, a month’s API calls and an SMS within budget', () => {
    expect(newUsagePut('T', 't').Put?.Item).toMatchObject({ PK: 'TENANT#t', SK: 'USAGE', users: 1, clients: 0, storageBytes: 0 });
    const measured = {
      readUnits: 7.5,
      writeUnits: 4,
      jobReadUnits: 2,
      jobWriteUnits: 3.5,
      measuredCalls: 3,
      unmeasuredDbCalls: 1,
      jobRuns: 2,
      jobMbMs: 51_200,
    };
    const added = apiCallsAdded('T', 't', '2031-01', {
      apiCalls: 5,
      writeCalls: 2,
      kmsCalls: 0,
      integrationMs: 300,
      ...measured,
      readUnits: 7.0004,
    });
    expect(added).toMatchObject({
      Key: { PK: 'TENANT#t', SK: 'USAGE#2031-01' },
      UpdateExpression:
        'ADD apiCalls :apiCalls, writeCalls :writeCalls, kmsCalls :kmsCalls, integrationMs :integrationMs, readUnits :readUnits, writeUnits :writeUnits, jobReadUnits :jobReadUnits, jobWriteUnits :jobWriteUnits, measuredCalls :measuredCalls, unmeasuredDbCalls :unmeasuredDbCalls, jobRuns :jobRuns, jobMbMs :jobMbMs SET #entity = :entity',
    });
    expect(added.ExpressionAttributeValues).toEqual({
      ':apiCalls': 5,
      ':writeCalls': 2,
      ':kmsCalls': 0,
      ':integrationMs': 300,
      ':readUnits': 7,
      ':writeUnits': 4,
      ':jobReadUnits': 2,
      ':jobWriteUnits': 3.5,
      ':measuredCalls': 3,
      ':unmeasuredDbCalls': 1,
      ':jobRuns': 2,
      ':jobMbMs': 51_200,
      ':entity': 'usage',
    });
    // What was added reads back as the same counters (the cost estimate's input).
    expect(meteredCounts({ apiCalls: 5, readUnits: 7 })).toEqual({ ...noMeteredCounts(), apiCalls: 5, readUnits: 7 });
    expect(Object.keys(noMeteredCounts())).toEqual([...METERED_COUNTERS]);
    expect(smsSentAdded('T', 't', '2031-01', 50).Update).toMatchObject({
      ConditionExpression: 'attribute_not_exists(sent) OR sent < :budget',
      ExpressionAttributeValues: { ':budget': 50 },
    });
  });
});
