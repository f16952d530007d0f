/**
 * Metering wiring on the synthesized app: the access logs and the meter lines of every function that
 * measures per-salon work (tenant routes, reminders, message consumers) reach the metering function;
 * usage alerts, which metering's own writes trigger, and public routes do not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { routeList } from '../../functions/routes';
import { resourcesOfType, type SynthesizedApp, synthesize } from './support';

let dev: SynthesizedApp;
beforeAll(() => {
  dev = synthesize({ stage: 'dev' });
}, 240_000);

const METER_PATTERN = '{ $.meter = "work" }';
type Props = { LogGroupName?: unknown; FilterPattern?: string; DestinationArn?: unknown };
const filters = (template: SynthesizedApp['api']) =>
  resourcesOfType(template, 'AWS::Logs::SubscriptionFilter').map(([, r]) => (r.Properties ?? {}) as Props);

describe('metering subscriptions', () => {
  it('one meter-line subscription per tenant route function, none for the other routes', () => {
    const meter = filters(dev.apiAll).filter((f) => f.FilterPattern === METER_PATTERN);
    const jobs = 2; // the reminder function and the reminder sync consumer
    expect(meter).toHaveLength(routeList.filter((r) => r.auth === 'tenant').length + jobs);
    // Each on its own log group.
    expect(new Set(meter.map((f) => JSON.stringify(f.LogGroupName))).size).toBe(meter.length);
    for (const route of routeList) {
      const logGroup = dev.stacks.api.routes.functionFor(route.id).logGroup.node.defaultChild;
      const subscribed = dev.stacks.api.routes.functionFor(route.id).node.tryFindChild('MeterLines') !== undefined;
      expect({ route: route.id, subscribed, logGroup: logGroup !== undefined }).toEqual({
        route: route.id,
        subscribed: route.auth === 'tenant',
        logGroup: true,
      });
    }
  });

  it('the access logs keep their own subscription', () => {
    expect(filters(dev.api).filter((f) => f.FilterPattern === '"/v1/tenants/"')).toHaveLength(1);
  });

  it('message delivery and appointment messages send their meter lines; usage alerts do not', () => {
    const consumers = dev.stacks.notifications.notifications.consumers;
    expect(consumers.deliverMessages.node.tryFindChild('MeterLines')).toBeDefined();
    expect(consumers.appointmentMessages.node.tryFindChild('MeterLines')).toBeDefined();
    expect(consumers.usageAlerts.node.tryFindChild('MeterLines')).toBeUndefined();
    expect(filters(dev.notifications).filter((f) => f.FilterPattern === METER_PATTERN)).toHaveLength(2);
  });
});
