/**
 * CloudWatch metrics as Embedded Metric Format lines on stdout (Powertools Metrics): no API call, no
 * latency, CloudWatch extracts them from the function's logs. Namespace and service come from the
 * environment (POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME).
 *
 * Dimensions are `service` and, for request metrics, `route`: a bounded set. A salon's id is never a
 * dimension (each distinct value is a billed custom metric); it travels as metadata, which lands in the
 * log line only, where Contributor Insights and Logs Insights rank salons (lib/constructs/monitoring.ts).
 *
 * Each request and each business event builds its own small Metrics object and flushes it at once:
 * the local gateway runs concurrent requests in one process, and a shared buffer would mix them.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { type BusinessMetric, METRICS_NAMESPACE, REQUEST_METRICS } from './metric-names';

export { BUSINESS_METRICS, type BusinessMetric, METRICS_NAMESPACE, REQUEST_METRICS } from './metric-names';

const metricsObject = () =>
  new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'rendezvous',
  });

export interface RequestOutcome {
  route: string;
  status: number;
  latencyMs: number;
  tenantId?: string;
  requestId: string;
}

export function recordRequest({ route, status, latencyMs, tenantId, requestId }: RequestOutcome): void {
  const m = metricsObject();
  m.addDimension('route', route);
  m.addMetric(REQUEST_METRICS.requests, MetricUnit.Count, 1);
  m.addMetric(REQUEST_METRICS.latency, MetricUnit.Milliseconds, latencyMs);
  // Zeros too: an error rate is Errors/Requests, and an alarm needs data points when all is well.
  m.addMetric(REQUEST_METRICS.clientErrors, MetricUnit.Count, status >= 400 && status < 500 ? 1 : 0);
  m.addMetric(REQUEST_METRICS.serverErrors, MetricUnit.Count, status >= 500 ? 1 : 0);
  m.addMetadata('status', String(status));
  m.addMetadata('requestId', requestId);
  if (tenantId) m.addMetadata('tenantId', tenantId);
  m.publishStoredMetrics();
}

/** One business event; `details` (the salon's id, which limit...) goes to metadata, never to dimensions. */
export function recordEvent(name: BusinessMetric, details: Record<string, string | undefined> = {}, count = 1): void {
  const m = metricsObject();
  m.addMetric(name, MetricUnit.Count, count);
  for (const [key, value] of Object.entries(details)) if (value !== undefined) m.addMetadata(key, value);
  m.publishStoredMetrics();
}
