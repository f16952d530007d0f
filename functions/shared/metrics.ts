/**
 * CloudWatch metrics as Embedded Metric Format lines on stdout (Powertools Metrics): no API call, no
 * latency, CloudWatch extracts them from the function's logs. Namespace and service come from the
 * environment (POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME).
 *
 * Dimensions are `service` and, for request metrics, `route`: a bounded set. A salon's id is never a
 * dimension (each distinct value is a billed custom metric); it travels as metadata, which lands in the
 * log line only, where Contributor Insights and Logs Insights rank salons (lib/constructs/monitoring.ts).
 *
 * One Metrics object per container, built lazily (building one costs ~120 µs: it makes its own
 * Console): each record adds and flushes in one synchronous step, so the concurrent requests the local
 * gateway runs in one process never share a buffer. It is rebuilt when the switch it read at
 * construction changes (the tests toggle POWERTOOLS_METRICS_DISABLED per test).
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { type BusinessMetric, METRICS_NAMESPACE, REQUEST_METRICS } from './metric-names';

export { BUSINESS_METRICS, type BusinessMetric, METRICS_NAMESPACE, REQUEST_METRICS } from './metric-names';

/** Exposes Powertools' own reading of POWERTOOLS_METRICS_DISABLED / POWERTOOLS_DEV (protected there). */
class ContainerMetrics extends Metrics {
  get off(): boolean {
    return this.isDisabled();
  }
}

let cached: { key: string | undefined; metrics: ContainerMetrics } | undefined;

/**
 * The switch the Metrics object read at construction. Namespace, service and POWERTOOLS_DEV are set once
 * by CDK (or npm start) and not watched: each process.env read is a native call (about 0.45 µs) per record.
 */
const envKey = () => process.env.POWERTOOLS_METRICS_DISABLED;

/** The container's Metrics, or undefined when metrics are off (then nothing is even buffered). */
function metricsObject(): Metrics | undefined {
  const key = envKey();
  if (cached === undefined || cached.key !== key) {
    cached = {
      key,
      metrics: new ContainerMetrics({
        namespace: process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE,
        serviceName: process.env.POWERTOOLS_SERVICE_NAME || 'rendezvous',
      }),
    };
  }
  return cached.metrics.off ? undefined : cached.metrics;
}

/** Adds and flushes in one synchronous step; a record that fails half-way is dropped, not half-sent. */
function publish(fill: (m: Metrics) => void): void {
  const m = metricsObject();
  if (!m) return;
  try {
    fill(m);
  } catch (error) {
    m.clearMetrics();
    m.clearDimensions();
    m.clearMetadata();
    throw error;
  }
  m.publishStoredMetrics();
}

export interface RequestOutcome {
  route: string;
  status: number;
  latencyMs: number;
  tenantId?: string;
  requestId: string;
}

export function recordRequest({ route, status, latencyMs, tenantId, requestId }: RequestOutcome): void {
  publish((m) => {
    m.addDimension('route', route);
    m.addMetric(REQUEST_METRICS.requests, MetricUnit.Count, 1);
    m.addMetric(REQUEST_METRICS.latency, MetricUnit.Milliseconds, latencyMs);
    // Zeros too: an error rate is Errors/Requests, and an alarm needs data points when all is well.
    m.addMetric(REQUEST_METRICS.clientErrors, MetricUnit.Count, status >= 400 && status < 500 ? 1 : 0);
    m.addMetric(REQUEST_METRICS.serverErrors, MetricUnit.Count, status >= 500 ? 1 : 0);
    m.addMetadata('status', String(status));
    m.addMetadata('requestId', requestId);
    if (tenantId) m.addMetadata('tenantId', tenantId);
  });
}

/** One business event; `details` (the salon's id, which limit...) goes to metadata, never to dimensions. */
export function recordEvent(name: BusinessMetric, details: Record<string, string | undefined> = {}, count = 1): void {
  publish((m) => {
    m.addMetric(name, MetricUnit.Count, count);
    for (const [key, value] of Object.entries(details)) if (value !== undefined) m.addMetadata(key, value);
  });
}
