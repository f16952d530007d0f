/**
 * A public write window (`RATE#<ip hash>`, `WINDOW#<window>`, outside any tenant): how many booking
 * writes one address made in one fixed window. Its only write is the count below; it expires with
 * the window after next.
 */
import { publicRateKey } from '../db/keys';
import { TABLE } from '../db/table';

export { publicRateKey };

/** Counts one write; fails its condition once the window holds `max`. */
export function publicWriteCounted(table: string, ipHash: string, window: number, windowSeconds: number, max: number) {
  return {
    TableName: table,
    Key: publicRateKey(ipHash, String(window)),
    UpdateExpression: 'ADD #n :one SET #ttl = :expires, #entity = :entity',
    ConditionExpression: 'attribute_not_exists(#n) OR #n < :max',
    ExpressionAttributeNames: { '#n': 'requests', '#ttl': TABLE.ttlAttribute, '#entity': TABLE.entityAttribute },
    ExpressionAttributeValues: { ':one': 1, ':max': max, ':expires': (window + 2) * windowSeconds, ':entity': 'rateWindow' },
  };
}
