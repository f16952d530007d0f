/**
 * One structured JSON logger per process. Level and service come from the environment
 * (POWERTOOLS_LOG_LEVEL, POWERTOOLS_SERVICE_NAME), never from code.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rendezvous' });
