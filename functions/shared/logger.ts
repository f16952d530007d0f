/**
 * One structured JSON logger per process. Level and service come from the environment
 * (POWERTOOLS_LOG_LEVEL, POWERTOOLS_SERVICE_NAME), never from code.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, LogItemExtraInput, LogItemMessage, LogLevel } from '@aws-lambda-powertools/logger/types';

/**
 * Powertools' `appendKeys`/`resetKeys` read the environment several times per call (its
 * invocation-scoped stores look for AWS_LAMBDA_MAX_CONCURRENCY on every access): about 4 µs per
 * request at the edge. The request's keys are instead held in one field, set and cleared for the cost
 * of an assignment, and merged only into the lines actually written, with the precedence temporary keys
 * had (under the line's own attributes and its extra inputs).
 */
class RequestLogger extends Logger {
  #requestKeys: Readonly<LogAttributes> | undefined;
  #level: number | undefined;

  /**
   * Whether a line at this threshold would be written. Powertools reads the environment twice per call
   * before it compares levels (≈1 µs at SILENT), so the edge asks here first. The level is read once and
   * again after `setLogLevel`; nothing else here changes it (no sampling, no log buffer).
   */
  writes(threshold: number): boolean {
    this.#level ??= this.level;
    return threshold >= this.#level;
  }

  override setLogLevel(logLevel: LogLevel): void {
    super.setLogLevel(logLevel);
    this.#level = undefined;
  }

  /** Keys every line carries until `clearRequestKeys` (the edge sets the request id and tenant). */
  setRequestKeys(keys: Readonly<LogAttributes>): void {
    this.#requestKeys = keys;
  }

  clearRequestKeys(): void {
    this.#requestKeys = undefined;
  }

  protected override createAndPopulateLogItem(logLevel: number, input: LogItemMessage, extraInput: LogItemExtraInput) {
    const keys = this.#requestKeys;
    if (keys === undefined) return super.createAndPopulateLogItem(logLevel, input, extraInput);
    const withKeys = typeof input === 'string' ? { ...keys, message: input } : { ...keys, ...input };
    return super.createAndPopulateLogItem(logLevel, withKeys, extraInput);
  }
}

export const logger = new RequestLogger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rendezvous' });
