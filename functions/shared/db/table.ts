/**
 * The single table's physical shape. CDK (lib/) builds the table from this module and runtime code
 * reads it, so an attribute or index name exists in exactly one place.
 */
export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Epoch seconds; DynamoDB's TTL deletes the item after it. */
  ttlAttribute: 'expiresAt',
  /** Every item says what it is, so exports, audits and migrations never guess. */
  entityAttribute: 'entity',
  indexes: {
    /** Inverted relationships: a user's memberships, lookups by secondary identifiers. */
    gsi1: { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    /** Time-ordered views: appointments by staff member or client, audit by actor. */
    gsi2: { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
    /** A client's appointments by start time (their history and what is coming). */
    gsi3: { name: 'GSI3', partitionKey: 'GSI3PK', sortKey: 'GSI3SK' },
    /**
     * Sparse: a staff member's appointments that hold them (scheduled, confirmed, in progress) by start
     * time, so "anything still to come?" is one Query of one item, however many were cancelled.
     */
    gsi4: { name: 'GSI4', partitionKey: 'GSI4PK', sortKey: 'GSI4SK' },
  },
} as const;

export type IndexName = (typeof TABLE.indexes)[keyof typeof TABLE.indexes]['name'];
