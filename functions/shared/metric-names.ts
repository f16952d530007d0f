/** Metric names and namespace, shared by the functions (metrics.ts) and the alarms and dashboard (lib/). */
export const METRICS_NAMESPACE = 'Rendezvous';

/** Per route (dimensions service, route); emitted by middleware/observability.ts for every request. */
export const REQUEST_METRICS = {
  requests: 'Requests',
  latency: 'Latency',
  clientErrors: 'Errors4xx',
  serverErrors: 'Errors5xx',
} as const;

/** Business events (dimension service only), emitted where they happen. */
export const BUSINESS_METRICS = {
  appointmentBooked: 'AppointmentsBooked',
  appointmentCancelled: 'AppointmentsCancelled',
  appointmentNoShow: 'AppointmentsNoShow',
  onlineBooking: 'OnlineBookings',
  webhookEventApplied: 'WebhookEventsApplied',
  planLimitRefusal: 'PlanLimitRefusals',
  rateLimitRefusal: 'RateLimitRefusals',
  messageSent: 'MessagesSent',
  /** A reminder delivered (its message marked sent, once): also counted in MessagesSent. */
  reminderSent: 'RemindersSent',
  /** A message that failed too often or for good: alarmed on (lib/constructs/monitoring.ts). */
  messageParked: 'MessagesParked',
  messageSuppressed: 'MessagesSuppressed',
  /** A client's SMS that failed for good and went by email instead (not parked, not alarmed). */
  messageFellBack: 'MessagesFellBackToEmail',
} as const;

export type BusinessMetric = (typeof BUSINESS_METRICS)[keyof typeof BUSINESS_METRICS];
